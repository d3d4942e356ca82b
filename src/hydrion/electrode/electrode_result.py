"""The result classes of :func:`hydrion.electrode.analysis.analyse_electrode`.

One job: declare what an electrode analysis returns (``Step``, ``VolumePoint``,
``ElectrodeResult``) and the checks each holds; the computation is in ``analysis.py``.
Result files written before the split name ``hydrion.electrode.analysis`` (``former_modules``).
"""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.electrode.observed import PathComparison
from hydrion.electrode.profile import Profile
from hydrion.result_checks import at_least_zero
from hydrion.results import Result


@dataclass(frozen=True)
class Step(Result):
    """One step of the pathway, per formula unit of pristine electrode."""

    former_modules = ("hydrion.electrode.analysis",)  # before the split: files keep it

    reaction: str
    kind: str
    ions_transferred: float
    capacity_mAh_per_g: float
    voltage_V: float | None
    sources: tuple[str, ...] = ()
    # gibbs298: phases whose S° is estimated (their ΔrG, and so E, rests on the estimate);
    # entropy_cancels when ΔrS = 0 by construction, so E equals the enthalpy value
    estimated_entropy: tuple[str, ...] = ()
    entropy_cancels: bool = False
    # not a step of the reaction sequence observed for this electrode (see observed_path)
    differs_from_observed: bool = False

    checks = (at_least_zero("capacity_mAh_per_g"),)


@dataclass(frozen=True)
class VolumePoint(Result):
    """Volume of the electrode after ``ions_per_formula`` ions, relative to the pristine one."""

    former_modules = ("hydrion.electrode.analysis",)  # before the split: files keep it

    ions_per_formula: float
    volume_change_percent: float
    after: str  # "pristine", "conversion" or "alloying" (the step just completed)
    zen_law: bool  # True if an alloy's molar volume came from Zen's law


@dataclass(frozen=True)
class ElectrodeResult(Result):
    """Everything computed for one electrode; numbers carry their units in their names.

    ``capacity_mAh_per_g`` counts the conversion steps that run above 0 V vs the ion metal
    (or whose voltage is unknown); ``formal_capacity_mAh_per_g`` is the full conversion
    from the formula alone. ``uphill_step`` is the first step with E ≤ 0, which ends the
    path (None when every step runs). ``volume_path`` follows the volume through the
    conversion steps that run and then the alloying steps (whether or not ``alloying``
    counts their capacity).
    """

    former_modules = ("hydrion.electrode.analysis",)  # before the split: files keep it

    formula: str
    ion: str
    convention: str
    temperature_K: float
    overall_reaction: str
    steps: tuple[Step, ...]
    capacity_mAh_per_g: float
    volumetric_capacity_mAh_per_cm3: float | None
    hydrogen_wt_percent: float
    average_voltage_V: float | None
    volume_change_percent: float | None
    volume_change_with_alloying_percent: float | None
    profile: Profile | None
    thermo_sources: tuple[str, ...] = ()
    density_source: str | None = None
    missing_data: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    alloying: bool = False
    capacity_with_alloying_mAh_per_g: float | None = None
    formal_capacity_mAh_per_g: float | None = None
    uphill_step: Step | None = None
    volume_path: tuple[VolumePoint, ...] = ()
    energy_basis_notes: tuple[str, ...] = ()  # how derived ΔfH values were read
    # why the sign of a near-0 V uphill step is not decided by the data (None otherwise)
    uphill_uncertain: str | None = None
    # the computed conversion path beside the observed sequence, where one is on record
    observed_path: PathComparison | None = None
    # products of overall_reaction (the computed end state) that cannot be one (a gas)
    implausible_products: tuple[str, ...] = ()

    checks = (
        at_least_zero(
            "capacity_mAh_per_g",
            "volumetric_capacity_mAh_per_cm3",
            "hydrogen_wt_percent",
            "capacity_with_alloying_mAh_per_g",
            "formal_capacity_mAh_per_g",
        ),
    )
