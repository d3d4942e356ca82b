import pytest

from hydrion.errors import UnitError
from hydrion.units import (
    parse_area_cm2,
    parse_conductivity_S_per_cm,
    parse_length_cm,
    parse_temperature_C,
    parse_temperature_K,
)


@pytest.mark.parametrize(
    ("text", "kelvin"),
    [("25 C", 298.15), ("298 K", 298.0), ("120 °C", 393.15), ("25C", 298.15), ("25 degC", 298.15)],
)
def test_temperatures_as_people_write_them(text, kelvin):
    assert parse_temperature_K(text) == pytest.approx(kelvin)


@pytest.mark.parametrize(
    ("text", "sigma"),
    [
        ("1e-3 S/cm", 1e-3),
        ("0.5 mS cm-1", 5e-4),
        ("0.5 mS cm⁻¹", 5e-4),
        ("10 S/m", 0.1),
        ("2 µS/cm", 2e-6),
    ],
)
def test_conductivities_as_people_write_them(text, sigma):
    assert parse_conductivity_S_per_cm(text) == pytest.approx(sigma)


def test_lengths_and_areas():
    assert parse_length_cm("1 mm") == pytest.approx(0.1)
    assert parse_area_cm2("78.5 mm^2") == pytest.approx(0.785)


@pytest.mark.parametrize("text", ["-300 C", "0 K", "-1 K"])
def test_temperature_below_absolute_zero_is_refused(text):
    with pytest.raises(UnitError, match="absolute zero"):
        parse_temperature_K(text)


@pytest.mark.parametrize("text", ["1 V", "3 S/cm", "abc", "", "25"])
def test_wrong_or_missing_temperature_unit_is_refused(text):
    with pytest.raises(UnitError):
        parse_temperature_C(text)


@pytest.mark.parametrize("text", ["3 V", "1e-3", "-1 S/cm", "0 S/cm"])
def test_conductivity_in_volts_or_negative_is_refused(text):
    with pytest.raises(UnitError):
        parse_conductivity_S_per_cm(text)
