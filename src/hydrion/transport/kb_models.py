"""σ(T) models of electrolytes built from knowledge-base records, phase by phase.

Each phase gets one Arrhenius law (built in :mod:`hydrion.transport.phase_laws`), fitted by
weighted least squares to *all* of its reported conductivities, with the reported activation
energy as a Gaussian prior on the slope. The weights come from each value's precision
(:data:`~hydrion.transport.sigma_points.LOG10_SIGMA_UNCERTAINTY`): a value given as "10^-3 S/cm"
carries about ±0.5 decade, a value with digits much less. A law is therefore continuous and
monotonic inside its phase; stored values are shown next to the model, never substituted for
it. Phases are ordered by the material's phase transitions (:mod:`hydrion.transport.phases`); a
transition reported separately on heating and cooling makes the phase depend on the direction
asked for.

Each law is valid over its data (the temperatures of its conductivities and of the range its
Ea was reported for) plus :data:`~hydrion.transport.phase_laws.VALIDITY_MARGIN_K`; beyond that
values are flagged extrapolated with the distance. Above a melting or decomposition temperature
listed in ``transport/data/thermal_limits.yaml`` (:mod:`hydrion.transport.kb_data`) σ is
refused.

Nothing is invented: a phase without enough data, or whose sources disagree beyond their
precision (e.g. two values ten times apart at the same temperature), has no law, and asking
for σ there raises :class:`~hydrion.errors.MissingDataError` naming what is missing or which
values conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

import numpy as np

from hydrion.atomistic.stored import measured_name
from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import ActivationEnergy, Material
from hydrion.kb.references import cited_references
from hydrion.transport.kb_data import ThermalLimit, excluded_reason, measured_note, thermal_limits
from hydrion.transport.phase_laws import VALIDITY_MARGIN_K, PhaseModel, phase_model
from hydrion.transport.phases import Transition, match_phase, ordered_transitions, phase_bounds
from hydrion.transport.sigma_points import (
    MEASURED_TOLERANCE_K,
    USABLE_PRECISION,
    DataPoint,
    cited,
    data_point,
    kelvin,
)
from hydrion.transport.sigma_results import SigmaGrid, SigmaResult, Status
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin

DIRECTIONS: tuple[str, ...] = ("heating", "cooling")
# Beyond this distance from the data of a law σ is refused, not extrapolated: an Arrhenius
# law carried 200 K past its data says nothing a researcher should use (hydrion's choice).
MAX_EXTRAPOLATION_K = 200.0


class ConflictingDataError(MissingDataError):
    """The records of a phase disagree beyond their precision; hydrion will not average them."""


class AboveThermalLimitError(InputError):
    """σ asked above the temperature where the electrolyte melts or decomposes."""


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
        kelvin_value = as_kelvin(temperature_K, "temperature")
        if np.ndim(kelvin_value):
            raise InputError("sigma() takes one temperature; use sigma_grid() for an array")
        T = float(kelvin_value)
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
        ) + self._bounds_at(T, direction)
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
                **model.law.as_dict(),
                "Ea_err_eV": model.Ea_err_eV,
                "basis": model.basis,
                "validity_K": list(model.validity_K),
            },
            stored=stored,
            sources=tuple(sources),
            cited=cited_references(ref for s in sources for ref in s.get("refs") or ()),
            warnings=tuple(warnings) + model.warnings + self.warnings,
            assumed_direction=assumed,
        )

    def _bounds_at(self, temperature_K: float, direction: str | None) -> tuple[dict, ...]:
        """Source entries of the bounds ('σ > 1e-05 S/cm at RT') stored at this temperature:
        no law uses them, so they are listed beside the value, never fitted."""
        if self.material is None:
            return ()
        return tuple(
            data_point(record).source
            for record in self.material.conductivities
            if record.precision not in USABLE_PRECISION
            and abs(kelvin(record.temperature_C) - temperature_K) <= MEASURED_TOLERANCE_K
            and (direction is None or record.direction in (None, direction))
            and excluded_reason(self.material.id, record) is None
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
        status = np.full(T.shape, "", dtype=object)
        precision = np.full(T.shape, "", dtype=object)
        warnings = self._grid_hysteresis_warnings(T, indices, direction)
        for index, phase in enumerate(self.phases):
            where = indices == index
            model = self.laws.get(phase)
            if not where.any():
                continue
            if model is None:
                warnings.append(
                    f"{where.sum()} of {T.size} temperatures in the {phase} phase, which has no "
                    f"σ(T) law ({self.missing.get(phase, 'no data')}): σ is NaN there"
                )
                continue
            sigma[where] = model.law.sigma(T[where])
            error[where] = model.log10_sigma_err(T[where])
            low, high = model.support_K
            distance[where] = np.maximum.reduce([low - T[where], T[where] - high, 0 * T[where]])
            extrapolated[where] = distance[where] > 0  # as SigmaResult.status: beyond the data
            status[where] = np.where(extrapolated[where], "extrapolated", "interpolated")
            precision[where] = model.precision
            warnings += self._grid_extrapolation_warnings(T, where, distance, phase, model)
            warnings += model.warnings
        return SigmaGrid(
            material_id=self.material_id,
            temperature_K=T,
            sigma_S_per_cm=sigma,
            sigma_err_log10=error,
            phase=np.array(self.phases, dtype=object)[indices],
            extrapolated=extrapolated,
            extrapolation_K=distance,
            direction=direction,
            status=status,
            precision=precision,
            warnings=tuple(dict.fromkeys([*warnings, *self.warnings])),
        )

    def _grid_hysteresis_warnings(
        self, T: np.ndarray, indices: np.ndarray, direction: str | None
    ) -> list[str]:
        """The hysteresis flag of :meth:`phase_at`, counted over a grid (none once a
        direction is given)."""
        if direction is not None:
            return []
        inside = indices != self._phase_indices(T, "cooling")
        if not inside.any():
            return []
        return [
            f"{inside.sum()} of {T.size} temperatures lie inside the thermal hysteresis, where "
            "the phase depends on history; heating assumed (pass direction='cooling' for the "
            "other branch)"
        ]

    def _grid_extrapolation_warnings(
        self, T: np.ndarray, where: np.ndarray, distance: np.ndarray, phase: str, model
    ) -> list[str]:
        """The extrapolation flags of :meth:`sigma`, counted over the grid points of one
        phase: beyond the validity margin, and beyond what :meth:`sigma` extrapolates at all."""
        v_low, v_high = model.validity_K
        beyond = where & ((v_low > T) | (v_high < T))
        warnings = []
        if beyond.any():
            warnings.append(
                f"{beyond.sum()} of {T.size} temperatures ({phase}) lie up to "
                f"{distance[beyond].max():.0f} K beyond the data of its law, past the "
                f"±{VALIDITY_MARGIN_K:g} K margin where it is taken as valid: those values rest "
                "on the Arrhenius form holding that far"
            )
        far = where & (distance > MAX_EXTRAPOLATION_K)
        if far.any():
            warnings.append(
                f"{far.sum()} of {T.size} temperatures ({phase}) lie more than "
                f"{MAX_EXTRAPOLATION_K:.0f} K beyond the data of its law, where sigma() "
                "refuses to give a value"
            )
        return warnings


def _ea_phase(record: ActivationEnergy, model: ConductivityModel) -> str | None:
    phase = match_phase(record.phase, model.phases)
    if phase is not None or len(model.phases) == 1:
        return phase or model.phases[0]
    if record.T_min_C is not None and record.T_max_C is not None:
        return model.phase_at(kelvin((record.T_min_C + record.T_max_C) / 2))[0]
    return None


def conductivity_model(material: Material) -> ConductivityModel:
    """The piecewise σ(T) model of a knowledge-base material.

    One weighted Arrhenius law per phase, fitted to all its stored values (weighted by their
    precision, the reported Ea as a prior), joined at the stored phase transitions (with their
    hysteresis) and bounded by melting or decomposition.

    Parameters
    ----------
    material : Material
        A knowledge-base record (``open_kb().material("LiBH4")``).

    Returns
    -------
    ConductivityModel
        σ(T) with its status (interpolated or extrapolated, and by how far), uncertainty and
        the sources each law rests on.

    Raises
    ------
    InputError
        The record is a stored MD prediction: its values are predicted, not measured, and
        are never fitted as a measured law (``hydrion sigma`` shows them beside it).
    MissingDataError
        No phase has enough consistent data (the message says why for each phase).
    """
    measured = measured_name(material)
    if measured is not None:
        raise InputError(
            f"{material.id!r} is a stored MD prediction, not a measurement; no σ(T) law is "
            f"fitted to it ('hydrion sigma {measured}' shows it beside the measured law)"
        )
    transitions = tuple(ordered_transitions(list(material.phase_transitions)))
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
        if record.precision not in USABLE_PRECISION:
            entry = data_point(record).source
            notes.append(f"{entry['value']}{cited(entry)} is a bound, not used in the model")
            continue
        phase = (
            match_phase(record.phase, phases)
            or skeleton.phase_at(kelvin(record.temperature_C), record.direction or "heating")[0]
        )
        points[phase].append(data_point(record))
    energies: dict[str, list[ActivationEnergy]] = {p: [] for p in phases}
    for energy in material.activation_energies:
        ea_phase = _ea_phase(energy, skeleton)
        if ea_phase is None:
            notes.append(f"cannot tell which phase Ea = {energy.Ea_eV:g} eV belongs to; not used")
        else:
            energies[ea_phase].append(energy)
    laws, missing = {}, {}
    for index, phase in enumerate(phases):
        bounds = phase_bounds(transitions, index)
        model, why = phase_model(phase, points[phase], energies[phase], bounds)
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
        thermal_limits().get(material.id),
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
        try:
            key = str(name_or_material)
        except (OverflowError, ValueError):  # e.g. a pymatgen Composition with an inf amount
            raise InputError(
                f"material: cannot read {type(name_or_material).__name__} as a name or formula"
            ) from None
        material = kb.material(key)
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
