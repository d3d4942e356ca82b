"""The checks a result's constructor runs on its values: the kinds a class declares, run.

:func:`check_result` is the physics every result's constructor runs (``Result.__post_init__``;
pydantic runs it too when :meth:`hydrion.results.Result.from_dict` builds a result, so a value
the constructor refuses is refused on reading, by the same code): absolute temperatures
finite and above 0 K, conductivities finite and ≥ 0 (NaN marks a missing one), the arrays a
class names in ``same_length`` of one length, and the rules a class declares in its
``checks`` (:func:`positive`, :func:`at_least_zero`, :func:`finite`, :func:`uncertainty`,
:func:`fraction`, :func:`ordered`, :func:`shape`: a mass > 0, a capacity ≥ 0, a finite Ea, a
validity range low ≤ high, a 2-D array's shape against its axes...). A rule that no
declaration can say stays in the class's ``__post_init__`` (after ``super().__post_init__()``).

Checks on data read back are in :mod:`hydrion.result_reading`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from hydrion.errors import ResultValueError

# documented here before the split (kb.stored_fits imports it from here)
from hydrion.result_reading import MAX_DEPTH as MAX_DEPTH

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


def check_result(result: Any) -> None:
    """Refuse a result whose values no analysis could have produced (its constructor's checks).

    By field name (the unit is in the name, see DESIGN.md): absolute temperatures (the names
    in :data:`ABSOLUTE_TEMPERATURE_FIELDS`) finite and above 0 K; conductivities
    (``sigma..._S_per_cm``, ``min_sigma_S_per_cm``) finite and ≥ 0 (0 is an underflow of a
    tiny σ), their uncertainties (``..._err_S_per_cm``) ≥ 0; NaN marks a missing value and
    None an absent one in both. The fields named in the class's ``same_length`` hold one
    number per point: they must have the same length. Then each :class:`Check` of the class's
    ``checks``, in order. Numbers inside nested results are checked by those results' own
    constructors.

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
    for check in getattr(type(result), "checks", ()):
        check.apply(result, name)


_RULES: dict[type, tuple[tuple[str, Any, str], ...]] = {}


def _rules(cls: type) -> tuple[tuple[str, Any, str], ...]:
    """(field, rule, words) for each field of ``cls`` a rule applies to (by name; cached)."""
    if cls not in _RULES:
        rules: list[tuple[str, Callable[[Any], Any], str]] = []
        for f in fields(cls):
            if f.name in ABSOLUTE_TEMPERATURE_FIELDS:
                rules.append((f.name, _positive, "a temperature must be finite and above 0 K"))
            elif f.name.endswith("_S_per_cm") and "sigma" in f.name:
                if "_err" in f.name:
                    rules.append((f.name, _uncertainty, "an uncertainty of σ must be ≥ 0"))
                else:
                    words = "σ must be finite and ≥ 0 (NaN where missing)"
                    rules.append((f.name, _CONDUCTIVITY, words))
        _RULES[cls] = tuple(rules)
    return _RULES[cls]


# each rule works on a float and, element by element, on a float NumPy array; NaN fails
# every rule (its comparisons are False) but those that name it (v != v) or come of _or_nan
def _positive(v: Any) -> Any:
    return (v > 0) & (v < math.inf)


def _at_least_zero(v: Any) -> Any:
    return (v >= 0) & (v < math.inf)


def _finite(v: Any) -> Any:
    return (v > -math.inf) & (v < math.inf)


def _uncertainty(v: Any) -> Any:
    return (v != v) | (v >= 0)


def _fraction(v: Any) -> Any:
    return (v >= -FRACTION_ROUNDING) & (v <= 1 + FRACTION_ROUNDING)


def _open_fraction(v: Any) -> Any:
    return (v > 0) & (v <= 1 + FRACTION_ROUNDING)


def _or_nan(rule: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``rule``, passed by NaN too: NaN marks a value that could not be computed."""

    def rule_or_nan(v: Any) -> Any:
        return (v != v) | rule(v)

    return rule_or_nan


_CONDUCTIVITY = _or_nan(_at_least_zero)  # σ ≥ 0 and finite, NaN where missing


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


@dataclass(frozen=True)
class Check:
    """One physical rule on named fields of a result, declared in the class's ``checks``.

    Made by :func:`positive`, :func:`at_least_zero`, :func:`finite`, :func:`uncertainty`,
    :func:`fraction`, :func:`ordered` or :func:`shape`; :func:`check_result` applies each
    in turn. A value rule applies to each number of a field (a number, a sequence of numbers
    or a NumPy array); None (an absent optional value) passes every rule.

    Attributes
    ----------
    kind : str
        The rule's name ('positive', 'at_least_zero', 'finite', 'uncertainty', 'fraction',
        'ordered', 'shape'): what a test drawing valid values reads.
    fields : tuple of str
        The fields it applies to (for 'shape': the array, then its axes).
    words : str
        The rule in words, for the error message.
    rule : callable or None
        For a value rule (a kind in :data:`VALUE_KINDS`), the test of one number (or
        element-wise of a float array); None for a rule between values ('ordered', 'shape').

    Raises
    ------
    ValueError
        On declaration: a kind no rule has, a value rule without its test, or a rule
        between values with one (a bug in hydrion's code).
    """

    kind: str
    fields: tuple[str, ...]
    words: str
    rule: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        if self.kind not in _APPLY:
            raise ValueError(f"no check of kind {self.kind!r}; one of {', '.join(_APPLY)}")
        if (self.rule is not None) != (self.kind in VALUE_KINDS):
            needs = "needs a" if self.kind in VALUE_KINDS else "takes no"
            raise ValueError(f"a check of kind {self.kind!r} {needs} rule on each value")

    def apply(self, result: Any, name: str) -> None:
        """Refuse ``result`` (of class ``name``) if its fields break this rule.

        Raises
        ------
        ResultValueError
            Naming the class, the field and the value.
        """
        _APPLY[self.kind](self, result, name)


def positive(*names: str, missing: bool = False) -> Check:
    """Each of ``names`` finite and > 0: a mass (g), a thickness, an area, a C-rate.

    Parameters
    ----------
    *names : str
        Fields of the result class holding quantities that cannot be zero.
    missing : bool
        NaN is allowed: it marks a value that could not be computed.

    Returns
    -------
    Check
        The rule, to list in a result class's ``checks``.
    """
    return _value_check("positive", names, "must be finite and > 0", _positive, missing)


def at_least_zero(*names: str, missing: bool = False) -> Check:
    """Each of ``names`` finite and ≥ 0 (zero allowed, unlike :func:`positive`): a capacity
    (mAh, mAh/g), a coulombic efficiency (%), a distance beyond a range (K).

    Parameters
    ----------
    *names : str
        Fields holding quantities that may be zero.
    missing : bool
        NaN allowed, as for :func:`positive`.

    Returns
    -------
    Check
        The ≥ 0 rule, for the class's ``checks``.
    """
    return _value_check("at_least_zero", names, "must be finite and ≥ 0", _at_least_zero, missing)


def _value_check(
    kind: str, names: tuple[str, ...], words: str, rule: Callable[[Any], Any], missing: bool
) -> Check:
    """The value rule ``kind`` on ``names``; with ``missing``, NaN passes it (words say so)."""
    if missing:
        return Check(kind, names, f"{words} (NaN where missing)", _or_nan(rule))
    return Check(kind, names, words, rule)


def finite(*names: str) -> Check:
    """Each of ``names`` a finite number of either sign: an activation energy Ea (eV) fitted
    to measured data (σ falling with T gives Ea < 0, flagged by the fit), a ln prefactor.

    Parameters
    ----------
    *names : str
        Fields holding quantities of either sign.

    Returns
    -------
    Check
        The finiteness rule, for the class's ``checks``.
    """
    return Check("finite", names, "must be finite", _finite)


def uncertainty(*names: str) -> Check:
    """Each of ``names`` an uncertainty (1σ, in the unit of its name): ≥ 0, or NaN / inf
    where the data cannot set it.

    Parameters
    ----------
    *names : str
        Fields holding 1σ uncertainties (``R_bulk_err_ohm``, ``Ea_err_eV``).

    Returns
    -------
    Check
        The uncertainty rule, for the class's ``checks``.
    """
    return Check(
        "uncertainty", names, "an uncertainty must be ≥ 0 (NaN or inf if unknown)", _uncertainty
    )


#: rounding allowed beyond a fraction's bounds (pymatgen gives a mixing ratio of 1 + 2e-16)
FRACTION_ROUNDING = 1e-9


def fraction(*names: str, zero: bool = True) -> Check:
    """Each of ``names`` a fraction in [0, 1], to within :data:`FRACTION_ROUNDING` of float
    rounding: a volume fraction, a mixing ratio.

    Parameters
    ----------
    *names : str
        Fields holding fractions (of 1, not %).
    zero : bool
        0 is allowed; False: the fraction lies in (0, 1].

    Returns
    -------
    Check
        The rule, to list in a result class's ``checks``.
    """
    if zero:
        return Check("fraction", names, "must lie in [0, 1]", _fraction)
    return Check("fraction", names, "must lie in (0, 1]", _open_fraction)


def ordered(*names: str) -> Check:
    """Values that run from low to high: a range (``validity_K``, ``frequency_range_Hz``)
    or several fields (``T_min_K``, ``T_max_K``). None and NaN (a value not known; each
    field's own rules say whether it may be) are left out of the comparison.

    Parameters
    ----------
    *names : str
        One field holding a pair (or longer sequence), or several number fields,
        low first.

    Returns
    -------
    Check
        The rule, to list in a result class's ``checks``.
    """
    return Check("ordered", names, "must run from low to high")


def shape(name: str, *axes: str) -> Check:
    """An array with one value per grid point: its shape is the lengths of its axes, e.g.
    ``max_c_rate`` of shape (temperatures, separator thicknesses).

    Parameters
    ----------
    name : str
        The array field.
    *axes : str
        The fields holding each axis's points, in the array's order.

    Returns
    -------
    Check
        The rule, to list in a result class's ``checks``.
    """
    return Check("shape", (name, *axes), "one value per grid point")


def _check_values(check: Check, result: Any, name: str) -> None:
    """Refuse a value of ``check.fields`` that breaks ``check.rule`` (a value rule)."""
    for field_name in check.fields:
        bad = _first_bad(getattr(result, field_name), check.rule)
        if bad is not None:
            raise ResultValueError(f"{name}.{field_name}: {check.words}, not {bad}")


def _check_order(check: Check, result: Any, name: str) -> None:
    """Refuse values of ``check.fields`` (one pair field, or several number fields) out of
    order."""
    names, words = check.fields, check.words
    if len(names) == 1:
        pair = getattr(result, names[0])
        if pair is None:
            return
        values = [(f"{names[0]}[{i}]", v) for i, v in enumerate(pair)]
    else:
        values = [(f, getattr(result, f)) for f in names]
    values = [(f, v) for f, v in values if v is not None and v == v]  # v != v: NaN
    for (low_name, low), (high_name, high) in zip(values, values[1:], strict=False):
        if not float(low) <= float(high):
            where = names[0] if len(names) == 1 else f"{low_name}, {high_name}"
            raise ResultValueError(f"{name}.{where}: {words}, not {low} then {high}")


def _check_shape(check: Check, result: Any, name: str) -> None:
    """Refuse an array ``check.fields[0]`` whose shape is not the lengths of the axes
    ``check.fields[1:]``."""
    names = check.fields
    array, axes = getattr(result, names[0]), names[1:]
    expected = tuple(_length(getattr(result, a), f"{name}.{a}") for a in axes)
    found = getattr(array, "shape", None)
    if found != expected:
        over = " × ".join(f"{a} {n}" for a, n in zip(axes, expected, strict=True))
        raise ResultValueError(
            f"{name}.{names[0]}: one value per grid point ({over}), but its shape is "
            f"{found if found is not None else type(array).__name__}"
        )


#: the kinds of rule on each value of a field (a :class:`Check` of one has a ``rule``)
VALUE_KINDS = ("positive", "at_least_zero", "finite", "uncertainty", "fraction")

#: how each kind of :class:`Check` is applied (a kind not here is refused on declaration)
_APPLY: dict[str, Callable[[Check, Any, str], None]] = {
    **dict.fromkeys(VALUE_KINDS, _check_values),
    "ordered": _check_order,
    "shape": _check_shape,
}


def _length(value: Any, where: str) -> int:
    """How many points ``value`` holds (refused where it is not a sequence)."""
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__len__"):
        raise ResultValueError(f"{where}: expected one value per point, not {value!r}")
    if getattr(value, "ndim", 1) == 0:
        raise ResultValueError(f"{where}: expected one value per point, not a single value")
    return len(value)
