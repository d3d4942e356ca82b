"""How a resolved stack's Wh/kg and Wh/L change with one design variable: separator thickness
and the positive's active fraction (vectorised through
:func:`hydrion.cell.stack_metrics.stack_metrics`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hydrion.cell.parts import defaults
from hydrion.cell.stack import ResolvedStack, is_half_cell
from hydrion.cell.stack_metrics import UM_PER_CM, stack_metrics
from hydrion.errors import InputError
from hydrion.results import FloatArray, Result
from hydrion.units import as_magnitude


@dataclass(frozen=True)
class Sensitivity(Result):
    """Stack Wh/kg and Wh/L against one design variable."""

    variable: str
    unit: str
    values: FloatArray
    Wh_per_kg: FloatArray
    Wh_per_L: FloatArray

    same_length = ("values", "Wh_per_kg", "Wh_per_L")


def refuse_half_cell(resolved: ResolvedStack) -> None:
    if is_half_cell(resolved):
        raise InputError(
            f"{resolved.positive.id} against {resolved.negative.id} is a half cell: it has no "
            "stack energy to study"
        )


def separator_study(resolved: ResolvedStack, thicknesses_um=None) -> Sensitivity:
    """Stack energy against separator (electrolyte layer) thickness.

    Parameters
    ----------
    resolved : ResolvedStack
        A full cell from :func:`resolve`.
    thicknesses_um : array_like, optional
        Thicknesses (µm); default from a 500 µm pellet to a 30 µm film.

    Returns
    -------
    Sensitivity
        Wh/kg and Wh/L of the stack at each thickness, shape (n,).

    Raises
    ------
    InputError
        A half cell (a hydride electrode against the metal has no stack energy) or a
        non-positive thickness.
    """
    refuse_half_cell(resolved)
    values = np.atleast_1d(
        as_magnitude(
            thicknesses_um if thicknesses_um is not None else defaults()["separator_study_um"],
            "um",
            "thicknesses_um",
        )
    )
    if not np.all(values > 0):
        raise InputError("separator thicknesses must be positive")
    inputs = {**resolved.inputs(), "separator_thickness_cm": values / UM_PER_CM}
    m = stack_metrics(**inputs)
    return Sensitivity(
        "separator thickness", "um", values, m["stack_Wh_per_kg"], m["stack_Wh_per_L"]
    )


def active_fraction_study(resolved: ResolvedStack, fractions=None) -> Sensitivity:
    """Stack energy against the positive active weight fraction.

    Carbon stays fixed and the electrolyte takes the rest, at the design's active loading (so
    the areal capacity stays fixed).

    Parameters
    ----------
    resolved : ResolvedStack
        A full cell from :func:`resolve`.
    fractions : array_like, optional
        Active weight fractions, in (0, 1 − carbon fraction].

    Returns
    -------
    Sensitivity
        Wh/kg and Wh/L of the stack at each fraction, shape (n,).

    Raises
    ------
    InputError
        A half cell, or fractions outside (0, 1 − carbon fraction].
    """
    refuse_half_cell(resolved)
    inputs = resolved.inputs()
    carbon = inputs["w_pos_carbon"]
    if fractions is None:  # the default range, up to what the carbon share leaves
        fractions = [f for f in defaults()["active_fraction_study"] if f + carbon <= 1]
    values = np.asarray(fractions, float)
    if not np.all((values > 0) & (values + carbon <= 1)):
        raise InputError("active fractions must lie in (0, 1 - carbon fraction]")
    varied = {**inputs, "w_pos_active": values, "w_pos_electrolyte": 1.0 - carbon - values}
    m = stack_metrics(**varied)
    return Sensitivity(
        "positive active weight fraction", "", values, m["stack_Wh_per_kg"], m["stack_Wh_per_L"]
    )
