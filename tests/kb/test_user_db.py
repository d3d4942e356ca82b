"""User-database persistence: add, reopen, still there; a refused add changes nothing."""

import re
from pathlib import Path

import pytest

from hydrion.errors import DuplicateRecordError, RecordValidationError
from hydrion.kb import open_kb

DATA = Path(__file__).parent / "data"


def test_added_records_survive_reopening(user_db):
    kb = open_kb()
    added = kb.add_file(DATA / "user_material.yaml")
    assert [r.id for r in added] == ["my-li3ocl-bh4", "my-cell"]
    reopened = open_kb()
    assert reopened.material("my-li3ocl-bh4").conductivities[0].sigma_S_per_cm == 2e-5
    assert reopened.origin("my-cell") == "user"
    assert user_db.exists()


def test_a_refused_add_leaves_the_database_as_it_was(user_db):
    open_kb().add_file(DATA / "user_material.yaml")
    before = user_db.read_bytes()
    with pytest.raises(
        RecordValidationError,
        match=r"bad_sigma.yaml: record 'bad-sigma': "
        r"conductivities.0.sigma_S_per_cm",
    ):
        open_kb().add_file(DATA / "bad_sigma.yaml")
    with pytest.raises(DuplicateRecordError, match="my-li3ocl-bh4"):
        open_kb().add_file(DATA / "user_material.yaml")
    assert user_db.read_bytes() == before
    assert open_kb().material("my-li3ocl-bh4")


def test_a_cell_with_unknown_parts_is_refused(tmp_path, user_db):
    path = tmp_path / "cell.yaml"
    path.write_text(
        "id: lonely\ncathode: nothing\nelectrolyte: nothing\nanode: nothing\nion: Li\n"
        "performance:\n  - {capacity_mAh_per_g: 1, temperature_C: 25, "
        "source: {kind: user, citation: t}}\n"
    )
    with pytest.raises(RecordValidationError, match="unknown material id 'nothing'"):
        open_kb().add_file(path)
    assert not user_db.exists() or not open_kb().user_store.items("cell")


def test_user_store_keeps_analysis_results(user_db):
    store = open_kb().user_store
    store.put("arrhenius_fit", "my-sample", {"Ea_eV": 0.5})
    assert open_kb().user_store.get("arrhenius_fit", "my-sample") == {"Ea_eV": 0.5}
    assert store.items("nothing") == []


def test_records_built_in_code_take_the_same_checked_path(user_db):
    from hydrion.kb.cell_records import Cell

    kb = open_kb()
    cell = Cell.model_validate(
        {
            "id": "my-tis2-cell",
            "cathode": "tis2",
            "electrolyte": "libh4",
            "anode": "li",
            "ion": "Li",
            "performance": [
                {
                    "capacity_mAh_per_g": 205,
                    "temperature_C": 120,
                    "source": {"kind": "user", "citation": "cycling file"},
                }
            ],
        }
    )
    kb.add_records([cell], "cycling summary")
    assert open_kb().cell("my-tis2-cell").performance[0].capacity_mAh_per_g == 205
    before = user_db.read_bytes()
    with pytest.raises(DuplicateRecordError, match="cycling summary: record 'my-tis2-cell'"):
        open_kb().add_records([cell], "cycling summary")
    orphan = cell.model_copy(update={"id": "orphan", "anode": "nothing"})
    with pytest.raises(RecordValidationError, match="unknown material id 'nothing'"):
        open_kb().add_records([orphan])
    assert user_db.read_bytes() == before


def test_a_number_with_a_leading_zero_is_refused_not_read_as_octal(tmp_path, user_db):
    from hydrion.errors import FileFormatError

    text = (DATA / "user_material.yaml").read_text()
    path = tmp_path / "octal.yaml"
    path.write_text(text.replace("temperature_C: 30", "temperature_C: 030", 1))
    with pytest.raises(FileFormatError, match=r"octal.yaml: line \d+: number '030'"):
        open_kb().add_file(path)
    assert not user_db.exists() or not open_kb().user_store.items("material")


def test_add_records_validates_copies_again_and_refuses_non_records(user_db):
    from hydrion.errors import InputError, UnitError
    from hydrion.units import registry

    kb = open_kb()
    good = kb.add_file(DATA / "user_material.yaml")[0]
    value = good.conductivities[0]
    for update in (
        {"conductivities": [value.model_copy(update={"sigma_S_per_cm": float("nan")})]},
        {"conductivities": [value.model_copy(update={"temperature_C": -1000.0})]},
        {"id": "Not An Id!"},
    ):
        with pytest.raises(RecordValidationError):
            kb.add_records([good.model_copy(update={**update, "id": "copy", **update})])
    for bad in ([1], None, good):
        with pytest.raises(InputError):
            kb.add_records(bad)
    with pytest.raises(InputError):
        kb.material(123)
    with pytest.raises(UnitError):
        kb.query_conductivity(registry().Quantity(1, "V"), 25)
    assert [key for key, _ in open_kb().user_store.items("material")] == ["my-li3ocl-bh4"]
    assert len(kb.query_conductivity(registry().Quantity(0.01, "mS/cm"), 30)) >= 1


@pytest.mark.parametrize(
    ("alias", "curated"), [("Li(BH4)", "libh4"), ("BH4Li", "libh4"), ("LiBH4.NH3BH3", "libh4.ab")]
)
def test_an_alias_spelling_a_curated_formula_is_refused(tmp_path, alias, curated):
    text = (DATA / "user_material.yaml").read_text().split("- id: my-cell")[0]
    path = tmp_path / "alias.yaml"
    path.write_text(text.replace("  formula: null\n", f"  formula: null\n  aliases: [{alias!r}]\n"))
    with pytest.raises(DuplicateRecordError, match=f"'{re.escape(alias)}' is already '{curated}'"):
        open_kb(tmp_path / "user.sqlite").add_file(path)


def test_a_formula_lookup_prefers_the_curated_material(tmp_path):
    text = (DATA / "user_material.yaml").read_text().split("- id: my-cell")[0]
    path = tmp_path / "mine.yaml"
    path.write_text(text.replace("  formula: null\n", "  formula: LiBH4\n"))
    kb = open_kb(tmp_path / "user.sqlite")
    kb.add_file(path)
    assert kb.material("Li(BH4)").id == "libh4"
