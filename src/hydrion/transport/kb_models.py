"""σ(T) models of electrolytes built from knowledge-base records, phase by phase.

A phase gets an Arrhenius law when the records give one conductivity plus an activation
energy (the law passes through the point(s) with the reported Ea) or two conductivities at
different temperatures (the law is the line through them). Phases are ordered by the
material's phase transitions; a transition reported separately on heating and cooling
makes the phase at a temperature depend on the direction the user asks for.

Nothing is invented: a phase without enough data has no law, and asking for σ there raises
:class:`~hydrion.errors.MissingDataError` naming what is missing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import ActivationEnergy, Conductivity, Material, PhaseTransition, Source
from hydrion.transport.arrhenius import (
    ArrheniusLaw,
    Convention,
    check_positive,
    inverse_kT,
    log_response,
)
from hydrion.units import ABSOLUTE_ZERO_C

Status = Literal["measured", "interpolated", "extrapolated"]
DIRECTIONS: tuple[str, ...] = ("heating", "cooling")
ASSUMED_CONVENTION: Convention = "sigma"
# Numerical tolerance (not a literature value): a query this close to a data point is that point.
MEASURED_TOLERANCE_K = 0.5
_USABLE_PRECISION = ("exact", "approximate", "order_of_magnitude")
_PRECISION_RANK = {name: rank for rank, name in enumerate(_USABLE_PRECISION)}


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
class DataPoint:
    """A reported conductivity used by a model."""

    temperature_K: float
    sigma_S_per_cm: float
    precision: str
    direction: str | None
    source: dict


@dataclass(frozen=True)
class PhaseModel:
    """The Arrhenius law of one phase and the records it rests on."""

    phase: str
    law: ArrheniusLaw
    basis: str
    points: tuple[DataPoint, ...]
    support_K: tuple[float, float]
    precision: str
    sources: tuple[dict, ...]
    warnings: tuple[str, ...] = ()


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
    """σ at one temperature, with the phase, how it was obtained and what it rests on."""

    material_id: str
    name: str
    temperature_K: float
    sigma_S_per_cm: float
    phase: str
    status: Status
    extrapolation_K: float
    precision: str
    direction: str | None
    law: dict
    sources: tuple[dict, ...]
    warnings: tuple[str, ...] = ()

    @property
    def status_text(self) -> str:
        """e.g. 'extrapolated by 35 K, order-of-magnitude data'."""
        text = self.status
        if self.status == "extrapolated":
            text += f" by {self.extrapolation_K:.0f} K"
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
            "phase": self.phase,
            "status": self.status,
            "extrapolation_K": self.extrapolation_K,
            "precision": self.precision,
            "direction": self.direction,
            "law": self.law,
            "sources": list(self.sources),
            "warnings": list(self.warnings),
        }


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

    def phase_at(self, temperature_K: float, direction: str | None = None) -> tuple[str, list[str]]:
        """The phase at ``temperature_K`` on heating or cooling, with any warning."""
        if direction is not None and direction not in DIRECTIONS:
            raise InputError(f"direction must be 'heating' or 'cooling', not {direction!r}")
        heating = sum(temperature_K >= t.heating_K for t in self.transitions)
        cooling = sum(temperature_K >= t.cooling_K for t in self.transitions)
        if direction == "cooling":
            return self.phases[cooling], []
        warnings = []
        if direction is None and heating != cooling:
            warnings.append(
                "inside the thermal hysteresis the phase depends on history; assumed heating "
                "(pass direction='cooling' for the other branch)"
            )
        return self.phases[heating], warnings

    def sigma(self, temperature_K: float, direction: str | None = None) -> SigmaResult:
        """σ in S/cm at ``temperature_K`` with status, phase, sources and warnings."""
        temperature_K = float(check_positive(temperature_K, "temperature (K)"))
        phase, warnings = self.phase_at(temperature_K, direction)
        model = self.laws.get(phase)
        if model is None:
            raise MissingDataError(
                f"{self.name}: no σ(T) for the {phase} phase at "
                f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C ({self.missing.get(phase, 'no data')})"
            )
        near = [
            p
            for p in model.points
            if abs(p.temperature_K - temperature_K) <= MEASURED_TOLERANCE_K
            and (direction is None or p.direction in (None, direction))
        ]
        low, high = model.support_K
        if near:
            status: Status = "measured"
            sigma = math.exp(float(np.mean(np.log([p.sigma_S_per_cm for p in near]))))
            extrapolation = 0.0
            precision = max((p.precision for p in near), key=_PRECISION_RANK.__getitem__)
        else:
            sigma = float(model.law.sigma(temperature_K))
            extrapolation = max(low - temperature_K, temperature_K - high, 0.0)
            status = "interpolated" if extrapolation == 0.0 else "extrapolated"
            precision = model.precision
        sources = list(model.sources)
        sources += [
            s for t in self.transitions if phase in (t.low_phase, t.high_phase) for s in t.sources
        ]
        return SigmaResult(
            material_id=self.material_id,
            name=self.name,
            temperature_K=temperature_K,
            sigma_S_per_cm=sigma,
            phase=phase,
            status=status,
            extrapolation_K=extrapolation,
            precision=precision,
            direction=direction,
            law={**model.law.to_dict(), "basis": model.basis},
            sources=tuple(sources),
            warnings=tuple(warnings) + model.warnings + self.warnings,
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
    label = record.temperature_text or f"{record.temperature_C:g} °C"
    what = f"σ = {record.sigma_S_per_cm:.3g} S/cm at {label}" + (
        f" ({record.precision.replace('_', ' ')})" if record.precision != "exact" else ""
    )
    return DataPoint(
        T,
        record.sigma_S_per_cm,
        record.precision,
        record.direction,
        _source_entry(what, record.source),
    )


def _range_distance_K(energy: ActivationEnergy, temperatures_K: np.ndarray) -> float:
    """How far the data lie outside the temperature range an Ea was reported for (0 inside)."""
    if not temperatures_K.size:
        return 0.0
    low = -np.inf if energy.T_min_C is None else _kelvin(energy.T_min_C)
    high = np.inf if energy.T_max_C is None else _kelvin(energy.T_max_C)
    middle = float(np.mean(temperatures_K))
    return max(low - middle, middle - high, 0.0)


def _phase_model(
    phase: str, points: list[DataPoint], energies: list[ActivationEnergy]
) -> tuple[PhaseModel | None, str]:
    """Build the law of one phase, or return (None, why not)."""
    warnings: list[str] = []
    temperatures = np.array([p.temperature_K for p in points])
    if energies:
        energy = min(
            energies,
            key=lambda e: (_range_distance_K(e, temperatures), _PRECISION_RANK.get(e.precision, 9)),
        )
        if not points:
            return None, f"an activation energy ({energy.Ea_eV:g} eV) but no conductivity"
        convention: Convention
        if energy.convention == "unspecified":
            convention = ASSUMED_CONVENTION
            warnings.append(
                f"the source does not say whether Ea = {energy.Ea_eV:g} eV was fitted to σ or σT; "
                "assumed σ = σ0·exp(−Ea/kT)"
            )
        else:
            convention = energy.convention
        offsets = log_response(temperatures, [p.sigma_S_per_cm for p in points], convention)
        ln_prefactor = float(np.mean(offsets + energy.Ea_eV * inverse_kT(temperatures)))
        law = ArrheniusLaw(energy.Ea_eV, math.exp(ln_prefactor), convention)
        warnings += [
            f"Ea = {e.Ea_eV:g} eV of another temperature range is not used (no σ there)"
            for e in energies
            if e is not energy
        ]
        basis = f"{len(points)} point(s) + reported Ea"
        ea_range = [_kelvin(t) for t in (energy.T_min_C, energy.T_max_C) if t is not None]
        ea_sources = [_source_entry(f"Ea = {energy.Ea_eV:g} eV ({phase})", energy.source)]
    else:
        # a slope needs values known better than an order of magnitude
        slope_points = [p for p in points if p.precision != "order_of_magnitude"]
        slope_T = np.array([p.temperature_K for p in slope_points])
        if slope_T.size < 2 or np.ptp(slope_T) < 1.0:
            rough = len(points) - len(slope_points)
            return None, (
                f"{len(points)} σ value(s)"
                + (f" ({rough} only to an order of magnitude)" if rough else "")
                + " and no activation energy"
            )
        points = slope_points
        temperatures = slope_T
        slope, intercept = np.polyfit(
            inverse_kT(temperatures), np.log([p.sigma_S_per_cm for p in points]), 1
        )
        if slope >= 0:
            return None, "its conductivities do not increase with temperature"
        law = ArrheniusLaw(float(-slope), float(math.exp(intercept)), "sigma")
        basis = f"line through {len(points)} points (σ convention)"
        ea_range, ea_sources = [], []
    support = [*temperatures.tolist(), *ea_range]
    precision = max((p.precision for p in points), key=_PRECISION_RANK.__getitem__)
    if precision == "order_of_magnitude":
        warnings.append("rests on order-of-magnitude conductivities (±a factor of ~3)")
    return (
        PhaseModel(
            phase=phase,
            law=law,
            basis=basis,
            points=tuple(points),
            support_K=(min(support), max(support)),
            precision=precision,
            sources=tuple([p.source for p in points] + ea_sources),
            warnings=tuple(warnings),
        ),
        "",
    )


def conductivity_model(material: Material) -> ConductivityModel:
    """The piecewise σ(T) model of ``material``; MissingDataError if no phase has enough data."""
    transitions = _transitions(list(material.phase_transitions))
    if transitions:
        phases = (transitions[0].low_phase, *(t.high_phase for t in transitions))
    else:
        labels = {c.phase for c in material.conductivities if c.phase}
        phases = (labels.pop() if len(labels) == 1 else "single phase",)
    skeleton = ConductivityModel(material.id, material.name, phases, {}, tuple(transitions))
    notes: list[str] = []
    points: dict[str, list[DataPoint]] = {p: [] for p in phases}
    for record in material.conductivities:
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
    for phase in phases:
        model, why = _phase_model(phase, points[phase], energies[phase])
        if model is None:
            missing[phase] = why or "no data"
        else:
            laws[phase] = model
    if not laws:
        why = "; ".join([*(f"{phase}: {reason}" for phase, reason in missing.items()), *notes])
        raise MissingDataError(
            f"not enough conductivity data for {material.name}: a model needs one σ plus an "
            f"activation energy, or two σ at different temperatures, per phase ({why})"
        )
    return ConductivityModel(
        material.id, material.name, phases, laws, tuple(transitions), missing, tuple(notes)
    )


def sigma_at(
    name_or_material: str | Material,
    temperature_K: float,
    direction: str | None = None,
    kb=None,
) -> SigmaResult:
    """σ of a KB material (name, id, formula or record) at ``temperature_K``; no side effects."""
    material = name_or_material
    if not isinstance(material, Material):
        if kb is None:
            from hydrion.kb import open_kb

            kb = open_kb()
        material = kb.material(str(name_or_material))
    return conductivity_model(material).sigma(temperature_K, direction)
