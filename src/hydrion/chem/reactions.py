"""Balanced reactions on pymatgen's :class:`Reaction` / :class:`BalancedReaction`.

Reactions are kept as two dicts {formula as written: coefficient}; pymatgen balances
them (``balance``) or checks a balance given with coefficients (``parse_reaction``), and
``format_reaction`` writes them with the smallest integer coefficients.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Mapping
from fractions import Fraction

from pymatgen.analysis.reaction_calculator import BalancedReaction, Reaction, ReactionError

from hydrion.chem.formula import parse_formula, split_coefficient
from hydrion.errors import InputError

Side = dict[str, float]
_COEFFICIENT_TOLERANCE = 1e-6


def balance(
    reactants: list[str], products: list[str], basis: tuple[str, float]
) -> tuple[Side, Side]:
    """Balance ``reactants -> products`` with pymatgen.

    Parameters
    ----------
    reactants, products : list of str
        Formulas.
    basis : tuple of (str, float)
        A formula and its coefficient, which fixes the scale.

    Returns
    -------
    tuple of dict
        Reactant and product coefficients, formula -> coefficient.

    Raises
    ------
    InputError
        A reaction that cannot be balanced or whose balance is not unique.
    FormulaError
        An unreadable formula.

    Examples
    --------
    >>> reactants, products = balance(["MgH2", "Li"], ["Mg", "LiH"], ("MgH2", 1.0))
    >>> {formula: round(float(n), 6) for formula, n in {**reactants, **products}.items()}
    {'MgH2': 1.0, 'Li': 2.0, 'Mg': 1.0, 'LiH': 2.0}
    """
    compositions = {formula: parse_formula(formula) for formula in (*reactants, *products)}
    try:
        with warnings.catch_warnings():
            # pymatgen orders elements by electronegativity and warns for those without one
            # (Og, noble gases); the order does not change the balance
            warnings.filterwarnings("ignore", "No Pauling electronegativity", UserWarning)
            reaction = Reaction(
                [compositions[f] for f in reactants], [compositions[f] for f in products]
            )
        reaction.normalize_to(compositions[basis[0]], basis[1])
    except ReactionError as exc:
        raise InputError(
            f"cannot balance {' + '.join(reactants)} -> {' + '.join(products)}: {exc}"
        ) from None
    left = {f: -reaction.get_coeff(compositions[f]) for f in reactants}
    right = {f: reaction.get_coeff(compositions[f]) for f in products}
    if any(value < -_COEFFICIENT_TOLERANCE for value in (*left.values(), *right.values())):
        raise InputError(
            f"{' + '.join(reactants)} -> {' + '.join(products)} balances only with a product "
            "on the reactant side"
        )
    return left, right


def check_balance(reactants: Mapping[str, float], products: Mapping[str, float]) -> None:
    """Raise InputError unless the coefficients balance every element (pymatgen's check)."""
    try:
        BalancedReaction(
            {parse_formula(f): c for f, c in reactants.items()},
            {parse_formula(f): c for f, c in products.items()},
        )
    except ReactionError:
        raise InputError(f"{format_reaction(reactants, products)} is not balanced") from None


def _split_terms(side: str) -> Side:
    terms: Side = {}
    for text in side.split(" + "):
        coefficient, formula = split_coefficient(text)
        if not formula:
            raise InputError(f"cannot read the reaction term {text!r}")
        parse_formula(formula)
        terms[formula] = terms.get(formula, 0.0) + coefficient
    return terms


def parse_reaction(text: str) -> tuple[Side, Side]:
    """Read 'A + 2B -> C + D' (arrows ->, =, →) and check its balance with pymatgen.

    Without any coefficient the reaction is balanced by pymatgen (first reactant = 1).
    """
    normalised = text.replace("→", "->").replace("<->", "->").replace("=", "->")
    if normalised.count("->") != 1:
        raise InputError(f"a reaction needs one arrow '->': {text!r}")
    left_text, right_text = normalised.split("->")
    left, right = _split_terms(left_text), _split_terms(right_text)
    if not re.search(r"(^|\+\s*)\d", left_text + " + " + right_text):
        return balance(list(left), list(right), (next(iter(left)), 1.0))
    check_balance(left, right)
    return left, right


def _integer_scale(values: list[float]) -> float:
    fractions = [Fraction(value).limit_denominator(24) for value in values]
    denominator = math.lcm(*(f.denominator for f in fractions))
    numerators = [int(f * denominator) for f in fractions]
    divisor = math.gcd(*numerators) or 1
    return denominator / divisor


def _term(coefficient: float, formula: str) -> str:
    if abs(coefficient - 1.0) < _COEFFICIENT_TOLERANCE:
        return formula
    if abs(coefficient - round(coefficient)) < _COEFFICIENT_TOLERANCE:
        return f"{round(coefficient)}{formula}"
    return f"{coefficient:.4g} {formula}"


def format_reaction(
    reactants: Mapping[str, float], products: Mapping[str, float], integers: bool = True
) -> str:
    """'3LiAlH4 + 3Li -> 2Li3AlH6 + Al' (smallest integers where ``integers``)."""
    scale = _integer_scale([*reactants.values(), *products.values()]) if integers else 1.0
    if scale > 12:  # fractional formulas such as MgLi0.35: first reactant = 1 instead
        scale = 1.0 / next(iter(reactants.values()))
    left = " + ".join(_term(c * scale, f) for f, c in reactants.items() if c > 1e-9)
    right = " + ".join(_term(c * scale, f) for f, c in products.items() if c > 1e-9)
    return f"{left} -> {right}"


def cancel_spectators(reactants: Side, products: Side) -> tuple[Side, Side]:
    """Remove phases that appear on both sides (by reduced composition)."""
    left, right = dict(reactants), dict(products)
    for formula in list(left):
        for other in list(right):
            if parse_formula(formula).reduced_formula != parse_formula(other).reduced_formula:
                continue
            common = min(left[formula], right[other])
            left[formula] -= common
            right[other] -= common
    return (
        {f: c for f, c in left.items() if c > 1e-9},
        {f: c for f, c in right.items() if c > 1e-9},
    )


def reaction_energy_kJ(
    reactants: Mapping[str, float], products: Mapping[str, float], energy: Callable[[str], float]
) -> float:
    """Σν·E(products) − Σν·E(reactants) with ``energy(formula)`` in kJ per formula unit."""
    return sum(c * energy(f) for f, c in products.items()) - sum(
        c * energy(f) for f, c in reactants.items()
    )
