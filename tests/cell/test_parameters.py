"""The electrolyte σ a simulated cell gets (hydrion.cell.parameters.electrolyte_sigma): the
transport layer's one "model, else measured value" path, with a bound flagged by what it
makes of the simulated cell."""

import pytest

from hydrion.cell.parameters import electrolyte_sigma
from hydrion.errors import MissingDataError
from hydrion.kb import open_kb
from hydrion.kb.records import Material
from hydrion.transport.screening import sigma_for_screening


class _OneMaterial:
    """A knowledge base holding one material, whatever name is asked."""

    def __init__(self, material: Material):
        self.made_up = material

    def material(self, name: str) -> Material:
        return self.made_up


def test_the_cell_takes_the_screening_value_and_sources():
    kb = open_kb()
    for name, T in [("LiBH4", 393.15), ("na4(cb11h12)2(b12h12)", 298.15)]:
        value = sigma_for_screening(kb.material(name), T, tolerance_K=0.5)
        sigma, sources, _, _ = electrolyte_sigma(name, T, kb)
        assert sigma == value.sigma_S_per_cm
        assert sources == list(value.sources)


def test_a_value_is_preferred_to_a_lower_upper_bound(made_up_electrolyte):
    sigma, sources, warnings, flag = electrolyte_sigma(
        "x", 298.15, _OneMaterial(made_up_electrolyte((1e-10, "upper_bound"), (1e-8, "exact")))
    )
    assert sigma == 1e-8
    assert flag == ""  # measured at the temperature: nothing to flag beside the number
    assert len(sources) == 2  # the value and the bound it is checked against
    assert not any("bound:" in w for w in warnings)


@pytest.mark.parametrize(
    ("precision", "flag"),
    [
        ("upper_bound", "σ is only known as an upper bound: the simulated cell is a best case"),
        ("lower_bound", "σ is only known as a lower bound: the simulated cell is a worst case"),
    ],
)
def test_a_bound_alone_is_flagged_with_the_side_of_the_real_cell(
    precision, flag, made_up_electrolyte
):
    sigma, _, warnings, short = electrolyte_sigma(
        "x", 298.15, _OneMaterial(made_up_electrolyte((1e-4, precision)))
    )
    assert sigma == 1e-4
    assert short == precision.replace("_", " ")  # printed beside σ in the table
    assert warnings == [
        f"σ(T) of made-up not modelled: measured at 25 °C, no model; {precision.replace('_', ' ')}",
        flag,
    ]


def test_an_extrapolated_sigma_carries_its_distance_as_a_flag():
    # Li4(BH4)3I: one σ at 30 °C and an Ea; at 150 °C the law runs 120 K past its data
    sigma, _, warnings, flag = electrolyte_sigma("li4(bh4)3i", 423.15)
    assert sigma == pytest.approx(0.087, rel=0.01)
    assert flag == "extrapolated (+120 K)"
    assert "σ of li4(bh4)3i extrapolated by 120 K" in warnings


def test_no_model_and_no_value_at_the_temperature_is_refused(made_up_electrolyte):
    with pytest.raises(MissingDataError, match="measured within 0.5 K of 26 °C either"):
        electrolyte_sigma("x", 299.15, _OneMaterial(made_up_electrolyte((1e-4, "exact"))))
