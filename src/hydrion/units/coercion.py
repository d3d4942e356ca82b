"""Coerce public API arguments (numbers, arrays, strings, pint Quantities of any registry)
to magnitudes in the unit a function works in.

Strings are read by :mod:`hydrion.units.parsing`; every refusal is a
:class:`hydrion.errors.UnitError` that names the argument and the unit expected.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, overload

import numpy as np

from hydrion.errors import UnitError
from hydrion.units.parsing import (
    _dimensionality,
    _magnitude_in,
    parse_quantity,
    parse_temperature_K,
    registry,
)

if TYPE_CHECKING:
    import pint


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
    # a masked array exists only once numpy.ma is imported: no import (30 ms) just to ask
    masked = "numpy.ma" in sys.modules and np.ma.is_masked(getattr(value, "magnitude", value))
    if masked:
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
