"""The computed pathway beside the observed reaction sequence (review section 3.2.1)."""

import pytest

from hydrion.constants import KJ_PER_MOL_PER_EV
from hydrion.electrode import analyse_electrode
from hydrion.electrode.voltage import EnergyModel, step_voltage_V


def test_nah4_first_step_differs_from_reaction_8_within_uncertainty():
    """Enthalpy basis: the hull point at 1 Li lies (E1 − E8)·F below the chord of
    Reaction (8) (2NaAlH4 + 3Li -> LiNa2AlH6 + Al + 2LiH), both paths meeting at 1.5 Li."""
    result = analyse_electrode("NaAlH4", convention="enthalpy")
    e8 = step_voltage_V(
        {"NaAlH4": 2, "Li": 3}, {"LiNa2AlH6": 1, "Al": 1, "LiH": 2}, 3, EnergyModel("enthalpy")
    )
    expected = (result.steps[0].voltage_V - e8) * 1 * KJ_PER_MOL_PER_EV
    gap = result.observed_path.observed[0]
    assert gap.label == "Reaction (8)" and not gap.agrees
    assert gap.gap_kJ == pytest.approx(expected, rel=1e-9)
    assert gap.gap_kJ == pytest.approx(0.97, abs=0.01)
    assert gap.gap_at_ions == pytest.approx(1.0)
    assert gap.within_uncertainty
    assert result.steps[0].differs_from_observed
    assert any("ΔfH of Li3AlH6" in r for r in result.observed_path.rests_on)


def test_lialh4_reaction_6_is_a_computed_step():
    result = analyse_electrode("LiAlH4")
    reaction5, reaction6 = result.observed_path.observed
    assert reaction6.agrees and not reaction5.agrees
    assert [s.differs_from_observed for s in result.steps] == [True, False]
    assert not reaction5.within_uncertainty  # 9 kJ at 1 Li: the data do decide


def test_no_observed_sequence_no_comparison():
    assert analyse_electrode("MgH2").observed_path is None


def test_cli_prints_the_difference_next_to_the_steps(run_cli):
    code, out, _ = run_cli("electrode", "NaAlH4")
    assert code == 0
    text = " ".join(out.split())
    assert "conversion ≠ observed" in text
    assert "≠ computed path differs from the observed Reaction (8)" in text
    assert "by 2.78 kJ per NaAlH4" in text
