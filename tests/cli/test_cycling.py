"""``hydrion cycling``: what a file without current says, in text and JSON."""

import json

import pytest


@pytest.fixture
def no_current(shared_dir):
    """A Maccor file of impedance and rest steps only (states FRA, R, O, P)."""
    return shared_dir / "corpus" / "cycling" / "beep__maccor_test_file_4267-66-6519.041"


def test_a_file_without_current_says_so_in_words_and_prints_no_empty_table(no_current, run_cli):
    code, out, err = run_cli("cycling", str(no_current), "--mass", "1 g")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "beep__maccor_test_file_4267-66-6519.041 (maccor): no cycles: no current flows in this file"
    )
    assert "none" not in out and "cycle ┃" not in out
    assert lines[-1].startswith("warning: no current flows in the file (74 rows over 0.167 h")


def test_a_file_without_current_keeps_its_json(no_current, run_cli):
    code, out, err = run_cli("cycling", str(no_current), "--mass", "1 g", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["cycles"] == [] and report["half_cycles"] == []
    assert report["first_step"] == "none" and report["ce_definition"] == "none"
    assert "no current flows in the file" in report["warnings"][-1]
