"""The user database under a file size limit (``ulimit -f``), with rows written behind
hydrion's back, and migrated rows that clash with curated records."""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from hydrion.errors import HydrionWarning, UserDatabaseError
from hydrion.kb import open_kb
from hydrion.kb.store import UserStore

HYDRION = [sys.executable, "-m", "hydrion.cli.main"]
SOURCE = {"kind": "user", "citation": "made for the tests"}


def material(number: int, **changes) -> dict:
    return {
        "id": f"m{number}",
        "name": f"Pellet {number}",
        "kind": "electrolyte",
        "ions": ["Li"],
        "family": "fam",
        "formula": "LiBH4",
        "aliases": [f"p{number}"],
        "conductivities": [{"sigma_S_per_cm": 1e-5, "temperature_C": 30, "source": SOURCE}],
        **changes,
    }


def hydrion(db: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    """hydrion in a subprocess on ``db``, under a file size limit of ``limit`` bytes."""

    def lower_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*HYDRION, *args],
        env=dict(os.environ, HYDRION_USER_DB=str(db)),
        capture_output=True,
        text=True,
        preexec_fn=lower_limit if limit is not None else None,
    )


@pytest.mark.slow
def test_the_file_size_limit_is_named_and_reads_still_work(tmp_path, user_db):
    small, big = tmp_path / "small.json", tmp_path / "big.json"
    small.write_text(json.dumps([material(i) for i in range(200)]))
    big.write_text(json.dumps([material(i) for i in range(1000, 1600)]))
    assert hydrion(user_db, "db", "add", str(small)).returncode == 0
    before = user_db.read_bytes()
    limit = len(before) + 64 * 1024

    done = hydrion(user_db, "db", "add", str(big), limit=limit)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"file size limit (ulimit -f, {limit} bytes) was reached" in done.stderr
    assert "nothing was stored" in done.stderr

    shown = hydrion(user_db, "db", "show", "m7", "--json", limit=limit)  # still under it
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["material"]["id"] == "m7"
    assert user_db.read_bytes() == before  # the read rolled the failed batch back
    listed = hydrion(user_db, "db", "list", "--family", "fam", "--json")
    assert len(json.loads(listed.stdout)["materials"]) == 200


def test_rows_without_an_index_row_are_warned_once_and_reindexed(tmp_path, user_db):
    records = tmp_path / "records.json"
    records.write_text(json.dumps([material(1)]))
    open_kb().add_file(records)
    with sqlite3.connect(user_db) as connection:  # behind hydrion's back
        for number in (2, 3):
            connection.execute(
                "INSERT INTO records VALUES ('material', ?, ?, '2026-01-01')",
                (f"m{number}", json.dumps(material(number))),
            )
    connection.close()
    with pytest.warns(HydrionWarning, match=r"2 stored record\(s\) have no index row") as caught:
        kb = open_kb()
    assert sum("no index row" in str(w.message) for w in caught) == 1
    assert [m.id for m in kb.materials(family="fam")] == ["m1"]

    done = hydrion(user_db, "db", "reindex")
    assert done.returncode == 0, done.stderr
    assert "3 record(s) indexed, 0 left out" in done.stdout
    with warnings.catch_warnings():
        warnings.simplefilter("error", HydrionWarning)
        kb = open_kb()
    assert [m.id for m in kb.materials(family="fam")] == ["m1", "m2", "m3"]
    assert [row["id"] for row in kb.material_rows(family="fam")] == ["m1", "m2", "m3"]


def test_a_migration_leaves_curated_clashes_and_unknown_parts_unindexed(user_db):
    cell = {
        "id": "c9",
        "cathode": "tis2",
        "electrolyte": "no-such-material",
        "anode": "li",
        "ion": "Li",
        "performance": [{"capacity_mAh_per_g": 100, "temperature_C": 60, "source": SOURCE}],
    }
    with sqlite3.connect(user_db) as connection:  # a schema-1 file (hydrion before the index)
        connection.execute(
            "CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL, "
            "added_at TEXT NOT NULL, PRIMARY KEY (kind, key))"
        )
        connection.execute("PRAGMA user_version = 1")
        rows = [
            ("material", "m1", material(1)),
            ("material", "m2", material(2, aliases=["LiBH4"])),  # a curated name
            ("cell", "c9", cell),
        ]
        for kind, key, payload in rows:
            connection.execute(
                "INSERT INTO records VALUES (?, ?, ?, '2026-01-01')",
                (kind, key, json.dumps(payload)),
            )
    connection.close()
    UserStore(user_db).put("scratch", "x", {})  # any write migrates
    unindexed = dict(((kind, key), reason) for kind, key, reason in UserStore(user_db).unindexed())
    assert set(unindexed) == {("material", "m2"), ("cell", "c9")}
    assert "'libh4' is already 'libh4'" in unindexed["material", "m2"]
    assert "electrolyte 'no-such-material' is no known material" in unindexed["cell", "c9"]
    with pytest.warns(HydrionWarning) as caught:
        kb = open_kb()
    messages = [str(w.message) for w in caught]
    assert sum("'m2'" in m for m in messages) == 1 and sum("'c9'" in m for m in messages) == 1
    assert all("hydrion db reindex" in m for m in messages if "not indexed" in m)
    assert [m.id for m in kb.materials(family="fam")] == ["m1"]
    with warnings.catch_warnings():  # nothing more on later lookups
        warnings.simplefilter("error", HydrionWarning)
        assert kb.material("LiBH4").id == "libh4"
        assert not kb.has_cell("c9")


def test_losing_the_database_mid_session_names_the_records_still_used(
    tmp_path, user_db, monkeypatch
):
    records = tmp_path / "records.json"
    records.write_text(json.dumps([material(1), material(2)]))
    open_kb().add_file(records)
    kb = open_kb()
    assert kb.material("m1").name == "Pellet 1"

    def damaged(*args):
        raise UserDatabaseError(f"user database {user_db} is damaged (test)")

    monkeypatch.setattr(kb.user_store, "query", damaged)
    with pytest.warns(HydrionWarning) as caught:
        found = kb.materials(family="fam")
    (message,) = [str(w.message) for w in caught]
    assert "only the curated records" not in message
    assert message.endswith(
        "its records that could not be read are left out (those read before are used: m1)"
    )
    assert [m.id for m in found] == []  # the index query itself failed
    assert kb.material("m1").name == "Pellet 1"  # read before: still answered
