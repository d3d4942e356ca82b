"""The checks :meth:`hydrion.results.Result.from_dict` puts on data it reads back.

A result read from a user's file is refused, in one :class:`~hydrion.errors.InputError`
line, where it names another class or a module outside hydrion, nests deeper than
:data:`MAX_DEPTH` or has non-text keys, holds an absolute temperature that is not finite and
above 0 K, or gives a derived value that disagrees with the one computed from its fields.
JSON writers write NaN as null: :func:`with_nan` puts NaN back where a number must be.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from hydrion.errors import InputError

#: fields holding absolute temperatures (K): on reading, every value must be finite and > 0,
#: the bound :func:`hydrion.units.as_kelvin` puts on the API's inputs
ABSOLUTE_TEMPERATURE_FIELDS = frozenset(
    {
        "temperature_K",
        "temperatures_K",
        "T_min_K",
        "T_max_K",
        "lowest_temperature_K",
        "transition_K",
    }
)

#: deepest nesting of lists and dicts read (a result nests a few levels; deeper is not one)
MAX_DEPTH = 64


def check_read(value: Any, data: Any, where: str) -> None:
    """Check a value read by pydantic against the data it was read from, at every level.

    A nested dict's ``@class`` must name the class it was read as (pydantic picks a member
    of a union by what validates, not by the name); absolute temperatures must be physical;
    a derived key present in the data must agree with the value computed from the fields.

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
            name = data.get("@class")
            if name is not None and name != type(value).__name__:
                raise InputError(f"refused: {where} is a {name!r}, not a {type(value).__name__}")
            for f in fields(value):
                item = getattr(value, f.name)
                if f.name in ABSOLUTE_TEMPERATURE_FIELDS:
                    _check_temperature(item, f"{where}.{f.name}")
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
            if "@class" in data:  # a result kept in an untyped (dict) field
                _check_tagged(data, where)
            stack.extend((value[k], data[k], f"{where}.{k}") for k in value if k in data)


def _check_tagged(data: Mapping[str, Any], where: str) -> None:
    """A dict in an untyped field that names a result class must read as that class.

    The class is looked up among the defined results (:data:`RESULT_CLASSES`), never
    imported; keys beside its fields (e.g. a σ law's ``basis``) are allowed.
    """
    from hydrion.results import RESULT_CLASSES

    module, name = data.get("@module"), data.get("@class")
    named = [c for c in RESULT_CLASSES if c.__name__ == name and c.__module__ == module]
    if not named:
        raise InputError(f"refused: {where} names {name!r} of {module!r}, not a hydrion result")
    cls = named[0]
    known = {f.name for f in fields(cls)} | set(cls.derived)  # type: ignore[arg-type]
    try:
        cls.from_dict({k: v for k, v in data.items() if k in known or k.startswith("@")})
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def _check_temperature(value: Any, where: str) -> None:
    """Refuse an absolute temperature (scalar, sequence or array) that is not finite and > 0."""
    if value is None:
        return
    values = value.tolist() if hasattr(value, "tolist") else value
    flat = values if isinstance(values, list | tuple) else [values]
    while any(isinstance(v, list | tuple) for v in flat):
        flat = [x for v in flat for x in (v if isinstance(v, list | tuple) else [v])]
    bad = [v for v in flat if v is not None and not (math.isfinite(v) and v > 0)]
    if bad:
        raise InputError(f"{where}: a temperature must be finite and above 0 K, not {bad[0]}")


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


def check_names(data: Mapping[str, Any], expected: str | None) -> None:
    """Refuse a dict that names a class other than ``expected`` or a module outside hydrion.

    Parameters
    ----------
    data : Mapping
        The dict read (its ``@module`` and ``@class`` keys are checked).
    expected : str or None
        The class name it must carry, or None for any hydrion class.

    Returns
    -------
    None

    Raises
    ------
    InputError
        For an ``@module`` outside hydrion or an ``@class`` other than ``expected``.
    """
    module, name = data.get("@module"), data.get("@class")
    if module is not None and not (isinstance(module, str) and module.startswith("hydrion.")):
        raise InputError(
            f"refused: the data names module {module!r}; hydrion reads only its own results "
            "and imports nothing a file names"
        )
    if expected is not None and name is not None and name != expected:
        raise InputError(f"refused: the data is a {name!r}, not a {expected}")


def check_nested(value: Any) -> None:
    """Apply the module check to every dict nested in ``value``; refuse non-text keys and
    nesting deeper than :data:`MAX_DEPTH` (checked iteratively: no recursion to exhaust).

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
        For a nested dict naming a module outside hydrion, a non-text key, or nesting deeper
        than :data:`MAX_DEPTH`.
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
            if depth:
                check_names(item, None)
            stack.extend((v, depth + 1) for v in item.values())
        else:
            stack.extend((v, depth + 1) for v in item)


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
