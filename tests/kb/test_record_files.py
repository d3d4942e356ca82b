"""Refusals of broken record files (hydrion.kb.record_files): every broken field named."""

import json

import pytest

from hydrion.errors import RecordValidationError
from hydrion.kb.record_files import SHOWN_ERRORS, SHOWN_RECORDS, parse_record, read_record_file

SOURCE = {"kind": "experiment", "citation": "me"}
RECORD = {
    "id": "mine",
    "name": "Mine",
    "ions": ["Li"],
    "conductivities": [
        {
            "sigma_S_per_cm": 1.0e-3,
            "temperature_C": 25,
            "source": SOURCE,
        }
    ],
}


def test_every_validation_error_is_listed_on_one_line():
    # was "kind: Field required (and 1 more)": the second broken field was hidden
    with pytest.raises(RecordValidationError) as caught:
        parse_record(RECORD, "mine.yaml", 0)
    message = str(caught.value)
    assert message == "mine.yaml: record 'mine': kind: Field required; family: Field required"
    assert "\n" not in message


def test_a_long_list_of_errors_is_capped_and_counted():
    broken = {**RECORD, "kind": "electrolyte", "family": "x"}
    broken["conductivities"] = [{"temperature_C": 25, "source": SOURCE}] * 8
    with pytest.raises(RecordValidationError) as caught:
        parse_record(broken, "mine.yaml", 0)
    message = str(caught.value)
    assert message.count("Field required") == SHOWN_ERRORS
    assert message.endswith(f"; and {8 - SHOWN_ERRORS} more")


def test_cli_add_names_both_missing_fields(run_cli, tmp_path, user_db):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\nname: Mine\nions: [Li]\nconductivities:\n"
        "  - {sigma_S_per_cm: 1.0e-3, temperature_C: 25,\n"
        "     source: {kind: experiment, citation: me}}\n"
    )
    code, _, err = run_cli("db", "add", str(path))
    assert code == 2
    assert err.strip().endswith("record 'mine': kind: Field required; family: Field required")


def test_every_bad_record_of_a_file_is_named_with_its_errors(run_cli, tmp_path, user_db):
    """A file with two bad records listed the first's errors only; the second went unreported."""
    good = {**RECORD, "id": "good", "name": "LiBH4 mine", "kind": "electrolyte", "family": "x"}
    good["formula"] = "LiBH4"
    second = {**good, "id": "second", "name": "Second", "kind": "electrolytes"}
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([RECORD, good, second, 5]))
    code, out, err = run_cli("db", "add", str(path))
    assert code == 2 and not out and err.count("\n") == 1, err
    assert err.strip().endswith(
        "mine.json: record 'mine': kind: Field required; family: Field required"
        " | record 'second': kind: Input should be 'electrolyte', 'electrode' or "
        "'counter_electrode' (got 'electrolytes') | record #3 is not a mapping"
    )
    code, out, _ = run_cli("db", "list")
    assert "good" not in out  # nothing of a refused file is stored


def test_bad_records_beyond_the_shown_are_counted(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{**RECORD, "id": f"r{i}"} for i in range(SHOWN_RECORDS + 2)]))
    with pytest.raises(RecordValidationError) as caught:
        read_record_file(path)
    message = str(caught.value)
    assert message.count("record 'r") == SHOWN_RECORDS
    assert message.endswith(" | and 2 more bad records") and "\n" not in message
