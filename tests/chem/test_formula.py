import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- a period between digits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Mg(BH4)2.2NH3", "Mg(BH4)2·2NH3"),  # case: not 2.2 boron
        ("Li2B12H12.4H2O", "Li2B12H12·4H2O"),
        ("Mg(BH4)2.6NH3BH3", "Mg(BH4)2·6NH3BH3"),
        ("90LiBH4.10P2S5", "90LiBH4·10P2S5"),
    ],
)
def test_period_between_digits_before_a_neutral_molecule_is_the_adduct_dot(typed, meant):
    assert parse_formula(typed) == parse_formula(meant)


def test_mg_bh4_2_2nh3_has_no_fractional_boron():
    composition = parse_formula("Mg(BH4)2.2NH3")
    assert composition["B"] == 2 and composition["N"] == 2 and composition["H"] == 14


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("LiBH2.4", {"Li": 1, "B": 1, "H": 2.4}),  # nothing follows: a decimal
        ("Li2.5B12H12", {"Li": 2.5, "B": 12, "H": 12}),  # B12H12 is no neutral ligand
        ("Li1.5(NH2)", {"Li": 1.5, "N": 1, "H": 2}),  # NH2 is a radical, not a ligand
        ("Li3.5Mg", {"Li": 3.5, "Mg": 1}),
        ("Mg(BH4)2·1.6NH3", {"Mg": 1, "B": 2, "H": 12.8, "N": 1.6}),
    ],
)
def test_decimals_that_cannot_be_adducts_stay_decimals(formula, expected):
    composition = parse_formula(formula)
    assert {str(el): amt for el, amt in composition.items()} == pytest.approx(expected)


@pytest.mark.parametrize("formula", ["Mg(BH4)2.02NH3", "Mg(BH4)2.2NH3.2H2O", "Mg(BH4)2.2.5NH3"])
def test_ambiguous_periods_are_refused_with_the_dot_suggested(formula):
    with pytest.raises(FormulaError):
        parse_formula(formula)
    with pytest.raises(FormulaError, match="·"):
        parse_formula("Mg(BH4)2.02NH3")


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "formula",
    [
        "1/0LiH",
        "0LiH",
        "0/3LiH·LiBH4",
        "Li1e400",
        "Li1e-400H",
        "LiH0",
        "LiH0.0",
        "Li0",
        "Li10000000H",
        "Li-1",
        "nan",
        "inf",
        "Li" * 200,
    ],
)
def test_zero_infinite_or_huge_amounts_are_refused(formula):
    with pytest.raises(FormulaError):
        parse_formula(formula)


def test_a_pymatgen_composition_is_accepted_and_checked():
    from pymatgen.core import Composition

    assert parse_formula(Composition("MgH2")) == Composition("MgH2")
    assert molar_mass_g_per_mol(Composition("LiBH4")) == pytest.approx(21.78, abs=0.01)
    assert hydrogen_wt_percent(Composition("MgH2")) == pytest.approx(7.66, abs=0.01)
    with pytest.raises(FormulaError):
        parse_formula(Composition({"Li": float("inf")}))


@pytest.mark.parametrize(
    "command",
    [
        ["db", "show", "1/0LiH"],
        ["cite", "1/0LiH"],
        ["electrode", "1/0LiH"],
        ["window", "1/0LiH"],
        ["compat", "1/0LiH", "TiS2"],
        ["sigma", "1/0LiH", "--T", "25 C"],
        ["db", "show", "Li1e400"],
    ],
)
def test_case_1_over_0_lih_is_one_line_exit_2(run_cli, command):
    code, _, err = run_cli(*command)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


RECORD = """- id: sample-formula
  name: LiBH4 sample
  kind: electrolyte
  ions: [Li]
  family: BH4
  formula: {formula}
  conductivities:
    - sigma_S_per_cm: 1.0e-3
      temperature_C: 25
      source: {{kind: user, citation: "lab notebook"}}
"""


@pytest.mark.parametrize("formula", ["Li1e400", "1/0LiH"])
def test_case_record_with_a_bad_formula_is_refused_and_nothing_stored(run_cli, tmp_path, formula):
    path = tmp_path / "records.yaml"
    path.write_text(RECORD.format(formula=formula), encoding="utf-8")
    code, _, err = run_cli("db", "add", str(path))
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, _ = run_cli("db", "show", "LiBH4")  # the knowledge base still answers
    assert code == 0 and "libh4" in out
    code, _, _ = run_cli("db", "show", "sample-formula")
    assert code == 2


def test_case_electrode_mg_bh4_2_2nh3_takes_14_li_per_formula_unit():
    from hydrion.electrode import analyse_electrode

    typed = analyse_electrode("Mg(BH4)2.2NH3")
    meant = analyse_electrode("Mg(BH4)2·2NH3")
    assert sum(step.ions_transferred for step in typed.steps) == pytest.approx(14.0)
    assert typed.capacity_mAh_per_g == pytest.approx(meant.capacity_mAh_per_g)


@pytest.mark.parametrize(
    ("formula", "dotted"),
    [
        ("LiCl.2H2O", "LiCl·2H2O"),
        ("LiBr.2NH3", "LiBr·2NH3"),
        ("5LiBr.2NH3", "5LiBr·2NH3"),
        ("Mg(BH4)2.2NH3", "Mg(BH4)2·2NH3"),
        ("Li2B12H12.4H2O", "Li2B12H12·4H2O"),
    ],
)
def test_a_keyboard_period_before_a_neutral_molecule_is_the_adduct_dot(formula, dotted):
    assert parse_formula(formula) == parse_formula(dotted)
    assert "0.2" not in str(parse_formula(formula).formula)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("LiNi1.5Mn0.5O4", {"Li": 1, "Ni": 1.5, "Mn": 0.5, "O": 4}),
        ("Li1.3Al0.3Ti1.7(PO4)3", {"Li": 1.3, "Al": 0.3, "Ti": 1.7, "P": 3, "O": 12}),
        ("Li6.4La3Zr1.4Ta0.6O12", {"Li": 6.4, "La": 3, "Zr": 1.4, "Ta": 0.6, "O": 12}),
        ("Li2.05B", {"Li": 2.05, "B": 1}),
    ],
)
def test_decimal_subscripts_of_oxides_and_phosphates_are_read(formula, expected):
    composition = parse_formula(formula)
    assert {str(element): amount for element, amount in composition.items()} == pytest.approx(
        expected
    )


@pytest.mark.parametrize("formula", ["Li.2H2O", "Li(CB9H10).7(CB11H12)0.3"])
def test_a_bare_period_that_is_no_adduct_is_refused_with_both_spellings(formula):
    with pytest.raises(FormulaError, match="'·' or the decimal as '0\\."):
        parse_formula(formula)


def test_no_refusal_suggests_a_plain_decimal_for_a_decimal():
    with pytest.raises(FormulaError) as refused:
        parse_formula("Mg(BH4)2.02NH3")
    assert "plain decimal" not in str(refused.value)


_METALS = ["Li", "Na", "Mg", "Al", "Ti", "La", "Zr", "Ni", "Mn"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_METALS), st.integers(1, 9), st.integers(1, 9)),
        min_size=1,
        max_size=4,
        unique_by=lambda term: term[0],
    ),
    st.sampled_from(["O4", "O12", "(PO4)3", "B", "H4"]),
)
def test_decimal_subscripts_before_elements_are_decimals(terms, anion):
    formula = "".join(f"{symbol}{whole}.{tenths}" for symbol, whole, tenths in terms) + anion
    composition = parse_formula(formula)
    for symbol, whole, tenths in terms:
        assert composition[symbol] == pytest.approx(whole + tenths / 10)


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(["LiBH4", "LiCl", "Mg(BH4)2", "Li2B12H12", "NaBH4"]),
    st.integers(1, 9),
    st.sampled_from(["NH3", "H2O", "NH3BH3", "N2H4"]),
)
def test_a_period_before_a_neutral_molecule_is_the_adduct_dot(host, count, ligand):
    assert parse_formula(f"{host}.{count}{ligand}") == parse_formula(f"{host}·{count}{ligand}")
