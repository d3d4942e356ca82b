"""Quantities as people write them, parsed (hydrion.units.parsing): temperatures, conductivities,
lengths and areas, the "number unit" grammar, and the cases of ../shared/cases/README.md
("typed at the prompt", "bad input")."""

import re

import pytest

from hydrion.errors import UnitError
from hydrion.units import (
    parse_area_cm2,
    parse_conductivity_S_per_cm,
    parse_length_cm,
    parse_quantity,
    parse_temperature_C,
    parse_temperature_K,
    registry,
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


@pytest.mark.parametrize(
    ("text", "kelvin"),
    [
        ("−20 °C", 253.15),  # U+2212 minus sign, as copied from a PDF
        ("\u201320 °C", 253.15),  # en dash
        ("\u2010 20 °C", 253.15),  # hyphen, then a space
        ("-20 ℃", 253.15),
        ("−20\u2009°C", 253.15),  # thin space
        ("300 \u212a", 300.0),  # KELVIN SIGN
        ("77 F", 298.15),
        ("25 °c", 298.15),
        ("25 deg C", 298.15),
        ("77 °F", 298.15),
    ],
)
def test_pasted_temperatures(text, kelvin):
    assert parse_temperature_K(text) == pytest.approx(kelvin)


@pytest.mark.parametrize(
    "text",
    [
        "1×10⁻⁴ S cm⁻¹",
        "1*10^-04 S/cm",
        "1*10**-4 S/cm",
        "1 x 10^-4 S/cm",
        "0.1 mS·cm−1",
        "0.1 mS⋅cm⁻¹",
        "1e-4 S cm^(-1)",
        "100 µS/cm",
        "1e-2 S/m",
        "1E-04 S.cm-1",
    ],
)
def test_pasted_conductivities_all_mean_1e_4(text):
    assert parse_conductivity_S_per_cm(text) == pytest.approx(1e-4)


def test_bare_power_of_ten_takes_the_default_unit():
    assert parse_quantity("10⁻⁴", "S/cm", "S/cm").to("S/cm").magnitude == pytest.approx(1e-4)
    assert parse_quantity("10^3", "Hz", "Hz").magnitude == pytest.approx(1e3)


@pytest.mark.parametrize(
    "text",
    [
        "2^9999999999 K",
        "9**9**9 K",
        "10^9999999999 K",
        "10**400 mg",
        "1e400 mg",
        "1e-400 mg",
        "nan K",
        "inf K",
        "-inf K",
        "1_000 K",
        "0,5 mS/cm",
        "(2+3) K",
        "2*3 K",
        "3 K*K*K**99",
        "1 J/mol/K",
        "1 W/m K",
        "1 K 2",
        "1 K/",
        "x" * 500,
        "__import__('os') K",
        "1 kelvin; import os",
    ],
)
def test_anything_but_number_unit_is_refused_before_pint(text):
    with pytest.raises(UnitError, match="^cannot read|^unknown|^'"):
        parse_quantity(text, "kelvin")


def test_pint_never_sees_the_refused_text(monkeypatch):
    """Arithmetic in the string must not reach pint's evaluator (it computes 2**huge)."""
    ureg = registry()

    def forbidden(*args, **kwargs):
        raise AssertionError("pint's expression parser was called")

    monkeypatch.setattr(ureg, "parse_expression", forbidden)
    with pytest.raises(UnitError):
        parse_quantity("2^9999999999 K", "kelvin")
    assert parse_temperature_K("25 C") == pytest.approx(298.15)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e300, True])
def test_bare_numbers_must_be_finite_and_bounded(value):
    with pytest.raises(UnitError):
        parse_quantity(value, "kelvin", "kelvin")


def test_case_sigma_at_minus_20_C_with_unicode_minus(run_cli):
    import json

    code, out, err = run_cli("sigma", "LiBH4", "--T", "−20 °C", "--json")
    if code == 0:
        assert json.loads(out)["temperature_K"] == pytest.approx(253.15)
    else:
        assert code == 2 and len(err.strip().splitlines()) == 1


def test_case_db_query_threshold_1e_4(run_cli):
    import json

    code, out, _ = run_cli("db", "query", "--sigma-min", "1*10^-04 S/cm", "--at", "25 C", "--json")
    assert code == 0
    sigmas = [row["sigma_S_per_cm"] for row in json.loads(out)["conductivity"]]
    assert sigmas and min(sigmas) >= 1e-4
    assert min(sigmas) < 4  # read as 4 S/cm, nothing would be listed


@pytest.mark.parametrize("T", ["2^9999999999 K", "9**9**9 K"])
def test_case_huge_power_in_temperature_is_refused(run_cli, T):
    code, _, err = run_cli("sigma", "LiBH4", "--T", T)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_case_mass_10_pow_400_is_refused(run_cli, shared_dir):
    path = shared_dir / "cases/lab-files/F1_control_english_same_rows.mpt"
    code, _, err = run_cli("cycling", str(path), "--mass", "10**400 mg")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("header", "option"),
    [
        ("T_C,sigma [9**9**9 S/cm]", []),
        ("T [2^9999999999 K],sigma_S_per_cm", []),
        ("T_C,sigma", ["--sigma-unit", "9**9**9 S/cm"]),
    ],
)
def test_case_arithmetic_in_a_column_header_or_unit_option_is_refused(
    run_cli, tmp_path, header, option
):
    path = tmp_path / "sigma.csv"
    path.write_text(f"{header}\n25,1e-3\n50,2e-3\n75,4e-3\n", encoding="utf-8")
    code, _, err = run_cli("arrhenius", "fit", str(path), *option)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "cannot read" in err


@pytest.mark.parametrize("text", ["2 kOhm", "2 kΩ", "2000 Ohm", "2e3 ohm", "2 k\u2126"])
def test_resistances_as_instruments_write_them(text):
    assert parse_quantity(text, "ohm").to("ohm").magnitude == pytest.approx(2000.0)


def test_quantities_hydrion_prints_parse_back(run_cli):
    """Round trip on real output: every 'number S/cm' and 'number °C' in the σ table reads back."""
    import json
    import re

    code, table, _ = run_cli("sigma", "LiBH4", "--T", "30 C")
    assert code == 0
    _, data, _ = run_cli("sigma", "LiBH4", "--T", "30 C", "--json")
    result = json.loads(data)
    sigmas = re.findall(r"[-+]?\d[\d.]*(?:e[-+]?\d+)? S/cm", table)
    celsius = re.findall(r"[-+−]?\d[\d.]* °C", table)
    assert sigmas and celsius
    assert parse_conductivity_S_per_cm(sigmas[0]) == pytest.approx(
        result["sigma_S_per_cm"], rel=0.01
    )
    assert any(parse_temperature_C(t) == pytest.approx(30.0) for t in celsius)
    for text in sigmas:
        assert parse_conductivity_S_per_cm(text) == pytest.approx(float(text.split()[0]))
    for text in celsius:
        assert parse_temperature_C(text) == pytest.approx(float(text.split()[0].replace("−", "-")))


@pytest.mark.parametrize("text", ["5 °C·°C/K", "5 degC·degF/K"])
def test_offset_units_in_products_are_refused(text):
    with pytest.raises(UnitError):
        parse_quantity(text, "kelvin")


@pytest.mark.parametrize(
    ("text", "expected", "message"),
    [
        ("1 V", "cm", "'1 V' is a voltage, not a length (e.g. '1 cm')"),
        ("2 K", "S/cm", "'2 K' is a temperature, not a conductivity (e.g. '1 S/cm')"),
        ("1 mAh/cm^2", "mA/cm^2", "is an areal capacity, not a current density"),
        ("3 mg", "cm**2", "'3 mg' is a mass, not an area"),
        ("1 m/s", "um", "is a quantity of dimension [length] / [time], not a length"),
    ],
)
def test_a_wrong_kind_is_named_in_words(text, expected, message):
    """The refusal names both kinds as the field says them, not pint's '[length]'."""
    with pytest.raises(UnitError, match=re.escape(message)):
        parse_quantity(text, expected)


def test_cli_thickness_in_volts_is_refused_as_not_a_length(run_cli, tmp_path):
    spectrum = tmp_path / "z.csv"
    spectrum.write_text("f,re,im\n1000,10,-1\n100,12,-3\n")
    code, _, err = run_cli("eis", str(spectrum), "--thickness", "1 V", "--area", "1 cm2")
    assert code == 2
    assert "'1 V' is a voltage, not a length" in err and len(err.strip().splitlines()) == 1
