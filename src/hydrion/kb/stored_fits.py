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

from hydrion.errors import HydrionError, HydrionWarning
from hydrion.results import Result

if TYPE_CHECKING:
    from hydrion.kb.store import UserStore

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
    match = f"key IN ({', '.join('?' * len(keys))})" if keys else "0"
    params: tuple = (*kinds, *keys)
    if material_id is not None:
        match += (
            " OR (CASE WHEN json_valid(payload) THEN json_extract(payload, '$.material') END) = ?"
        )
        params += (material_id,)
    rows = store.query(
        f"SELECT kind, key, added_at FROM records WHERE kind IN (?, ?) AND ({match}) "  # noqa: S608
        "ORDER BY added_at, kind, key",
        params,
    )
    found = []
    for kind, key, added_at in rows:
        payload = store.get(kind, key)
        if payload is None:  # not JSON: the store has warned
            continue
        try:
            _check(kind, payload)
        except (HydrionError, TypeError, KeyError) as exc:
            warnings.warn(
                f"user database {store.path}: stored {kind} {key!r} does not read back as "
                f"what '{FIT_KINDS[kind]}' stores ({exc}); skipped",
                HydrionWarning,
                stacklevel=2,
            )
            continue
        found.append({"kind": kind, "key": key, "stored_at": added_at, **payload})
    return tuple(found)


def _check(kind: str, payload: Any) -> None:
    """Read the stored results back (their own constructor checks); raise where one does not
    read, or where the files are not text."""
    if not isinstance(payload, dict):
        raise TypeError(f"a dict, not {type(payload).__name__}")
    if kind == "eis_fit":
        from hydrion.experiment.eis_result import EISResult
        from hydrion.transport.fit_results import ArrheniusFit

        if not payload["spectra"] or not isinstance(payload["spectra"], list):
            raise TypeError("no spectra")
        for spectrum in payload["spectra"]:
            EISResult.from_dict(spectrum)
        if payload.get("arrhenius") is not None:
            ArrheniusFit.from_dict(payload["arrhenius"])
        _check_text(payload["files"])
        return
    if not payload["fits"] or not isinstance(payload["fits"], list):
        raise TypeError("no fits")
    for fit in payload["fits"]:
        fit_result(fit)
    _check_text([payload["file"]])


def fit_result(stored: dict[str, Any]) -> Any:
    """The ArrheniusFit or VFTFit an 'arrhenius_fit' payload holds in one of its ``fits``
    (its ``direction`` left out).

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
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise TypeError("file names are not text")
