"""The user database is all or nothing, and never breaks the curated knowledge base.

Kills, concurrent writers, a full or read-only disk, damaged and foreign files, older
schemas, stored records that are bad.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from hydrion.errors import (
    DuplicateRecordError,
    HydrionWarning,
    RecordValidationError,
    UserDatabaseError,
)
from hydrion.kb import open_kb
from hydrion.kb.store import UserStore
from hydrion.kb.user_schema import APPLICATION_ID, SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
BENCH = Path(__file__).parents[2] / "benchmarks" / "bench_user_db_kill.py"
_spec = importlib.util.spec_from_file_location("bench_user_db_kill", BENCH)
kill_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kill_bench)

LEGACY_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, "
    "payload TEXT NOT NULL, added_at TEXT NOT NULL, PRIMARY KEY (kind, key))"
)


def hydrion(*args: str, db: Path, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, HYDRION_USER_DB=str(db))
    return subprocess.run(
        [*kill_bench.HYDRION, *args], env=env, capture_output=True, text=True, **kwargs
    )


def one_line_refusal(result) -> str:
    """The error line of a CompletedProcess or a run_cli (code, out, err) result."""
    code, err = (result.returncode, result.stderr) if hasattr(result, "stderr") else result[::2]
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hydrion: error: "), err
    return lines[0]


@pytest.fixture
def cli(run_cli, monkeypatch):
    """hydrion in-process against the user database ``db``: (code, out, err)."""

    def run(*args: str, db: Path):
        monkeypatch.setenv("HYDRION_USER_DB", str(db))
        return run_cli(*args)

    return run


def store_raw(db: Path, kind: str, key: str, payload: str) -> None:
    """Write a row behind hydrion's back, as a damaged or foreign writer would."""
    UserStore(db).put("scratch", "x", {})  # a valid, stamped database
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO records VALUES (?, ?, ?, '2026-01-01')", (kind, key, payload)
        )
    connection.close()


# -- one transaction --------------------------------------------------------------------


def test_materials_and_cells_go_in_one_transaction(tmp_path, user_db):
    batch = kill_bench.write_batch(tmp_path / "batch.yaml", 3)
    store_raw(user_db, "cell", "batch-c2", json.dumps({"id": "elsewhere"}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HydrionWarning)  # the raw row is not a valid cell
        kb = open_kb()
        with pytest.raises(DuplicateRecordError, match="batch-c2"):
            kb.add_file(batch)  # the id is free in the KB but taken in the file: caught inside
    assert kill_bench.stored_counts(user_db) == (0, 1)
    assert not any(m.id.startswith("batch-m") for m in kb.materials())


@pytest.mark.slow
def test_kill_9_leaves_all_or_nothing(tmp_path):
    n = 100
    batch = kill_bench.write_batch(tmp_path / "batch.yaml", n)
    outcome = kill_bench.kill_runs(tmp_path, batch, n, runs=4, seed=7)
    assert outcome["half"] == 0
    assert outcome["none stored"] + outcome["all stored"] == 4


@pytest.mark.slow
def test_concurrent_writers_sharing_a_cell_id(tmp_path):
    db = tmp_path / "shared.sqlite"
    files = []
    for name in ("a", "b"):
        batch = kill_bench.write_batch(tmp_path / f"{name}.yaml", 150, prefix=name)
        text = batch.read_text().replace(f"id: {name}-c0\n", "id: shared-cell\n")
        batch.write_text(text)
        files.append(batch)
    env = dict(os.environ, HYDRION_USER_DB=str(db))
    runs = [
        subprocess.Popen(
            [*kill_bench.HYDRION, "db", "add", str(f)], env=env, stderr=subprocess.PIPE, text=True
        )
        for f in files
    ]
    codes = sorted(p.wait() for p in runs)
    errors = [p.stderr.read() for p in runs]
    assert codes == [0, 2], errors
    assert any("shared-cell" in e for e in errors), errors
    materials = {key for key, _ in UserStore(db).items("material")}
    prefixes = {key.split("-")[0] for key in materials}
    assert len(materials) == 150 and len(prefixes) == 1  # the refused one kept nothing
    assert len(UserStore(db).items("cell")) == 150


# -- full and read-only disks ------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path):
    """A 96 kB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_stores_nothing(cli, tmp_path, tmpfs):
    db = tmpfs / "user.sqlite"
    assert cli("db", "add", str(DATA / "user_material.yaml"), db=db)[0] == 0
    before = db.read_bytes()
    batch = kill_bench.write_batch(tmp_path / "big.yaml", 400)
    line = one_line_refusal(cli("db", "add", str(batch), db=db))
    assert "disk is full" in line or "cannot be used" in line
    assert db.read_bytes() == before
    assert kill_bench.stored_counts(db) == (1, 1)


@pytest.mark.slow
def test_file_size_limit_stores_nothing(cli, tmp_path, user_db):
    """The same without root: the writer may not grow any file beyond 64 kB."""
    assert cli("db", "add", str(DATA / "user_material.yaml"), db=user_db)[0] == 0
    before = user_db.read_bytes()
    batch = kill_bench.write_batch(tmp_path / "big.yaml", 400)
    limit = (
        "import resource, signal, runpy, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); "
        "sys.argv = ['hydrion', 'db', 'add', sys.argv[1]]; "
        "runpy.run_module('hydrion.cli.main', run_name='__main__')"
    )
    env = dict(os.environ, HYDRION_USER_DB=str(user_db))
    result = subprocess.run(
        [sys.executable, "-c", limit, str(batch)], env=env, capture_output=True, text=True
    )
    one_line_refusal(result)
    assert user_db.read_bytes() == before
    assert kill_bench.stored_counts(user_db) == (1, 1)


@pytest.mark.slow
@pytest.mark.parametrize("room", [0, 8192])
def test_batch_outgrowing_the_file_size_limit_stores_nothing(cli, tmp_path, user_db, room):
    """A file-size limit at or just above the database's size: the batch cannot grow it and
    is rolled back; below the database's size, the write is refused before it starts."""
    assert cli("db", "add", str(DATA / "user_material.yaml"), db=user_db)[0] == 0
    before = user_db.read_bytes()
    batch = kill_bench.write_batch(tmp_path / "big.yaml", 400)
    limit = (
        "import resource, signal, runpy, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "n = int(sys.argv[2]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n)); "
        "sys.argv = ['hydrion', 'db', 'add', sys.argv[1]]; "
        "runpy.run_module('hydrion.cli.main', run_name='__main__')"
    )
    env = dict(os.environ, HYDRION_USER_DB=str(user_db))
    size = str(len(before) + room)
    result = subprocess.run(
        [sys.executable, "-c", limit, str(batch), size], env=env, capture_output=True, text=True
    )
    one_line_refusal(result)
    assert user_db.read_bytes() == before
    assert not user_db.with_name(user_db.name + "-journal").exists()
    assert kill_bench.stored_counts(user_db) == (1, 1)


def test_read_only_database_is_refused_but_still_read(cli, tmp_path, tmpfs):
    db = tmpfs / "user.sqlite"
    assert cli("db", "add", str(DATA / "user_material.yaml"), db=db)[0] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    batch = kill_bench.write_batch(tmp_path / "more.yaml", 2)
    assert "read-only" in one_line_refusal(cli("db", "add", str(batch), db=db))
    shown = cli("db", "show", "my-li3ocl-bh4", "--json", db=db)
    assert shown[0] == 0 and json.loads(shown[1])["origin"] == "user"


# -- damaged, foreign, older and newer files ----------------------------------------------


def populated(db: Path) -> Path:
    open_kb(db).add_file(DATA / "user_material.yaml")
    return db


def test_damaged_pages_are_named_and_left_alone(cli, tmp_path):
    db = populated(tmp_path / "damaged.sqlite")
    kill_bench.write_batch(tmp_path / "b.yaml", 40)
    open_kb(db).add_file(tmp_path / "b.yaml")
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page : 3 * page] = b"\xa5" * page
    db.write_bytes(bytes(data))
    line = one_line_refusal(cli("db", "add", str(DATA / "bad_sigma.yaml"), db=db))
    assert "damaged" in line
    more = kill_bench.write_batch(tmp_path / "more.yaml", 1, prefix="more")
    assert "damaged" in one_line_refusal(cli("db", "add", str(more), db=db))
    assert db.read_bytes() == bytes(data)
    shown = cli("db", "show", "LiBH4", "--json", db=db)  # the curated KB still answers
    assert shown[0] == 0 and json.loads(shown[1])["material"]["id"] == "libh4"
    assert shown[2].startswith("hydrion: warning: user database") and "damaged" in shown[2]


@pytest.mark.parametrize(
    "schema",
    [
        "CREATE TABLE records (id INTEGER PRIMARY KEY, body BLOB)",  # same name, other schema
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",  # another program's file
        "PRAGMA application_id = 1179208785",  # a file stamped by another program
    ],
)
def test_a_file_that_is_not_hydrions_is_never_modified(cli, tmp_path, schema):
    db = tmp_path / "foreign.sqlite"
    with sqlite3.connect(db) as connection:
        connection.execute(schema)
        connection.execute("CREATE TABLE IF NOT EXISTS other (x)")
    connection.close()
    before = db.read_bytes()
    line = one_line_refusal(cli("db", "add", str(DATA / "user_material.yaml"), db=db))
    assert "another program" in line or "not hydrion's" in line
    shown = cli("db", "show", "LiBH4", db=db)
    assert shown[0] == 0 and shown[2].startswith("hydrion: warning: user database")
    assert "not hydrion's" in shown[2] or "another program" in shown[2]
    assert db.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused(cli, tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("my notes\n" * 100)
    line = one_line_refusal(cli("db", "add", str(DATA / "user_material.yaml"), db=db))
    assert "not a SQLite database" in line
    assert db.read_text() == "my notes\n" * 100


def test_an_older_database_is_read_and_migrated(tmp_path):
    db = tmp_path / "v0.sqlite"
    payload = open_kb(tmp_path / "scratch.sqlite").add_file(DATA / "user_material.yaml")
    with sqlite3.connect(db) as connection:  # what hydrion 0.1 wrote: no id, no version
        connection.execute(LEGACY_SCHEMA)
        for record in payload:
            kind = "cell" if record.id == "my-cell" else "material"
            connection.execute(
                "INSERT INTO records VALUES (?, ?, ?, '2025-01-01')",
                (kind, record.id, json.dumps(record.model_dump(mode="json", exclude_none=True))),
            )
    connection.close()
    before = db.read_bytes()
    assert open_kb(db).material("my-li3ocl-bh4").conductivities[0].sigma_S_per_cm == 2e-5
    assert open_kb(db).origin("my-cell") == "user"
    assert db.read_bytes() == before  # reading does not migrate
    UserStore(db).put("arrhenius_fit", "x", {"Ea_eV": 0.5})
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()
    assert open_kb(db).origin("my-cell") == "user"


def test_a_newer_database_is_refused(tmp_path):
    db = populated(tmp_path / "new.sqlite")
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(UserDatabaseError, match="newer hydrion"):
        UserStore(db).put("x", "y", {})


# -- stored records are checked when read ---------------------------------------------------

VALID = {
    "material": {
        "name": "stored pellet",
        "kind": "electrolyte",
        "ions": ["Li"],
        "family": "BH4",
        "formula": "LiBH4",
    },
    "cell": {
        "cathode": "tis2",
        "electrolyte": "libh4",
        "anode": "li",
        "ion": "Li",
        "performance": [
            {
                "capacity_mAh_per_g": 100,
                "temperature_C": 60,
                "source": {"kind": "user", "citation": "t"},
            }
        ],
    },
}


def damage(db: Path, kind: str, key: str, payload: str) -> None:
    """Store a valid record through hydrion (indexed), then overwrite its stored text
    behind hydrion's back, as a damaged disk or another program would."""
    UserStore(db).put(kind, key, {"id": key, **VALID[kind]})
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE records SET payload = ? WHERE kind = ? AND key = ?", (payload, kind, key)
        )
    connection.close()


@pytest.mark.parametrize(
    ("kind", "key", "payload", "why"),
    [
        ("material", "broken", "{not json", "not JSON"),
        ("material", "inf", json.dumps({"id": "inf", "sigma": float("inf")}), "inf"),
        (
            "material",
            "huge",
            json.dumps(
                {
                    "id": "huge",
                    "name": "huge",
                    "kind": "electrolyte",
                    "ions": ["Li"],
                    "family": "BH4",
                    "formula": "Li1e400",
                }
            ),
            "huge",
        ),
        ("material", "libh4", json.dumps({"id": "libh4"}), "libh4"),
        ("cell", "orphan", json.dumps({"id": "orphan", "cathode": "x"}), "orphan"),
        ("cell", "elsewhere", json.dumps({**VALID["cell"], "id": "other"}), "elsewhere"),
    ],
)
def test_a_bad_stored_record_is_skipped_with_a_warning_when_read(user_db, kind, key, payload, why):
    damage(user_db, kind, key, payload)
    with pytest.warns(HydrionWarning, match=why):
        kb = open_kb()
        electrolytes, cells = kb.materials(kind="electrolyte"), kb.cells()
    assert kb.material("LiBH4").id == "libh4" and kb.origin("libh4") == "curated"
    mine = {r.id for r in [*electrolytes, *cells] if kb.origin(r.id) == "user"}
    assert len(electrolytes) > 50 and cells and key not in mine
    assert any(key in message for message in kb.skipped)


def test_a_cell_whose_stored_part_is_damaged_is_skipped(user_db):
    UserStore(user_db).put("material", "mine", {"id": "mine", **VALID["material"]})
    UserStore(user_db).put("cell", "my-cell", {**VALID["cell"], "id": "my-cell", "anode": "mine"})
    assert open_kb().cell("my-cell").anode == "mine"
    damage(user_db, "material", "mine", "{not json")
    with pytest.warns(HydrionWarning) as caught:
        assert not open_kb().has_cell("my-cell")
    messages = [str(w.message) for w in caught]
    assert any("'mine'" in m and "not JSON" in m for m in messages)
    assert any("'my-cell'" in m and "unknown material id 'mine'" in m for m in messages)


def test_a_skipped_record_is_one_warning_line_in_the_cli(cli, user_db):
    damage(user_db, "material", "big", json.dumps({"id": "big", "formula": "Li1e400"}))
    listed = cli("db", "list", "--kind", "electrolyte", db=user_db)  # index rows only
    assert listed[0] == 0 and "libh4" in listed[1] and listed[2] == ""
    result = cli("db", "export", "--kind", "electrolyte", db=user_db)  # reads the records
    assert result[0] == 0 and "libh4" in result[1]
    lines = result[2].strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hydrion: warning: ") and "'big'" in lines[0]
    assert cli("db", "show", "LiBH4", db=user_db)[2] == ""  # a lookup reads only what it asks


def test_rows_written_behind_hydrions_back_without_index_are_not_read(user_db):
    """A row another program inserted into the records table is in no index: never read,
    never shown (one warning names how many and the remedy), and its id still cannot be
    taken by hydrion."""
    store_raw(user_db, "material", "raw", json.dumps({"id": "raw", "formula": "Li1e400"}))
    with pytest.warns(HydrionWarning, match=r"1 stored record\(s\) have no index row.*reindex"):
        kb = open_kb()
    assert "raw" not in {m.id for m in kb.materials()}


# -- what a record may hold --------------------------------------------------------------


def record_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = (
    "id: mine\nname: my pellet\nkind: electrolyte\nions: [Li]\nfamily: BH4\nformula: {formula}\n"
    "aliases: [{alias}]\nconductivities:\n  - {{sigma_S_per_cm: {sigma}, temperature_C: {T}, "
    "source: {{kind: user, citation: notebook}}}}\n"
)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sigma": ".inf"}, "sigma_S_per_cm"),
        ({"sigma": ".nan"}, "sigma_S_per_cm"),
        ({"sigma": "-.inf"}, "sigma_S_per_cm"),
        ({"T": ".nan"}, "temperature_C"),
        ({"T": "-300"}, "temperature_C"),
        ({"formula": "Li1e400"}, "formula"),
        ({"formula": "1/0LiH"}, "formula"),
    ],
)
def test_non_finite_and_out_of_bound_values_are_refused(tmp_path, user_db, changes, field):
    values = {"formula": "LiBH4", "alias": "mine-too", "sigma": "1e-5", "T": "30", **changes}
    path = record_file(tmp_path, BASE.format(**values))
    with pytest.raises(RecordValidationError, match=f"record 'mine': .*{field}"):
        open_kb().add_file(path)
    assert not user_db.exists() or kill_bench.stored_counts(user_db) == (0, 0)


def test_a_doi_must_look_like_one(tmp_path, user_db):
    path = record_file(
        tmp_path,
        BASE.format(formula="LiBH4", alias="mine-too", sigma="1e-5", T="30").replace(
            "citation: notebook", "doi: see notebook"
        ),
    )
    with pytest.raises(RecordValidationError, match=r"record 'mine': .*source\.doi"):
        open_kb().add_file(path)


@pytest.mark.parametrize("alias", ["LiBH4", "libh4", "Li2B12H12", "li2b12h12"])
def test_aliases_may_not_shadow_curated_names_or_ids(tmp_path, user_db, alias):
    values = {"formula": "LiBH4", "alias": alias, "sigma": "1e-5", "T": "30"}
    with pytest.raises(DuplicateRecordError, match="may not shadow"):
        open_kb().add_file(record_file(tmp_path, BASE.format(**values)))
    kb = open_kb()
    assert kb.origin(kb.material(alias).id) == "curated"


def test_the_inf_case_is_refused_by_the_cli(cli, shared_dir, user_db):
    """Case 08 of ../shared/cases: an infinite σ is refused, exit 2, nothing stored."""
    result = cli("db", "add", str(shared_dir / "cases/inputs/08_inf_record.yaml"), db=user_db)
    assert "sigma_S_per_cm" in one_line_refusal(result)
    assert not user_db.exists() or kill_bench.stored_counts(user_db) == (0, 0)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 5000 + "]" * 5000, "nested too deeply|not valid YAML"),
        ('{"a": ' * 3000 + "1" + "}" * 3000, "nested too deeply|not valid YAML"),
        ("x: " + "9" * 5000, "not valid YAML"),
    ],
    ids=["deep-lists", "deep-mappings", "huge-integer"],
)
def test_hostile_record_files_are_refused(tmp_path, text, problem):
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"hostile{suffix}"
        path.write_text(text)
        with pytest.raises(Exception) as caught:
            open_kb().add_file(path)
        assert caught.type.__module__ == "hydrion.errors", caught.value
        assert caught.match(problem) or caught.match("record")


def test_non_utf8_record_file_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Li(BH4)0.75I0.25 – pellet µ\n".encode("latin-1", "replace"))
    with pytest.raises(Exception, match="not UTF-8") as caught:
        open_kb().add_file(path)
    assert caught.type.__module__ == "hydrion.errors"


def test_like_wildcards_match_nothing():
    kb = open_kb()
    assert kb.materials(ion="Li")
    with pytest.raises(Exception, match="unknown ion") as caught:
        kb.materials(ion="%")
    assert caught.type.__module__ == "hydrion.errors"
    assert kb.materials(family="%") == []
    assert kb.materials(family="_H4") == []


def test_another_programs_unfinished_transaction_is_not_rolled_back(cli, tmp_path):
    """Reading must not even recover another program's file: SQLite would roll its journal."""
    db = tmp_path / "theirs.sqlite"
    writer = (
        "import os, signal, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('CREATE TABLE notes (x)'); c.commit(); c.execute('PRAGMA cache_size = 1'); "
        "c.execute('BEGIN'); "
        "[c.execute('INSERT INTO notes VALUES (?)', ('x' * 500,)) for _ in range(2000)]; "
        "os.kill(os.getpid(), signal.SIGKILL)"
    )
    subprocess.run([sys.executable, "-c", writer, str(db)], check=False)
    journal = db.with_name(db.name + "-journal")
    assert journal.exists()
    before = (db.read_bytes(), journal.read_bytes())
    shown = cli("db", "show", "LiBH4", db=db)
    assert shown[0] == 0 and shown[2].startswith("hydrion: warning: user database")
    one_line_refusal(cli("db", "add", str(DATA / "user_material.yaml"), db=db))
    assert (db.read_bytes(), journal.read_bytes()) == before


def _named(record_id: str, name: str) -> str:
    return (
        f"id: {record_id}\nname: {name}\nkind: electrolyte\nions: [Li]\nfamily: BH4\n"
        "formula: LiBH4\n"
        "conductivities:\n  - {sigma_S_per_cm: 1.0e-5, temperature_C: 25, "
        "source: {kind: user, citation: t}}\n"
    )


def test_concurrent_adds_of_one_name_store_only_one(tmp_path, user_db):
    first, second = tmp_path / "a.yaml", tmp_path / "c.yaml"
    first.write_text(_named("race-a", "RaceName"))
    second.write_text(_named("race-c", "RaceName"))
    early, late = open_kb(), open_kb()  # both opened before either writes, as in a race
    early.add_file(first)
    with pytest.raises(DuplicateRecordError, match="'racename' is already 'race-a'"):
        late.add_file(second)
    assert [key for key, _ in open_kb().user_store.items("material")] == ["race-a"]


def test_a_stored_record_clashing_with_a_curated_one_is_skipped(user_db):
    curated = open_kb().material("libh4").model_dump(mode="json", exclude_none=True)
    UserStore(user_db).put("material", "libh4", curated)
    clash = dict(curated, id="my-libh4")  # another id, the curated name
    UserStore(user_db).put("material", "my-libh4", clash)
    with pytest.warns(HydrionWarning) as caught:
        kb = open_kb()
    messages = [str(w.message) for w in caught]
    assert any("'libh4' already exists; skipped" in m for m in messages)
    assert any("'my-libh4'" in m and "skipped" in m for m in messages)
    assert kb.origin("libh4") == "curated"
    assert kb.material("LiBH4").id == "libh4"


def test_an_empty_user_db_variable_is_an_error(monkeypatch):
    from hydrion.kb.store import user_db_path

    monkeypatch.setenv("HYDRION_USER_DB", "")
    with pytest.raises(UserDatabaseError, match="set but empty"):
        user_db_path()


def test_a_user_db_under_a_file_says_so(tmp_path):
    (tmp_path / "plain").write_text("x")
    store = UserStore(tmp_path / "plain" / "sub" / "u.sqlite")
    with pytest.raises(UserDatabaseError, match=r"plain is a file, not a folder"):
        store.put("window", "k", {"a": 1})


@pytest.mark.parametrize("name", ["Li\x1b[31mBH4", "Li\x00BH4"])
def test_control_characters_in_text_are_refused(tmp_path, user_db, name):
    path = tmp_path / "ctl.yaml"
    path.write_text(_named("ctl", "placeholder").replace("placeholder", json.dumps(name)))
    with pytest.raises(RecordValidationError, match="control character"):
        open_kb().add_file(path)
    assert not user_db.exists()
