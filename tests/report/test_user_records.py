"""A user's own records in the report: marked '(user)', counted apart from the review's and
kept out of the review's figures (Pang et al. 2022 has 61 electrolyte records, README)."""

from pathlib import Path

import pytest

from hydrion.kb import open_kb
from hydrion.report.sections import knowledge_base, transport

DATA = Path(__file__).parents[1] / "kb" / "data"


@pytest.fixture
def kb(user_db):
    base = open_kb()
    base.add_file(DATA / "user_material.yaml")  # one electrolyte, one cell (tests' own)
    return base


def test_summary_counts_the_users_records_apart(kb):
    rows = knowledge_base.summary(kb).set_index("kind")
    # was one 'records' column reading 62 for the review's 61 electrolytes + the user's one
    assert rows.loc["electrolyte", "records from the review"] == 61
    assert rows.loc["electrolyte", "your records (user database)"] == 1
    assert rows.loc["electrolyte", "your values"] == 1  # σ = 2e-5 S/cm at 30 °C
    assert rows.loc["cell", "your records (user database)"] == 1
    assert rows.loc["electrode", "your records (user database)"] == 0


def test_ranked_sigma_table_marks_the_users_record(kb):
    section = transport.build_part(kb, "tables")
    names = set(section.tables[0].frame["material"]) | set(
        section.tables[-1].frame.get("material", [])
    )
    assert "Li3OCl-LiBH4 test pellet (user)" in names
    assert "LiBH4" in names and "LiBH4 (user)" not in names
    assert "your own user database are marked '(user)'" in section.intro


def test_the_reviews_figures_leave_the_users_record_out(kb, monkeypatch):
    drawn = []
    monkeypatch.setattr(
        transport,
        "_review_figures",
        lambda: [{"figure": "x", "title": "Li", "refs": [19], "ion": "Li"}],
    )
    monkeypatch.setattr(transport, "materials_figure", lambda members, title: drawn.extend(members))
    monkeypatch.setattr(transport, "figure_from_matplotlib", lambda *args: None)
    transport.build_part(kb, "review:0")
    names = {m.name for m in drawn}
    assert "LiBH4" in names and not any("test pellet" in name for name in names)


def test_the_cells_table_says_which_records_are_the_users(kb):
    cells, note = knowledge_base.cells_table(kb)
    assert note == ""  # one user cell: none left out
    mine = cells[cells["cathode"] == "my-li3ocl-bh4"]
    assert list(mine["record"]) == ["user"]
    assert set(cells[cells["cathode"] != "my-li3ocl-bh4"]["record"]) == {"review"}
