"""The cells report section builds from the knowledge base with tables and figures."""

import pytest

from hydrion.kb import open_kb
from hydrion.report.sections import SECTIONS, cells


@pytest.mark.slow
def test_cells_section_builds_with_its_tables_and_figures(monkeypatch):
    pytest.importorskip("hydrion.cell.simulate")
    from hydrion.cell import review_cases

    # one review cell at one rate keeps the test short; the report runs all four
    case = review_cases.review_cell_runs()[0]
    fast = review_cases.ReviewCase(case.slug, case.title, case.cell_id, (1.0,), case.calibrations)
    monkeypatch.setattr(review_cases, "review_cell_runs", lambda: [fast])
    assert "hydrion.report.sections.cells" in SECTIONS
    section = cells.build(open_kb())
    titles = [table.title for table in section.tables]
    assert "Stack energy against separator thickness" in titles
    study = next(t.frame for t in section.tables if t.title.startswith("Stack energy"))
    first = study.columns[1]  # tis2 | libh4 | li Wh/kg
    assert study[first].iloc[-1] > study[first].iloc[0]  # 30 µm film beats the 500 µm pellet
    slugs = {figure.slug for figure in section.figures}
    assert {"cells-separator-study", "cells-rate-map", "cells-sim-tis2-libh4"} <= slugs
    assert section.references
    comparison = next(t.frame for t in section.tables if "simulated against reported" in t.title)
    # TiS2 | LiBH4 | Li: 205 mAh/g at 0.2 C and 120 °C (Pang et al. 2022 Table 1, ref. [81])
    row = comparison[comparison["C-rate"] == 0.2].iloc[0]
    assert row["reported (mAh/g)"] == 205
    assert abs(row["difference (%)"]) < 2
