"""Cells from knowledge-base parts: designs (:mod:`.stack_design`), stack energy
(:mod:`.stack`), ohmic rate and temperature limits (:mod:`.limits`) and PyBaMM simulation
(:mod:`.simulate`, optional extra ``cell``).

Importing this package does not import PyBaMM.
"""

from hydrion.lazy import lazy_exports

# public name -> submodule that defines it (imported on first use)
_EXPORTS = {
    "ElectrodeFormulation": "stack_metrics",
    "StackDesign": "stack_design",
    "StackResult": "stack",
    "active_fraction_study": "studies",
    "design_stack": "stack",
    "resolve": "stack",
    "separator_study": "studies",
    "stack_metrics": "stack_metrics",
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
