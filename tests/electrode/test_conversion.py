"""Pathways: overall conversion from the formula, lowest-energy steps from thermochemistry."""

import pytest

from hydrion.electrode import analyse_electrode
from hydrion.errors import InputError


@pytest.mark.parametrize(
    ("formula", "reaction"),
    [
        ("MgH2", "MgH2 + 2Li -> 2LiH + Mg"),
        ("NaAlH4", "NaAlH4 + 4Li -> 4LiH + Na + Al"),
        ("LiNa2AlH6", "LiNa2AlH6 + 5Li -> 6LiH + 2Na + Al"),
        ("Na3AlH6", "Na3AlH6 + 6Li -> 6LiH + 3Na + Al"),
        ("LiAlH4", "LiAlH4 + 3Li -> 4LiH + Al"),
    ],
)
def test_overall_conversion(formula, reaction):
    # the review's reactions (1), (5)+(6), (8)+(9) and Sartori et al. [131] for Na3AlH6
    assert analyse_electrode(formula, convention="enthalpy").overall_reaction == reaction


def test_lialh4_goes_through_li3alh6():
    # Reactions (5)-(6): Li3AlH6 is the intermediate [133]
    steps = analyse_electrode("LiAlH4", convention="enthalpy").steps
    assert [s.reaction for s in steps] == [
        "3LiAlH4 + 3Li -> 2Li3AlH6 + Al",
        "Li3AlH6 + 3Li -> Al + 6LiH",
    ]
    assert steps[0].voltage_V > steps[1].voltage_V
    assert sum(s.ions_transferred for s in steps) == pytest.approx(3)


def test_naalh4_forms_lina2alh6_first():
    # Reaction (8): NaAlH4 decomposes to LiNa2AlH6, not Na3AlH6 [133]
    first = analyse_electrode("NaAlH4", convention="enthalpy").steps[0]
    assert "LiNa2AlH6" in first.reaction and "Na3AlH6" not in first.reaction


def test_gibbs_convention_estimates_a_missing_entropy_and_says_so():
    # Li3AlH6 has no tabulated S°: its estimate (Σ S° of the condensed elements) keeps it on
    # the path, reactions (5)-(6) of the review, and the result names it with the method
    result = analyse_electrode("LiAlH4")
    assert [s.reaction for s in result.steps] == [
        "3LiAlH4 + 3Li -> 2Li3AlH6 + Al",
        "Li3AlH6 + 3Li -> Al + 6LiH",
    ]
    estimated = [w for w in result.warnings if "S° not tabulated" in w]
    assert len(estimated) == 1 and estimated[0].startswith("Li3AlH6:")
    assert "Züttel" in estimated[0]
    assert not any("S° not tabulated" in w for w in analyse_electrode("MgH2").warnings)


def test_explicit_path_and_alloying():
    result = analyse_electrode(
        "LiAlH4",
        convention="enthalpy",
        alloying=True,
        path=["3LiAlH4 + 6Li -> Li3AlH6 + 2Al + 6LiH", "Li3AlH6 + 3Li -> 6LiH + Al"],
    )
    assert [s.ions_transferred for s in result.steps] == pytest.approx([2, 1, 1])
    assert result.steps[-1].reaction == "Al + Li -> LiAl" and result.steps[-1].kind == "alloying"
    assert result.capacity_mAh_per_g == pytest.approx(2118.5, rel=1e-3)  # alloying excluded
    assert result.capacity_with_alloying_mAh_per_g == pytest.approx(2118.5 * 4 / 3, rel=1e-3)


@pytest.mark.parametrize(
    ("formula", "ion", "message"),
    [
        ("NaCl", "Li", "no hydrogen"),
        ("LiH", "Li", "nothing to convert"),
        ("MgH2", "K", "unknown working ion"),
        ("Mg(H2", "Li", "neither a formula"),
    ],
)
def test_bad_input(formula, ion, message):
    with pytest.raises(InputError, match=message):
        analyse_electrode(formula, ion=ion)


def test_unbalanced_explicit_path_is_refused():
    with pytest.raises(InputError, match="not balanced"):
        analyse_electrode("MgH2", path=["MgH2 + 3Li -> Mg + 2LiH"])


def test_ammoniate_with_a_period_is_read_as_an_adduct():
    # ../shared/cases: `hydrion electrode "Mg(BH4)2.2NH3"` balanced 5Mg(BH4)2.2NH3 + 59Li;
    # right: Mg(BH4)2·2NH3, 14 Li per formula unit (-> 14LiH + Mg + 2B + 2N)
    result = analyse_electrode("Mg(BH4)2.2NH3")
    assert result.overall_reaction.startswith("Mg(BH4)2.2NH3 + 14Li ->")


def test_pathway_is_the_hull_decomposition_rescaled_to_the_pristine_formula_unit():
    # 3LiAlH4 + 3Li -> 2Li3AlH6 + Al runs from x = 0 to 1 Li per LiAlH4, then
    # Li3AlH6 + 3Li -> Al + 6LiH to x = 3. Halfway through the first step (x = 0.5) half
    # the LiAlH4 is left, with 2/3 * 0.5 Li3AlH6 and 1/3 * 0.5 Al (by hand).
    from hydrion.electrode.conversion import _candidates, _Hull
    from hydrion.electrode.voltage import EnergyModel

    model = EnergyModel("enthalpy")
    usable, _ = _candidates({"Li", "Al", "H"}, model, "LiAlH4", "Li")
    hull = _Hull("LiAlH4", "Li", usable, model)
    assert hull.breakpoints(3.0) == pytest.approx([0.0, 1.0, 3.0])
    halfway = hull.assemblage(0.5)
    assert set(halfway) == {"LiAlH4", "Li3AlH6", "Al"}
    assert halfway["LiAlH4"] == pytest.approx(0.5)
    assert halfway["Li3AlH6"] == pytest.approx(1 / 3)
    assert halfway["Al"] == pytest.approx(1 / 6)
    # the closed system never holds H2 gas or leftover Li metal
    assert set(hull.assemblage(3.0)) == {"LiH", "Al"}
    assert hull.assemblage(3.0)["LiH"] == pytest.approx(4.0)
