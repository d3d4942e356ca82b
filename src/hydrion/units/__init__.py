"""Quantities at hydrion's edges, converted with pint.

Inside hydrion everything is SI or carries its unit in its name; conversion happens here.
Text as people write it ("25 C", "0.5 mS cm-1") is read by :mod:`.parsing`; public API
arguments (numbers, arrays, strings, pint Quantities of any registry) are coerced by
:mod:`.coercion`. Every refusal is a :class:`hydrion.errors.UnitError` with a one-line message.
"""

from hydrion.constants import ABSOLUTE_ZERO_C as ABSOLUTE_ZERO_C  # re-exported for callers
from hydrion.units.coercion import as_kelvin, as_magnitude
from hydrion.units.parsing import (
    parse_area_cm2,
    parse_conductivity_S_per_cm,
    parse_length_cm,
    parse_positive,
    parse_quantity,
    parse_temperature_C,
    parse_temperature_K,
    parse_voltage_V,
    registry,
)

__all__ = [
    "as_kelvin",
    "as_magnitude",
    "parse_area_cm2",
    "parse_conductivity_S_per_cm",
    "parse_length_cm",
    "parse_positive",
    "parse_quantity",
    "parse_temperature_C",
    "parse_temperature_K",
    "parse_voltage_V",
    "registry",
]
