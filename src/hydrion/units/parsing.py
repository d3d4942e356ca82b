"""Parse quantities as people write them ("25 C", "120 °C", "0.5 mS cm-1") with pint.

The CLI's edge: text becomes a pint Quantity or a float in the unit asked for. Every parser
raises :class:`hydrion.errors.UnitError` with a one-line message.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

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


# Words for the dimensions hydrion reads (by a unit of each), so a refusal says "a length",
# not pint's "[length]".
_KIND_UNITS = {
    "length": "cm",
    "area": "cm**2",
    "volume": "cm**3",
    "temperature": "kelvin",
    "mass": "g",
    "time": "s",
    "frequency": "Hz",
    "current": "A",
    "voltage": "V",
    "charge": "C",
    "energy": "eV",
    "power": "W",
    "pressure": "Pa",
    "resistance": "ohm",
    "capacitance": "F",
    "conductivity": "S/cm",
    "density": "g/cm**3",
    "current density": "A/cm**2",
    "areal capacity": "mAh/cm**2",
    "areal loading": "mg/cm**2",
    "specific capacity": "mAh/g",
    "dimensionless number": "dimensionless",
}


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, str]:
    return {str(_dimensionality(unit)): word for word, unit in _KIND_UNITS.items()}


def _kind_of(dimensionality, article: bool = False) -> str:
    """'length', 'a voltage', or pint's form ('[length] / [time]') for a kind without a word."""
    word = _kind_words().get(str(dimensionality))
    if word is None:
        return f"a quantity of dimension {dimensionality}" if article else str(dimensionality)
    if not article:
        return word
    return ("an " if word[0] in "aeiou" else "a ") + word


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
        raise UnitError(
            f"{text!r} is {_kind_of(quantity.dimensionality, article=True)}, not "
            f"{_kind_of(_dimensionality(expected), article=True)} (e.g. '1 {expected}')"
        )
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
