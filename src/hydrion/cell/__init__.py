"""Cells from knowledge-base parts: stack energy (:mod:`.stack`), ohmic rate and temperature
limits (:mod:`.limits`) and PyBaMM simulation (:mod:`.simulate`, optional extra ``cell``).

Importing this package does not import PyBaMM.
"""

from hydrion.cell.stack import (
    Composite,
    StackDesign,
    StackResult,
    active_fraction_study,
    design_stack,
    resolve,
    separator_study,
    stack_metrics,
)

__all__ = [
    "Composite",
    "StackDesign",
    "StackResult",
    "active_fraction_study",
    "design_stack",
    "resolve",
    "separator_study",
    "stack_metrics",
]
