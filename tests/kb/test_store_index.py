"""The user database is queried where it lies: indexed lookups, only the asked records read,
schema 1 -> 2 migration of a file written by hydrion before the index."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from hydrion.errors import DuplicateRecordError, HydrionWarning, RecordValidationError
from hydrion.kb import index, open_kb
from hydrion.kb.index import INDEX_TABLES
from hydrion.kb.store import UserStore
from hydrion.kb.user_schema import APPLICATION_ID, SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
SOURCE = {"kind": "user", "citation": "made for the tests"}


def material(number: int, **changes) -> dict:
    return {
        "id": f"m{number}",
        "name": f"Pellet {number}",
        "kind": "electrolyte",
        "ions": [["Li", "Na"][number % 2]],
        "family": f"fam-{number % 3}",
        "formula": ["LiBH4", "NaBH4"][number % 2],
        "aliases": [f"p{number}"],
        "conductivities": [
            {"sigma_S_per_cm": 1e-5 * (1 + number), "temperature_C": 30, "source": SOURCE}
        ],
        **changes,
    }


def cell(number: int) -> dict:
    return {
        "id": f"c{number}",
        "cathode": "tis2",
        "electrolyte": f"m{number}",
        "anode": "li",
        "ion": "Li",
        "performance": [{"capacity_mAh_per_g": 100, "temperature_C": 60, "source": SOURCE}],
    }


@pytest.fixture
def filled(tmp_path, user_db) -> Path:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([material(i) for i in range(30)] + [cell(i) for i in range(30)]))
    open_kb().add_file(path)
    return user_db


def test_a_lookup_reads_only_the_record_it_asks_for(filled, reads):
    kb = open_kb()
    assert reads == []  # opening reads no user record
    assert kb.material("Pellet 7").id == "m7" and kb.material("p8").id == "m8"
    assert kb.material("m9").conductivities[0].sigma_S_per_cm == pytest.approx(1e-4)
    assert kb.origin("m9") == "user" and kb.origin("libh4") == "curated"
    assert sorted(reads) == ["m7", "m8", "m9"]
    assert [c.id for c in kb.cells(material="m7")] == ["c7"]
    assert kb.cell("c3").electrolyte == "m3" and kb.has_cell("c4") and not kb.has_cell("c99")
    assert sorted(reads) == ["c3", "c4", "c7", "m3", "m4", "m7", "m8", "m9"]  # parts too


def test_filters_run_on_both_indexes(filled, reads):
    kb = open_kb()
    mine = kb.materials(ion="Na", family="FAM-1")  # the family ignores case
    assert [m.id for m in mine] == sorted(f"m{i}" for i in range(30) if i % 2 and i % 3 == 1)
    assert set(reads) == {m.id for m in mine}
    electrolytes = kb.materials(kind="electrolyte")
    assert {f"m{i}" for i in range(30)} < {m.id for m in electrolytes}
    assert "libh4" in {m.id for m in electrolytes}
    assert [m.id for m in electrolytes] == sorted(m.id for m in electrolytes)
    assert kb.materials(family="%") == [] and kb.materials(family="fam-_") == []
    frame = kb.materials_frame(family="fam-0")
    assert set(frame["origin"]) == {"user"} and len(frame) == 10
    sigma = kb.query_conductivity(2.85e-4, 30, 0.5)
    mine = [i for i in sigma["id"] if kb.origin(i) == "user"]
    assert mine == ["m29", "m28"]  # m27: 2.8e-4 S/cm
    assert (sigma["sigma_S_per_cm"].diff().dropna() <= 0).all()  # highest first
    assert len(kb.cells_frame(ion="Li")) >= 30


def test_a_formula_lookup_prefers_the_curated_material(filled):
    # reduced formula NaBH4: 15 user materials and the curated nabh4, which answers
    assert open_kb().material("BH4Na").id == "nabh4"


def test_reading_a_stored_record_needs_no_pymatgen(filled):
    """The formula checked when the record was stored is trusted as indexed."""
    code = (
        "import sys; from hydrion.kb import open_kb; kb = open_kb(); "
        "assert kb.material('p5').formula == 'NaBH4'; assert kb.cells(material='m5'); "
        "print('pymatgen' in sys.modules)"
    )
    for _ in range(2):  # the first run may have to build the curated cache (pymatgen)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_put_validates_and_reindexes_a_replaced_record(user_db):
    store = UserStore(user_db)
    store.put("material", "m1", material(1))
    store.put("material", "m1", material(1, name="Renamed", aliases=[]))
    kb = open_kb()
    assert kb.material("Renamed").id == "m1"
    with pytest.raises(Exception, match="no material 'p1'"):
        kb.material("p1")
    with pytest.raises(RecordValidationError, match="material 'm2'.*formula"):
        store.put("material", "m2", material(2, formula="Li1e400"))
    with pytest.raises(RecordValidationError, match="not the material 'm3'"):
        store.put("material", "m3", material(4))
    assert [key for key, _ in store.items("material")] == ["m1"]


def _index_rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall())  # noqa: S608
            for table in INDEX_TABLES
        }


@pytest.mark.parametrize("kind", ["window", "eis_fit", "arrhenius_fit", "cell_summary"])
def test_an_analysis_stored_under_a_materials_id_leaves_its_index_rows(filled, kind):
    """``cv --store my-material`` stores a 'window' under the material's id, replacing any
    older one: the replace dropped the index rows of the *material* with that id (every
    kind but 'cell' was taken for a material), so the material vanished from db show, list
    and sigma until ``db reindex``."""
    before = _index_rows(filled)
    assert ("m1", "Pellet 1") in [row[:2] for row in before["materials"]]
    store = UserStore(filled)
    store.put(kind, "m1", {"low_V": 0.5})
    store.put(kind, "m1", {"low_V": 0.6})  # replaced, as a second --store run does
    store.put(kind, "c1", {"low_V": 0.7})  # a cell's id too
    assert _index_rows(filled) == before
    assert store.missing_from_index() == 0 and store.orphan_index_rows() == 0
    assert store.get(kind, "m1") == {"low_V": 0.6}
    kb = open_kb()
    assert kb.material("p1").id == "m1" and kb.cell("c1").electrolyte == "m1"


def test_the_index_refuses_to_remove_rows_of_a_kind_it_does_not_hold(filled):
    connection = sqlite3.connect(filled)
    try:
        with pytest.raises(ValueError, match="not 'window' rows"):
            index.remove(connection, "window", "m1")
    finally:
        connection.close()


def test_damage_found_by_a_query_leaves_the_curated_records(filled):
    data = bytearray(filled.read_bytes())
    page = 4096
    pages = len(data) // page
    data[(pages - 8) * page :] = b"\xa5" * (8 * page)  # the last pages: leaves of the index
    filled.write_bytes(bytes(data))
    with pytest.warns(HydrionWarning, match="damaged"):
        kb = open_kb()
        electrolytes = kb.materials(kind="electrolyte")
        kb.cells()
        kb.query_conductivity(1e-9, 30)
    assert "libh4" in {m.id for m in electrolytes}
    assert kb.material("LiBH4").id == "libh4" and kb.user_db_error is not None
    assert filled.read_bytes() == bytes(data)


# -- schema 1 -> 2 --------------------------------------------------------------------------


def test_a_schema_1_database_is_read_as_it_is_and_migrated_on_the_next_write(tmp_path):
    """``user_db_v1.sqlite`` was written by hydrion before the index (schema 1): a material
    with components, a cell of it, an Arrhenius fit and a CV window."""
    db = tmp_path / "v1.sqlite"
    shutil.copy(DATA / "user_db_v1.sqlite", db)
    with sqlite3.connect(db) as connection:  # rows a v1 file may hold: damaged, clashing
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
        connection.execute("INSERT INTO records VALUES ('material', 'bad', '{x', '2099-01-02')")
        twin = json.dumps(material(1, name="Li3OCl-LiBH4 test pellet", id="twin"))
        connection.execute(
            "INSERT INTO records VALUES ('material', 'twin', ?, '2099-01-03')", (twin,)
        )
    connection.close()
    before = db.read_bytes()
    with pytest.warns(HydrionWarning):
        kb = open_kb(db)
    assert kb.material("Li3OCl-LiBH4 test pellet").id == "my-li3ocl-bh4"
    assert kb.cell("my-cell").anode == "my-li3ocl-bh4" and kb.origin("my-cell") == "user"
    assert db.read_bytes() == before  # reading does not migrate

    UserStore(db).put("arrhenius_fit", "another", {"Ea_eV": 0.4})  # any write migrates
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        unindexed = connection.execute("SELECT kind, key FROM unindexed ORDER BY key").fetchall()
    connection.close()
    assert set(INDEX_TABLES) <= tables
    assert unindexed == [("material", "bad"), ("material", "twin")]
    with pytest.warns(HydrionWarning) as caught:
        kb = open_kb(db)
    messages = " ".join(str(w.message) for w in caught)
    assert "'bad'" in messages and "not JSON" in messages
    assert "'twin'" in messages and "is already 'my-li3ocl-bh4'" in messages
    assert kb.material("Li3OCl-LiBH4 test pellet").components[1].formula == "Li3OCl"
    assert [c.id for c in kb.cells(material="my-li3ocl-bh4")] == ["my-cell"]
    assert UserStore(db).get("window", "my-li3ocl-bh4")["high_V"] == 4.0
    assert UserStore(db).get("arrhenius_fit", "my-sample") == {"Ea_eV": 0.5}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HydrionWarning)
        late = open_kb(db)
    clash = tmp_path / "clash.json"
    clash.write_text(json.dumps([material(2, aliases=["Li3OCl-LiBH4 test pellet"])]))
    with pytest.raises(DuplicateRecordError, match="is already 'my-li3ocl-bh4'"):
        late.add_file(clash)
