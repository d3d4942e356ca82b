"""The transport report section: ranked σ table and Arrhenius figures from the knowledge base."""

import pytest

from hydrion.kb import open_kb
from hydrion.report.sections import transport


@pytest.mark.slow
def test_transport_section_ranks_and_plots(monkeypatch):
    # two families and one review figure show the plots are made; keep the test fast
    groups = {slug: group for slug, *group in transport.FAMILY_GROUPS}
    monkeypatch.setattr(
        transport, "FAMILY_GROUPS", (("bh4", *groups["bh4"]), ("na", *groups["na"]))
    )
    monkeypatch.setattr(
        transport,
        "_review_figures",
        lambda: [
            {"figure": "2e", "title": "LiBH4", "refs": [19], "materials": ["LiBH4", "NoSuchThing"]}
        ],
    )
    section = transport.build(open_kb())
    ranked = section.tables[0].frame
    assert {"σ 25 °C (S/cm)", "status 60 °C"} <= set(ranked.columns)
    assert "LiBH4" in set(ranked["material"])
    values = [float(v) for v in ranked["σ 25 °C (S/cm)"] if v]
    assert values == sorted(values, reverse=True)
    slugs = {figure.slug for figure in section.figures}
    assert slugs == {"arrhenius-bh4", "arrhenius-na", "review-fig-2e"}
    assert any("NoSuchThing" in note for note in section.notes)
    assert 19 in section.references
