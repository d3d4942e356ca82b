"""Report figures from sourced KB data: CCD comparison, capacity retention, and σ against
reference electrolytes (issue 10, point 8)."""

import pytest

from hydrion.kb import open_kb
from hydrion.plots.reference_electrolytes import reference_electrolytes
from hydrion.report.sections.knowledge_base import build, ccd_entries, retention_series


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_ccd_entries_are_the_stored_values(kb):
    values = {label: value for label, value, _ in ccd_entries(kb)}
    # Pang et al. 2022 section 2.1.1, ref. [15]: 2.8 mA/cm² (LiBH4) and 6.6 mA/cm² with LiF
    assert values["LiBH4"] == 2.8
    assert values["LiBH4 + LiF"] == 6.6
    # section 2.2.3, ref. [113]: 3.6 mA/cm² for LiF-modified Li2B12H12
    assert values["Li2B12H12-LiF"] == 3.6


def test_retention_is_capacity_over_the_earliest_capacity(kb):
    series = retention_series(kb)
    # Li4Ti5O12 | Li4(BH4)3I | Li at 150 °C, ref. [79]: 170 mAh/g (cycle 1), 140 (cycle 100)
    cycles, retention = next(
        v for k, v in series.items() if k.startswith("Li4Ti5O12") and "150 °C" in k
    )
    assert cycles == [1, 100]
    assert retention[-1] == pytest.approx(100 * 140 / 170)
    # LiCoO2 | LiBH4 | Li, ref. [80]: 97 % retention over 30 cycles (stated by the source)
    assert series["LiCoO2 | LiBH4 | Li, 120 °C [80]"] == ([1, 30], [100.0, 97.0])
    assert all(len(c) >= 2 for c, _ in series.values())


def test_reference_electrolytes_have_sources_and_families():
    refs = reference_electrolytes()
    assert {r.family for r in refs} == {"sulfide", "oxide", "liquid"}
    for r in refs:
        assert r.conductivity.source.doi or r.conductivity.source.citation
    lgps = next(r for r in refs if r.name == "Li10GeP2S12")
    assert lgps.conductivity.sigma_S_per_cm == 1.2e-2  # Kamaya et al. 2011: 12 mS/cm


@pytest.mark.slow
def test_section_has_the_new_figures(kb):
    slugs = {figure.slug for figure in build(kb).figures}
    assert {"kb-ccd", "kb-retention", "kb-sigma-references"} <= slugs
