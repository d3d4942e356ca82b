"""MD predictions as knowledge-base records of kind ``calculation``, with full provenance.

A prediction is stored in the user database as its own material record (id
``md-<material>-<digest>``), never mixed into the measured record: its conductivities and
activation energy carry a source of kind ``calculation`` whose note holds the provenance
(model, backend version, structure and its DOI, temperatures, simulated time, atom count,
replicas, seeds). The digest is computed from that provenance, so storing the same
prediction again is recognised and skipped (idempotent), while a different model, seed or
length makes a new record.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

import numpy as np

from hydrion.atomistic.analysis import PADDLE_WHEEL_REFERENCE, TransportResult, haven_text
from hydrion.atomistic.stored import ea_note, model_label, sigma_note
from hydrion.constants import ABSOLUTE_ZERO_C
from hydrion.errors import DuplicateRecordError, InputError, UnknownRecordError
from hydrion.kb.predicted import PREDICTION_TAG
from hydrion.kb.records import ID_PATTERN, ActivationEnergy, Conductivity, Material
from hydrion.sources import Source

UNLINKED_FAMILY = "md-prediction"
"""Family of a prediction whose sidecar names no measured material: ``hydrion sigma`` does not
show it with any measured material."""


def provenance(results: list[TransportResult]) -> dict[str, Any]:
    """The provenance shared by a set of runs.

    Parameters
    ----------
    results : list of TransportResult
        Analysed runs (:func:`hydrion.atomistic.analysis.analyse`), with their metadata.

    Returns
    -------
    dict
        Model, structure (with its DOI), formula, atom count, ion, the runs sorted by
        temperature (K), seed, production steps and time step (fs), the simulated times (ps) and
        the σ estimator.

    Raises
    ------
    hydrion.errors.InputError
        For no runs, or runs of different models, structures or estimators.
    """
    if not results:
        raise InputError("no MD results to store")
    models = {json.dumps(r.metadata.get("model"), sort_keys=True) for r in results}
    structures = {json.dumps(r.metadata.get("structure"), sort_keys=True) for r in results}
    estimators = {r.metadata.get("estimator", "blocks") for r in results}
    if len(models) > 1 or len(structures) > 1 or len(estimators) > 1:
        raise InputError(
            "one prediction is made from runs of one model on one structure, with one estimator"
        )
    runs = sorted(
        (
            r.temperature_K,
            r.metadata["settings"]["seed"],
            r.metadata["settings"]["production_steps"],
            r.metadata["settings"]["timestep_fs"],
        )
        for r in results
    )
    return {
        "model": results[0].metadata.get("model"),
        "structure": results[0].metadata.get("structure"),
        "formula": results[0].metadata.get("formula"),
        "n_atoms": results[0].n_atoms,
        "ion": results[0].ion,
        "runs": [
            {"temperature_K": T, "seed": s, "production_steps": n, "timestep_fs": dt}
            for T, s, n, dt in runs
        ],
        "simulated_time_ps": sorted({round(r.simulated_time_ps, 6) for r in results}),
        "estimator": estimators.pop(),
    }


def _digest(prov: dict[str, Any]) -> str:
    text = json.dumps(prov, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def _replicas(values: list[float | None], digits: int) -> str:
    """Replica values as a list, an unresolved one as 'n/r'."""
    shown = ["n/r" if v is None or not math.isfinite(v) else f"{v:.{digits}g}" for v in values]
    return f"[{', '.join(shown)}]"


def mechanism_note(runs: list[TransportResult]) -> str:
    """Anion rotation τ, orientational order η and paddle-wheel index of the replicas at one
    temperature, as stored beside the predicted σ (n/r: not resolved).

    Parameters
    ----------
    runs : list of TransportResult
        The replicas at one temperature.

    Returns
    -------
    str
        One line: τ in ps, η and the paddle-wheel index, over the replicas.

    Notes
    -----
    Paddle-wheel index: hydrion's definition, after Zhang et al., Matter (2020),
    doi:10.1016/j.matt.2020.04.027 (``PADDLE_WHEEL_REFERENCE``).
    """
    tau = _replicas(
        [None if r.rotation_tau_ps is None else r.rotation_tau_ps.value for r in runs], 3
    )
    eta = _replicas(
        [None if r.orientational_order is None else r.orientational_order.value for r in runs], 2
    )
    pwi = _replicas([r.paddle_wheel_index for r in runs], 3)
    return (
        f"anion rotation τ {tau} ps; orientational order η {eta}; paddle-wheel index {pwi} "
        f"(hydrion's definition, after {PADDLE_WHEEL_REFERENCE})"
    )


def prediction_record(
    results: list[TransportResult], material: Material | None, fit=None, rotation_fit=None
) -> Material:
    """The material record holding the predicted σ(T) (and Ea from ``fit``, if given).

    Per temperature, σ is the mean over replicas with error √(Σ σ_i²)/n (S/cm); it is marked
    order-of-magnitude and ILL-DETERMINED where any replica is not diffusive or the error is at
    least half the value. An unresolved σ is not stored; nor is a negative Ea.

    Parameters
    ----------
    results : list of TransportResult
        Analysed runs (:func:`hydrion.atomistic.analysis.analyse`), with their metadata.
    material : hydrion.kb.records.Material or None
        The measured material the structure models (its id, name, kind, ions and family are
        reused), or None to use the runs' formula.
    fit : hydrion.transport.fitting.ArrheniusFit or None
        The Arrhenius fit of the predicted σ(T)
        (:func:`~hydrion.atomistic.analysis.fit_md_arrhenius`): its first segment's Ea (eV) and
        range are stored.
    rotation_fit : hydrion.transport.fitting.ArrheniusFit or None
        :func:`~hydrion.atomistic.analysis.fit_rotation_arrhenius`: the activation energy of
        anion reorientation, put in the record's description.

    Returns
    -------
    hydrion.kb.records.Material
        Id ``md-<material>-<digest of the provenance>``; each value's source is of kind
        ``calculation`` with the provenance as JSON in its note, each σ's note carrying the
        Haven ratios and :func:`mechanism_note` of its replicas.

    Raises
    ------
    hydrion.errors.InputError
        As :func:`provenance`.
    """
    prov = provenance(results)
    digest = _digest(prov)
    label = model_label(prov["model"]) or "model not recorded"
    source = Source(
        kind="calculation",
        citation=f"hydrion MD prediction with {label}",  # the structure's DOI is in the note
        note="provenance: " + json.dumps(prov, sort_keys=True, default=str),
    )
    phase = (prov["structure"] or {}).get("phase")
    conductivities = []
    for T in sorted({r.temperature_K for r in results}):
        here = [r for r in results if r.temperature_K == T]
        sigmas = np.array([r.sigma_S_per_cm.value for r in here])
        errors = np.array([r.sigma_S_per_cm.error for r in here])
        if not np.all(np.isfinite(sigmas) & (sigmas > 0)):
            continue  # unresolved σ is not stored as a number
        mean = float(sigmas.mean())
        error = float(math.sqrt(np.sum(errors**2)) / len(here))
        haven = [haven_text(r) for r in here]
        determined = mean >= 2 * error and all(r.diffusive for r in here)
        conductivities.append(
            Conductivity(
                sigma_S_per_cm=mean,
                temperature_C=T + ABSOLUTE_ZERO_C,
                precision="approximate" if determined else "order_of_magnitude",
                phase=phase,
                source=source,
                note=(
                    (
                        ""
                        if determined
                        else "ILL-DETERMINED (not diffusive, or error ≥ half the value); "
                    )
                    + sigma_note(
                        mean,
                        error,
                        len(here),
                        here[0].simulated_time_ps,
                        haven,
                        prov["estimator"],
                    )
                    + "; "
                    + mechanism_note(here)
                ),
            )
        )
    energies = []
    segment = None if fit is None else fit.segments[0]
    if segment is not None and segment.Ea_eV > 0:  # a negative Ea from noise is not stored
        determined = segment.Ea_eV >= 2 * segment.Ea_err_eV
        energies.append(
            ActivationEnergy(
                Ea_eV=segment.Ea_eV,
                phase=phase,
                T_min_C=segment.T_min_K + ABSOLUTE_ZERO_C,
                T_max_C=segment.T_max_K + ABSOLUTE_ZERO_C,
                convention=fit.convention,
                precision="approximate" if determined else "order_of_magnitude",
                source=source,
                note=(
                    ("" if determined else "ILL-DETERMINED (error ≥ half the value); ")
                    + ea_note(segment.Ea_eV, segment.Ea_err_eV)
                ),
            )
        )
    base = material.id if material is not None else prov["formula"].lower()
    name = material.name if material is not None else prov["formula"]
    return Material(
        id=f"md-{base}-{digest}",
        name=f"{name} {PREDICTION_TAG}{digest}]",
        kind=material.kind if material is not None else "electrolyte",
        ions=material.ions if material is not None else [prov["ion"]],
        family=material.family if material is not None else UNLINKED_FAMILY,
        formula=prov["formula"],
        description=(
            f"Machine-learned-potential MD prediction with {label}; not a measurement."
            + _rotation_text(rotation_fit)
        ),
        conductivities=conductivities,
        activation_energies=energies,
    )


def _rotation_text(rotation_fit) -> str:
    """' Anion reorientation: Ea = … ± … eV …' from a fit of 1/τ(T), or '' without one."""
    if rotation_fit is None:
        return ""
    seg = rotation_fit.segments[0]
    if not (math.isfinite(seg.Ea_eV) and seg.Ea_eV > 0):
        return ""
    return (
        f" Anion reorientation: Ea = {seg.Ea_eV:.3f} ± {seg.Ea_err_eV:.2g} eV (Arrhenius fit "
        f"of 1/τ of the B–H bond autocorrelation, {seg.T_min_K:g}–{seg.T_max_K:g} K)."
    )


def measured_material(results: list[TransportResult], kb) -> Material | None:
    """The measured material the runs' structure models, named by their sidecar.

    Parameters
    ----------
    results : list of TransportResult
        Analysed runs, with their metadata.
    kb : hydrion.kb.KnowledgeBase
        The knowledge base holding the measured material.

    Returns
    -------
    hydrion.kb.records.Material or None
        The material of the curated structure (sidecar ``structure.structure``, written by
        ``md run``), else the one a hand-written sidecar names (``structure.material``: an
        id, name or formula, e.g. ``"LiBH4"``); None where the sidecar names neither.

    Raises
    ------
    hydrion.errors.InputError
        For a ``structure.material`` that is not text.
    hydrion.errors.UnknownRecordError
        For a material the knowledge base does not hold (or holds several of).
    """
    structure = (results[0].metadata.get("structure") or {}) if results else {}
    if not isinstance(structure, dict):
        return None
    if structure.get("structure"):
        from hydrion.atomistic.structures import structure_entry

        return kb.material(structure_entry(structure["structure"]).material)
    name = structure.get("material")
    if name is None:
        return None
    if not isinstance(name, str):
        raise InputError(
            f"sidecar structure.material is {name!r}: name the measured material as text "
            '(an id, name or formula, e.g. "LiBH4")'
        )
    return kb.material(name)


def store_prediction(
    results: list[TransportResult], kb, fit=None, key: str | None = None, rotation_fit=None
) -> tuple[Material, bool]:
    """Store the prediction in ``kb``'s user database.

    The knowledge-base material is the one the sidecar names (:func:`measured_material`),
    when known: the prediction is then shown with it by ``hydrion sigma``. Storing the same
    prediction again is skipped.

    Parameters
    ----------
    results : list of TransportResult
        Analysed runs (:func:`hydrion.atomistic.analysis.analyse`), with their metadata.
    kb : hydrion.kb.KnowledgeBase
        The knowledge base whose user database receives the record.
    fit : hydrion.transport.fitting.ArrheniusFit or None
        The Arrhenius fit of σ(T), for Ea (see :func:`prediction_record`).
    key : str or None
        The id to store it under (``--store KEY``, as in every command); by default
        ``md-<material>-<digest of the provenance>``.
    rotation_fit : hydrion.transport.fitting.ArrheniusFit or None
        The Arrhenius fit of anion reorientation (see :func:`prediction_record`).

    Returns
    -------
    tuple of (hydrion.kb.records.Material, bool)
        The record and whether it was newly stored.

    Raises
    ------
    hydrion.errors.InputError
        For a key that is not a valid id (and as :func:`provenance`, :func:`measured_material`).
    hydrion.errors.UnknownRecordError
        For a measured material the knowledge base does not hold.
    hydrion.errors.DuplicateRecordError
        For a key another record already uses.
    """
    record = prediction_record(results, measured_material(results, kb), fit, rotation_fit)
    if key is not None:
        if not re.fullmatch(ID_PATTERN, key):
            raise InputError(
                f"--store {key!r}: an id is lowercase letters, digits and _.+()- "
                "(starting with a letter or digit)"
            )
        record = Material.model_validate({**record.model_dump(), "id": key})
    try:
        existing = kb.material(record.id)
    except UnknownRecordError:
        existing = None
    if existing is not None:
        if existing.name == record.name:  # the name holds the provenance digest
            return record, False
        raise DuplicateRecordError(
            f"--store {record.id!r}: that id is taken by {existing.name!r}; choose another key"
        )
    kb.add_records([record], origin="hydrion md analyse")
    return record, True
