"""σ(T) models of electrolytes built from knowledge-base records, phase by phase.

Each phase gets one Arrhenius law, fitted by weighted least squares to *all* of its reported
conductivities, with the reported activation energy as a Gaussian prior on the slope. The
weights come from each value's precision (:data:`LOG10_SIGMA_UNCERTAINTY`): a value given as
"10^-3 S/cm" carries about ±0.5 decade, a value with digits much less. A law is therefore
continuous and monotonic inside its phase; stored values are shown next to the model, never
substituted for it. Phases are ordered by the material's phase transitions; a transition
reported separately on heating and cooling makes the phase depend on the direction asked for.

Each law is valid over its data (the temperatures of its conductivities and of the range its
Ea was reported for) plus :data:`VALIDITY_MARGIN_K`; beyond that values are flagged
extrapolated with the distance. Above a melting or decomposition temperature listed in
``transport/data/thermal_limits.yaml`` σ is refused.

Nothing is invented: a phase without enough data, or whose sources disagree beyond their
precision (e.g. two values ten times apart at the same temperature), has no law, and asking
for σ there raises :class:`~hydrion.errors.MissingDataError` naming what is missing or which
values conflict.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal, overload

import numpy as np
import yaml

from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import ActivationEnergy, Conductivity, Material, PhaseTransition
from hydrion.sources import Source
from hydrion.transport.arrhenius import (
    ArrheniusForm,
    ArrheniusLaw,
    BOLTZMANN_eV_per_K,
    inverse_kT,
    log_response,
)
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin

Status = Literal["interpolated", "extrapolated"]
DIRECTIONS: tuple[str, ...] = ("heating", "cooling")
ASSUMED_CONVENTION: ArrheniusForm = "sigma"
# A stored value this close to the asked temperature is shown next to the model (numerical
# tolerance, not a literature value).
MEASURED_TOLERANCE_K = 0.5
# Modelling assumptions of hydrion (not literature values), stated in every law's basis:
# 1σ uncertainty of log10 σ by precision ("10^-3" ≈ ±0.5 decade; a value with digits ±12 %),
LOG10_SIGMA_UNCERTAINTY = {"exact": 0.05, "approximate": 0.15, "order_of_magnitude": 0.5}
# 1σ uncertainty of a reported Ea (eV) by precision, used as the prior's width (widened by
# kT at the data when the source does not say whether it fitted σ or σT),
EA_UNCERTAINTY_eV = {"exact": 0.02, "approximate": 0.05, "order_of_magnitude": 0.15}
# the largest activation energy taken as ion conduction (eV; solid electrolytes lie well
# below, so a larger slope means the records are inconsistent or misread),
PLAUSIBLE_EA_MAX_eV = 3.0
# how far beyond its data a law is still called valid (K),
VALIDITY_MARGIN_K = 20.0
# Beyond this distance from the data of a law σ is refused, not extrapolated: an Arrhenius
# law carried 200 K past its data says nothing a researcher should use (hydrion's choice).
MAX_EXTRAPOLATION_K = 200.0
# and how many standard deviations from the law make a value disagree with the others.
CONFLICT_SIGMAS = 3.0
# Records at one temperature whose values agree to this (log10, i.e. 2 %: rounding) and share
# a reference are one measurement restated (Table 1 and the text); it counts once in a fit.
RESTATEMENT_LOG10 = 0.01
# Source kinds that report a measurement first-hand; where they and the review disagree, the
# law follows them (the review's value is listed with a warning).
PRIMARY_KINDS = ("experiment", "user")
_USABLE_PRECISION = tuple(LOG10_SIGMA_UNCERTAINTY)
_PRECISION_RANK = {name: rank for rank, name in enumerate(_USABLE_PRECISION)}
# Record notes that say sources disagree are shown next to the value.
_CONFLICT_WORDS = re.compile(r"disagree|conflict|inconsistent", re.IGNORECASE)


class ConflictingDataError(MissingDataError):
    """The records of a phase disagree beyond their precision; hydrion will not average them."""


class AboveThermalLimitError(InputError):
    """σ asked above the temperature where the electrolyte melts or decomposes."""


def _kelvin(celsius: float) -> float:
    return celsius - ABSOLUTE_ZERO_C


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def _source_entry(what: str, source: Source) -> dict:
    entry = {"value": what, **source.model_dump(mode="json", exclude_none=True)}
    if not entry.get("refs"):
        entry.pop("refs", None)
    return entry


@dataclass(frozen=True)
class ThermalLimit:
    """Melting or decomposition temperature above which σ is refused."""

    temperature_K: float
    what: str
    source: dict


@lru_cache(maxsize=1)
def _thermal_limits() -> dict[str, ThermalLimit]:
    text = resources.files("hydrion.transport.data").joinpath("thermal_limits.yaml")
    limits = {}
    for entry in yaml.safe_load(text.read_text(encoding="utf-8")):
        source = Source.model_validate(entry["source"])
        what = f"{entry['what']} above {entry['temperature_C']:g} °C"
        limits[entry["material"]] = ThermalLimit(
            _kelvin(entry["temperature_C"]), entry["what"], _source_entry(what, source)
        )
    return limits


@lru_cache(maxsize=1)
def _exclusions() -> dict[str, list[dict]]:
    text = resources.files("hydrion.transport.data").joinpath("excluded_conductivities.yaml")
    table: dict[str, list[dict]] = {}
    for entry in yaml.safe_load(text.read_text(encoding="utf-8")):
        Source.model_validate(entry["source"])
        table.setdefault(entry["material"], []).append(entry)
    return table


def excluded_reason(material_id: str, record: Conductivity) -> str | None:
    """Why a stored conductivity is left out of the material's law and plots, or None.

    The list (``transport/data/excluded_conductivities.yaml``) keeps values the review prints
    under the wrong material, e.g. Table 1's 10^-2 S/cm at 110 °C for Na2B12H12, which the
    review's text (p. 9) gives for Na2B10H10; the knowledge base keeps them as printed.
    """
    for entry in _exclusions().get(material_id, []):
        if (
            abs(entry["temperature_C"] - record.temperature_C) <= MEASURED_TOLERANCE_K
            and abs(math.log10(entry["sigma_S_per_cm"] / record.sigma_S_per_cm)) < 0.005
        ):
            return " ".join(entry["reason"].split())
    return None


def measured_note(material: Material, temperature_K: float) -> str:
    """'; measured here (no model): σ = … [refs]' for the values stored within
    :data:`MEASURED_TOLERANCE_K` of ``temperature_K`` (K), or '' where none is: a refusal
    names the measurement it could not model instead of hiding it."""
    temperature_C = temperature_K + ABSOLUTE_ZERO_C
    here = []
    for record in material.conductivities:
        if abs(record.temperature_C - temperature_C) > MEASURED_TOLERANCE_K:
            continue
        refs = ", ".join(map(str, record.source.refs)) or record.source.doi or ""
        reason = excluded_reason(material.id, record)
        here.append(
            f"{_point(record).source['value']} [{refs}]"
            + (f" (not used: {reason})" if reason else "")
        )
    return f"; measured here (no model): {'; '.join(here)}" if here else ""


@dataclass(frozen=True)
class DataPoint:
    """A reported conductivity used by a model."""

    temperature_K: float
    sigma_S_per_cm: float
    precision: str
    direction: str | None
    source: dict
    note: str | None = None

    @property
    def log10_uncertainty(self) -> float:
        return LOG10_SIGMA_UNCERTAINTY[self.precision]


@dataclass(frozen=True)
class PhaseModel:
    """The Arrhenius law of one phase, its uncertainty, validity range and the records behind it.

    ``covariance`` is the 2×2 covariance of (ln prefactor, Ea in eV); ``support_K`` the
    temperatures the data span; ``validity_K`` that span plus :data:`VALIDITY_MARGIN_K`.
    ``points`` are all stored values of the phase; a review value that disagrees with the
    primary source is listed there but left out of the law (a warning says which).
    """

    phase: str
    law: ArrheniusLaw
    Ea_err_eV: float
    covariance: tuple[tuple[float, float], tuple[float, float]]
    basis: str
    points: tuple[DataPoint, ...]
    support_K: tuple[float, float]
    validity_K: tuple[float, float]
    precision: str
    sources: tuple[dict, ...]
    warnings: tuple[str, ...] = ()

    def log10_sigma_err(self, temperature_K) -> np.ndarray:
        """1σ uncertainty of log10 σ of the law at ``temperature_K`` (decades).

        The statistical error of the fit is floored at the precision of the least precise
        value the law rests on: averaging restated or rounded values does not make them
        more precise than they were reported.
        """
        x = inverse_kT(temperature_K)
        (vaa, vae), (_, vee) = self.covariance
        statistical = np.sqrt(np.maximum(vaa - 2 * x * vae + x * x * vee, 0.0)) / math.log(10)
        return np.maximum(statistical, LOG10_SIGMA_UNCERTAINTY[self.precision])


@dataclass(frozen=True)
class Transition:
    """A phase transition; on cooling it may lie below its heating temperature (hysteresis)."""

    heating_K: float
    cooling_K: float
    low_phase: str
    high_phase: str
    sources: tuple[dict, ...]


@dataclass(frozen=True)
class SigmaResult:
    """σ at one temperature from the phase's law, with its uncertainty and the stored values there.

    ``status`` is 'interpolated' only between the law's data (its σ values and the range its
    Ea was reported for) and 'extrapolated' beyond them; ``extrapolation_K`` is the distance
    from the data (0 inside). The validity margin (data ± :data:`VALIDITY_MARGIN_K`) only
    decides how loud the warning is. ``stored`` lists reported values at this temperature
    (±0.5 K), shown next to the model. ``assumed_direction`` is the branch taken inside a
    thermal hysteresis when none was asked for.
    """

    material_id: str
    name: str
    temperature_K: float
    sigma_S_per_cm: float
    sigma_err_log10: float
    phase: str
    status: Status
    extrapolation_K: float
    validity_K: tuple[float, float]
    precision: str
    direction: str | None
    law: dict
    stored: tuple[dict, ...]
    sources: tuple[dict, ...]
    warnings: tuple[str, ...] = ()
    assumed_direction: str | None = None

    @property
    def status_text(self) -> str:
        """e.g. 'extrapolated by 35 K (beyond the ±20 K validity margin), order-of-magnitude
        data' or 'interpolated, heating branch assumed (inside the hysteresis)'."""
        text = self.status
        if self.status == "extrapolated":
            v_low, v_high = self.validity_K
            inside = v_low <= self.temperature_K <= v_high
            text += f" by {self.extrapolation_K:.0f} K" + (
                f" (within the ±{VALIDITY_MARGIN_K:g} K margin)"
                if inside
                else f" (beyond the ±{VALIDITY_MARGIN_K:g} K validity margin)"
            )
        if self.assumed_direction:
            text += f", {self.assumed_direction} branch assumed (inside the hysteresis)"
        if self.precision != "exact":
            text += f", {self.precision.replace('_', '-')} data"
        return text

    def to_dict(self) -> dict:
        return {
            "material_id": self.material_id,
            "name": self.name,
            "temperature_K": self.temperature_K,
            "temperature_C": self.temperature_K + ABSOLUTE_ZERO_C,
            "sigma_S_per_cm": self.sigma_S_per_cm,
            "sigma_err_log10": self.sigma_err_log10,
            "phase": self.phase,
            "status": self.status,
            "extrapolation_K": self.extrapolation_K,
            "validity_K": list(self.validity_K),
            "precision": self.precision,
            "direction": self.direction,
            "law": self.law,
            "stored": list(self.stored),
            "sources": list(self.sources),
            "warnings": list(self.warnings),
            "assumed_direction": self.assumed_direction,
        }


@dataclass(frozen=True)
class SigmaGrid:
    """σ on a temperature grid in one call: arrays of the same length as ``temperature_K``.

    ``sigma_S_per_cm`` is NaN where the phase at that temperature has no law (``phase`` says
    which one). ``extrapolation_K`` is the distance from the data of the law (0 inside);
    ``extrapolated`` is True beyond the data, as :attr:`SigmaResult.status`.
    """

    material_id: str
    temperature_K: np.ndarray
    sigma_S_per_cm: np.ndarray
    sigma_err_log10: np.ndarray
    phase: np.ndarray
    extrapolated: np.ndarray
    extrapolation_K: np.ndarray
    direction: str | None


@dataclass(frozen=True)
class ConductivityModel:
    """Piecewise Arrhenius σ(T) of one material; phases ordered from low to high T."""

    material_id: str
    name: str
    phases: tuple[str, ...]
    laws: dict[str, PhaseModel]
    transitions: tuple[Transition, ...]
    missing: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    thermal_limit: ThermalLimit | None = None
    material: Material | None = None

    def _phase_indices(self, temperature_K: np.ndarray, direction: str | None) -> np.ndarray:
        if direction is not None and direction not in DIRECTIONS:
            raise InputError(f"direction must be 'heating' or 'cooling', not {direction!r}")
        attr = "cooling_K" if direction == "cooling" else "heating_K"
        edges = np.array([getattr(t, attr) for t in self.transitions])
        return (
            (temperature_K[..., None] >= edges).sum(axis=-1)
            if edges.size
            else (np.zeros(temperature_K.shape, dtype=int))
        )

    def phase_at(self, temperature_K: float, direction: str | None = None) -> tuple[str, list[str]]:
        """The phase at ``temperature_K`` on heating or cooling, with any warning."""
        T = np.asarray(float(temperature_K))
        index = int(self._phase_indices(T, direction))
        warnings = []
        if direction is None and index != int(self._phase_indices(T, "cooling")):
            warnings.append(
                "inside the thermal hysteresis the phase depends on history; assumed heating "
                "(pass direction='cooling' / --direction cooling for the other branch)"
            )
        return self.phases[index], warnings

    def _check_limit(self, temperature_K: np.ndarray) -> None:
        limit = self.thermal_limit
        if limit is not None and np.any(temperature_K > limit.temperature_K):
            refs = ", ".join(map(str, limit.source.get("refs", [])))
            raise AboveThermalLimitError(
                f"{self.name}: no σ above {limit.temperature_K + ABSOLUTE_ZERO_C:.0f} °C, "
                f"where it undergoes {limit.what} [{refs}]"
            )

    def _law(self, phase: str, temperature_K: float) -> PhaseModel:
        model = self.laws.get(phase)
        if model is None:
            error = ConflictingDataError if "disagree" in self.missing.get(phase, "") else None
            measured = "" if self.material is None else measured_note(self.material, temperature_K)
            raise (error or MissingDataError)(
                f"{self.name}: no σ(T) for the {phase} phase at "
                f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C ({self.missing.get(phase, 'no data')})"
                + measured
            )
        return model

    def sigma(self, temperature_K, direction: str | None = None) -> SigmaResult:
        """σ in S/cm at one temperature (K, or any pint temperature) with status and sources.

        Raises MissingDataError (ConflictingDataError) where the phase has no law or ``T``
        is more than MAX_EXTRAPOLATION_K beyond its data,
        AboveThermalLimitError above a melting/decomposition temperature and InputError
        for a bad temperature or direction.
        """
        T = as_kelvin(temperature_K, "temperature")
        if np.ndim(T):
            raise InputError("sigma() takes one temperature; use sigma_grid() for an array")
        self._check_limit(np.asarray(T))
        phase, warnings = self.phase_at(T, direction)
        assumed = "heating" if warnings else None
        try:
            model = self._law(phase, T)
        except MissingDataError as exc:
            if assumed:
                raise type(exc)(f"{exc}; {warnings[0]}") from None
            raise
        low, high = model.support_K
        extrapolation = max(low - T, T - high, 0.0)
        if extrapolation > MAX_EXTRAPOLATION_K:
            raise MissingDataError(
                f"{self.name}: no σ at {T:.0f} K, {extrapolation:.0f} K beyond the data of its "
                f"law ({low:.0f}–{high:.0f} K); hydrion extrapolates at most "
                f"{MAX_EXTRAPOLATION_K:.0f} K"
            )
        v_low, v_high = model.validity_K
        status: Status = "interpolated" if extrapolation == 0 else "extrapolated"
        if not v_low <= T <= v_high:
            warnings.append(
                f"{extrapolation:.0f} K beyond the data of this law, past the "
                f"±{VALIDITY_MARGIN_K:g} K margin where it is taken as valid: the value rests "
                "on the Arrhenius form holding that far"
            )
        stored = tuple(
            p.source
            for p in model.points
            if abs(p.temperature_K - T) <= MEASURED_TOLERANCE_K
            and (direction is None or p.direction in (None, direction))
        )
        sources = list(model.sources)
        sources += [
            s for t in self.transitions if phase in (t.low_phase, t.high_phase) for s in t.sources
        ]
        if self.thermal_limit is not None:
            sources.append(self.thermal_limit.source)
        return SigmaResult(
            material_id=self.material_id,
            name=self.name,
            temperature_K=float(T),
            sigma_S_per_cm=float(model.law.sigma(T)),
            sigma_err_log10=float(model.log10_sigma_err(T)),
            phase=phase,
            status=status,
            extrapolation_K=float(extrapolation),
            validity_K=model.validity_K,
            precision=model.precision,
            direction=direction,
            law={
                **model.law.to_dict(),
                "Ea_err_eV": model.Ea_err_eV,
                "basis": model.basis,
                "validity_K": list(model.validity_K),
            },
            stored=stored,
            sources=tuple(sources),
            warnings=tuple(warnings) + model.warnings + self.warnings,
            assumed_direction=assumed,
        )

    def sigma_grid(self, temperature_K, direction: str | None = None) -> SigmaGrid:
        """σ (S/cm) on an array of temperatures (K or pint) in one call; NaN where no law."""
        T = np.atleast_1d(np.asarray(as_kelvin(temperature_K, "temperature"), dtype=float))
        self._check_limit(T)
        indices = self._phase_indices(T, direction)
        sigma = np.full(T.shape, np.nan)
        error = np.full(T.shape, np.nan)
        distance = np.zeros(T.shape)
        extrapolated = np.zeros(T.shape, dtype=bool)
        for index, phase in enumerate(self.phases):
            where = indices == index
            model = self.laws.get(phase)
            if model is None or not where.any():
                continue
            sigma[where] = model.law.sigma(T[where])
            error[where] = model.log10_sigma_err(T[where])
            low, high = model.support_K
            distance[where] = np.maximum.reduce([low - T[where], T[where] - high, 0 * T[where]])
            extrapolated[where] = distance[where] > 0  # as SigmaResult.status: beyond the data
        return SigmaGrid(
            material_id=self.material_id,
            temperature_K=T,
            sigma_S_per_cm=sigma,
            sigma_err_log10=error,
            phase=np.array(self.phases, dtype=object)[indices],
            extrapolated=extrapolated,
            extrapolation_K=distance,
            direction=direction,
        )


def _transitions(records: list[PhaseTransition]) -> list[Transition]:
    groups: dict[tuple[str, str], list[PhaseTransition]] = {}
    for record in records:
        groups.setdefault((_norm(record.low_T_phase), _norm(record.high_T_phase)), []).append(
            record
        )
    transitions = []
    for group in groups.values():
        heating = [r for r in group if r.direction != "cooling"] or group
        cooling = [r for r in group if r.direction == "cooling"] or heating
        first = group[0]
        transitions.append(
            Transition(
                heating_K=_kelvin(heating[0].temperature_C),
                cooling_K=_kelvin(cooling[0].temperature_C),
                low_phase=first.low_T_phase or "",
                high_phase=first.high_T_phase or "",
                sources=tuple(
                    _source_entry(
                        f"transition at {r.temperature_C:g} °C"
                        + (f" on {r.direction}" if r.direction else ""),
                        r.source,
                    )
                    for r in group
                ),
            )
        )
    transitions.sort(key=lambda t: t.heating_K)
    named: list[Transition] = []
    for t in transitions:
        below = f"phase below {t.heating_K + ABSOLUTE_ZERO_C:.0f} °C"
        low = named[-1].high_phase if named else (t.low_phase or below)
        high = t.high_phase or f"phase above {t.heating_K + ABSOLUTE_ZERO_C:.0f} °C"
        named.append(Transition(t.heating_K, t.cooling_K, low, high, t.sources))
    return named


def _match_phase(label: str | None, phases: tuple[str, ...]) -> str | None:
    key = _norm(label)
    if not key:
        return None
    exact = [p for p in phases if _norm(p) == key]
    if exact:
        return exact[0]
    partial = [p for p in phases if len(key) >= 3 and (key in _norm(p) or _norm(p) in key)]
    return partial[0] if len(partial) == 1 else None


def _ea_phase(record: ActivationEnergy, model: ConductivityModel) -> str | None:
    phase = _match_phase(record.phase, model.phases)
    if phase is not None or len(model.phases) == 1:
        return phase or model.phases[0]
    if record.T_min_C is not None and record.T_max_C is not None:
        return model.phase_at(_kelvin((record.T_min_C + record.T_max_C) / 2))[0]
    return None


def _point(record: Conductivity) -> DataPoint:
    T = _kelvin(record.temperature_C)
    label = f"{record.temperature_C:g} °C"
    if record.temperature_text:
        label = (
            record.temperature_text
            if record.temperature_text == "RT" and record.temperature_C == 25
            else f"{label} (written '{record.temperature_text}')"
        )
    what = f"σ = {record.sigma_S_per_cm:.3g} S/cm at {label}" + (
        f" ({record.precision.replace('_', ' ')})" if record.precision != "exact" else ""
    )
    return DataPoint(
        T,
        record.sigma_S_per_cm,
        record.precision,
        record.direction,
        _source_entry(what, record.source),
        record.note,
    )


def _range_distance_K(energy: ActivationEnergy, temperatures_K: np.ndarray) -> float:
    """How far the data lie outside the temperature range an Ea was reported for (0 inside)."""
    if not temperatures_K.size:
        return 0.0
    low = -np.inf if energy.T_min_C is None else _kelvin(energy.T_min_C)
    high = np.inf if energy.T_max_C is None else _kelvin(energy.T_max_C)
    middle = float(np.mean(temperatures_K))
    return max(low - middle, middle - high, 0.0)


def _same_measurement(a: DataPoint, b: DataPoint) -> bool:
    """Two records of one measurement: same temperature and value (to rounding), a shared
    reference, DOI or citation (e.g. Table 1 and the text quoting one paper)."""
    if a is b:
        return True
    refs_a, refs_b = set(a.source.get("refs", [])), set(b.source.get("refs", []))
    shared = bool(refs_a & refs_b) or any(
        a.source.get(key) and a.source.get(key) == b.source.get(key) for key in ("doi", "citation")
    )
    return (
        shared
        and abs(a.temperature_K - b.temperature_K) <= MEASURED_TOLERANCE_K
        and abs(math.log10(a.sigma_S_per_cm / b.sigma_S_per_cm)) <= RESTATEMENT_LOG10
    )


def _range_text(energy: ActivationEnergy) -> str:
    """' above 40 °C', ' 20–60 °C' or '' for the range an Ea was reported for."""
    low, high = energy.T_min_C, energy.T_max_C
    if low is not None and high is not None:
        return f" for {low:g}–{high:g} °C"
    if low is not None:
        return f" for T above {low:g} °C"
    return "" if high is None else f" for T below {high:g} °C"


def _count_text(points: list[DataPoint]) -> str:
    """'3 σ values' or, where Table 1 and the text quote one measurement, '2 σ records =
    1 measurement (quoted twice, counted once)'."""
    measurements = round(float((1.0 / _restatement_counts(points)).sum()))
    if measurements == len(points):
        return f"{len(points)} σ value{'s' if len(points) > 1 else ''}"
    return (
        f"{len(points)} σ records = {measurements} measurement"
        f"{'s' if measurements > 1 else ''} (restatements counted once)"
    )


def _departure_warning(
    points: list[DataPoint],
    convention: ArrheniusForm,
    Ea: float,
    Ea_err: float,
    prior: tuple[float, float],
) -> list[str]:
    """A warning where the fitted Ea departs from the reported one beyond their combined
    uncertainty, giving the Ea the stored σ values imply on their own."""
    combined = math.hypot(Ea_err, prior[1])
    if abs(Ea - prior[0]) <= combined:
        return []
    implied = ""
    if np.unique(np.round([p.temperature_K for p in points], 1)).size >= 2:
        theta, covariance, _ = _weighted_law(points, convention, None)
        implied = (
            f": the stored σ values alone imply Ea = {theta[1]:.3f} ± "
            f"{math.sqrt(covariance[1, 1]):.2g} eV"
        )
    return [
        f"fitted Ea = {Ea:.3f} ± {Ea_err:.2g} eV departs from the reported {prior[0]:g} eV by "
        f"more than their combined uncertainty ({combined:.2g} eV){implied}; the law follows "
        "the stored values, not the reported Ea"
    ]


def _restatement_counts(points: list[DataPoint]) -> np.ndarray:
    """For each point, how many records (itself included) restate its measurement."""
    return np.array([sum(_same_measurement(p, q) for q in points) for p in points], dtype=float)


def _weighted_law(
    points: list[DataPoint], convention: ArrheniusForm, prior: tuple[float, float] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ln prefactor, Ea) and their covariance from points weighted by precision and an Ea prior.

    Minimises Σ w_i (y_i − a + Ea·x_i)² + (Ea − Ea0)²/s² with y = ln σ (or ln σT), x = 1/kT,
    w_i = 1/(ln 10 · u_i)² for u_i the point's log10 uncertainty, divided by the number of
    records that restate the same measurement. Also returns the normalised residuals of the
    points (and of the prior, last).
    """
    T = np.array([p.temperature_K for p in points])
    x = inverse_kT(T)
    y = log_response(T, [p.sigma_S_per_cm for p in points], convention)
    w = 1.0 / (math.log(10) * np.array([p.log10_uncertainty for p in points])) ** 2
    w_fit = w / _restatement_counts(points)  # one measurement restated counts once
    design = np.stack([np.ones_like(x), -x], axis=1)
    normal = design.T @ (w_fit[:, None] * design)
    rhs = design.T @ (w_fit * y)
    if prior is not None:
        normal[1, 1] += 1.0 / prior[1] ** 2
        rhs[1] += prior[0] / prior[1] ** 2
    covariance = np.linalg.inv(normal)
    theta = covariance @ rhs
    residuals = (y - design @ theta) * np.sqrt(w)
    if prior is not None:
        residuals = np.append(residuals, (theta[1] - prior[0]) / prior[1])
    return theta, covariance, residuals


def _conflict(points: list[DataPoint], residuals: np.ndarray) -> str | None:
    """Why the values of a phase disagree beyond their precision, or None."""
    bad = np.abs(residuals[: len(points)]) > CONFLICT_SIGMAS
    if bad.any():
        listed = "; ".join(
            f"{p.source['value']} [{', '.join(map(str, p.source.get('refs', [])))}]" for p in points
        )
        return (
            f"the sources disagree beyond their precision ({listed}); hydrion does not average "
            "them: see `hydrion db show` for each value with its source"
        )
    if residuals.size > len(points) and abs(residuals[-1]) > CONFLICT_SIGMAS:
        return "the reported conductivities and the reported Ea disagree beyond their precision"
    return None


def _phase_model(
    phase: str,
    points: list[DataPoint],
    energies: list[ActivationEnergy],
    bounds_K: tuple[float, float],
) -> tuple[PhaseModel | None, str]:
    """Build the law of one phase (inside ``bounds_K``), or return (None, why not)."""
    warnings: list[str] = []
    temperatures = np.array([p.temperature_K for p in points])
    if not points:
        if energies:
            return None, f"an activation energy ({energies[0].Ea_eV:g} eV) but no conductivity"
        return None, "no data"
    if energies:
        energy = min(
            energies,
            key=lambda e: (_range_distance_K(e, temperatures), _PRECISION_RANK.get(e.precision, 9)),
        )
        convention: ArrheniusForm
        if energy.convention == "unspecified":
            convention = ASSUMED_CONVENTION
            warnings.append(
                f"the source does not say whether Ea = {energy.Ea_eV:g} eV was fitted to σ or σT; "
                "assumed σ = σ0·exp(−Ea/kT)"
            )
        else:
            convention = energy.convention
        prior_width = EA_UNCERTAINTY_eV.get(energy.precision, EA_UNCERTAINTY_eV["approximate"])
        if energy.convention == "unspecified":  # σ and σT fits of one data set differ by ~kT
            prior_width = math.hypot(prior_width, BOLTZMANN_eV_per_K * float(temperatures.mean()))
        prior = (energy.Ea_eV, prior_width)
        warnings += [
            f"Ea = {e.Ea_eV:g} eV of another temperature range is not used (no σ there)"
            for e in energies
            if e is not energy
        ]
        ea_range = [_kelvin(t) for t in (energy.T_min_C, energy.T_max_C) if t is not None]
        ea_sources = [_source_entry(f"Ea = {energy.Ea_eV:g} eV ({phase})", energy.source)]
        basis = (
            "{n} weighted by precision + reported Ea = "
            f"{energy.Ea_eV:g} ± {prior_width:.2g} eV{_range_text(energy)} (prior)"
        )
    else:
        distinct = np.unique(np.round(temperatures, 1))
        if distinct.size < 2:
            return None, f"{len(points)} σ value(s) at one temperature and no activation energy"
        convention, prior, ea_range, ea_sources = "sigma", None, [], []
        basis = "line through {n} weighted by precision (σ convention)"
    used = points  # the values the law rests on; every stored value stays listed
    theta, covariance, residuals = _weighted_law(points, convention, prior)
    why = _conflict(points, residuals)
    primary = [p for p in points if p.source.get("kind") in PRIMARY_KINDS]
    if why and primary and len(primary) < len(points):
        # the primary measurement wins over the review's restatement of it; both are listed
        theta, covariance, residuals = _weighted_law(primary, convention, prior)
        if _conflict(primary, residuals) is None:
            warnings.append(
                "the review's value(s) "
                + "; ".join(p.source["value"] for p in points if p not in primary)
                + " disagree with the primary source(s) and are left out of the law"
            )
            used, why = primary, None
            temperatures = np.array([p.temperature_K for p in used])
    if why:
        return None, why
    ln_prefactor, Ea = float(theta[0]), float(theta[1])
    Ea_err = math.sqrt(covariance[1, 1])
    if Ea > PLAUSIBLE_EA_MAX_eV:
        return None, (
            f"its values imply Ea = {Ea:.3g} eV, not a plausible activation energy of ion "
            f"conduction (above {PLAUSIBLE_EA_MAX_eV:g} eV); check the records"
        )
    if Ea <= 0 or (prior is None and Ea_err > 0.5 * Ea):
        rough = sum(p.precision == "order_of_magnitude" for p in points)
        return None, (
            f"{len(points)} σ value(s)"
            + (f" ({rough} only to an order of magnitude)" if rough else "")
            + " and no activation energy: the slope is not determined"
            + ("" if Ea > 0 else " (σ does not increase with temperature)")
        )
    support = [*temperatures.tolist(), *ea_range]
    low, high = min(support), max(support)
    validity = (
        max(low - VALIDITY_MARGIN_K, bounds_K[0]),
        min(high + VALIDITY_MARGIN_K, bounds_K[1]),
    )
    if prior is not None:
        warnings += _departure_warning(used, convention, Ea, Ea_err, prior)
        if np.unique(np.round(temperatures, 1)).size == 1:
            warnings.append(
                f"one σ measurement (at {temperatures[0] + ABSOLUTE_ZERO_C:g} °C): at every "
                f"other temperature σ is an extrapolation along the reported Ea = {prior[0]:g} eV"
            )
    warnings += [
        f"stored note [{', '.join(map(str, p.source.get('refs', [])))}]: {p.note}"
        for p in points
        if p.note and _CONFLICT_WORDS.search(p.note)
    ]
    precision = max((p.precision for p in used), key=_PRECISION_RANK.__getitem__)
    if precision == "order_of_magnitude":
        warnings.append("rests on order-of-magnitude conductivities (±0.5 decade)")
    return (
        PhaseModel(
            phase=phase,
            law=ArrheniusLaw(Ea, math.exp(ln_prefactor), convention),
            Ea_err_eV=Ea_err,
            covariance=(
                (float(covariance[0, 0]), float(covariance[0, 1])),
                (float(covariance[1, 0]), float(covariance[1, 1])),
            ),
            basis=basis.format(n=_count_text(used)),
            points=tuple(points),
            support_K=(low, high),
            validity_K=validity,
            precision=precision,
            sources=tuple([p.source for p in points] + ea_sources),
            warnings=tuple(warnings),
        ),
        "",
    )


def _phase_bounds(transitions: tuple[Transition, ...], index: int) -> tuple[float, float]:
    """Lowest and highest temperature (K) at which phase ``index`` can exist (either branch)."""
    low = (
        0.0
        if index == 0
        else min(transitions[index - 1].cooling_K, transitions[index - 1].heating_K)
    )
    high = (
        math.inf
        if index == len(transitions)
        else max(transitions[index].heating_K, transitions[index].cooling_K)
    )
    return low, high


def conductivity_model(material: Material) -> ConductivityModel:
    """The piecewise σ(T) model of ``material``.

    Raises MissingDataError if no phase has enough consistent data (the message says why
    for each phase).
    """
    transitions = tuple(_transitions(list(material.phase_transitions)))
    if transitions:
        phases = (transitions[0].low_phase, *(t.high_phase for t in transitions))
    else:
        labels = {c.phase for c in material.conductivities if c.phase}
        phases = (labels.pop() if len(labels) == 1 else "single phase",)
    skeleton = ConductivityModel(material.id, material.name, phases, {}, transitions)
    notes: list[str] = []
    points: dict[str, list[DataPoint]] = {p: [] for p in phases}
    for record in material.conductivities:
        reason = excluded_reason(material.id, record)
        if reason:
            notes.append(
                f"σ = {record.sigma_S_per_cm:.3g} S/cm at {record.temperature_C:g} °C "
                f"[{', '.join(map(str, record.source.refs))}]: {reason}"
            )
            continue
        if record.precision not in _USABLE_PRECISION:
            notes.append(
                f"a {record.precision.replace('_', ' ')} σ at {record.temperature_C:g} °C "
                "is not used in the model"
            )
            continue
        phase = (
            _match_phase(record.phase, phases)
            or skeleton.phase_at(_kelvin(record.temperature_C), record.direction or "heating")[0]
        )
        points[phase].append(_point(record))
    energies: dict[str, list[ActivationEnergy]] = {p: [] for p in phases}
    for record in material.activation_energies:
        phase = _ea_phase(record, skeleton)
        if phase is None:
            notes.append(f"cannot tell which phase Ea = {record.Ea_eV:g} eV belongs to; not used")
        else:
            energies[phase].append(record)
    laws, missing = {}, {}
    for index, phase in enumerate(phases):
        bounds = _phase_bounds(transitions, index)
        model, why = _phase_model(phase, points[phase], energies[phase], bounds)
        if model is None:
            missing[phase] = why or "no data"
        else:
            laws[phase] = model
    if not laws:
        why = "; ".join([*(f"{phase}: {reason}" for phase, reason in missing.items()), *notes])
        error = ConflictingDataError if "disagree" in why else MissingDataError
        raise error(
            f"no σ(T) model for {material.name}: a model needs one σ plus an activation energy, "
            f"or σ at two temperatures, per phase, consistent within their precision ({why})"
        )
    return ConductivityModel(
        material.id,
        material.name,
        phases,
        laws,
        transitions,
        missing,
        tuple(notes),
        _thermal_limits().get(material.id),
        material,
    )


@overload
def sigma_at(
    name_or_material: str | Material, temperature_K: float, direction: str | None = ..., kb=...
) -> SigmaResult: ...
@overload
def sigma_at(
    name_or_material: str | Material, temperature_K: np.ndarray, direction: str | None = ..., kb=...
) -> SigmaGrid: ...
def sigma_at(name_or_material, temperature_K, direction=None, kb=None):
    """σ of a KB electrolyte at one temperature or on an array of temperatures.

    Parameters
    ----------
    name_or_material:
        Name, id or formula of a knowledge-base material, or a :class:`Material` record.
    temperature_K:
        A number or array in K, a pint Quantity in any temperature unit (``Quantity(30,
        "degC")`` is 303.15 K), or a string such as ``"30 C"``.
    direction:
        'heating' or 'cooling' for materials with a hysteretic transition (None: heating,
        with a warning inside the hysteresis).
    kb:
        An open knowledge base (opened here if None).

    Returns
    -------
    :class:`SigmaResult` for one temperature, :class:`SigmaGrid` for an array.

    Raises
    ------
    UnitError / InputError for a bad temperature or direction; MissingDataError (or
    ConflictingDataError) where the phase has no law; AboveThermalLimitError above a
    melting or decomposition temperature; UnknownRecordError for an unknown material.

    Source: the material's knowledge-base records (each result lists them).
    """
    material = name_or_material
    if not isinstance(material, Material):
        if kb is None:
            from hydrion.kb import open_kb

            kb = open_kb()
        material = kb.material(str(name_or_material))
    T = as_kelvin(temperature_K, "temperature")
    try:
        model = conductivity_model(material)
    except MissingDataError as exc:
        if np.ndim(T):
            raise
        raise type(exc)(f"{exc}{measured_note(material, float(T))}") from None
    if np.ndim(T):
        return model.sigma_grid(T, direction)
    return model.sigma(T, direction)
