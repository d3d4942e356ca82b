"""The electrode report section regenerates Table 2 within 0.5 %."""

from hydrion.kb import open_kb
from hydrion.report.sections.electrodes import build


def test_table2_regenerated():
    section = build(open_kb())
    table2 = section.tables[0].frame
    assert len(table2) == 10  # the ten rows of Table 2
    assert (table2["deviation (%)"].abs() < 0.5).all()
    assert {figure.slug for figure in section.figures} == {"electrode-fig10", "electrode-profiles"}
    plateaus = section.tables[1].frame
    assert "0.78" in plateaus.set_index("electrode").loc["LiAlH4", "measured plateaus (V)"]
