"""A report over a user database of a few hundred records: every one counted and tagged, at
most USER_SHOWN of them in each table, the rest summarised with a note on how to list them
(issue 12, scale). Records made here as benchmarks/bench_user_db.py makes them: half
electrolytes (25 families, three ions, three formulas), half cells each made of one."""

import json

import pytest

from hydrion.kb import open_kb
from hydrion.report.sections import cells, knowledge_base, stability, transport
from hydrion.report.user_records import FAMILIES_SHOWN, LIST_ALL, USER_SHOWN

HALF = 150  # electrolytes, and as many cells
FAMILIES = 25
SOURCE = {"kind": "user", "citation": "made for the tests"}
IONS = {"Li": "LiBH4", "Na": "NaBH4", "Mg": "Mg(BH4)2"}


def _records() -> list[dict]:
    records = []
    for n in range(HALF):
        ion = list(IONS)[n % 3]
        records.append(
            {
                "id": f"user-m{n}",
                "name": f"User pellet {n}",
                "kind": "electrolyte",
                "ions": [ion],
                "family": f"user-family-{n % FAMILIES}",
                "formula": IONS[ion],
                "conductivities": [
                    {"sigma_S_per_cm": 1e-6 * (1 + n % 7), "temperature_C": 25, "source": SOURCE},
                    {"sigma_S_per_cm": 1e-4 * (1 + n % 7), "temperature_C": 90, "source": SOURCE},
                ],
            }
        )
    for n in range(HALF):
        records.append(
            {
                "id": f"user-c{n}",
                "cathode": "tis2",
                "electrolyte": f"user-m{n}",
                "anode": "li",
                "ion": "Li",
                "performance": [
                    {"capacity_mAh_per_g": 100 + n, "temperature_C": 60, "source": SOURCE}
                ],
            }
        )
    return records


@pytest.fixture(scope="module")
def kb(session_folder):
    """One user database for the module (adding 300 records is its slowest step)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HYDRION_USER_DB", str(session_folder / "user-scale.sqlite"))
        path = session_folder / "user-scale.json"
        path.write_text(json.dumps(_records()), encoding="utf-8")
        base = open_kb()
        base.add_file(path)
        yield base


def test_every_user_record_is_counted_apart(kb):
    rows = knowledge_base.summary(kb).set_index("kind")
    assert rows.loc["electrolyte", "your records (user database)"] == HALF
    assert rows.loc["electrolyte", "your values"] == 2 * HALF  # two σ each
    assert rows.loc["cell", "your records (user database)"] == HALF
    assert rows.loc["electrolyte", "records from the review"] == 61


def test_counts_by_kind_ion_and_family_sum_to_every_record(kb):
    from hydrion.report.user_records import counts_table

    counts = counts_table(kb, kb.materials(), kb.cells())
    assert counts["your records"].sum() == 2 * HALF
    assert counts.loc[counts["kind"] == "cell", "your records"].sum() == HALF
    per_ion = counts[counts["kind"] == "electrolyte"].groupby("ion")["your records"].sum()
    assert per_ion.to_dict() == {"Li": HALF // 3, "Mg": HALF // 3, "Na": HALF // 3}
    # 25 families x 3 ions (2 records each) + 1 cell row: the largest 20 named (the cells
    # first), the other 56 (family, ion) groups summed in one row per kind and ion
    named = counts[~counts["family"].str.startswith("other families")]
    assert len(named) == FAMILIES_SHOWN
    assert named.iloc[0].to_dict() == {
        "kind": "cell",
        "ion": "Li",
        "family": "",
        "your records": HALF,
    }
    others = counts[counts["family"].str.startswith("other families")]
    assert len(others) == 3  # electrolyte: Li, Na, Mg
    assert others["family"].str.extract(r"\((\d+)\)")[0].astype(int).sum() == (
        FAMILIES * 3 + 1 - FAMILIES_SHOWN
    )
    assert others["your records"].sum() == 2 * (FAMILIES * 3 + 1 - FAMILIES_SHOWN)


def test_the_cells_table_shows_the_best_user_cells_and_says_how_to_list_all(kb):
    frame, note = knowledge_base.cells_table(kb)
    mine = frame[frame["record"] == "user"]
    assert len(mine) == USER_SHOWN
    # the highest capacities: 100 + n for n = 149 ... 140
    assert sorted(mine["mAh/g"]) == [100 + n for n in range(HALF - USER_SHOWN, HALF)]
    assert note.startswith(f"{HALF - USER_SHOWN} of your {HALF} user cells are not shown")
    assert LIST_ALL in note
    assert (frame["record"] == "review").sum() > 0  # the review's cells all kept


def test_the_ranked_sigma_table_shows_the_best_user_electrolytes(kb):
    section = transport.build_part(kb, "tables")
    ranked = section.tables[0]
    mine = ranked.frame[ranked.frame["material"].str.endswith(" (user)")]
    assert len(mine) == USER_SHOWN
    # n % 7 == 6 gives the highest σ (7e-6 S/cm at 25 °C): 21 of the 150 have it
    assert all(int(name.split()[2]) % 7 == 6 for name in mine["material"])
    assert f"{HALF - USER_SHOWN} of your {HALF} user electrolytes" in ranked.note


def test_one_window_per_user_formula(kb):
    electrolytes, note = stability._electrolytes(kb)
    user = [m for m in electrolytes if kb.origin(m.id) == "user"]
    assert sorted(m.formula for m in user) == sorted(IONS.values())
    assert f"your {HALF} user electrolytes: one window per formula" in note
    assert "User pellet 0 for 50 with LiBH4" in note


def test_the_stack_table_evaluates_the_best_user_cells_only(kb):
    chosen, note = cells._cells(kb)
    user = [c for c in chosen if kb.origin(c.id) == "user"]
    assert [c.id for c in user] == [f"user-c{n}" for n in range(HALF - 1, HALF - 11, -1)]
    assert f"{HALF - USER_SHOWN} of your {HALF} user cells" in note


def test_the_knowledge_base_section_builds_with_the_counts_table(kb):
    section = knowledge_base.build(kb)
    titles = [table.title for table in section.tables]
    assert "Your records (user database) by kind, working ion and family" in titles
    cells_block = section.tables[titles.index("Cells")]
    assert (cells_block.frame["record"] == "user").sum() == USER_SHOWN
    assert {figure.slug for figure in section.figures} >= {"kb-cells", "kb-sigma-references"}
