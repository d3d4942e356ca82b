"""The headline reaction of `hydrion electrode` is the end state the computed steps reach,
and a headline with an implausible product (an element that is a gas) is flagged."""

from hydrion.electrode import analyse_electrode


def test_headline_is_the_computed_end_state():
    # the steps end in MgB2 + LiH; the headline said 8LiH + Mg + 2B (formal conversion)
    result = analyse_electrode("Mg(BH4)2")
    assert result.overall_reaction == "Mg(BH4)2 + 8Li -> MgB2 + 8LiH"
    assert "MgB2" in result.steps[-1].reaction
    assert result.implausible_products == ()


def test_headline_keeps_the_formal_form_where_the_end_state_is_the_same():
    assert analyse_electrode("MgH2").overall_reaction == "MgH2 + 2Li -> 2LiH + Mg"


def test_elemental_nitrogen_in_the_headline_is_flagged(run_cli):
    result = analyse_electrode("Mg(BH4)2.2NH3")
    assert result.implausible_products == ("N",)
    assert any("N in the overall reaction is no plausible end state" in w for w in result.warnings)
    code, out, _ = run_cli("electrode", "Mg(BH4)2.2NH3")
    assert code == 0
    assert "(⚠ implausible product: N; see note)" in out.splitlines()[0]
