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


def test_ranked_table_carries_the_flags_sigma_prints():
    # pristine Li2B12H12 was listed "interpolated" without the KB's note that sources disagree
    from hydrion.transport import sigma_at

    kb = open_kb()
    frame, _, _, warnings = transport._ranked(kb.materials(kind="electrolyte"))
    row = frame[frame["material"] == "Li2B12H12"].iloc[0]
    flagged = [warnings[int(f.strip()[1:]) - 1] for f in row["flags 25 °C"].split(",")]
    assert sorted(flagged) == sorted(sigma_at("Li2B12H12", 298.15, kb=kb).warnings)
    assert any("the sources disagree" in w for w in flagged)


def test_an_upper_bound_below_the_value_is_no_disagreement():
    # Mg(BH4)2 at 25 °C: 1e-12 S/cm [65] and "< 1e-10 S/cm" [30] agree
    kb = open_kb()
    frame, _, _, _ = transport._ranked([kb.material("Mg(BH4)2")])
    row = frame.iloc[0]
    assert row["σ 25 °C (S/cm)"] == "1.00e-12"
    assert "disagree" not in row["status 25 °C"]
    assert "agrees with the bound <1e-10 S/cm" in row["status 25 °C"]


def test_a_bound_is_marked_in_the_ranked_table(made_up_electrolyte):
    # a σ known only as a bound is listed as one: '>1.00e-05', not the number alone
    bound = made_up_electrolyte((1e-5, "lower_bound"))
    frame, _, _, _ = transport._ranked([bound])
    row = frame.iloc[0]
    assert row["σ 25 °C (S/cm)"] == ">1.00e-05"
    assert row["status 25 °C"] == "measured at 25 °C, no model; lower bound"
    assert not any(column.startswith("bound") for column in frame.columns)
