"""Properties of the quantity grammar (hydrion.quantity_syntax, hydrion.units), by hypothesis.

A small fixed budget runs on every CI run; benchmarks/fuzz_inputs.py runs the same families
with >= 100,000 generated inputs each.
"""

import contextlib
import math

import numpy as np
import pint
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hydrion.cli.output import format_sci
from hydrion.errors import UnitError
from hydrion.quantity_syntax import MAGNITUDE_LIMIT, read_quantity_text
from hydrion.units import as_kelvin, as_magnitude, parse_quantity, parse_temperature_K

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# (unit as hydrion prints it, the unit it means)
PRINTED_UNITS = [
    ("S/cm", "S/cm"),
    ("mS/cm", "mS/cm"),
    ("mAh/g", "mAh/g"),
    ("mAh/cm3", "mAh/cm**3"),
    ("mAh/cm²", "mAh/cm**2"),
    ("mA/cm²", "mA/cm**2"),
    ("V", "V"),
    ("Ω·cm²", "ohm*cm**2"),
    ("Ω", "ohm"),
    ("Wh/kg", "Wh/kg"),
    ("Wh/L", "Wh/L"),
    ("eV", "eV"),
    ("K", "K"),
    ("mg", "mg"),
    ("µm", "um"),
    ("Hz", "Hz"),
]
# The number formats of hydrion.cli (format_sci, table cells, messages).
FORMATS = [
    format_sci,
    lambda x: format_sci(x, 3),
    lambda x: f"{x:.4g}",
    lambda x: f"{x:.3g}",
    lambda x: f"{x:.2f}",
    lambda x: f"{x:.0f}",
    lambda x: f"{x:g}",
    repr,  # JSON
]
values = st.floats(min_value=-1e90, max_value=1e90, allow_nan=False).filter(
    lambda x: x == 0 or abs(x) > 1e-90
)


@SETTINGS
@given(value=values, fmt=st.sampled_from(FORMATS), unit=st.sampled_from(PRINTED_UNITS))
def test_every_printed_quantity_parses_back_to_its_value(value, fmt, unit):
    printed, meaning = unit
    text = f"{fmt(value)} {printed}"
    quantity = parse_quantity(text, meaning)
    assert quantity.to(meaning).magnitude == pytest.approx(float(fmt(value)), rel=1e-12)


@SETTINGS
@given(celsius=st.floats(min_value=-273.0, max_value=5000.0), digits=st.sampled_from([0, 1, 2]))
def test_printed_celsius_parses_back(celsius, digits):
    text = f"{celsius:.{digits}f} °C"
    assert parse_temperature_K(text) == pytest.approx(float(text[:-3]) + 273.15, abs=1e-9)


DASHES = ["-", "\u2212", "\u2013", "\u2014", "\u2010", "\u2011", "\u2012", "\ufe63", "\uff0d"]
SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


@SETTINGS
@given(
    mantissa=st.integers(min_value=1, max_value=9),
    exponent=st.integers(min_value=-20, max_value=20),
    dash=st.sampled_from(DASHES),
    style=st.sampled_from(["e", "×10^", "*10^", "x10^", "×10sup", "*10**", "·10^"]),
    zero_pad=st.booleans(),
    unit=st.sampled_from(["S/cm", "S cm⁻¹", "S cm-1", "S·cm−1", "S.cm-1", "S cm^-1"]),
)
def test_pasted_powers_of_ten_and_dashes(mantissa, exponent, dash, style, zero_pad, unit):
    digits = f"{abs(exponent):02d}" if zero_pad else str(abs(exponent))
    sign = dash if exponent < 0 else ""
    if style == "e":
        number = f"{mantissa}e{sign}{digits}"
    elif style == "×10sup":
        number = f"{mantissa}×10" + f"{'-' if exponent < 0 else ''}{digits}".translate(SUPERSCRIPT)
    else:
        number = f"{mantissa}{style}{sign}{digits}"
    text = f"{dash}{number} {unit.replace('-', dash).replace('−', dash)}"
    sigma = parse_quantity(text, "S/cm").to("S/cm").magnitude
    assert sigma == pytest.approx(-mantissa * 10.0**exponent, rel=1e-12)


@SETTINGS
@given(text=st.text(max_size=40))
def test_any_text_is_a_bounded_quantity_or_a_unit_error(text):
    try:
        quantity = parse_quantity(text, "S/cm")
    except UnitError as exc:
        assert "\n" not in str(exc)
        return
    assert math.isfinite(quantity.magnitude) and abs(quantity.magnitude) <= MAGNITUDE_LIMIT


# Text made of the grammar's own characters reaches the corners sooner than free text.
grammar_text = st.text(alphabet="0123456789.eE+-−^*×x·/ ()KkCcSmgV°⁻¹²%,_", max_size=24)


@SETTINGS
@given(text=grammar_text, expected=st.sampled_from(["kelvin", "S/cm", "mg", "V", "mA/cm**2"]))
def test_grammar_like_text_never_escapes(text, expected):
    try:
        read = read_quantity_text(text)
    except UnitError:
        return
    assert math.isfinite(read.magnitude)
    assert all(abs(power) <= 9 for _, power in read.unit)
    with contextlib.suppress(UnitError):
        parse_quantity(text, expected)


@SETTINGS
@given(
    base=st.integers(min_value=2, max_value=99).filter(lambda b: b != 10),
    power=st.integers(min_value=2, max_value=10**12),
    op=st.sampled_from(["^", "**"]),
)
def test_arithmetic_other_than_powers_of_ten_is_refused(base, power, op):
    with pytest.raises(UnitError):
        parse_quantity(f"{base}{op}{power} K", "kelvin")


@SETTINGS
@given(exponent=st.integers(min_value=101, max_value=10**9), op=st.sampled_from(["e", "×10^"]))
def test_magnitudes_beyond_the_bound_are_refused(exponent, op):
    with pytest.raises(UnitError):
        parse_quantity(f"1{op}{exponent} mg", "mg")


FOREIGN = pint.get_application_registry()


@SETTINGS
@given(
    celsius=st.lists(st.floats(min_value=-270, max_value=3000), min_size=1, max_size=5),
    unit=st.sampled_from(["degC", "degF", "K"]),
)
def test_as_kelvin_of_foreign_quantities_matches_pint(celsius, unit):
    quantity = FOREIGN.Quantity(np.array(celsius), "degC").to(unit)
    expected = quantity.to("kelvin").magnitude
    assert np.allclose(as_kelvin(quantity), expected, rtol=1e-12, atol=1e-9)
    assert as_kelvin(FOREIGN.Quantity(float(quantity.magnitude[0]), unit)) == pytest.approx(
        expected[0]
    )


@SETTINGS
@given(value=st.one_of(st.floats(), st.integers(), st.text(max_size=10), st.none(), st.booleans()))
def test_as_magnitude_returns_finite_or_refuses(value):
    try:
        result = as_magnitude(value, "S/cm", "sigma")
    except UnitError as exc:
        assert str(exc).startswith("sigma: ")
        return
    assert math.isfinite(result)
