"""The electrode API takes pymatgen Compositions and pint Quantities as well as plain values."""

import pint
import pytest
from pymatgen.core import Composition

from hydrion.electrode import (
    analyse_electrode,
    paired_specific_energy,
    theoretical_capacity_mAh_per_g,
)
from hydrion.errors import InputError, UnitError
from hydrion.units import registry


def test_composition_gives_the_same_result_as_the_formula():
    from_text = analyse_electrode("LiNa2AlH6", convention="enthalpy")
    from_composition = analyse_electrode(Composition("LiNa2AlH6"), convention="enthalpy")
    assert from_composition.formula == "LiNa2AlH6"
    assert from_composition.capacity_mAh_per_g == pytest.approx(from_text.capacity_mAh_per_g)
    assert from_composition.average_voltage_V == pytest.approx(from_text.average_voltage_V)
    assert theoretical_capacity_mAh_per_g(Composition("TiS2"), 1) == pytest.approx(239.3, abs=0.1)


def test_temperature_quantities_of_any_registry():
    in_kelvin = analyse_electrode("MgH2", temperature_K=393.15)
    in_celsius = analyse_electrode("MgH2", temperature_K=registry().Quantity(120, "degC"))
    foreign = pint.get_application_registry().Quantity(393.15, "K")
    other_registry = analyse_electrode("MgH2", temperature_K=foreign)
    assert in_celsius.temperature_K == pytest.approx(393.15)
    assert in_celsius.average_voltage_V == pytest.approx(in_kelvin.average_voltage_V)
    assert other_registry.average_voltage_V == pytest.approx(in_kelvin.average_voltage_V)


@pytest.mark.parametrize("temperature", [registry().Quantity(1, "V"), -5, 0])
def test_bad_temperatures_are_refused(temperature):
    with pytest.raises(UnitError, match="temperature_K"):
        analyse_electrode("MgH2", temperature_K=temperature)


def test_temperature_beyond_the_thermochemistry_is_refused():
    # 1e6 K used to give voltages from 298 K data
    with pytest.raises(InputError, match="2000 K"):
        analyse_electrode("MgH2", temperature_K=1e6)


def test_paired_energy_takes_quantities():
    q = registry().Quantity
    paired = paired_specific_energy("MgH2", q(2.037, "Ah/g"), q(520, "mV"), "TiS2", 239, 2.0)
    assert paired.specific_energy_Wh_per_kg == pytest.approx(2037 * 239 / 2276 * 1.48, rel=1e-6)
    with pytest.raises(UnitError, match="anode_capacity"):
        paired_specific_energy("MgH2", q(2, "V"), 0.5, "TiS2", 239, 2.0)


def test_compositions_in_the_pathway_and_fig10_helpers():
    from hydrion.electrode.conversion import overall_conversion
    from hydrion.electrode.fig10 import capacity_points

    step = overall_conversion(Composition("NaAlH4"), "Li")
    assert step.ions == pytest.approx(4)
    (point,), _ = capacity_points([("CaH2", Composition("CaH2"), "user")])
    assert point.formula == "CaH2" and point.flagged
