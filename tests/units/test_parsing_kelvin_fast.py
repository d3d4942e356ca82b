"""Kelvin and °C are read without pint (start-up speed); pint stays the authority: the fast
path must give exactly pint's float for every spelling and magnitude, and hand every other
unit to pint."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hydrion.errors import UnitError
from hydrion.units.parsing import _kelvin_fast, _magnitude_in, parse_quantity, parse_temperature_K

SPELLINGS = ["C", "c", "°C", "° C", "degC", "degc", "℃", "K", "k", "kelvin"]


def _by_pint(text: str) -> float:
    return _magnitude_in(parse_quantity(text, "kelvin"), "kelvin", text)


@settings(max_examples=60, deadline=None)
@given(
    magnitude=st.floats(-1e6, 1e6).filter(lambda x: x == 0 or abs(x) > 1e-90)
    | st.integers(-500, 5000),
    spelling=st.sampled_from(SPELLINGS),
    space=st.sampled_from(["", " "]),
)
def test_fast_path_gives_exactly_pints_kelvin(magnitude, spelling, space):
    text = f"{magnitude}{space}{spelling}"
    assert _kelvin_fast(text) == _by_pint(text)


@pytest.mark.parametrize(
    ("text", "kelvin"), [("30C", 303.15), ("-20 °C", 253.14999999999998), ("300 K", 300.0)]
)
def test_fast_path_values(text, kelvin):
    assert _kelvin_fast(text) == kelvin
    assert parse_temperature_K(text) == kelvin


@pytest.mark.parametrize(
    "text", ["77 F", "77 degF", "300 mK", "25 K^2", "25", "1 K/s", "25 Kelvin"]
)
def test_other_units_are_left_to_pint(text):
    assert _kelvin_fast(text) is None


@pytest.mark.parametrize("value", [25, 25.0, None])
def test_numbers_are_left_to_pint(value):
    assert _kelvin_fast(value) is None


@pytest.mark.parametrize("text", ["-300 C", "0 K", "-1 K"])
def test_fast_path_still_refuses_absolute_zero(text):
    with pytest.raises(UnitError, match="at or below absolute zero"):
        parse_temperature_K(text)


def test_unreadable_text_gives_the_same_error_as_pint():
    with pytest.raises(UnitError, match="does not start with a number"):
        _kelvin_fast("warm C")
    with pytest.raises(UnitError, match="does not start with a number"):
        parse_quantity("warm C", "kelvin")


def test_a_celsius_temperature_does_not_import_pint():
    script = (
        "import sys\nfrom hydrion.units import parse_temperature_K, as_kelvin, as_magnitude\n"
        "parse_temperature_K('30C'); as_kelvin(300.0); as_magnitude(1.0, 'S/cm', 'sigma')\n"
        "print('pint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
