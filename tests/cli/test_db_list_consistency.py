"""``db list`` reads the user database once: its count and rows agree while another process
writes (one SQLite read transaction)."""

import json
import re
import sqlite3
from pathlib import Path

import pytest

from hydrion.cli import db_list

USER_RECORDS = Path(__file__).parents[1] / "kb" / "data" / "user_material.yaml"


def _write_behind(user_db: Path) -> list[str]:
    """Index one more material from another connection, as another process would; returns
    what happened (the write waits for a reader and gives up after 0.2 s)."""
    writer = sqlite3.connect(user_db, timeout=0.2, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO materials SELECT 'zz-written-meanwhile', name, kind, family, formula, "
            "reduced_formula, ions, origin, review_table FROM materials WHERE id = ?",
            ("my-li3ocl-bh4",),
        )
        writer.execute("COMMIT")
        return ["written"]
    except sqlite3.OperationalError as exc:
        return [str(exc)]
    finally:
        writer.close()


def test_list_all_count_and_rows_agree_while_another_process_writes(run_cli, user_db, monkeypatch):
    assert run_cli("db", "add", str(USER_RECORDS))[0] == 0
    real = db_list.print_long_table
    happened: list[str] = []

    def with_a_write_between_the_passes(title, columns, rows):
        calls = 0

        def rows_again():
            nonlocal calls
            calls += 1
            if calls == 2:  # after the counting pass, before the rows are written
                happened.extend(_write_behind(user_db))
            return rows()

        return real(title, columns, rows_again)

    monkeypatch.setattr(db_list, "print_long_table", with_a_write_between_the_passes)
    code, out, err = run_cli("db", "list", "--all")
    assert code == 0, err
    assert happened == ["database is locked"]  # the writer waited for the listing
    count = int(re.search(r"(\d+) materials", out).group(1))
    body = out.split("┡", 1)[1].splitlines()[1:-1]
    assert len([line for line in body if line.startswith("│ ")]) == count
    # once the listing is done, the write goes through and the next listing shows it
    assert _write_behind(user_db) == ["written"]
    monkeypatch.setattr(db_list, "print_long_table", real)
    code, out, _ = run_cli("db", "list", "--json")
    assert "zz-written-meanwhile" in [row["id"] for row in json.loads(out)["materials"]]


def test_listings_warn_once_about_index_rows_without_a_record(run_cli, user_db):
    assert run_cli("db", "add", str(USER_RECORDS))[0] == 0
    with sqlite3.connect(user_db) as writer:  # another program deletes the record only
        writer.execute("DELETE FROM records WHERE kind = 'material' AND key = 'my-li3ocl-bh4'")
    warning = (
        f"hydrion: warning: user database {user_db}: 1 index row(s) have no record (deleted "
        "by another program?) and are listed as they were indexed; run `hydrion db reindex`\n"
    )
    for argv in (["--all", "--json"], ["--family", "BH4-composite"], ["--all"], []):
        code, out, err = run_cli("db", "list", *argv)
        assert code == 0 and err == warning, argv
        assert "my-li3ocl-bh4" in out
    assert run_cli("db", "show", "my-li3ocl-bh4")[0] == 2
    assert run_cli("db", "reindex")[0] == 0
    code, out, err = run_cli("db", "list", "--all", "--json")
    # the cell made with the deleted material is now named as unindexed instead
    assert code == 0 and "have no record" not in err and "my-li3ocl-bh4" not in out


def test_list_materials_warns_too(run_cli, user_db):
    from hydrion.errors import HydrionWarning
    from hydrion.kb.knowledge_base import KnowledgeBase
    from hydrion.kb.listing import list_materials

    assert run_cli("db", "add", str(USER_RECORDS))[0] == 0
    with sqlite3.connect(user_db) as writer:
        writer.execute("DELETE FROM records WHERE kind = 'material' AND key = 'my-li3ocl-bh4'")
    with pytest.warns(HydrionWarning, match="1 index row.s. have no record"):
        listing = list_materials(KnowledgeBase(user_db), family="bh4-composite")
    assert "my-li3ocl-bh4" in [row.id for row in listing.materials]
