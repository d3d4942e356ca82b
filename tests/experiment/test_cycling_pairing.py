"""Issue 9 (outside tester): how half-cycles pair into cycles, files cut short, the charge-sign
hint and the wording of the cycling table. Expected values come from each corpus file's own
cycle and capacity columns."""

import json

import pytest

from hydrion.errors import InputError
from hydrion.experiment.cycling import read_cycling, summarise


@pytest.fixture
def corpus(shared_dir):
    return shared_dir / "corpus" / "cycling"


def test_pec_leading_partial_discharge_is_not_paired(corpus):
    # PEC's own cycle 1: charge 44425 mAh, discharge 44352 mAh (its capacity columns), CE 99.8 %
    summary = summarise(read_cycling(corpus / "cellpy__pec.csv"), 1000.0)
    first = summary.cycles[0]
    assert first.charge_mAh == pytest.approx(44425, rel=1e-3)
    assert first.discharge_mAh == pytest.approx(44352, rel=1e-3)
    assert first.coulombic_efficiency_percent == pytest.approx(99.84, abs=0.01)
    assert first.retention_percent == pytest.approx(100.0)
    assert summary.leading_partial.direction == "discharge"
    assert summary.leading_partial.capacity_mAh == pytest.approx(11634, rel=1e-3)
    assert any("partial discharge" in w for w in summary.warnings)


def test_a_full_first_discharge_keeps_its_pairing(corpus):
    # EC-Lab puts the first discharge in cycle 0, but it is a full one (3.25 > 2.25 mAh)
    summary = summarise(read_cycling(corpus / "yadg__gcpl.pr_182.1.mpt"), 1000.0)
    assert summary.leading_partial is None
    assert summary.cycles[0].discharge_mAh == pytest.approx(3.252, rel=1e-3)
    assert summary.cycles[0].coulombic_efficiency_percent == pytest.approx(80.45, abs=0.01)


def test_neware_file_ending_mid_charge_has_no_ce_for_its_last_cycle(corpus):
    summary = summarise(read_cycling(corpus / "cellpy__neware_uio.csv"), 1000.0)
    last = summary.cycles[-1]
    assert last.cycle == 5 and not last.complete
    assert last.coulombic_efficiency_percent is None
    assert last.charge_mAh == pytest.approx(1.438, rel=1e-2)  # partial, as the file holds it
    assert all(c.complete for c in summary.cycles[:-1])
    assert summary.cycles[3].coulombic_efficiency_percent == pytest.approx(98.64, abs=0.01)
    assert any("ends during the charge of cycle 5" in w for w in summary.warnings)


def test_the_charge_sign_hint_undoes_what_the_user_passed(corpus):
    data = read_cycling(corpus / "yadg__gcpl.pr_182.1.mpt", charge_sign=-1)
    warnings = " ".join(summarise(data, 1.0).warnings)
    assert "drop --charge-sign -1" in warnings and "pass --charge-sign -1" not in warnings


def test_a_reference_cycle_the_file_lacks_is_refused(corpus):
    data = read_cycling(corpus / "yadg__gcpl.pr_182.1.mpt")
    with pytest.raises(InputError, match="cycles 1 to 4"):
        summarise(data, 1.0, reference_cycle=9)


def test_cli_reference_cycle_refusal_is_one_line(corpus, run_cli):
    code, _, err = run_cli(
        "cycling",
        str(corpus / "yadg__gcpl.pr_182.1.mpt"),
        "--mass",
        "1 mg",
        "--reference-cycle",
        "9",
    )
    assert code == 2 and "cycles 1 to 4" in err and len(err.strip().splitlines()) == 1


def test_cli_wording_and_significant_figures(corpus, run_cli):
    code, out, _ = run_cli("cycling", str(corpus / "yadg__mb.issue_95.mpt"), "--mass", "1 mg")
    assert code == 0 and ": 1 cycle, first step" in out
    code, out, _ = run_cli("cycling", str(corpus / "cellpy__neware_uio.csv"), "--mass", "1 g")
    assert "│ 5.086 " in out and "incomplete" in out  # 4 significant figures, as other files


def test_cli_json_carries_the_leading_partial_half_cycle(corpus, run_cli):
    code, out, _ = run_cli("cycling", str(corpus / "cellpy__pec.csv"), "--mass", "1 g", "--json")
    result = json.loads(out)
    assert result["leading_partial"]["direction"] == "discharge"
    assert result["cycles"][0]["coulombic_efficiency_percent"] == pytest.approx(99.84, abs=0.01)
