"""Composites: computed average voltage next to the knowledge base's reported one."""

import json

import pytest

from hydrion.electrode import analyse_composite, analyse_electrode
from hydrion.kb import open_kb


def test_tih2_mgh2_average_is_capacity_weighted():
    mgh2 = analyse_electrode("MgH2")
    tih2 = analyse_electrode("TiH2")
    # 0.8 mol MgH2 and 0.2 mol TiH2, 2 Li each: charge weights 0.8 and 0.2
    expected = 0.8 * mgh2.average_voltage_V + 0.2 * tih2.average_voltage_V
    result = analyse_composite("TiH2-MgH2", kb=open_kb())
    assert result.average_voltage_V == pytest.approx(expected, rel=1e-9)
    assert result.capacity_mAh_per_g == pytest.approx(1728, rel=2e-3)  # Table 2
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
    assert data["average_voltage_V"] == pytest.approx(0.45, abs=0.01)
