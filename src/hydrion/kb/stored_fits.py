"""Impedance and Arrhenius fits kept in the user database (``hydrion eis --store KEY``,
``hydrion arrhenius fit --store KEY``), found by their key or by the material they were
stored with, and checked by reading them back as the results they are (what ``hydrion db
show`` prints, and ``--json`` writes).

A stored fit is shown as stored: its kind, key and the time it was stored (``stored_at``, ISO
8601, UTC) beside the command's own payload, whose field names carry their units
(``R_bulk_ohm``, ``sigma_total_S_per_cm``, ``temperature_K``, ``Ea_eV``, ``T_min_K``) and
whose Arrhenius fits name their convention (``convention``: 'sigma' for σ = σ0·exp(−Ea/kT),
'sigmaT' for σT = A·exp(−Ea/kT)). Nested results keep their ``@module``/``@class`` tags, so
:meth:`~hydrion.results.Result.from_dict` of :class:`~hydrion.experiment.eis_result.EISResult`
or :class:`~hydrion.transport.fit_results.ArrheniusFit` reads them back.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hydrion.errors import HydrionError, HydrionWarning, InputError
from hydrion.results import Result

if TYPE_CHECKING:
    from hydrion.experiment.eis_result import EISResult
    from hydrion.kb.store import UserStore
    from hydrion.transport.fit_results import ArrheniusFit
    from hydrion.transport.vft import VFTFit

FIT_KINDS = {"eis_fit": "hydrion eis --store", "arrhenius_fit": "hydrion arrhenius fit --store"}
"""The kinds of stored fits, each with the command that stores it."""


@dataclass(frozen=True)
class StoredFits(Result):
    """The fits stored in the user database under one key that names no material.

    ``fits`` are as :func:`stored_fits` gives them: each stored payload with its ``kind``
    ('eis_fit' or 'arrhenius_fit'), ``key`` and ``stored_at`` (ISO 8601, UTC).
    """

    key: str
    fits: tuple[dict[str, Any], ...] = ()


def stored_fits(
    store: UserStore, keys: Iterable[str], material_id: str | None = None
) -> tuple[dict[str, Any], ...]:
    """The impedance and Arrhenius fits stored under any of ``keys``, or with ``--material``
    naming ``material_id``, oldest first.

    Parameters
    ----------
    store : UserStore
        The user database.
    keys : iterable of str
        The ``--store`` keys to look for (a material's id, name and the name asked for).
    material_id : str, optional
        Also the fits stored with ``--material`` naming this material (any key).

    Returns
    -------
    tuple of dict
        Each fit's stored payload (files, fitted results with units in their field names,
        conventions) after ``kind``, ``key`` and ``stored_at`` (ISO 8601, UTC).

    Raises
    ------
    UserDatabaseError
        The user database cannot be read.

    Warns
    -----
    HydrionWarning
        A stored fit that does not read back as the results its command stores (left out).
    """
    keys = list(dict.fromkeys(keys))
    kinds = tuple(FIT_KINDS)
    match = f"key IN ({_placeholders(len(keys))})" if keys else "0"
    params: tuple = (*kinds, *keys)
    if material_id is not None:
        match += (
            " OR (CASE WHEN json_valid(payload) THEN json_extract(payload, '$.material') END) = ?"
        )
        params += (material_id,)
    in_kinds = f"kind IN ({_placeholders(len(kinds))})"
    rows = store.query(
        f"SELECT kind, key, added_at FROM records WHERE {in_kinds} AND ({match}) "  # noqa: S608
        "ORDER BY added_at, kind, key",
        params,
    )
    found = []
    for kind, key, added_at in rows:
        payload = store.get(kind, key)
        if payload is None:  # not JSON: the store has warned
            continue
        try:
            read_back(kind, payload)
        except HydrionError as exc:  # a damaged record; a bug in the reading is not caught
            warnings.warn(
                f"user database {store.path}: stored {kind} {key!r} does not read back as "
                f"what '{FIT_KINDS[kind]}' stores ({exc}); skipped",
                HydrionWarning,
                stacklevel=2,
            )
            continue
        found.append({"kind": kind, "key": key, "stored_at": added_at, **payload})
    return tuple(found)


def _placeholders(n: int) -> str:
    """'?, ?, …': ``n`` SQL parameter places."""
    return ", ".join("?" * n)


@dataclass(frozen=True)
class StoredFitResults:
    """The results one stored fit holds, read back through their classes.

    Attributes
    ----------
    spectra : tuple of EISResult
        An 'eis_fit''s fitted spectra (empty for an 'arrhenius_fit').
    series : ArrheniusFit or None
        An 'eis_fit''s Arrhenius fit of its series of spectra, where it has one.
    laws : tuple of (str or None, ArrheniusFit or VFTFit)
        An 'arrhenius_fit''s laws, each with its direction ('heating', 'cooling'; None for
        the whole file).
    """

    spectra: tuple[EISResult, ...] = ()
    series: ArrheniusFit | None = None
    laws: tuple[tuple[str | None, ArrheniusFit | VFTFit], ...] = ()


def read_back(kind: str, payload: Any) -> StoredFitResults:
    """The results a stored fit's payload holds, each built through its constructor's checks.

    Parameters
    ----------
    kind : str
        'eis_fit' or 'arrhenius_fit' (a key of :data:`FIT_KINDS`).
    payload : Any
        The stored payload, as decoded from JSON (a dict; the keys :func:`stored_fits` adds
        beside it are allowed).

    Returns
    -------
    StoredFitResults
        Its spectra and series law ('eis_fit') or its laws with their directions
        ('arrhenius_fit').

    Raises
    ------
    InputError
        The payload is not what the kind's command stores: not a dict, no spectra or fits,
        file names that are not text, or a result its class refuses.
    HydrionError
        Another refusal of a result's constructor, as that error.
    """
    if not isinstance(payload, dict):
        raise InputError(f"a dict, not {type(payload).__name__}")
    if kind == "eis_fit":
        from hydrion.experiment.eis_result import EISResult
        from hydrion.transport.fit_results import ArrheniusFit

        _check_text(payload.get("files"))
        series = payload.get("arrhenius")
        return StoredFitResults(
            spectra=tuple(EISResult.from_dict(s) for s in _listed(payload, "spectra")),
            series=None if series is None else ArrheniusFit.from_dict(series),
        )
    _check_text([payload.get("file")])
    laws = _listed(payload, "fits")
    if not all(isinstance(law, dict) for law in laws):
        raise InputError("a fit is not a dict")
    return StoredFitResults(laws=tuple((law.get("direction"), fit_result(law)) for law in laws))


def _listed(payload: dict[str, Any], name: str) -> list[Any]:
    """``payload[name]``: a list of at least one item, else InputError."""
    items = payload.get(name)
    if not isinstance(items, list) or not items:
        raise InputError(f"no {name}")
    return items


def fit_result(stored: dict[str, Any]) -> ArrheniusFit | VFTFit:
    """The ArrheniusFit or VFTFit an 'arrhenius_fit' payload holds in one of its ``fits``
    (its ``direction`` left out).

    Parameters
    ----------
    stored : dict
        One of the payload's ``fits``: a fit's ``as_dict()`` and its ``direction``.

    Returns
    -------
    ArrheniusFit or VFTFit
        The fit, by its ``@class``.

    Raises
    ------
    InputError
        Not a fit of either class.
    """
    fit = {k: v for k, v in stored.items() if k != "direction"}
    if fit.get("@class") == "VFTFit":
        from hydrion.transport.vft import VFTFit  # scipy.optimize: only for a VFT fit

        return VFTFit.from_dict(fit)
    from hydrion.transport.fit_results import ArrheniusFit

    return ArrheniusFit.from_dict(fit)


def _check_text(files: Any) -> None:
    """Refuse file names that are not a list of text (InputError)."""
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise InputError("file names are not text")
