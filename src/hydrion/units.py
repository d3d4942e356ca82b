"""Parse quantities as people write them ("25 C", "120 °C", "0.5 mS cm-1") with pint.

Inside hydrion everything is SI or carries its unit in its name; conversion happens here,
at the edges. Every parser raises :class:`hydrion.errors.UnitError` with a one-line message.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pint

from hydrion.errors import UnitError

ABSOLUTE_ZERO_C = -273.15


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The shared unit registry (°C offsets allowed in plain multiplication)."""
    ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    ureg.define("mAh = milliampere * hour")
    return ureg


# Spellings people use that pint does not read by itself.
_TEMPERATURE_ALIASES = {"c": "degC", "°c": "degC", "degc": "degC", "k": "kelvin", "f": "degF"}
_SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹·", "-0123456789*")


def _normalise(text: str) -> str:
    """Rewrite unit spellings such as 'S cm-1', 'mS/cm', 'cm⁻¹', 'µS' into pint syntax."""
    s = text.strip().translate(_SUPERSCRIPTS).replace("µ", "u").replace("μ", "u")
    s = s.replace("°C", "degC").replace("℃", "degC")
    match = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)", s)
    number, unit = (match.group(1), match.group(2)) if match else ("", s)
    # 'cm-1' or 'cm^-1' after a unit letter -> 'cm**-1'
    unit = re.sub(r"(?<=[A-Za-z])\^?(-?\d+)\b", r"**\1", unit)
    return f"{number} {unit}".strip()


def parse_quantity(text: str | float | int, expected: str, default_unit: str | None = None):
    """Parse ``text`` into a pint Quantity whose dimension matches the unit ``expected``.

    ``expected`` is a unit string of the right dimension (e.g. "S/cm"). A bare number takes
    ``default_unit`` if given, else it is refused.
    """
    ureg = registry()
    if isinstance(text, int | float):
        if default_unit is None:
            raise UnitError(f"{text!r} has no unit; write it with one, e.g. '1 {expected}'")
        return ureg.Quantity(float(text), default_unit)
    raw = str(text).strip()
    if not raw:
        raise UnitError("empty quantity; give a number with its unit")
    try:
        number = float(raw)
    except ValueError:
        number = None
    if number is not None:
        if default_unit is None:
            raise UnitError(f"{raw!r} has no unit; write it with one, e.g. '{raw} {expected}'")
        return ureg.Quantity(number, default_unit)
    try:
        quantity = ureg.Quantity(_normalise(raw))
    except Exception as exc:  # pint raises several unrelated types
        raise UnitError(f"cannot read {raw!r} as a quantity ({type(exc).__name__})") from None
    if not isinstance(quantity, pint.Quantity):
        raise UnitError(f"cannot read {raw!r} as a quantity")
    if not quantity.check(ureg.Quantity(1, expected).dimensionality):
        raise UnitError(f"{raw!r} is not a quantity of the kind {expected!r} expects")
    return quantity


def parse_temperature_K(text: str | float | int, default_unit: str | None = None) -> float:
    """Temperature in kelvin from '25 C', '298 K', '120 °C', '77 F'. Refuses T <= 0 K."""
    original = text
    if isinstance(text, str):
        match = re.fullmatch(r"\s*([-+0-9.eE]+)\s*([A-Za-z°℃]+)\s*", text)
        if match and match.group(2).lower() in _TEMPERATURE_ALIASES:
            text = f"{match.group(1)} {_TEMPERATURE_ALIASES[match.group(2).lower()]}"
    quantity = parse_quantity(text, "kelvin", default_unit)
    kelvin = float(quantity.to("kelvin").magnitude)
    if kelvin <= 0:
        raise UnitError(f"{original!r} is at or below absolute zero")
    return kelvin


def parse_temperature_C(text: str | float | int, default_unit: str | None = None) -> float:
    """Temperature in °C (see :func:`parse_temperature_K`)."""
    return parse_temperature_K(text, default_unit) + ABSOLUTE_ZERO_C


def parse_positive(text: str | float | int, unit: str, default_unit: str | None = None) -> float:
    """A strictly positive quantity, returned as a float in ``unit``."""
    value = float(parse_quantity(text, unit, default_unit).to(unit).magnitude)
    if not value > 0:
        raise UnitError(f"{text!r} must be positive")
    return value


def parse_conductivity_S_per_cm(text: str | float | int) -> float:
    """Conductivity in S/cm from '1e-3 S/cm', '0.5 mS cm-1', '10 S/m'."""
    return parse_positive(text, "S/cm")


def parse_length_cm(text: str | float | int) -> float:
    """Length in cm from '1 mm', '500 um', '0.1 cm'."""
    return parse_positive(text, "cm")


def parse_area_cm2(text: str | float | int) -> float:
    """Area in cm² from '0.785 cm2', '78.5 mm^2'."""
    return parse_positive(text, "cm**2")


def parse_voltage_V(text: str | float | int, default_unit: str | None = None) -> float:
    """Potential in volts from '3 V', '250 mV'."""
    return float(parse_quantity(text, "V", default_unit).to("V").magnitude)
