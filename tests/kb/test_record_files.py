"""Refusals of broken record files (hydrion.kb.record_files): every broken field named."""

import pytest

from hydrion.errors import RecordValidationError
from hydrion.kb.record_files import SHOWN_ERRORS, parse_record

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
