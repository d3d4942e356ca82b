"""``db list --kind cell``: the table shows the first 200 cells and counts the rest from the
index (their records are never read); --all and --json list every cell, streamed."""

import json

import pytest

from hydrion.cli.db_list import TABLE_LIMIT
from hydrion.kb import loaded_records, open_kb, tables

SOURCE = {"kind": "user", "citation": "made up for the cell listing test"}
USER_CELLS = 250


def user_cell(number: int) -> dict:
    return {
        "id": f"zz-user-cell-{number:03d}",
        "cathode": "tis2",
        "electrolyte": "libh4",
        "anode": "li",
        "ion": "Li",
        "performance": [
            {"capacity_mAh_per_g": 100 + number, "temperature_C": 60, "source": SOURCE}
        ],
    }


@pytest.fixture
def cells_stored(run_cli, tmp_path) -> int:
    """Store USER_CELLS user cells; return how many cells the knowledge base then has."""
    batch = tmp_path / "cells.json"
    batch.write_text(json.dumps([user_cell(n) for n in range(USER_CELLS)]), encoding="utf-8")
    code, _, err = run_cli("db", "add", str(batch))
    assert code == 0, err
    return len(open_kb().cells())


def test_table_shows_the_first_cells_and_counts_the_rest(run_cli, cells_stored, monkeypatch):
    read: list[str] = []
    real = loaded_records.stored_record

    def counting(kind, key, *args):
        read.append(key)
        return real(kind, key, *args)

    monkeypatch.setattr(loaded_records, "stored_record", counting)
    monkeypatch.setattr(tables, "_PAGE", 50)  # records are read a page at a time
    code, out, _ = run_cli("db", "list", "--kind", "cell")
    assert code == 0
    more = cells_stored - TABLE_LIMIT
    assert f"{cells_stored} cells" in out
    assert f"{more} more; use --all or --json" in out
    listed = [line for line in out.splitlines() if line.startswith("│ ")]
    assert len(listed) == TABLE_LIMIT
    # the last user cell is beyond the first 200 (ids sort after the curated ones): not read
    assert f"zz-user-cell-{USER_CELLS - 1:03d}" not in out
    assert len(read) <= TABLE_LIMIT  # the pages up to the 200th cell, not the rest


def test_all_and_json_list_every_cell(run_cli, cells_stored):
    code, out, _ = run_cli("db", "list", "--kind", "cell", "--all")
    assert code == 0
    assert f"{cells_stored} cells" in out
    assert "more; use --all" not in out
    assert len([line for line in out.splitlines() if line.startswith("│ ")]) == cells_stored
    assert f"zz-user-cell-{USER_CELLS - 1:03d}" in out
    code, out, _ = run_cli("db", "list", "--kind", "cell", "--json")
    ids = [cell["id"] for cell in json.loads(out)["cells"]]
    assert len(ids) == cells_stored
    assert ids == sorted(ids)
    assert ids[-1] == f"zz-user-cell-{USER_CELLS - 1:03d}"


def test_cell_ids_come_from_the_index_in_the_order_of_the_records(cells_stored):
    kb = open_kb()
    assert list(kb.cell_ids()) == [cell.id for cell in kb.cell_records()]
    assert len(list(kb.cell_ids("Na"))) == len(kb.cells(ion="Na"))
