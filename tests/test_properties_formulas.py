"""Properties of formula parsing (hydrion.chem.formula, reactions), by hypothesis.

A small fixed budget runs on every CI run; benchmarks/fuzz_inputs.py runs the same families
with >= 100,000 generated inputs each.
"""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymatgen.core import Composition

from hydrion.chem.formula import molar_mass_g_per_mol, parse_formula
from hydrion.chem.reactions import parse_reaction
from hydrion.errors import FormulaError, InputError

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ELEMENTS = ["H", "Li", "Na", "K", "Mg", "Ca", "B", "C", "N", "O", "Al", "Ti", "Fe", "S", "I"]
counts = st.integers(min_value=1, max_value=40)
element_terms = st.lists(st.tuples(st.sampled_from(ELEMENTS), counts), min_size=1, max_size=5)


def _write(terms) -> str:
    return "".join(f"{el}{n if n > 1 else ''}" for el, n in terms)


def _expected(terms, factor=1.0) -> dict[str, float]:
    total: dict[str, float] = {}
    for el, n in terms:
        total[el] = total.get(el, 0) + n * factor
    return total


def _as_dict(composition: Composition) -> dict[str, float]:
    return {str(el): amount for el, amount in composition.items()}


@SETTINGS
@given(terms=element_terms)
def test_written_formulas_parse_to_their_counts(terms):
    assert _as_dict(parse_formula(_write(terms))) == pytest.approx(_expected(terms))


@SETTINGS
@given(terms=element_terms, group=element_terms, n=st.integers(min_value=2, max_value=9))
def test_groups_in_parentheses_multiply(terms, group, n):
    formula = f"{_write(terms)}({_write(group)}){n}"
    expected = _expected(terms)
    for el, amount in _expected(group, n).items():
        expected[el] = expected.get(el, 0) + amount
    assert _as_dict(parse_formula(formula)) == pytest.approx(expected)


@SETTINGS
@given(a=element_terms, b=element_terms, p=st.integers(1, 9), q=st.integers(1, 9))
def test_adducts_and_fractional_coefficients_add_up(a, b, p, q):
    formula = f"{_write(a)}·{p}/{q}{_write(b)}"
    expected = _expected(a)
    for el, amount in _expected(b, p / q).items():
        expected[el] = expected.get(el, 0) + amount
    assert _as_dict(parse_formula(formula)) == pytest.approx(expected)


@SETTINGS
@given(a=element_terms, p=st.integers(0, 9))
def test_zero_denominators_and_zero_coefficients_are_refused(a, p):
    with pytest.raises(FormulaError):
        parse_formula(f"{p}/0{_write(a)}")
    with pytest.raises(FormulaError):
        parse_formula(f"0{_write(a)}")


@SETTINGS
@given(terms=element_terms, exponent=st.integers(min_value=-500, max_value=500))
def test_powers_of_ten_in_amounts_are_refused(terms, exponent):
    with pytest.raises(FormulaError):
        parse_formula(f"{_write(terms)}1e{exponent}")


@SETTINGS
@given(terms=element_terms)
def test_printed_compositions_parse_back(terms):
    """Formulas hydrion prints (pymatgen's formula and reduced formula) read back the same."""
    composition = parse_formula(_write(terms))
    assert parse_formula(composition.formula) == composition
    reduced = parse_formula(composition.reduced_formula)
    assert reduced.reduced_formula == composition.reduced_formula
    assert parse_formula(composition) == composition


@SETTINGS
@given(text=st.text(max_size=30))
def test_any_text_is_a_composition_or_a_formula_error(text):
    try:
        composition = parse_formula(text)
    except FormulaError as exc:
        assert "\n" not in str(exc)
        return
    assert composition.num_atoms > 0
    assert all(math.isfinite(amount) and amount > 0 for amount in composition.values())
    assert math.isfinite(molar_mass_g_per_mol(text))


formula_like = st.text(alphabet="LiBHMgNaCNO()[]0123456789./·* ", max_size=24)


@SETTINGS
@given(text=formula_like)
def test_formula_like_text_never_escapes(text):
    try:
        composition = parse_formula(text)
    except FormulaError:
        return
    assert math.isfinite(composition.weight)


@SETTINGS
@given(text=st.text(alphabet="LiMgH2Al34 +->→=/0.", max_size=30))
def test_reaction_text_is_a_reaction_or_an_input_error(text):
    try:
        left, right = parse_reaction(text)
    except InputError:
        return
    assert all(math.isfinite(c) and c > 0 for c in (*left.values(), *right.values()))


# Reactions whose balance is unique; pymatgen balances them, the test checks the round trip.
REACTIONS = [
    (["MgH2", "Li"], ["Mg", "LiH"]),
    (["TiH2", "Li"], ["Ti", "LiH"]),
    (["Li3AlH6", "Li"], ["Al", "LiH"]),
    (["LiAlH4"], ["Li3AlH6", "Al", "H2"]),
    (["LiBH4"], ["LiH", "B", "H2"]),
    (["Mg2FeH6", "Li"], ["Mg", "Fe", "LiH"]),
    (["NaAlH4", "Na"], ["Al", "NaH"]),
]


@SETTINGS
@given(
    reaction=st.sampled_from(REACTIONS),
    basis=st.sampled_from([1.0, 0.5, 2.0, 3.0]),
    arrow=st.sampled_from(["->", "→", "="]),
    data=st.data(),
)
def test_printed_reactions_parse_back_with_the_same_ratios(reaction, basis, arrow, data):
    from hydrion.chem.reactions import balance, format_reaction

    reactants = data.draw(st.permutations(reaction[0]))
    products = data.draw(st.permutations(reaction[1]))
    left, right = balance(reactants, products, (reactants[0], basis))
    printed = format_reaction(left, right).replace("->", arrow)
    left2, right2 = parse_reaction(printed)
    scale = left2[reactants[0]] / left[reactants[0]]
    for formula, coefficient in {**left, **right}.items():
        again = left2.get(formula, right2.get(formula))
        assert again == pytest.approx(coefficient * scale, rel=1e-6)
