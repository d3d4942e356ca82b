"""Data of the review's Fig. 10: gravimetric vs volumetric theoretical capacity of hydrides.

Computed for every electrode of the knowledge base that has a formula plus any formulas
the user adds; phases without a bundled density are listed as skipped, not guessed. Each
point carries the thermodynamic verdict on its conversion (:func:`conversion_status`): a
hydride whose conversion is uphill against the ion metal (E ≤ 0 V, e.g. CaH2 with Li) has a
formal capacity it cannot deliver, and the figure flags it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pymatgen.core import Composition

from hydrion.chem.densities import density_g_per_cm3, no_density, user_density_hint
from hydrion.chem.formula import molar_mass_g_per_mol
from hydrion.chem.thermo import CONVENTIONS
from hydrion.constants import ion_charge
from hydrion.electrode.capacity import capacity_mAh_per_g
from hydrion.electrode.conversion import formula_text, overall_conversion
from hydrion.errors import MissingDataError
from hydrion.result_checks import at_least_zero
from hydrion.results import Result

# The review's Fig. 10 is reproduced from this entry of its reference list (Brutti et al.).
FIG10_REF = 121

# Binary hydrides outside the review's tables that have a bundled density; they widen the
# plane the way the review's Fig. 10 (from ref. 121) sets binary and complex hydrides apart.
OTHER_BINARY_HYDRIDES: tuple[str, ...] = ("CaH2", "KH", "ZrH2", "LaH3")

# Where a point comes from, as the figure's legend names it, in the legend's order.
KNOWLEDGE_BASE = "knowledge base"
USER_DATABASE = "user database"
OTHER_BINARY = "other binary hydride"
ADDED = "added on the command line"
ORIGINS: tuple[str, ...] = (KNOWLEDGE_BASE, USER_DATABASE, OTHER_BINARY, ADDED)


@dataclass(frozen=True)
class CapacityPoint(Result):
    """One hydride on the Fig. 10 plane (conversion only, per pristine mass and volume)."""

    label: str
    formula: str
    capacity_mAh_per_g: float
    volumetric_capacity_mAh_per_cm3: float
    origin: str  # one of ORIGINS, or any other text a caller gives
    status: str = "voltage unknown"  # see conversion_status
    lowest_voltage_V: float | None = None
    convention: str | None = None

    checks = (
        at_least_zero("capacity_mAh_per_g"),
        at_least_zero("volumetric_capacity_mAh_per_cm3", missing=True),
    )

    @property
    def flagged(self) -> bool:
        """True when part or all of the conversion lies at or below 0 V."""
        return self.status in (NO_CONVERSION, PARTIAL_CONVERSION)


@dataclass(frozen=True)
class Fig10Result(Result):
    """The review's Fig. 10 as drawn: the figure file, its points, and the phases skipped."""

    figure: str
    """Path of the figure file written."""
    ion: str
    """Working ion of the conversions (Li, Na or Mg)."""
    points: tuple[CapacityPoint, ...]
    skipped: tuple[str, ...] = ()
    """One message per electrode left out (no density or no conversion), naming it."""


NO_CONVERSION = "no conversion above 0 V"
PARTIAL_CONVERSION = "conversion stops above 0 V"
FULL_CONVERSION = "converts above 0 V"


def conversion_status(formula: str, ion: str = "Li") -> tuple[str, float | None, str | None]:
    """(status, lowest step voltage in V, convention) of the full conversion of ``formula``.

    Tries the gibbs298 convention, then enthalpy where entropies are missing; the status is
    "voltage unknown" (None, None) when neither gives every step a voltage.
    """
    from hydrion.electrode.analysis import analyse_electrode

    for convention in CONVENTIONS:
        result = analyse_electrode(formula, ion=ion, convention=convention)
        if result.uphill_step is not None:
            status = NO_CONVERSION if not result.steps else PARTIAL_CONVERSION
            return status, result.uphill_step.voltage_V, convention
        steps = [s for s in result.steps if s.kind == "conversion"]
        voltages = [s.voltage_V for s in steps if s.voltage_V is not None]
        if steps and len(voltages) == len(steps):
            return FULL_CONVERSION, min(voltages), convention
    return "voltage unknown", None, None


def capacity_points(
    formulas: Iterable[tuple[str, str | Composition, str]],
    ion: str = "Li",
    densities: Mapping[str, float] | None = None,
) -> tuple[list[CapacityPoint], list[str]]:
    """Points for (label, formula, origin) triples, and the messages of those skipped.

    A formula may be text or a pymatgen Composition. The density of each phase is taken from
    ``densities`` (g/cm³ by formula, e.g. :func:`record_densities`), else from the bundled
    density table; a phase with neither is skipped, its message saying so (no density is
    guessed).
    """
    points, skipped = [], []
    seen = set()
    for label, given, origin in formulas:
        formula = formula_text(given)
        if formula in seen:
            continue
        seen.add(formula)
        try:
            ions = overall_conversion(formula, ion).ions
            electrons = ions * ion_charge(ion, working=True)
            gravimetric = capacity_mAh_per_g(electrons, molar_mass_g_per_mol(formula))
        except MissingDataError as exc:
            skipped.append(f"{label}: {exc}")
            continue
        density = (densities or {}).get(formula)
        if density is None:
            try:
                density = density_g_per_cm3(formula).density_g_per_cm3
            except MissingDataError:
                skipped.append(f"{label}: {missing_density(formula)}")
                continue
        status, voltage, convention = conversion_status(formula, ion)
        points.append(
            CapacityPoint(
                label,
                formula,
                float(gravimetric),
                float(gravimetric * density),
                origin,
                status,
                voltage,
                convention,
            )
        )
    return points, skipped


def missing_density(formula: str) -> str:
    """What is missing when ``formula`` has no density, and how a user supplies one."""
    return (
        f"{no_density(formula)}, so no volumetric capacity; "
        f"{user_density_hint(formula, 'electrode')}"
    )


def record_densities(kb) -> dict[str, float]:
    """Density (g/cm³) by formula of every electrode record that carries its own (a user's
    measurement, :attr:`hydrion.kb.records.Material.densities`; the first where several)."""
    return {
        formula_text(m.formula): m.densities[0].density_g_per_cm3
        for m in kb.materials(kind="electrode")
        if m.formula is not None and m.densities
    }


def knowledge_base_electrodes(kb) -> list[tuple[str, str, str]]:
    """(name, formula, origin) of every KB electrode with a formula; the origin is
    :data:`KNOWLEDGE_BASE` for a curated record, :data:`USER_DATABASE` for the user's own."""
    return [
        (m.name, m.formula, USER_DATABASE if kb.origin(m.id) == "user" else KNOWLEDGE_BASE)
        for m in kb.materials(kind="electrode")
        if m.formula is not None
    ]


def other_binary_hydrides() -> list[tuple[str, str, str]]:
    """(formula, formula, :data:`OTHER_BINARY`) for the extra points of Fig. 10."""
    return [(formula, formula, OTHER_BINARY) for formula in OTHER_BINARY_HYDRIDES]


def added_hydrides(formulas: Iterable[str]) -> list[tuple[str, str, str]]:
    """(formula, formula, :data:`ADDED`) for formulas given on the command line (``--add``)."""
    return [(formula, formula, ADDED) for formula in formulas]
