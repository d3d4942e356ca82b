import pytest

from hydrion.chem.formula import hydrogen_wt_percent, molar_mass_g_per_mol, parse_formula
from hydrion.errors import FormulaError


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("Li(CB9H10)0.7(CB11H12)0.3", {"Li": 1, "C": 1, "B": 9.6, "H": 10.6}),
        ("Li(BH4)0.7Br0.2Cl0.1", {"Li": 1, "B": 0.7, "H": 2.8, "Br": 0.2, "Cl": 0.1}),
        ("Na4(CB11H12)2(B12H12)", {"Na": 4, "C": 2, "B": 34, "H": 36}),
        ("Mg(BH4)2·NH3", {"Mg": 1, "B": 2, "H": 11, "N": 1}),
        ("LiBH4·NH3", {"Li": 1, "B": 1, "H": 7, "N": 1}),
        ("Na3NH2B12H12", {"Na": 3, "N": 1, "H": 14, "B": 12}),
        ("90LiBH4·10P2S5", {"Li": 90, "B": 90, "H": 360, "P": 20, "S": 50}),
        ("1/3LiBH4·2/3Li2S", {"Li": 5 / 3, "B": 1 / 3, "H": 4 / 3, "S": 2 / 3}),
        ("Li₄(BH₄)₃I", {"Li": 4, "B": 3, "H": 12, "I": 1}),
    ],
)
def test_formulas_of_the_review_parse(formula, expected):
    composition = parse_formula(formula)
    assert {str(el): amt for el, amt in composition.items()} == pytest.approx(expected)


@pytest.mark.parametrize("formula", ["", "Xx2", "hello", "LiBH4·", "Li(BH4"])
def test_bad_formulas_are_refused(formula):
    with pytest.raises(FormulaError):
        parse_formula(formula)


def test_hydrogen_content_and_molar_mass():
    # MgH2: 7.6 wt% H (Pang et al. 2022, section 3.1.1)
    assert hydrogen_wt_percent("MgH2") == pytest.approx(7.66, abs=0.01)
    assert molar_mass_g_per_mol("LiBH4") == pytest.approx(21.78, abs=0.01)
