"""Parse quantities as people write them ("25 C", "120 °C", "0.5 mS cm-1") with pint.

Inside hydrion everything is SI or carries its unit in its name; conversion happens here,
at the edges. Every parser raises :class:`hydrion.errors.UnitError` with a one-line message.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, overload

import numpy as np

from hydrion.constants import ABSOLUTE_ZERO_C
from hydrion.errors import UnitError
from hydrion.quantity_syntax import MAGNITUDE_LIMIT, read_quantity_text

if TYPE_CHECKING:
    import pint


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The shared unit registry (°C offsets allowed in plain multiplication).

    pint is imported here, on first use: its import and definitions cost about 0.5 s (and
    pint imports dask when dask is installed), which a command that needs no unit
    conversion beyond kelvin and °C (see :func:`_kelvin_fast`) does not pay.

    Returns
    -------
    pint.UnitRegistry
        One registry per process (cached).
    """
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("mAh = milliampere * hour")
    return ureg


# Spellings people use for temperatures that pint reads otherwise ('C' is the coulomb).
_TEMPERATURE_ALIASES = {"c": "degC", "degc": "degC", "k": "kelvin", "f": "degF"}
# Temperature units read without pint: kelvin, and °C by adding 273.15 as pint does (a test
# checks both against pint, which stays the authority for every other unit).
_KELVIN_OFFSETS = {"kelvin": 0.0, "degC": -ABSOLUTE_ZERO_C}


def _kelvin_fast(text: str | float | int) -> float | None:
    """Kelvin of text such as '30C', '25 °C' or '300 K' without pint; None where pint reads it.

    Raises the same :class:`UnitError` as :func:`parse_quantity` for unreadable text.
    """
    if not isinstance(text, str):
        return None
    read = read_quantity_text(text)
    if len(read.unit) != 1 or read.unit[0][1] != 1:
        return None
    name = read.unit[0][0]
    offset = _KELVIN_OFFSETS.get(_TEMPERATURE_ALIASES.get(name.lower(), name))
    return None if offset is None else read.magnitude + offset


@lru_cache(maxsize=64)
def _dimensionality(unit: str):
    return registry().Quantity(1, unit).dimensionality


@lru_cache(maxsize=1024)
def _unit(terms: tuple[tuple[str, int], ...], temperature: bool) -> pint.Unit:
    """The pint unit of (name, power) terms read by :mod:`hydrion.quantity_syntax`."""
    from pint.errors import PintError

    ureg = registry()
    if temperature and len(terms) == 1 and terms[0][1] == 1:
        name = terms[0][0]
        terms = ((_TEMPERATURE_ALIASES.get(name.lower(), name), 1),)
    unit = ureg.Unit("")
    for name, power in terms:
        try:  # 'Ohm', 'kOhm' as instrument software writes them
            term = ureg.Unit(name.replace("Ohm", "ohm"))
        except (PintError, AttributeError, TypeError, ValueError):
            raise UnitError(f"unknown unit {name!r}") from None
        unit = term if len(terms) == 1 and power == 1 else unit * term**power
    return unit


def _magnitude_in(quantity: pint.Quantity, unit: str, text: object) -> float:
    """The finite magnitude of ``quantity`` in ``unit``."""
    from pint.errors import PintError

    try:
        value = float(quantity.to(unit).magnitude)
    except (PintError, OverflowError):
        raise UnitError(f"cannot express {text!r} in {unit}") from None
    if not math.isfinite(value):
        raise UnitError(f"{text!r} is out of range in {unit}")
    return value


def parse_quantity(text: str | float | int, expected: str, default_unit: str | None = None):
    """Parse ``text`` into a pint Quantity whose dimension matches the unit ``expected``.

    ``text`` is read as "number unit" by :func:`hydrion.quantity_syntax.read_quantity_text`
    (never evaluated: arithmetic, nan, inf and magnitudes beyond 1e±100 are refused).

    Parameters
    ----------
    text : str or float or int
        What the user wrote, e.g. ``"0.5 mS cm-1"``, ``"−20 °C"``, ``"1×10⁻⁴ S/cm"``.
    expected : str
        A unit of the right dimension (e.g. ``"S/cm"``); for temperatures 'C', 'K' and 'F'
        mean °C, kelvin and °F.
    default_unit : str, optional
        Unit of a bare number; without it a bare number is refused.

    Returns
    -------
    pint.Quantity
        The value with its unit, in the shared :func:`registry`.

    Raises
    ------
    UnitError
        Unreadable text, unknown unit, wrong dimension, or a bare number without a default.

    Examples
    --------
    >>> parse_quantity("0.5 mS/cm", "S/cm").to("S/cm").magnitude
    0.0005
    """
    ureg = registry()
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise UnitError(f"{text!r} is not a quantity; write it as text, e.g. '1 {expected}'")
    if isinstance(text, int | float):
        if not math.isfinite(text) or abs(text) > MAGNITUDE_LIMIT:
            raise UnitError(f"{text!r} is not a finite number within ±{MAGNITUDE_LIMIT:.0e}")
        if default_unit is None:
            raise UnitError(f"{text!r} has no unit; write it with one, e.g. '1 {expected}'")
        return ureg.Quantity(float(text), default_unit)
    read = read_quantity_text(text)
    if not read.unit:
        if default_unit is None:
            raise UnitError(f"{text!r} has no unit; write it with one, e.g. '{text} {expected}'")
        return ureg.Quantity(read.magnitude, default_unit)
    temperature = _dimensionality(expected) == _dimensionality("kelvin")
    try:
        quantity = ureg.Quantity(read.magnitude, _unit(read.unit, temperature))
    except UnitError as exc:
        raise UnitError(f"cannot read {text!r}: {exc}") from None
    if not quantity.check(_dimensionality(expected)):
        raise UnitError(f"{text!r} is not a quantity of the kind {expected!r} expects")
    _magnitude_in(quantity, expected, text)  # offset units in products cannot be converted
    return quantity


def parse_temperature_K(text: str | float | int, default_unit: str | None = None) -> float:
    """Temperature in kelvin from text such as '25 C', '298 K', '120 °C', '−20 °C', '77 F'.

    Parameters
    ----------
    text : str or float or int
        Temperature with its unit (°C, K or °F).
    default_unit : str, optional
        Unit of a bare number; without it a bare number is refused.

    Returns
    -------
    float
        Temperature (K).

    Raises
    ------
    UnitError
        Unreadable text, a unit that is not a temperature, or T <= 0 K.

    Examples
    --------
    >>> round(parse_temperature_K("25 °C"), 2)
    298.15
    """
    kelvin = _kelvin_fast(text)
    if kelvin is None:
        kelvin = _magnitude_in(parse_quantity(text, "kelvin", default_unit), "kelvin", text)
    if kelvin <= 0:
        raise UnitError(f"{text!r} is at or below absolute zero")
    return kelvin


def parse_temperature_C(text: str | float | int, default_unit: str | None = None) -> float:
    """Temperature in °C from text (see :func:`parse_temperature_K`).

    Parameters
    ----------
    text : str or float or int
        Temperature with its unit (°C, K or °F).
    default_unit : str, optional
        Unit of a bare number; without it a bare number is refused.

    Returns
    -------
    float
        Temperature (°C).

    Raises
    ------
    UnitError
        Unreadable text, a unit that is not a temperature, or T <= 0 K.

    Examples
    --------
    >>> round(parse_temperature_C("300 K"), 2)
    26.85
    """
    return parse_temperature_K(text, default_unit) + ABSOLUTE_ZERO_C


def parse_positive(text: str | float | int, unit: str, default_unit: str | None = None) -> float:
    """A strictly positive quantity from text, as a float in ``unit``.

    Parameters
    ----------
    text : str or float or int
        Value with its unit.
    unit : str
        Unit of the result; the text must have its dimension.
    default_unit : str, optional
        Unit of a bare number; without it a bare number is refused.

    Returns
    -------
    float
        Magnitude in ``unit``, > 0.

    Raises
    ------
    UnitError
        Unreadable text, wrong dimension, or a value <= 0.
    """
    value = _magnitude_in(parse_quantity(text, unit, default_unit), unit, text)
    if not value > 0:
        raise UnitError(f"{text!r} must be positive")
    return value


def parse_conductivity_S_per_cm(text: str | float | int) -> float:
    """Conductivity from text such as '1e-3 S/cm', '0.5 mS cm-1', '10 S/m'.

    Parameters
    ----------
    text : str or float or int
        Conductivity with its unit.

    Returns
    -------
    float
        σ (S/cm), > 0.

    Raises
    ------
    UnitError
        Unreadable text, a unit that is not a conductivity, or a value <= 0.

    Examples
    --------
    >>> parse_conductivity_S_per_cm("10 S/m")
    0.1
    """
    return parse_positive(text, "S/cm")


def parse_length_cm(text: str | float | int) -> float:
    """Length from text such as '1 mm', '500 um', '0.1 cm'.

    Parameters
    ----------
    text : str or float or int
        Length with its unit.

    Returns
    -------
    float
        Length (cm), > 0.

    Raises
    ------
    UnitError
        Unreadable text, a unit that is not a length, or a value <= 0.

    Examples
    --------
    >>> parse_length_cm("1 mm")
    0.1
    """
    return parse_positive(text, "cm")


def parse_area_cm2(text: str | float | int) -> float:
    """Area from text such as '0.785 cm2', '78.5 mm^2'.

    Parameters
    ----------
    text : str or float or int
        Area with its unit.

    Returns
    -------
    float
        Area (cm²), > 0.

    Raises
    ------
    UnitError
        Unreadable text, a unit that is not an area, or a value <= 0.

    Examples
    --------
    >>> round(parse_area_cm2("78.5 mm^2"), 6)
    0.785
    """
    return parse_positive(text, "cm**2")


def parse_voltage_V(text: str | float | int, default_unit: str | None = None) -> float:
    """Potential from text such as '3 V', '250 mV'.

    Parameters
    ----------
    text : str or float or int
        Potential with its unit.
    default_unit : str, optional
        Unit of a bare number; without it a bare number is refused.

    Returns
    -------
    float
        Potential (V).

    Raises
    ------
    UnitError
        Unreadable text or a unit that is not a potential.

    Examples
    --------
    >>> parse_voltage_V("250 mV")
    0.25
    """
    return _magnitude_in(parse_quantity(text, "V", default_unit), "V", text)


# ---------------------------------------------------------------------------------------
# Coercion for the Python API: numbers, arrays, strings and pint Quantities of any registry.


def _is_quantity(value: object) -> bool:
    """True for a pint Quantity of any registry (duck-typed: magnitude, units, to)."""
    return all(hasattr(value, attr) for attr in ("magnitude", "units", "to", "dimensionality"))


def _brief(value, bad: np.ndarray | None = None) -> str:
    """``value`` for a one-line message: arrays by shape, unit and first (bad) element."""
    magnitude = getattr(value, "magnitude", value)
    try:
        shape = np.shape(magnitude) if isinstance(magnitude, np.ndarray | list | tuple) else ()
        flat = np.asarray(magnitude, dtype=object).ravel()
    except (TypeError, ValueError):  # ragged nesting, or Quantities of mixed dimensions
        return f"a ragged or mixed sequence of {len(magnitude)} items"
    if not shape:
        text = repr(value)
        return text if len(text) <= 80 and "\n" not in text else f"{text[:77]!r}..."
    units = f" in {value.units}" if _is_quantity(value) else ""
    index = int(np.argmax(bad.ravel())) if bad is not None and bad.any() else 0
    which = "first bad value" if bad is not None and bad.any() else "first value"
    first = repr(flat[index]) if flat.size else "none"
    at = np.unravel_index(index, shape) if flat.size else ()
    at_text = str(at[0]) if len(at) == 1 else str(tuple(int(i) for i in at))
    return f"an array of shape {shape}{units} ({which} {first[:40]} at index {at_text})"


def _from_any_registry(value, name: str, unit: str) -> pint.Quantity:
    """Rebuild a Quantity of another UnitRegistry in ours, through its unit's name."""
    from pint.errors import PintError

    ureg = registry()
    if getattr(value, "_REGISTRY", None) is ureg:
        return value
    try:
        return ureg.Quantity(np.asarray(value.magnitude, dtype=float), str(value.units))
    except (PintError, TypeError, ValueError, AttributeError, OverflowError):
        raise UnitError(
            f"{name}: cannot read {_brief(value)}; expected a quantity in {unit}"
        ) from None


def _as_float_array(value, name: str, unit: str) -> np.ndarray:
    """A float array from a number, list or array; refuses booleans, text and objects."""
    if value is None or isinstance(value, bool | np.bool_):
        raise UnitError(f"{name}: {value!r} is not a number; expected a value in {unit}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise UnitError(f"{name}: cannot read {_brief(value)} as a number in {unit}") from None
    return array


def _finish(array: np.ndarray, name: str, unit: str, scalar: bool) -> float | np.ndarray:
    """Refuse NaN and infinities; a scalar input gives a float, an array gives an array."""
    if not np.all(np.isfinite(array)):
        raise UnitError(
            f"{name}: values must be finite numbers in {unit}, not "
            f"{_brief(array, ~np.isfinite(array))}"
        )
    return float(array) if scalar and array.ndim == 0 else array


# A number or text gives a float, an array or sequence an array; an untyped or pint value, either.
@overload
def as_magnitude(value: float | str, unit: str, name: str, *, positive: bool = False) -> float: ...
@overload
def as_magnitude(
    value: np.ndarray | Sequence[float], unit: str, name: str, *, positive: bool = False
) -> np.ndarray: ...
@overload
def as_magnitude(
    value: object, unit: str, name: str, *, positive: bool = False
) -> float | np.ndarray: ...
def as_magnitude(value, unit: str, name: str, *, positive: bool = False) -> float | np.ndarray:
    """The magnitude of ``value`` in ``unit``, for public API arguments.

    Parameters
    ----------
    value : float or array_like or pint.Quantity or str
        A number or array (taken to be in ``unit``), a pint Quantity of any registry in any
        unit of the same dimension (scalar or array), a list of such Quantities, or a string
        such as ``"0.5 mS/cm"`` (read by :func:`parse_quantity`, which refuses a string
        without a unit).
    unit : str
        The unit the caller works in, e.g. ``"S/cm"``, ``"cm"``, ``"V"``, ``"mA/cm**2"``.
    name : str
        The argument's name, used in error messages.
    positive : bool
        If true, refuse zero and negative values.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar input, an array of floats of the input's shape for an array.

    Raises
    ------
    UnitError
        Wrong dimension, unreadable value, NaN or infinity, or (``positive``) a value <= 0;
        the message names the argument and the unit expected.

    Examples
    --------
    >>> as_magnitude("1 mm", "cm", "thickness")
    0.1
    >>> as_magnitude([1.0, 2.0], "V", "potential")
    array([1., 2.])
    """
    if np.ma.is_masked(getattr(value, "magnitude", value)):
        raise UnitError(
            f"{name}: a masked array with masked entries; pass only the valid values "
            "(array.compressed())"
        )
    if isinstance(value, list | tuple) and any(_is_quantity(v) for v in value):
        items = [as_magnitude(v, unit, name, positive=positive) for v in value]
        return np.array(items, dtype=float)
    if isinstance(value, str):
        quantity = _with_name(lambda: parse_quantity(value, unit), name)
        array = np.asarray(_magnitude_in(quantity, unit, value))
        scalar = True
    elif _is_quantity(value):
        quantity = _from_any_registry(value, name, unit)
        if not quantity.check(_dimensionality(unit)):
            raise UnitError(f"{name}: {_brief(value)} has the wrong dimension; expected {unit}")
        array = _as_float_array(quantity.to(unit).magnitude, name, unit)
        scalar = np.ndim(value.magnitude) == 0
    else:
        array = _as_float_array(value, name, unit)
        scalar = array.ndim == 0
    result = _finish(array, name, unit, scalar)
    if positive and not np.all(np.asarray(result) > 0):
        bad = ~(np.asarray(result) > 0)
        raise UnitError(f"{name}: values must be positive (in {unit}), not {_brief(result, bad)}")
    return result


@overload
def as_kelvin(value: float | str, name: str = ...) -> float: ...
@overload
def as_kelvin(value: np.ndarray | Sequence[float], name: str = ...) -> np.ndarray: ...
@overload
def as_kelvin(value: object, name: str = ...) -> float | np.ndarray: ...
def as_kelvin(value, name: str = "temperature") -> float | np.ndarray:
    """Temperature in kelvin for public API arguments.

    Parameters
    ----------
    value:
        A number or array (kelvin); a pint Quantity of any registry, scalar or array, in any
        temperature unit including the offset units °C and °F (``Quantity(30, "degC")`` is
        303.15 K); or a string as the CLI reads it (``"25 C"``, ``"−20 °C"``).
    name:
        The argument's name, used in error messages.

    Returns
    -------
    float for a scalar input, ``numpy.ndarray`` of floats (K) for an array input.

    Raises
    ------
    UnitError
        Not a temperature (a temperature difference such as delta_degC included),
        unreadable, NaN or infinite, or at or below 0 K; the message names
        the argument and says kelvin is expected.
    """
    if isinstance(value, str):
        kelvin = _with_name(lambda: parse_temperature_K(value), name)
        return float(kelvin)
    items = value if isinstance(value, list | tuple) else [value]
    if any("delta_" in str(getattr(item, "units", "")) for item in items):
        raise UnitError(
            f"{name}: {_brief(value)} is a temperature difference, not a temperature "
            "(expected kelvin, or °C/°F as degC/degF)"
        )
    result = as_magnitude(value, "kelvin", name)
    if not np.all(np.asarray(result) > 0):
        where = _brief(result, ~(np.asarray(result) > 0))
        raise UnitError(f"{name}: {where} is at or below absolute zero (expected kelvin > 0)")
    return result


def _with_name(parse, name: str):
    """Run a string parser, prefixing its UnitError message with the argument's name."""
    try:
        return parse()
    except UnitError as exc:
        raise UnitError(f"{name}: {exc}") from None
