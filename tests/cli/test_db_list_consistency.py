"""``db list`` reads the user database once: its count and rows agree while another process
writes (one SQLite read transaction)."""

import json
import re
import sqlite3
from pathlib import Path

from hydrion.cli import db as db_cli

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
    real = db_cli.print_long_table
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

    monkeypatch.setattr(db_cli, "print_long_table", with_a_write_between_the_passes)
    code, out, err = run_cli("db", "list", "--all")
    assert code == 0, err
    assert happened == ["database is locked"]  # the writer waited for the listing
    count = int(re.search(r"(\d+) materials", out).group(1))
    body = out.split("┡", 1)[1].splitlines()[1:-1]
    assert len([line for line in body if line.startswith("│ ")]) == count
    # once the listing is done, the write goes through and the next listing shows it
    assert _write_behind(user_db) == ["written"]
    monkeypatch.setattr(db_cli, "print_long_table", real)
    code, out, _ = run_cli("db", "list", "--json")
    assert "zz-written-meanwhile" in [row["id"] for row in json.loads(out)["materials"]]
