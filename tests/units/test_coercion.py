"""Public API arguments coerced to magnitudes (hydrion.units.coercion): numbers, arrays,
strings and pint Quantities of any registry, and the one-line UnitError for everything else."""

import numpy as np
import pint
import pytest

from hydrion.errors import UnitError
from hydrion.units import as_kelvin, as_magnitude, registry

FOREIGN = pint.get_application_registry()  # a user's own registry, not hydrion's


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


def test_case_sigma_at_accepts_a_foreign_degC_quantity():
    from hydrion.transport import sigma_at

    result = sigma_at("LiBH4", FOREIGN.Quantity(30, "degC"))
    assert result.temperature_K == pytest.approx(303.15)
    # The record is "~1e-8 S/cm at 30 °C, order of magnitude": half a decade either way.
    assert abs(np.log10(result.sigma_S_per_cm) + 8) < 0.5


def test_lists_of_quantities_are_converted_one_by_one():
    temperatures = [FOREIGN.Quantity(25, "degC"), FOREIGN.Quantity(212, "degF")]
    assert np.allclose(as_kelvin(temperatures), [298.15, 373.15])
    thicknesses = (FOREIGN.Quantity(1, "mm"), FOREIGN.Quantity(500, "um"))
    assert np.allclose(as_magnitude(thicknesses, "cm", "thickness"), [0.1, 0.05])
    with pytest.raises(UnitError, match="^temperature: "):
        as_kelvin([FOREIGN.Quantity(25, "degC"), FOREIGN.Quantity(1, "V")])


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

    Q = registry().Quantity if own_registry else pint.get_application_registry().Quantity
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
