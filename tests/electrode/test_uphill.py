"""A conversion uphill against the ion metal ends the path with its negative voltage.

Cases of ../shared/cases/README.md: ``hydrion electrode TiH2 --ion Mg --convention enthalpy``
must say no conversion (TiH2 + Mg -> MgH2 + Ti is uphill, ≈ −0.36 V), and LiAlH4 with Na
must stop before LiH + Na -> NaH + Li.
"""

import json

import pytest

from hydrion.electrode import analyse_electrode

FARADAY = 96485.33212


def test_tih2_with_mg_does_not_convert():
    result = analyse_electrode("TiH2", ion="Mg", convention="enthalpy")
    # ΔrH = ΔfH(MgH2) − ΔfH(TiH2) = −75.3 + 144.35 kJ (CRC, NIST) > 0: E = −ΔrH/(2F)
    expected = -(-75.3 + 144.35) * 1e3 / (2 * FARADAY)
    assert result.steps == ()
    assert result.capacity_mAh_per_g == 0
    assert result.average_voltage_V is None and result.profile is None
    assert result.uphill_step.reaction == "TiH2 + Mg -> Ti + MgH2"
    assert result.uphill_step.voltage_V == pytest.approx(expected, abs=1e-4)
    assert result.uphill_step.voltage_V == pytest.approx(-0.36, abs=0.01)
    assert result.formal_capacity_mAh_per_g == pytest.approx(1074.6, rel=1e-3)
    assert any("no conversion above 0 V" in w for w in result.warnings)
    assert not any("Mg -> Mg" in s.reaction for s in result.steps)


def test_lialh4_with_na_stops_before_lih_exchange():
    result = analyse_electrode("LiAlH4", ion="Na", convention="enthalpy")
    # LiH + Na -> NaH + Li: ΔrH = −56.3 + 90.5 kJ (CRC) > 0
    expected = -(-56.3 + 90.5) * 1e3 / FARADAY
    assert result.uphill_step.reaction == "LiH + Na -> Li + NaH"
    assert result.uphill_step.voltage_V == pytest.approx(expected, abs=1e-4)
    assert all(s.voltage_V > 0 for s in result.steps)
    assert sum(s.ions_transferred for s in result.steps) == pytest.approx(3)
    # 3 Na per LiAlH4 (37.95 g/mol) count, the 4th does not
    assert result.capacity_mAh_per_g == pytest.approx(3 * FARADAY / 3.6 / 37.954, rel=1e-3)
    assert result.formal_capacity_mAh_per_g == pytest.approx(4 * FARADAY / 3.6 / 37.954, rel=1e-3)
    assert result.profile.capacity_mAh_per_g[-1] == pytest.approx(result.capacity_mAh_per_g)


def test_explicit_uphill_step_ends_the_path():
    result = analyse_electrode(
        "TiH2", ion="Mg", convention="enthalpy", path=["TiH2 + Mg -> MgH2 + Ti"]
    )
    assert result.steps == () and result.uphill_step.voltage_V < 0


def test_downhill_conversions_are_unchanged():
    result = analyse_electrode("MgH2")
    assert result.uphill_step is None
    assert result.capacity_mAh_per_g == pytest.approx(result.formal_capacity_mAh_per_g)


def test_cli_says_no_conversion(run_cli):
    code, out, _ = run_cli("electrode", "TiH2", "--ion", "Mg", "--convention", "enthalpy")
    assert code == 0
    assert "no conversion above 0 V" in out and "-0.358" in out
    assert "Mg -> Mg" not in out
    code, out, _ = run_cli("electrode", "TiH2", "--ion", "Mg", "--convention", "enthalpy", "--json")
    data = json.loads(out)
    assert data["capacity_mAh_per_g"] == 0
    assert data["uphill_step"]["voltage_V"] == pytest.approx(-0.358, abs=1e-3)


def test_cli_headline_says_where_a_partial_conversion_stops(run_cli):
    code, out, _ = run_cli("electrode", "LiAlH4", "--ion", "Na", "--convention", "enthalpy")
    assert code == 0 and "above 0 V it stops at 3 Na per f.u." in " ".join(out.split())
