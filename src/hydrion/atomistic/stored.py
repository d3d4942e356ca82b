"""MD predictions read back from the user database, to show beside (never inside) measurements.

:mod:`hydrion.atomistic.predictions` stores a prediction as its own material record named
``"<measured material's name> [MD prediction <digest>]"`` whose values carry a source of
kind ``calculation`` (provenance as JSON in the source note, 1σ errors in each value's
note). This module reads such records back: it needs no numpy, torch or pymatgen, so
``hydrion sigma`` stays quick.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from hydrion.constants import ABSOLUTE_ZERO_C
from hydrion.kb.predicted import PREDICTION_TAG
from hydrion.kb.records import ActivationEnergy, Conductivity, Material, Sourced
from hydrion.result_checks import finite, ordered, uncertainty
from hydrion.results import Result

_PROVENANCE = "provenance: "
_SIGMA_ERROR = re.compile(r"σ = (?P<value>\S+) ± (?P<error>\S+) S/cm")
_EA_ERROR = re.compile(r"Ea = (?P<value>\S+) ± (?P<error>\S+) eV")
ILL_DETERMINED = "ILL-DETERMINED"


ESTIMATORS = {"blocks": "block averages", "kinisi": "kinisi posterior"}
"""How each D*/σ estimator's 1σ is obtained, as the stored note says it."""


def sigma_note(
    mean: float,
    error: float,
    replicas: int,
    time_ps: float,
    haven: list[str],
    estimator: str = "blocks",
) -> str:
    """The note of a stored predicted σ (read back by :func:`stored_predictions`).

    Parameters
    ----------
    mean : float
        Predicted σ, S/cm (mean over replicas).
    error : float
        Its 1σ error, S/cm.
    replicas : int
        Number of replicas averaged.
    time_ps : float
        Simulated time of each replica, ps.
    haven : list of str
        Each replica's H_R as :func:`~hydrion.atomistic.analysis.haven_text` gives it.
    estimator : str
        The σ estimator (a key of ``ESTIMATORS``, e.g. 'blocks').

    Returns
    -------
    str
        The note, starting 'predicted, not measured: σ = ... ± ... S/cm'.
    """
    from hydrion.atomistic.analysis import HAVEN_REFERENCE  # numpy: not at CLI start-up

    return (
        f"predicted, not measured: σ = {mean:.4g} ± {error:.2g} S/cm (1σ, "
        f"{ESTIMATORS.get(estimator, estimator)}, {replicas} replica(s), {time_ps:g} ps each); "
        f"Haven ratio H_R = D*/D_σ ± 1σ per replica ({HAVEN_REFERENCE}): {'; '.join(haven)}"
    )


def model_label(model: dict[str, Any] | None) -> str:
    """'name (backend version)' of a run's recorded model; a missing backend or version is said
    so, never printed as 'None'.

    Parameters
    ----------
    model : dict or None
        The run's ModelInfo as a dict (``model``, ``backend``, ``backend_version``).

    Returns
    -------
    str
        The label; '' when no model was recorded.
    """
    if not model:
        return ""
    name = model.get("model") or "unnamed model"
    backend, version = model.get("backend"), model.get("backend_version")
    if backend and version:
        return f"{name} ({backend} {version})"
    return f"{name} ({backend or 'backend not recorded'}; version not recorded)"


def ea_note(Ea_eV: float, error_eV: float) -> str:
    """The note of a stored predicted Ea (read back by :func:`stored_predictions`).

    Parameters
    ----------
    Ea_eV : float
        Predicted activation energy, eV.
    error_eV : float
        Its 1σ error, eV.

    Returns
    -------
    str
        'predicted, not measured: Ea = ... ± ... eV'.
    """
    return f"predicted, not measured: Ea = {Ea_eV:.4f} ± {error_eV:.2g} eV"


def beyond_limit(material_id: str | None, temperature_K: float) -> str | None:
    """Why ``temperature_K`` lies outside the material's stated validity, or None.

    The limit is the knowledge base's melting or decomposition temperature
    (``transport/data/thermal_limits.yaml``, each with its source), above which hydrion also
    refuses measured σ: an MD prediction there describes a solid that no longer exists.

    Parameters
    ----------
    material_id : str or None
        The material's knowledge-base id (None: not in the knowledge base).
    temperature_K : float
        The temperature, K.

    Returns
    -------
    str or None
        The reason, naming the limit (°C) and its references; None at or below the limit or
        for a material without a stated limit.
    """
    from hydrion.transport.kb_data import thermal_limits

    limit = thermal_limits().get(material_id or "")
    if limit is None or temperature_K <= limit.temperature_K:
        return None
    refs = ", ".join(map(str, limit.source.get("refs", [])))
    return (
        f"above the {limit.what} limit of {limit.temperature_K + ABSOLUTE_ZERO_C:.0f} °C [{refs}]"
        ": outside the material's validity, not physical"
    )


@dataclass(frozen=True)
class PredictedSigma(Result):
    """A predicted σ at one temperature: replica mean and its 1σ error (S/cm);
    ``beyond_limit`` says why the temperature lies outside the material's stated validity
    (:func:`beyond_limit`), None within it."""

    temperature_K: float
    sigma_S_per_cm: float
    sigma_err_S_per_cm: float | None
    well_determined: bool
    beyond_limit: str | None = None


@dataclass(frozen=True)
class PredictedEa(Result):
    """A predicted activation energy (eV) with its 1σ error, over a temperature range (K);
    ``beyond_limit`` as :class:`PredictedSigma`'s, for a fit range reaching past the limit."""

    Ea_eV: float
    Ea_err_eV: float | None
    T_min_K: float | None
    T_max_K: float | None
    convention: str
    well_determined: bool
    beyond_limit: str | None = None

    checks = (
        finite("Ea_eV"),
        uncertainty("Ea_err_eV"),
        ordered("T_min_K", "T_max_K"),
    )


@dataclass(frozen=True)
class StoredPrediction(Result):
    """One MD prediction stored in the user database, with what it was computed from.

    ``label`` is the heading it is shown under ("predicted (MLIP MD, <model>)");
    ``simulated_time_ps`` is the production time of each run; ``replicas`` the runs per
    temperature.
    """

    record_id: str
    label: str
    model: str
    backend: str
    backend_version: str
    phase: str | None
    structure_doi: str | None
    n_atoms: int | None
    replicas: int
    simulated_time_ps: tuple[float, ...]
    sigma: tuple[PredictedSigma, ...]
    activation_energy: PredictedEa | None

    def model_text(self) -> str:
        """The model as :func:`model_label` shows it: 'name (backend version)'."""
        return model_label(
            {"model": self.model, "backend": self.backend, "backend_version": self.backend_version}
        )


def _error(pattern: re.Pattern[str], note: str | None) -> float | None:
    match = pattern.search(note or "")
    return float(match["error"]) if match else None


def note_error(value: Sourced) -> float | None:
    """The 1σ a stored predicted σ or Ea keeps in its note.

    Parameters
    ----------
    value : Sourced
        A stored value (a Conductivity or an ActivationEnergy record).

    Returns
    -------
    float or None
        The 1σ in the value's unit (S/cm or eV); None for any other value, or a note without one.
    """
    if isinstance(value, Conductivity):
        return _error(_SIGMA_ERROR, value.note)
    if isinstance(value, ActivationEnergy):
        return _error(_EA_ERROR, value.note)
    return None


def _provenance(record: Material) -> dict[str, Any] | None:
    values = [*record.conductivities, *record.activation_energies]
    for value in values:
        note = value.source.note or ""
        if value.source.kind == "calculation" and note.startswith(_PROVENANCE):
            return json.loads(note[len(_PROVENANCE) :])
    return None


def read_prediction(record: Material, material_id: str | None = None) -> StoredPrediction | None:
    """The prediction a record holds.

    Parameters
    ----------
    record : hydrion.kb.records.Material
        A knowledge-base material record.
    material_id : str or None
        The measured material's knowledge-base id, whose stated thermal limit flags predictions
        above it (:func:`beyond_limit`); None: nothing is flagged.

    Returns
    -------
    StoredPrediction or None
        Model, backend, structure, replicas, simulated times (ps), σ(T) (K, S/cm, 1σ errors
        read back from the notes, each flagged beyond the thermal limit or not) and Ea (eV);
        None for a record that is not an MD prediction
        (or whose provenance cannot be read).
    """
    if PREDICTION_TAG not in record.name:
        return None
    prov = _provenance(record)
    if prov is None:
        return None
    model = prov.get("model") or {}
    runs = prov.get("runs") or []
    per_T: dict[float, int] = {}
    for run in runs:
        per_T[run["temperature_K"]] = per_T.get(run["temperature_K"], 0) + 1
    sigma = tuple(
        PredictedSigma(
            temperature_K=c.temperature_C - ABSOLUTE_ZERO_C,
            sigma_S_per_cm=c.sigma_S_per_cm,
            sigma_err_S_per_cm=_error(_SIGMA_ERROR, c.note),
            well_determined=not (c.note or "").startswith(ILL_DETERMINED),
            beyond_limit=beyond_limit(material_id, c.temperature_C - ABSOLUTE_ZERO_C),
        )
        for c in record.conductivities
    )
    energy = None
    if record.activation_energies:
        e = record.activation_energies[0]
        energy = PredictedEa(
            Ea_eV=e.Ea_eV,
            Ea_err_eV=_error(_EA_ERROR, e.note),
            T_min_K=None if e.T_min_C is None else e.T_min_C - ABSOLUTE_ZERO_C,
            T_max_K=None if e.T_max_C is None else e.T_max_C - ABSOLUTE_ZERO_C,
            convention=e.convention,
            well_determined=not (e.note or "").startswith(ILL_DETERMINED),
            beyond_limit=None
            if e.T_max_C is None
            else beyond_limit(material_id, e.T_max_C - ABSOLUTE_ZERO_C),
        )
    structure = prov.get("structure") or {}
    name = str(model.get("model", "unknown model"))
    return StoredPrediction(
        record_id=record.id,
        label=f"predicted (MLIP MD, {name})",
        model=name,
        backend=str(model.get("backend") or ""),
        backend_version=str(model.get("backend_version") or ""),
        phase=structure.get("phase"),
        structure_doi=structure.get("doi"),
        n_atoms=prov.get("n_atoms"),
        replicas=max(per_T.values(), default=0),
        simulated_time_ps=tuple(prov.get("simulated_time_ps") or ()),
        sigma=sigma,
        activation_energy=energy,
    )


def measured_name(record: Material) -> str | None:
    """The name of the measured material a prediction record belongs to.

    Parameters
    ----------
    record : hydrion.kb.records.Material
        A knowledge-base material record.

    Returns
    -------
    str or None
        The name before the ``[MD prediction ...]`` tag; None for a record that is not one.
    """
    head, tag, _ = record.name.partition(PREDICTION_TAG)
    return head.strip() if tag else None


def stored_predictions(kb, material: Material) -> list[StoredPrediction]:
    """The MD predictions stored in ``kb``'s user database for ``material``, in id order.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base (curated records and the user database).
    material : Material
        The measured material (e.g. ``kb.material("LiBH4")``).

    Returns
    -------
    list of StoredPrediction
        Each stored prediction of this material; empty when none was stored. The measured
        record itself is never one of them. Found through the user database's index, so
        only the prediction records are read.
    """
    found = []
    for record in kb.prediction_records(material.name, material.kind, material.family):
        if record.id != material.id and measured_name(record) == material.name:
            prediction = read_prediction(record, material.id)
            if prediction is not None:
                found.append(prediction)
    return found
