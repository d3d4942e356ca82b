"""Composites: computed average voltage next to the knowledge base's reported one."""

import json

import pytest

from hydrion.electrode import analyse_composite, analyse_electrode
from hydrion.kb import open_kb


def test_tih2_mgh2_average_is_capacity_weighted():
    mgh2 = analyse_electrode("MgH2")
    tih2 = analyse_electrode("TiH2")
    # 0.7 mol MgH2 and 0.3 mol TiH2 (review text, [127]), 2 Li each: charge weights 0.7, 0.3
    expected = 0.7 * mgh2.average_voltage_V + 0.3 * tih2.average_voltage_V
    result = analyse_composite("TiH2-MgH2", kb=open_kb())
    assert result.average_voltage_V == pytest.approx(expected, rel=1e-9)
    assert result.capacity_mAh_per_g == pytest.approx(1605, rel=2e-3)  # Table 2 prints 1728
    assert result.reported_capacity_mAh_per_g == 1728
    assert result.reported_average_voltage_V == 0.5  # Table 2, ref. [127]
    assert result.reported_voltage_refs == (127,)


def test_inert_component_does_not_shift_the_voltage():
    result = analyse_composite("Nb2O5-MgH2")
    assert result.average_voltage_V == pytest.approx(analyse_electrode("MgH2").average_voltage_V)
    assert result.reported_average_voltage_V is None  # no knowledge base given


def test_cli_shows_a_composite(run_cli):
    code, out, _ = run_cli("electrode", "TiH2-MgH2", "--json")
    data = json.loads(out)
    assert code == 0 and data["reported_average_voltage_V"] == 0.5
    assert data["average_voltage_V"] == pytest.approx(0.414, abs=0.01)
    assert data["reported_capacity_mAh_per_g"] == 1728
    code, out, _ = run_cli("electrode", "TiH2-MgH2")
    assert "Table 2 prints 1728 mAh/g" in out and "1605 mAh/g" in out


def test_uphill_component_is_named_and_voids_the_average():
    # with Na, TiH2 + 2Na -> Ti + 2NaH is uphill (ΔrH = 2(−56.3) + 144.35 kJ > 0, CRC/NIST)
    result = analyse_composite("TiH2-MgH2", ion="Na", convention="enthalpy", kb=open_kb())
    assert result.average_voltage_V is None
    assert result.reported_average_voltage_V is None  # the reported 0.5 V is vs Li
    assert len(result.warnings) == 1 and result.warnings[0].startswith("TiH2:")


def test_pairing_an_anode_that_does_not_convert_says_why():
    from hydrion.electrode import pair_with_cathode
    from hydrion.errors import MissingDataError
    from hydrion.kb.records import IonStorage, Material, Voltage
    from hydrion.sources import Source

    source = Source(refs=[72], kind="review_text")
    cathode = Material(
        id="tis2-test",
        name="TiS2",
        kind="counter_electrode",
        ions=["Li"],
        family="sulfide",
        formula="TiS2",
        ion_storage=[IonStorage(ions_per_formula=1, ion="Li", source=source)],
        voltages=[Voltage(voltage_V=2.0, source=source)],
    )
    with pytest.raises(MissingDataError, match="no conversion above 0 V"):
        pair_with_cathode(analyse_electrode("CaH2"), cathode)


def test_prelithiated_composite_has_no_computed_average():
    result = analyse_composite("Li3AlH6-Al", kb=open_kb())
    assert result.average_voltage_V is None
    assert result.reported_average_voltage_V == 0.25  # Table 2 [141], shown instead
    assert "prelithiated" in result.warnings[0]
