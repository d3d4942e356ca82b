"""The checks on data read back as a result (``Result.from_dict``).

:func:`check_names`, :func:`check_nested` and :func:`check_read` refuse, in one
:class:`~hydrion.errors.InputError` line, a dict whose ``@module``/``@class`` are not exactly
those of the class it is read as, nesting deeper than :data:`MAX_DEPTH`, non-text keys, and a
derived value that disagrees with the one computed from the fields. Dicts of user data
(units, metadata) may hold ``@module``/``@class`` keys of their own; only a dict that names a
hydrion module must be the hydrion result it names. JSON writers write NaN as null:
:func:`with_nan` puts NaN back where a number must be.

The checks a result's constructor runs are in :mod:`hydrion.result_checks`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from hydrion.errors import InputError

#: JSON scalars (a list of only these holds nothing to walk)
_SCALARS = frozenset({float, int, bool, str, type(None)})

#: deepest nesting of lists and dicts read (a result nests a few levels; deeper is not one)
MAX_DEPTH = 64


def check_read(value: Any, data: Any, where: str) -> None:
    """Check a value read by pydantic against the data it was read from, at every level.

    A dict read as a class must name exactly that class, if it names one (``@module`` and
    ``@class``; pydantic picks a member of a union by what validates, not by the name); a dict
    in an untyped field that names a hydrion module must be the result it names; a derived
    key present in the data must agree with the value computed from the fields.

    Parameters
    ----------
    value : Any
        The result (or a value inside it) as pydantic read it.
    data : Any
        The data it was read from.
    where : str
        Where ``value`` is, for the message (the class name at the top).

    Returns
    -------
    None

    Raises
    ------
    InputError
        On the first disagreement, naming where it is.
    """
    # results imports this module: its encoder is looked up when a result is read
    from hydrion.results import encode

    stack = [(value, data, where)]
    while stack:
        value, data, where = stack.pop()
        if is_dataclass(value) and not isinstance(value, type) and isinstance(data, Mapping):
            check_names(data, type(value), where)
            for f in fields(value):
                item = getattr(value, f.name)
                if f.name in data:
                    stack.append((item, data[f.name], f"{where}.{f.name}"))
            for derived in getattr(value, "derived", ()):
                if derived in data and not _agrees(data[derived], encode(getattr(value, derived))):
                    raise InputError(
                        f"not a {type(value).__name__}: {where}.{derived} = {data[derived]!r} "
                        "disagrees with the value computed from the fields "
                        f"({encode(getattr(value, derived))!r}); leave it out or correct it"
                    )
        elif isinstance(value, list | tuple) and isinstance(data, list | tuple):
            pairs = enumerate(zip(value, data, strict=False))
            stack.extend((v, d, f"{where}[{i}]") for i, (v, d) in pairs)
        elif isinstance(value, Mapping) and isinstance(data, Mapping):
            if _names_hydrion(data):  # a result kept in an untyped (dict) field
                _check_tagged(data, where)
            stack.extend((value[k], data[k], f"{where}.{k}") for k in value if k in data)


def _check_tagged(data: Mapping[str, Any], where: str) -> None:
    """A dict in an untyped field that names a result class must read as that class.

    The class is looked up among the defined results (:data:`RESULT_CLASSES`), never
    imported; keys beside its fields (e.g. a σ law's ``basis``) are allowed.
    """
    from hydrion.results import RESULT_CLASSES

    module, name = data.get("@module"), data.get("@class")
    named = [
        c
        for c in RESULT_CLASSES
        if c.__name__ == name and module in (c.__module__, *c.former_modules)
    ]
    if not named:
        raise InputError(f"refused: {where} names {name!r} of {module!r}, not a hydrion result")
    cls = named[0]
    known = {f.name for f in fields(cls)} | set(cls.derived)  # type: ignore[arg-type]
    try:
        cls.from_dict({k: v for k, v in data.items() if k in known or k.startswith("@")})
    except InputError as exc:
        raise type(exc)(f"{where}: {exc}") from None


def _agrees(given: Any, computed: Any) -> bool:
    """``given`` (as read) is ``computed`` (as encoded), floats to the CLI's 12 digits."""
    if isinstance(given, bool) or isinstance(computed, bool):
        return given is computed
    if isinstance(given, int | float) and isinstance(computed, int | float):
        if math.isnan(computed) or math.isnan(given):
            return math.isnan(computed) and math.isnan(given)
        return math.isclose(given, computed, rel_tol=1e-9, abs_tol=1e-300)
    if given is None and isinstance(computed, float):  # the CLI writes NaN and inf as null
        return not math.isfinite(computed)
    if isinstance(given, list | tuple) and isinstance(computed, list | tuple):
        return len(given) == len(computed) and all(map(_agrees, given, computed))
    if isinstance(given, Mapping) and isinstance(computed, Mapping):
        return set(given) <= set(computed) | {"@module", "@class"} and all(
            _agrees(given[k], computed[k]) for k in given if not k.startswith("@")
        )
    return bool(given == computed)


def _names_hydrion(data: Mapping[str, Any]) -> bool:
    """``data`` names a hydrion module: it claims to be a hydrion result (user data may hold
    ``@module``/``@class`` keys of its own, naming anything else)."""
    module = data.get("@module")
    return isinstance(module, str) and (module == "hydrion" or module.startswith("hydrion."))


def check_names(data: Mapping[str, Any], cls: type, where: str | None = None) -> None:
    """Refuse a dict whose ``@module`` or ``@class`` is not exactly those of ``cls``.

    Either key may be left out; an ``@module`` may also be one the class lived in before a
    split (its ``former_modules``, so files written then still read); nothing named is
    imported.

    Parameters
    ----------
    data : Mapping
        The dict read (its ``@module`` and ``@class`` keys are checked).
    cls : type
        The class it is read as.
    where : str, optional
        Where the dict is, for the message (None at the top).

    Returns
    -------
    None

    Raises
    ------
    InputError
        For an ``@module`` or ``@class`` other than ``cls``'s.
    """
    module, name = data.get("@module"), data.get("@class")
    modules = (cls.__module__, *getattr(cls, "former_modules", ()))
    if module is not None and module not in modules:
        raise InputError(
            f"refused: {where or 'the data'} names module {module!r}, not {cls.__module__!r} "
            f"of {cls.__name__}; hydrion reads only its own results and imports nothing a file "
            "names"
        )
    if name is not None and name != cls.__name__:
        raise InputError(f"refused: {where or 'the data'} is a {name!r}, not a {cls.__name__}")


def check_nested(value: Any) -> None:
    """Refuse non-text keys and nesting deeper than :data:`MAX_DEPTH` in ``value`` (checked
    iteratively: no recursion to exhaust).

    Parameters
    ----------
    value : Any
        The data read (dicts, lists and scalars).

    Returns
    -------
    None

    Raises
    ------
    InputError
        For a non-text key or nesting deeper than :data:`MAX_DEPTH`.
    """
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, Mapping | list | tuple):
            continue
        if depth > MAX_DEPTH:
            raise InputError(f"refused: the data nests more than {MAX_DEPTH} levels deep")
        if isinstance(item, Mapping):
            key = next((k for k in item if not isinstance(k, str)), None)
            if key is not None:
                raise InputError(f"refused: a key must be text, not {type(key).__name__} {key!r}")
            stack.extend((v, depth + 1) for v in item.values())
        elif not set(map(type, item)) <= _SCALARS:  # an array's numbers need no walk
            stack.extend((v, depth + 1) for v in item if isinstance(v, Mapping | list | tuple))


def with_nan(payload: Any, locations: list[tuple[Any, ...]]) -> Any:
    """A copy of ``payload`` with NaN at each location (a path of keys and indices).

    Parameters
    ----------
    payload : Any
        The data read (not changed).
    locations : list of tuple
        pydantic's error locations of the nulls where numbers must be.

    Returns
    -------
    Any
        A deep copy with ``math.nan`` at each location.

    Raises
    ------
    InputError
        For a location inside a tuple (not produced by JSON input).
    """
    import copy

    payload = copy.deepcopy(payload)
    for location in locations:
        *path, last = location
        target = payload
        for step in path:
            target = target[step]
        if isinstance(target, tuple):  # cannot happen for JSON input, kept for safety
            raise InputError(f"cannot read null at {'.'.join(map(str, location))}")
        target[last] = math.nan
    return payload
