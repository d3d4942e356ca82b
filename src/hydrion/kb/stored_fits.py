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

import json
import math
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hydrion.errors import HydrionError, HydrionWarning, InputError
from hydrion.results import Result

if TYPE_CHECKING:
    import sqlite3

    from hydrion.experiment.eis_result import EISResult
    from hydrion.kb.store import UserStore
    from hydrion.transport.fit_results import ArrheniusFit
    from hydrion.transport.vft import VFTFit

FIT_KINDS = {"eis_fit": "hydrion eis --store", "arrhenius_fit": "hydrion arrhenius fit --store"}
"""The kinds of stored fits, each with the command that stores it."""

STORED_FIELDS = ("kind", "key", "stored_at")
"""The fields :func:`stored_fits` puts before a payload, from the database's own columns."""

_DIRECTIONS = (None, "heating", "cooling")  # an Arrhenius law's branch of the σ(T) table


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
        # NaN and inf (an error the data cannot set) are stored as NaN and Infinity, which
        # SQLite's json_valid refuses: such a payload is found by its text, checked decoded
        match += (
            " OR CASE WHEN json_valid(payload) THEN json_extract(payload, '$.material') = ?"
            " ELSE instr(payload, ?) > 0 END"
        )
        params += (material_id, json.dumps(material_id, ensure_ascii=False))
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
        if key not in keys and (
            not isinstance(payload, dict) or payload.get("material") != material_id
        ):
            continue  # its text names the material elsewhere
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
        found.append(_with_stored_fields(kind, key, added_at, payload))
    return tuple(found)


def _with_stored_fields(kind: str, key: str, stored_at: str, payload: dict[str, Any]) -> dict:
    """The payload after the database's own ``kind``, ``key`` and ``stored_at``; where the
    payload holds those keys itself (a record edited behind hydrion's back), the database's
    values win."""
    own = {k: v for k, v in payload.items() if k not in STORED_FIELDS}
    return {"kind": kind, "key": key, "stored_at": stored_at, **own}


def store_fit(store: UserStore, kind: str, key: str, payload: dict[str, Any]) -> str | None:
    """Store a fit's payload under ``key``, replacing the fit of the same kind stored there.

    Parameters
    ----------
    store : UserStore
        The user database.
    kind : str
        'eis_fit' or 'arrhenius_fit'.
    key : str
        The ``--store`` key.
    payload : dict
        What the command stores (files, fitted results, material).

    Returns
    -------
    str or None
        When the replaced fit was stored (ISO 8601, UTC), read in the same transaction as
        the write; None where none was stored under ``key``.

    Raises
    ------
    UserDatabaseError
        The user database cannot take the write (nothing is changed then).
    """
    replaced: list[str] = []

    def look(connection: sqlite3.Connection) -> None:
        rows = connection.execute(
            "SELECT added_at FROM records WHERE kind = ? AND key = ?", (kind, key)
        )
        replaced.extend(added_at for (added_at,) in rows)

    store.put_records([(kind, key, payload)], replace=True, check=look)
    return replaced[0] if replaced else None


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
    """The results a stored fit's payload holds, its structure checked field by field and each
    result built through its constructor's checks: the one place a stored fit is validated.

    Parameters
    ----------
    kind : str
        'eis_fit' or 'arrhenius_fit' (a key of :data:`FIT_KINDS`).
    payload : Any
        The stored payload, as decoded from JSON (a dict; the fields :func:`stored_fits` adds
        before it, :data:`STORED_FIELDS`, are allowed).

    Returns
    -------
    StoredFitResults
        Its spectra and series law ('eis_fit') or its laws with their directions
        ('arrhenius_fit').

    Raises
    ------
    InputError
        The payload is not what the kind's command stores, naming the field: not a dict, a
        number beyond the float range anywhere in it, no spectra or fits, an item that is not
        a dict, file names or a material that are not text, a thickness or area that is not a
        positive number, a direction other than heating or cooling, a result its class
        refuses, or one whose shown values cannot be computed (an R_bulk that is not a
        positive finite resistance, a prefactor exp(ln_prefactor) outside the float range).
    HydrionError
        Another refusal of a result's constructor, as that error.
    """
    if not isinstance(payload, dict):
        raise InputError(f"should be a dict, is {_type(payload)}")
    _check_numbers(payload)
    _check_type(payload, "material", str, optional=True)
    if kind == "eis_fit":
        return _read_eis_fit(payload)
    _check_type(payload, "file", str)
    laws = []
    for index, law in enumerate(_listed(payload, "fits")):
        where = f"fits[{index}]"
        _check_type(law, "direction", str, where=where, optional=True)
        if law.get("direction") not in _DIRECTIONS:
            raise InputError(
                f"{where}.direction: should be heating or cooling, is {law['direction']!r}"
            )
        _check_prefactors(law, where)
        laws.append((law.get("direction"), fit_result(law)))
    return StoredFitResults(laws=tuple(laws))


def _read_eis_fit(payload: dict[str, Any]) -> StoredFitResults:
    """The spectra and series law of an 'eis_fit' payload (see :func:`read_back`)."""
    from hydrion.experiment.eis_result import EISResult
    from hydrion.transport.fit_results import ArrheniusFit

    for name in ("files", "arrhenius_warnings"):
        items = _check_type(payload, name, list, optional=name == "arrhenius_warnings") or []
        if not all(isinstance(item, str) for item in items):
            raise InputError(f"{name}: a list of text")
    for name in ("thickness_cm", "area_cm2"):
        value = _check_type(payload, name, int | float, optional=True)
        if value is not None and not 0 < value < math.inf:
            raise InputError(f"{name}: should be a positive number, is {value!r}")
    spectra = tuple(EISResult.from_dict(s) for s in _listed(payload, "spectra"))
    for index, spectrum in enumerate(spectra):
        if not 0 < spectrum.R_bulk_ohm < math.inf:
            raise InputError(
                f"spectra[{index}].R_bulk_ohm: should be a positive finite resistance, is "
                f"{spectrum.R_bulk_ohm!r}"
            )
    stored_series = _check_type(payload, "arrhenius", dict, optional=True)
    if stored_series is not None:
        _check_prefactors(stored_series, "arrhenius")
    series = None if stored_series is None else ArrheniusFit.from_dict(stored_series)
    return StoredFitResults(spectra=spectra, series=series)


def _listed(payload: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """``payload[name]``: a list of at least one item, each a dict, else InputError."""
    items = payload.get(name)
    if not isinstance(items, list) or not items:
        raise InputError(f"no {name}")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(f"{name}[{index}]: should be a dict, is {_type(item)}")
    return items


def _check_type(
    payload: dict[str, Any],
    name: str,
    kind: Any,
    where: str | None = None,
    optional: bool = False,
) -> Any:
    """``payload[name]``, refused (InputError naming the field) where it is not of ``kind``
    (a type or union; bool is no number), or absent or null unless ``optional``."""
    value = payload.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        field = f"{where}.{name}" if where else name
        expected = getattr(kind, "__name__", "number").replace("str", "text")
        raise InputError(f"{field}: should be {expected}, is {_type(value)}")
    return value


def _check_numbers(payload: dict[str, Any]) -> None:
    """Refuse an integer beyond the float range anywhere in ``payload`` (it cannot be
    converted to a float), or nesting deeper than a result's, naming where (InputError).
    Walked iteratively: no recursion to exhaust."""
    from hydrion.result_checks import MAX_DEPTH

    stack: list[tuple[Any, str, int]] = [(payload, "", 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > sys.float_info.max:
            raise InputError(f"{where}: an integer beyond the float range")
        if not isinstance(item, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise InputError(f"{where}: nests more than {MAX_DEPTH} levels deep")
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for name, value in pairs:
            place = f"{where}[{name}]" if isinstance(name, int) else f"{where}.{name}".lstrip(".")
            stack.append((value, place, depth + 1))


def _check_prefactors(fit: dict[str, Any], where: str) -> None:
    """Refuse a stored Arrhenius line whose prefactor exp(ln_prefactor) is beyond the float
    range or rounds to 0 (InputError naming it), before its class computes that prefactor: no
    law can be shown or evaluated from it."""
    segments = fit.get("segments")
    for index, segment in enumerate(segments if isinstance(segments, list) else ()):
        ln = segment.get("ln_prefactor") if isinstance(segment, dict) else None
        if (
            isinstance(ln, int | float)
            and not isinstance(ln, bool)
            and not (_MIN_LN <= ln <= _MAX_LN)
        ):
            raise InputError(
                f"{where}.segments[{index}].ln_prefactor: {ln:.6g} gives a prefactor "
                "outside the float range"
            )


_MAX_LN = math.log(sys.float_info.max)  # ≈ 709.78: the largest x whose exp(x) is a float
_MIN_LN = math.log(math.ulp(0.0))  # ≈ −744.4: the smallest x whose exp(x) is above 0


def _type(value: Any) -> str:
    """'null', 'text', 'list'...: the JSON name of a decoded value's type."""
    names = {type(None): "null", str: "text", dict: "dict", list: "list", bool: "bool"}
    return names.get(type(value), "number" if isinstance(value, int | float) else "other")


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
