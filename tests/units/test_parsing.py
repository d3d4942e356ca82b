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


# --- coercion for the Python API ---------------------------------------------------------

import numpy as np  # noqa: E402
import pint  # noqa: E402

from hydrion.units import as_kelvin, as_magnitude, parse_quantity, registry  # noqa: E402

FOREIGN = pint.UnitRegistry()  # a user's own registry, not hydrion's


@pytest.mark.parametrize("ureg", [FOREIGN, registry()], ids=["foreign", "hydrion"])
def test_as_kelvin_converts_offset_units_from_any_registry(ureg):
    assert as_kelvin(ureg.Quantity(30, "degC")) == pytest.approx(303.15)
    assert as_kelvin(ureg.Quantity(86, "degF")) == pytest.approx(303.15)
    assert as_kelvin(ureg.Quantity(303.15, "K")) == pytest.approx(303.15)
    assert np.allclose(as_kelvin(ureg.Quantity([25.0, 100.0], "degC")), [298.15, 373.15])


def test_as_kelvin_numbers_arrays_and_strings():
    assert as_kelvin(300) == 300.0 and isinstance(as_kelvin(300), float)
    assert np.allclose(as_kelvin([300, 400]), [300.0, 400.0])
    assert isinstance(as_kelvin(np.array([300.0])), np.ndarray)
    assert as_kelvin("25 C") == pytest.approx(298.15)


@pytest.mark.parametrize(
    "bad",
    [
        0,
        -5,
        float("nan"),
        float("inf"),
        [300, float("nan")],
        [300, -1],
        True,
        None,
        "abc",
        FOREIGN.Quantity(3, "V"),
        FOREIGN.Quantity(-300, "degC"),
    ],
)
def test_as_kelvin_refuses_and_names_the_argument(bad):
    with pytest.raises(UnitError, match="^T_cell: .*"):
        as_kelvin(bad, name="T_cell")


def test_as_kelvin_wrong_dimension_says_kelvin_expected():
    with pytest.raises(UnitError, match="kelvin"):
        as_kelvin(FOREIGN.Quantity(1, "S/cm"))


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (FOREIGN.Quantity(0.5, "mS/cm"), "S/cm", 5e-4),
        (FOREIGN.Quantity(1, "mm"), "cm", 0.1),
        (FOREIGN.Quantity(250, "mV"), "V", 0.25),
        (FOREIGN.Quantity(2, "g"), "mg", 2000.0),
        (FOREIGN.Quantity(10, "A/m**2"), "mA/cm**2", 1.0),
        (3.0, "V", 3.0),
        ("0.5 mS cm-1", "S/cm", 5e-4),
    ],
)
def test_as_magnitude_converts_to_the_working_unit(value, unit, expected):
    assert as_magnitude(value, unit, "x") == pytest.approx(expected)


def test_as_magnitude_arrays_stay_arrays():
    out = as_magnitude(FOREIGN.Quantity(np.array([1.0, 2.0]), "mm"), "cm", "thickness")
    assert isinstance(out, np.ndarray) and np.allclose(out, [0.1, 0.2])


@pytest.mark.parametrize(
    "bad", [FOREIGN.Quantity(1, "V"), "1 V", float("inf"), "abc", [1.0, float("nan")]]
)
def test_as_magnitude_refuses_and_names_argument_and_unit(bad):
    with pytest.raises(UnitError, match=r"^thickness: .*"):
        as_magnitude(bad, "cm", "thickness")


def test_as_magnitude_positive():
    with pytest.raises(UnitError, match="positive"):
        as_magnitude(0.0, "cm", "thickness", positive=True)
    assert as_magnitude(-1.0, "V", "potential") == -1.0


# --- the "number unit" grammar -----------------------------------------------------------


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


# --- cases of ../shared/cases/README.md ("typed at the prompt", "bad input") ------------


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


def test_case_sigma_at_accepts_a_foreign_degC_quantity():
    from hydrion.transport import sigma_at

    result = sigma_at("LiBH4", FOREIGN.Quantity(30, "degC"))
    assert result.temperature_K == pytest.approx(303.15)
    # The record is "~1e-8 S/cm at 30 °C, order of magnitude": half a decade either way.
    assert abs(np.log10(result.sigma_S_per_cm) + 8) < 0.5


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


def test_lists_of_quantities_are_converted_one_by_one():
    temperatures = [FOREIGN.Quantity(25, "degC"), FOREIGN.Quantity(212, "degF")]
    assert np.allclose(as_kelvin(temperatures), [298.15, 373.15])
    thicknesses = (FOREIGN.Quantity(1, "mm"), FOREIGN.Quantity(500, "um"))
    assert np.allclose(as_magnitude(thicknesses, "cm", "thickness"), [0.1, 0.05])
    with pytest.raises(UnitError, match="^temperature: "):
        as_kelvin([FOREIGN.Quantity(25, "degC"), FOREIGN.Quantity(1, "V")])


@pytest.mark.parametrize("text", ["5 °C·°C/K", "5 degC·degF/K"])
def test_offset_units_in_products_are_refused(text):
    with pytest.raises(UnitError):
        parse_quantity(text, "kelvin")


@pytest.mark.parametrize("unit", ["delta_degC", "delta_degF"])
def test_as_kelvin_refuses_a_temperature_difference(unit):
    # Quantity(30, 'delta_degC') used to be taken as 30 K
    with pytest.raises(UnitError, match="temperature difference"):
        as_kelvin(registry().Quantity(30, unit), "temperature_K")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            lambda: as_kelvin(np.array([300.0, -5.0, 400.0] * 100)),
            "shape (300,) (first bad value -5.0 at index 1) is at or below absolute zero",
        ),
        (
            lambda: as_kelvin(registry().Quantity(np.arange(300.0), "m")),
            "shape (300,) in meter (first value 0.0 at index 0) has the wrong dimension",
        ),
        (
            lambda: as_magnitude(np.array([1.0, np.nan] * 50), "cm", "thickness"),
            "not an array of shape (100,) (first bad value nan at index 1)",
        ),
        (
            lambda: as_kelvin(registry().Quantity(np.arange(1.0, 300.0), "delta_degC")),
            "is a temperature difference",
        ),
        (
            lambda: as_magnitude(np.array(["a", "b"] * 50), "cm", "x"),
            "cannot read an array of shape (100,) (first value 'a' at index 0)",
        ),
        (
            lambda: as_magnitude([[1.0, 2.0], [3.0, -1.0]], "cm", "t", positive=True),
            "(first bad value -1.0 at index (1, 1))",
        ),
    ],
)
def test_unit_errors_on_whole_arrays_are_one_line(call, expected):
    """A long array is summarised (shape, unit, first bad value), never printed whole."""
    with pytest.raises(UnitError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and len(message) < 200
    assert expected in message


# --- foreign exceptions become one UnitError line (issue F7) ---------------------------


def test_as_kelvin_mixed_quantities_one_unit_error() -> None:
    from hydrion.units import registry

    Q = registry().Quantity
    with pytest.raises(UnitError, match="temperature difference"):
        as_kelvin([Q(300, "K"), Q(30, "delta_degC")])


def test_as_kelvin_ragged_list_one_unit_error() -> None:
    with pytest.raises(UnitError, match="ragged or mixed sequence of 2 items"):
        as_kelvin([[300], [400, 5]])


@pytest.mark.parametrize("own_registry", [True, False])
def test_as_kelvin_huge_integer_quantity_one_unit_error(own_registry: bool) -> None:
    import pint

    from hydrion.units import registry

    Q = registry().Quantity if own_registry else pint.UnitRegistry().Quantity
    with pytest.raises(UnitError, match="as a number in kelvin|expected a quantity in kelvin"):
        as_kelvin(Q(10**400, "K"))


def test_as_kelvin_masked_entries_refused_unmasked_kept() -> None:
    with pytest.raises(UnitError, match="masked"):
        as_kelvin(np.ma.array([300.0, 1.0], mask=[False, True]))
    assert as_kelvin(np.ma.array([300.0, 400.0])).tolist() == [300.0, 400.0]


def test_sigma_at_composition_with_infinite_amount_one_input_error() -> None:
    from pymatgen.core import Composition

    from hydrion.errors import InputError
    from hydrion.transport.kb_models import sigma_at

    with pytest.raises(InputError, match="cannot read Composition"):
        sigma_at(Composition({"Li": 1, "B": 1, "H": float("inf")}), 390)
