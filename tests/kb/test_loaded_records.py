"""The curated index is built once per process and copied for each knowledge base: a user
record stored after one open is found by the next, and never leaks into another database."""

from __future__ import annotations

import pytest

from hydrion.errors import UnknownRecordError
from hydrion.kb import open_kb
from hydrion.kb.curated import load_curated
from hydrion.kb.loaded_records import _curated_index
from hydrion.kb.records import Material

SOURCE = {"kind": "user", "citation": "made for the tests"}
PELLET = Material.model_validate(
    {
        "id": "h11-pellet",
        "name": "H11 test pellet",
        "kind": "electrolyte",
        "ions": ["Li"],
        "family": "test",
        "formula": "LiBH4",
        "aliases": ["h11p"],
        "conductivities": [{"sigma_S_per_cm": 2e-5, "temperature_C": 30, "source": SOURCE}],
    }
)


def test_a_record_stored_after_the_first_open_is_found_by_the_next(user_db):
    first = open_kb()
    with pytest.raises(UnknownRecordError):
        first.material("h11p")
    first.add_records([PELLET])
    assert open_kb().material("h11p").id == "h11-pellet"
    assert open_kb(user_db).material("H11 test pellet").conductivities[0].sigma_S_per_cm == 2e-5


def test_a_user_record_stays_in_its_own_database(tmp_path):
    open_kb(tmp_path / "a.sqlite").add_records([PELLET])
    other = open_kb(tmp_path / "b.sqlite")
    with pytest.raises(UnknownRecordError):
        other.material("h11p")
    assert "h11-pellet" not in {m.id for m in other.materials()}
    assert "h11-pellet" not in _curated_index(load_curated())[1].values()


def test_each_knowledge_base_gets_its_own_copy_of_the_curated_index():
    curated = load_curated()
    first, keys = _curated_index(curated)
    second, _ = _curated_index(curated)
    assert first is not second
    count = "SELECT count(*) FROM materials WHERE origin = 'curated'"
    assert first.execute(count).fetchone() == second.execute(count).fetchone()
    assert first.execute(count).fetchone()[0] == len(curated.materials)
    first.execute("DELETE FROM materials")
    assert second.execute(count).fetchone()[0] == len(curated.materials)
    assert keys["libh4"] == "libh4"
