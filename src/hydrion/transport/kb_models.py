"""σ(T) models of electrolytes built from knowledge-base records, phase by phase.

Each phase gets one Arrhenius law (built in :mod:`hydrion.transport.phase_laws`), fitted by
weighted least squares to *all* of its reported conductivities, with the reported activation
energy as a Gaussian prior on the slope. The weights come from each value's precision
(:data:`~hydrion.transport.sigma_points.LOG10_SIGMA_UNCERTAINTY`): a value given as "10^-3 S/cm"
carries about ±0.5 decade, a value with digits much less. A law is therefore continuous and
monotonic inside its phase; stored values are shown next to the model, never substituted for
it. The laws are joined into a :class:`~hydrion.transport.sigma_model.ConductivityModel`
(phases, validity, extrapolation and thermal limits: :mod:`hydrion.transport.sigma_model`).

Nothing is invented: a phase without enough data, or whose sources disagree beyond their
precision (e.g. two values ten times apart at the same temperature), has no law, and asking
for σ there raises :class:`~hydrion.errors.MissingDataError` naming what is missing or which
values conflict.
"""

from __future__ import annotations

from typing import overload

import numpy as np

from hydrion.atomistic.stored import measured_name
from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import ActivationEnergy, Material
from hydrion.transport.kb_data import excluded_reason, measured_note, thermal_limits
from hydrion.transport.phase_laws import phase_model
from hydrion.transport.phases import match_phase, ordered_transitions, phase_bounds
from hydrion.transport.sigma_model import ConductivityModel, ConflictingDataError
from hydrion.transport.sigma_points import (
    USABLE_PRECISION,
    DataPoint,
    cited,
    data_point,
    kelvin,
)
from hydrion.transport.sigma_results import SigmaGrid, SigmaResult
from hydrion.units import as_kelvin


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
