"""The computed pathway against the reaction sequence observed for an electrode.

Where the review reports the observed sequence (``electrode/data/observed_pathways.yaml``,
e.g. NaAlH4: Reactions (8) and (9), backed by XRD [133]) and the lowest-energy pathway
differs, the difference is measured as the largest gap between the two G(x) curves, G the
free energy of electrode + x ions (kJ per formula unit of pristine electrode, x the ions
taken up): both are piecewise linear with slope −z·F·E, so the gap is read at their kinks.
A gap smaller than the assumed uncertainty of ΔrG (:data:`UNCERTAIN_E_V` per electron) means
the data cannot tell the two paths apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from hydrion.bundled_yaml import bundled_yaml
from hydrion.chem.formula import parse_formula
from hydrion.constants import KJ_PER_MOL_PER_EV, ion_charge
from hydrion.electrode.conversion import RawStep, explicit_path
from hydrion.electrode.voltage import UNCERTAIN_E_V, EnergyModel, step_voltage_V
from hydrion.errors import MissingDataError
from hydrion.results import Result
from hydrion.sources import Source


class ObservedStep(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str  # 'Reaction (8)'
    reaction: str


class ObservedPathway(BaseModel):
    """A reported sequence of conversion steps of one electrode with one ion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    electrode: str
    ion: str
    steps: tuple[ObservedStep, ...]
    source: Source


@lru_cache(maxsize=1)
def observed_pathways() -> tuple[ObservedPathway, ...]:
    """The bundled observed sequences (``electrode/data/observed_pathways.yaml``)."""
    items = bundled_yaml("hydrion.electrode.data", "observed_pathways.yaml")
    return tuple(ObservedPathway.model_validate(item) for item in items)


@dataclass(frozen=True)
class ObservedGap(Result):
    """One observed step beside the computed path over the same range of x.

    ``gap_kJ`` is the largest [G_obs(x) − G_obs(x_a)] − [G_comp(x) − G_comp(x_a)] over the
    step's range x_a..x_b (kJ per formula unit of pristine electrode), at ``gap_at_ions``
    ions per formula unit: how much lower the computed path runs from the same start. 0 (and
    ``agrees``) where the computed path takes the observed step itself.
    """

    label: str
    reaction: str
    agrees: bool
    gap_kJ: float | None = None
    gap_at_ions: float | None = None
    within_uncertainty: bool | None = None

    def describe(self, formula: str, ion: str) -> str:
        if self.agrees:
            return f"{self.label} ({self.reaction}) is a computed step"
        text = f"computed path differs from the observed {self.label} ({self.reaction})"
        if self.gap_kJ is None or self.gap_at_ions is None:
            return text + ": no energy for it, no margin"
        verdict = (
            f"within the assumed uncertainty of ΔrG ({UNCERTAIN_E_V} V, i.e. "
            f"{UNCERTAIN_E_V * KJ_PER_MOL_PER_EV:.1f} kJ per mol of electrons)"
            if self.within_uncertainty
            else "beyond the assumed uncertainty of ΔrG"
        )
        return (
            f"{text} by {self.gap_kJ:.2f} kJ per {formula} (largest gap, at "
            f"{self.gap_at_ions:.3g} {ion} per f.u.): {verdict}"
        )


@dataclass(frozen=True)
class PathComparison(Result):
    """The computed conversion path beside the observed sequence of one electrode.

    ``differing`` lists the computed conversion steps that are not observed ones;
    ``rests_on`` names the uncertain data of those steps.
    """

    formula: str
    ion: str
    observed: tuple[ObservedGap, ...]
    refs: tuple[int, ...]
    differing: tuple[int, ...]  # indices of the computed conversion steps not observed
    rests_on: tuple[str, ...] = ()

    derived = ("summary",)

    @property
    def summary(self) -> tuple[str, ...]:
        """Lines for the user: each observed step that differs, by how much, on what data."""
        refs = ",".join(map(str, self.refs))
        rests = f"; the computed steps rest on {'; '.join(self.rests_on)}" if self.rests_on else ""
        return tuple(
            f"{gap.describe(self.formula, self.ion)} [{refs}]{rests}"
            for gap in self.observed
            if not gap.agrees
        )


def _key(step: RawStep) -> tuple:
    """A step per ion taken up, by reduced formula, to compare paths written differently."""
    sides = []
    for side in (step.reactants, step.products):
        amounts: dict[str, float] = {}
        for formula, amount in side.items():
            composition = parse_formula(formula)
            reduced = composition.reduced_formula
            factor = composition.num_atoms / parse_formula(reduced).num_atoms
            amounts[reduced] = amounts.get(reduced, 0.0) + amount * factor / step.ions
        sides.append(tuple(sorted((f, round(a, 6)) for f, a in amounts.items())))
    return tuple(sides)


def _curve(steps: Sequence[tuple[float, float]], z: int) -> list[tuple[float, float]]:
    """Kinks (x, G) of G(x) from (ions, E) per step: ΔG = −x·z·F·E (kJ per f.u.)."""
    points, x, g = [(0.0, 0.0)], 0.0, 0.0
    for ions, voltage in steps:
        x += ions
        g -= ions * z * voltage * KJ_PER_MOL_PER_EV
        points.append((x, g))
    return points


def _at(points: list[tuple[float, float]], x: float) -> float:
    for (x0, g0), (x1, g1) in zip(points, points[1:], strict=False):
        if x0 - 1e-9 <= x <= x1 + 1e-9:
            return g0 + (g1 - g0) * (x - x0) / (x1 - x0)
    raise ValueError(f"x = {x} is outside the curve")


def compare_with_observed(
    formula: str,
    ion: str,
    computed: Sequence[RawStep],
    voltages: Sequence[float | None],
    model: EnergyModel,
) -> PathComparison | None:
    """The computed conversion steps (with their voltages) against the observed sequence of
    ``formula`` with ``ion``; None where none is on record."""
    reduced = parse_formula(formula).reduced_formula
    record = next(
        (
            p
            for p in observed_pathways()
            if p.ion == ion and parse_formula(p.electrode).reduced_formula == reduced
        ),
        None,
    )
    if record is None:
        return None
    observed_raw = explicit_path(formula, ion, [s.reaction for s in record.steps])
    computed_keys = [_key(s) for s in computed]
    differing = tuple(
        k for k, key in enumerate(computed_keys) if key not in {_key(s) for s in observed_raw}
    )
    z = ion_charge(ion, working=True)
    try:
        observed_V: list[float] = [
            step_voltage_V({**s.reactants, ion: s.ions}, s.products, s.ions * z, model)
            for s in observed_raw
        ]
    except MissingDataError:
        observed_V = []
    g_obs = _curve([(s.ions, v) for s, v in zip(observed_raw, observed_V, strict=False)], z)
    known = [v for v in voltages if v is not None]
    g_comp = _curve([(s.ions, v) for s, v in zip(computed, known, strict=False)], z)
    gaps = []
    for k, (step, raw) in enumerate(zip(record.steps, observed_raw, strict=True)):
        if _key(raw) in computed_keys:
            gaps.append(ObservedGap(step.label, step.reaction, True, 0.0))
            continue
        if k + 1 >= len(g_obs) or len(known) < len(voltages):
            gaps.append(ObservedGap(step.label, step.reaction, False))
            continue
        (x_a, o_a), (x_b, _) = g_obs[k], g_obs[k + 1]
        if x_b > g_comp[-1][0] + 1e-9:
            gaps.append(ObservedGap(step.label, step.reaction, False))
            continue
        c_a = _at(g_comp, x_a)
        xs = sorted({x for x, _ in (*g_obs, *g_comp) if x_a + 1e-9 < x <= x_b + 1e-9})
        gap, at = max(((_at(g_obs, x) - o_a) - (_at(g_comp, x) - c_a), x) for x in xs)
        within = gap / ((at - x_a) * z) < UNCERTAIN_E_V * KJ_PER_MOL_PER_EV
        gaps.append(ObservedGap(step.label, step.reaction, False, gap, at, within))
    rests_on: list[str] = []
    phases = dict.fromkeys(
        f for k in differing for f in (*computed[k].reactants, *computed[k].products)
    )
    estimated = model.estimated_entropy(phases)
    if estimated:
        rests_on.append(f"the estimated S° of {', '.join(estimated)}")
    derived = [model.entry(f).formula for f in phases if _derived(model, f)]
    if derived:
        rests_on.append(f"ΔfH of {', '.join(derived)} derived from a published reaction enthalpy")
    return PathComparison(
        formula=formula,
        ion=ion,
        observed=tuple(gaps),
        refs=tuple(record.source.refs),
        differing=differing,
        rests_on=tuple(rests_on),
    )


def _derived(model: EnergyModel, formula: str) -> bool:
    try:
        return model.entry(formula).derived is not None
    except MissingDataError:
        return False
