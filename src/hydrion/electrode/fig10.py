"""Data of the review's Fig. 10: gravimetric vs volumetric theoretical capacity of hydrides.

Computed for every electrode of the knowledge base that has a formula plus any formulas
the user adds; phases without a bundled density are listed as skipped, not guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hydrion.chem.formula import molar_mass_g_per_mol
from hydrion.electrode.capacity import capacity_mAh_per_g, ion_charge
from hydrion.electrode.conversion import overall_conversion
from hydrion.electrode.volume import density_g_per_cm3
from hydrion.errors import MissingDataError

# The review's Fig. 10 is reproduced from this entry of its reference list (Brutti et al.).
FIG10_REF = 121

# Binary hydrides outside the review's tables that have a bundled density; they widen the
# plane the way the review's Fig. 10 (from ref. 121) sets binary and complex hydrides apart.
OTHER_BINARY_HYDRIDES: tuple[str, ...] = ("CaH2", "KH", "ZrH2", "LaH3")


@dataclass(frozen=True)
class CapacityPoint:
    """One hydride on the Fig. 10 plane (conversion only, per pristine mass and volume)."""

    label: str
    formula: str
    capacity_mAh_per_g: float
    volumetric_capacity_mAh_per_cm3: float
    origin: str  # "knowledge base", "other binary hydride" or "user"


def capacity_points(
    formulas: Iterable[tuple[str, str, str]], ion: str = "Li"
) -> tuple[list[CapacityPoint], list[str]]:
    """Points for (label, formula, origin) triples, and the messages of those skipped."""
    points, skipped = [], []
    seen = set()
    for label, formula, origin in formulas:
        if formula in seen:
            continue
        seen.add(formula)
        try:
            ions = overall_conversion(formula, ion).ions
            gravimetric = capacity_mAh_per_g(ions * ion_charge(ion), molar_mass_g_per_mol(formula))
            density = density_g_per_cm3(formula).density_g_per_cm3
        except MissingDataError as exc:
            skipped.append(f"{label}: {exc}")
            continue
        points.append(CapacityPoint(label, formula, gravimetric, gravimetric * density, origin))
    return points, skipped


def knowledge_base_electrodes(kb) -> list[tuple[str, str, str]]:
    """(name, formula, 'knowledge base') of every KB electrode with a formula."""
    return [
        (m.name, m.formula, "knowledge base")
        for m in kb.materials(kind="electrode")
        if m.formula is not None
    ]


def other_binary_hydrides() -> list[tuple[str, str, str]]:
    """(formula, formula, 'other binary hydride') for the extra points of Fig. 10."""
    return [(formula, formula, "other binary hydride") for formula in OTHER_BINARY_HYDRIDES]
