import pytest
from pydantic import ValidationError

from hydrion.kb.cell_records import Cell
from hydrion.kb.records import Conductivity, Material, StabilityWindow, slug
from hydrion.sources import Source

USER = {"kind": "user", "citation": "test"}


def material(**changes):
    record = {
        "id": "x",
        "name": "X",
        "kind": "electrolyte",
        "ions": ["Li"],
        "family": "BH4",
        "formula": "LiBH4",
    }
    record.update(changes)
    return Material.model_validate(record)


def test_a_source_must_name_a_paper():
    with pytest.raises(ValidationError, match="a source needs"):
        Source(kind="experiment")
    assert Source(kind="review_table", refs=[19]).refs == [19]


def test_order_of_magnitude_is_kept():
    value = Conductivity(
        sigma_S_per_cm=1e-3, temperature_C=120, precision="order_of_magnitude", source=USER
    )
    assert value.precision == "order_of_magnitude"


@pytest.mark.parametrize(
    "bad",
    [
        {"sigma_S_per_cm": 0, "temperature_C": 25},
        {"sigma_S_per_cm": 1e-3, "temperature_C": -300},
        {"sigma_S_per_cm": 1e-3, "temperature_C": 25, "unit": "V"},
    ],
)
def test_impossible_conductivities_are_refused(bad):
    with pytest.raises(ValidationError):
        Conductivity(source=USER, **bad)


def test_window_limits_must_be_ordered():
    with pytest.raises(ValidationError, match="below"):
        StabilityWindow(low_V=5, high_V=0, method="experimental", source=USER)


def test_formula_must_parse_and_composites_need_components():
    with pytest.raises(ValidationError, match="formula"):
        material(formula="Xq9")
    with pytest.raises(ValidationError, match="components"):
        material(formula=None)
    composite = material(
        formula=None,
        description="LiBH4 in MCM-41",
        components=[{"name": "LiBH4", "formula": "LiBH4"}, {"name": "MCM-41", "role": "scaffold"}],
    )
    assert composite.formula is None


def test_values_lists_every_reported_value():
    record = material(
        conductivities=[{"sigma_S_per_cm": 1e-3, "temperature_C": 120, "source": USER}],
        activation_energies=[{"Ea_eV": 0.53, "source": USER}],
    )
    assert [field for field, _ in record.values()] == ["conductivities", "activation_energies"]


def test_cells_need_performance():
    with pytest.raises(ValidationError):
        Cell(id="c", cathode="a", electrolyte="b", anode="c", ion="Li", performance=[])


def test_slug():
    assert slug("Li4(BH4)3I") == "li4(bh4)3i"
    assert slug("Li(CB9H10)0.7(CB11H12)0.3") == "li(cb9h10)0.7(cb11h12)0.3"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sigma_S_per_cm", True, "not true/false"),
        ("sigma_S_per_cm", 1e50, "less than or equal to 1000"),
        ("temperature_C", 1e30, "less than 5000"),
        ("temperature_C", False, "not true/false"),
    ],
)
def test_booleans_and_absurd_numbers_are_refused(field, value, message):
    good = {"sigma_S_per_cm": 1e-3, "temperature_C": 25, "source": USER}
    with pytest.raises(ValidationError, match=message):
        Conductivity.model_validate({**good, field: value})
    assert Conductivity.model_validate(good).sigma_S_per_cm == 1e-3


def test_absurd_activation_energy_is_refused():
    from hydrion.kb.records import ActivationEnergy

    with pytest.raises(ValidationError, match="less than 10"):
        ActivationEnergy(Ea_eV=1e30, source=USER)
    assert ActivationEnergy(Ea_eV=0.5, source=USER).Ea_eV == 0.5
