"""The checks on a result's values: those its constructor runs, and those on data read back.

:func:`check_result` is the physics every result's constructor runs (``Result.__post_init__``;
pydantic runs it too when :meth:`hydrion.results.Result.from_dict` builds a result, so a value
the constructor refuses is refused on reading, by the same code): absolute temperatures
finite and above 0 K, conductivities finite and ≥ 0 (NaN marks a missing one), the arrays a
class names in ``same_length`` of one length. A class adds its own rules in its
``__post_init__`` (after ``super().__post_init__()``).

On reading, :func:`check_names`, :func:`check_nested` and :func:`check_read` refuse, in one
:class:`~hydrion.errors.InputError` line, a dict whose ``@module``/``@class`` are not exactly
those of the class it is read as, nesting deeper than :data:`MAX_DEPTH`, non-text keys, and a
derived value that disagrees with the one computed from the fields. Dicts of user data
(units, metadata) may hold ``@module``/``@class`` keys of their own; only a dict that names a
hydrion module must be the hydrion result it names. JSON writers write NaN as null:
:func:`with_nan` puts NaN back where a number must be.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from hydrion.errors import InputError, ResultValueError

#: fields holding absolute temperatures (K): every value must be finite and > 0, the bound
#: :func:`hydrion.units.as_kelvin` puts on the API's inputs
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

#: JSON scalars (a list of only these holds nothing to walk)
_SCALARS = frozenset({float, int, bool, str, type(None)})

#: deepest nesting of lists and dicts read (a result nests a few levels; deeper is not one)
MAX_DEPTH = 64


def check_result(result: Any) -> None:
    """Refuse a result whose values no analysis could have produced (its constructor's checks).

    By field name (the unit is in the name, see DESIGN.md): absolute temperatures (the names
    in :data:`ABSOLUTE_TEMPERATURE_FIELDS`) finite and above 0 K; conductivities
    (``sigma..._S_per_cm``, ``min_sigma_S_per_cm``) finite and ≥ 0 (0 is an underflow of a
    tiny σ), their uncertainties (``..._err_S_per_cm``) ≥ 0; NaN marks a missing value and
    None an absent one in both. The fields named in the class's ``same_length`` hold one
    number per point: they must have the same length. Numbers inside nested results are
    checked by those results' own constructors.

    Parameters
    ----------
    result : Result
        The result being constructed (or read back by pydantic).

    Returns
    -------
    None

    Raises
    ------
    ResultValueError
        Naming the class, the field and the value that breaks the rule.
    """
    name = type(result).__name__
    for field_name, rule, words in _rules(type(result)):
        bad = _first_bad(getattr(result, field_name), rule)
        if bad is not None:
            raise ResultValueError(f"{name}.{field_name}: {words}, not {bad}")
    group = getattr(type(result), "same_length", ())
    lengths = {f: _length(getattr(result, f), f"{name}.{f}") for f in group}
    if len(set(lengths.values())) > 1:
        given = ", ".join(f"{f} {n}" for f, n in lengths.items())
        raise ResultValueError(f"{name}: one value per point, but the lengths differ ({given})")


_RULES: dict[type, tuple[tuple[str, Any, str], ...]] = {}


def _rules(cls: type) -> tuple[tuple[str, Any, str], ...]:
    """(field, rule, words) for each field of ``cls`` a rule applies to (by name; cached)."""
    if cls not in _RULES:
        rules = []
        for f in fields(cls):
            if f.name in ABSOLUTE_TEMPERATURE_FIELDS:
                rules.append((f.name, _temperature, "a temperature must be finite and above 0 K"))
            elif f.name.endswith("_S_per_cm") and "sigma" in f.name:
                if "_err" in f.name:
                    rules.append((f.name, _uncertainty, "an uncertainty of σ must be ≥ 0"))
                else:
                    words = "σ must be finite and ≥ 0 (NaN where missing)"
                    rules.append((f.name, _conductivity, words))
        _RULES[cls] = tuple(rules)
    return _RULES[cls]


# each rule works on a float and, element by element, on a float NumPy array
def _temperature(v: Any) -> Any:
    return (v > 0) & (v < math.inf)  # False for NaN


def _conductivity(v: Any) -> Any:
    return (v != v) | ((v >= 0) & (v < math.inf))  # NaN (v != v) marks a missing σ


def _uncertainty(v: Any) -> Any:
    return (v != v) | (v >= 0)


def _first_bad(value: Any, rule: Any) -> float | None:
    """The first number in ``value`` (a number, a sequence of numbers or a NumPy array; None,
    text and other objects are not numbers to check here) that breaks ``rule``, else None."""
    if isinstance(value, bool | str) or value is None:
        return None
    if isinstance(value, int | float):
        return None if rule(float(value)) else value
    if hasattr(value, "dtype"):  # a NumPy array or scalar: checked at once, without copying
        import numpy as np

        array = np.asarray(value)
        if array.dtype.kind not in "iuf":
            return None
        bad = array[~rule(array.astype(float, copy=False))]
        return float(bad.flat[0]) if bad.size else None
    if isinstance(value, list | tuple):
        for item in value:
            found = _first_bad(item, rule)
            if found is not None:
                return found
    return None


def _length(value: Any, where: str) -> int:
    """How many points ``value`` holds (refused where it is not a sequence)."""
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__len__"):
        raise ResultValueError(f"{where}: expected one value per point, not {value!r}")
    if getattr(value, "ndim", 1) == 0:
        raise ResultValueError(f"{where}: expected one value per point, not a single value")
    return len(value)


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
