"""Stored MD predictions are found through the user database's index (schema 3), and a
schema 2 file, written before that index, is read as it is and migrated on the next write.

``data/user_db_v2.sqlite`` was written by hydrion at schema 2 (before the predictions index):
20 measured user pellets (Pellet 0-19), two predictions of Pellet 1 (one named with two
spaces before the tag), one of Pellet 10, one of the curated LiBH4 and one of a composition
nobody measured (Li9Q).
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hydrion.atomistic.stored import measured_name, read_prediction, stored_predictions
from hydrion.kb import index, open_kb
from hydrion.kb.predicted import PREDICTION_TAG
from hydrion.kb.records import Material
from hydrion.kb.store import UserStore
from hydrion.kb.user_schema import SCHEMA_VERSION
from hydrion.report.sections.predictions import _predictions

DATA = Path(__file__).parent / "data"
BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_user_db_kill.py"
_spec = importlib.util.spec_from_file_location("bench_user_db_kill", BENCH)
kill_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kill_bench)

PREDICTED = {  # measured name -> ids of its stored predictions (in the v2 file)
    "Pellet 1": ["md-pellet-1-a", "md-pellet-1-b"],
    "Pellet 10": ["md-pellet-10-a"],
    "LiBH4": ["md-libh4-a"],
    "Pellet 3": [],
}


@pytest.fixture
def v2(tmp_path) -> Path:
    db = tmp_path / "v2.sqlite"
    shutil.copy(DATA / "user_db_v2.sqlite", db)
    return db


def scanned(kb, material: Material) -> list[str]:
    """What stored_predictions found before the index: every material of the kind and family
    read and validated, the predictions of this material's name kept."""
    return [
        record.id
        for record in kb.materials(kind=material.kind, family=material.family, predictions=True)
        if record.id != material.id
        and measured_name(record) == material.name
        and read_prediction(record) is not None
    ]


def version_and_indexes(db: Path) -> tuple[int, set[str]]:
    with sqlite3.connect(db) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    return version, names


def check_predictions(db: Path) -> None:
    """Every material's predictions as the old scan found them, and the report's list."""
    kb = open_kb(db)
    for name, expected in PREDICTED.items():
        material = kb.material(name)
        found = [p.record_id for p in stored_predictions(kb, material)]
        assert found == expected == scanned(kb, material)
    report = sorted(p.record_id for p, _ in _predictions(kb))
    every = sorted(r.id for r in kb.materials(kind="electrolyte", predictions=True))
    assert report == [i for i in every if i.startswith("md-")]
    assert len(report) == 5


# -- the query ------------------------------------------------------------------------------


def test_whitespace_is_what_str_strip_removes():
    spaces = {i for i in range(sys.maxunicode + 1) if chr(i).isspace()}
    assert set(index.WHITESPACE_CODEPOINTS) == spaces


@settings(max_examples=40, deadline=None)
@given(
    head=st.text(st.sampled_from(["a", "B", " ", "\u00a0", "\u3000", "\t", "[", "é"]), max_size=8),
    # names as stored: text SQLite can hold (no NUL; no lone surrogate, which is not UTF-8)
    tail=st.text(
        st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=6
    ),
)
def test_the_sql_reads_the_measured_name_as_python_does(head, tail):
    connection = sqlite3.connect(":memory:")
    name = f"{head}{PREDICTION_TAG}{tail}"
    sql = f"SELECT {index.MEASURED_NAME}, {index.IS_PREDICTION} FROM (SELECT ? AS name)"
    (in_sql, is_prediction), *_ = connection.execute(sql, (name,)).fetchall()
    connection.close()
    record = Material.model_construct(name=name)
    assert (in_sql, is_prediction) == (measured_name(record), 1)


def test_the_query_runs_on_the_predictions_index():
    connection = sqlite3.connect(":memory:")
    index.create(connection)
    for args in (("LiBH4", "electrolyte", "BH4"), (None, "electrolyte", None)):
        sql, params = index.prediction_query(*args)
        (plan,) = connection.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        assert "USING INDEX materials_predictions" in plan[3]
    connection.close()


def test_predictions_among_many_records_are_found_reading_only_them(tmp_path, v2, reads):
    """300 more measured records of LiBH4's kind and family: the old scan read them all."""
    measured = open_kb(v2).material("Pellet 0").model_dump(mode="json", exclude_none=True)
    UserStore(v2).put_many(
        "material",
        ((f"more-{i}", {**measured, "id": f"more-{i}", "name": f"More {i}"}) for i in range(300)),
    )
    assert version_and_indexes(v2)[0] == SCHEMA_VERSION == 3
    kb = open_kb(v2)
    material = kb.material("Pellet 1")
    reads.clear()
    found = [p.record_id for p in stored_predictions(kb, material)]
    assert found == PREDICTED["Pellet 1"]
    assert sorted(reads) == PREDICTED["Pellet 1"]  # no other record was read
    reads.clear()
    assert len(_predictions(kb)) == 5  # the predictions not read yet, and Pellet 10 beside one
    assert sorted(reads) == ["md-libh4-a", "md-new-a", "md-pellet-10-a", "pellet-10"]
    assert scanned(kb, material) == found  # the scan reads all 320 and finds the same
    assert len(reads) > 300
    check_predictions(v2)


# -- schema 2 -> 3 --------------------------------------------------------------------------


def test_a_schema_2_database_is_read_as_it_is_and_migrated_on_the_next_write(v2):
    before = v2.read_bytes()
    version, names = version_and_indexes(v2)
    assert version == 2 and "materials_predictions" not in names
    check_predictions(v2)  # read without the index: the same predictions
    assert v2.read_bytes() == before  # reading does not migrate

    UserStore(v2).put("arrhenius_fit", "x", {"Ea_eV": 0.5})  # any write migrates
    version, names = version_and_indexes(v2)
    assert version == SCHEMA_VERSION and "materials_predictions" in names
    check_predictions(v2)
    assert open_kb(v2).material("Pellet 19").conductivities[0].sigma_S_per_cm == pytest.approx(2e-4)


@pytest.mark.slow
def test_kill_9_during_the_migration_leaves_schema_2_or_3_whole(tmp_path):
    """``db add`` on a schema 2 file, killed at random moments of its write transaction:
    the file is schema 2 without the batch or schema 3 with all of it, and reads the same."""
    n = 40
    batch = kill_bench.write_batch(tmp_path / "batch.yaml", n)
    rng = random.Random(3)
    outcomes = set()
    for run in range(4):
        db = tmp_path / f"run{run}.sqlite"
        shutil.copy(DATA / "user_db_v2.sqlite", db)
        kill_bench.add_and_kill(db, batch, rng.uniform(0, 0.4), after_journal=True)
        version, names = version_and_indexes(db)
        materials, cells = kill_bench.stored_counts(db)
        if version == 2:
            assert "materials_predictions" not in names and (materials, cells) == (25, 0)
        else:
            assert version == 3 and "materials_predictions" in names
            assert (materials, cells) == (25 + n, n)
        outcomes.add(version)
        check_predictions(db)
    assert outcomes  # which of the two each run gave depends on the machine's speed


def test_listings_without_predictions_never_read_them(v2, reads):
    kb = open_kb(v2)
    listed = [m.id for m in kb.materials(kind="electrolyte")]
    assert "pellet-19" in listed and "libh4" in listed
    assert not any(i.startswith("md-") for i in [*listed, *reads])
    assert len(reads) == 20  # the measured pellets only
    with_predictions = {m.id for m in kb.materials(kind="electrolyte", predictions=True)}
    assert with_predictions - set(listed) == {i for ids in PREDICTED.values() for i in ids} | {
        "md-new-a"
    }
