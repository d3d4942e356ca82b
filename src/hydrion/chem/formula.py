"""Chemical formulas, parsed by pymatgen's :class:`~pymatgen.core.Composition`.

pymatgen reads nested and fractional formulas such as ``Li(CB9H10)0.7(CB11H12)0.3``.
Two notations of the hydride literature are not formulas to pymatgen, so they are split
here before each part goes to ``Composition``:

* adducts joined by a middle dot: ``Mg(BH4)2·NH3``, ``LiBH4·NH3BH3``;
* molar mixtures with leading coefficients: ``90LiBH4·10P2S5``, ``1/3LiBH4·2/3Li2S``.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from pymatgen.core import Composition

from hydrion.errors import FormulaError

ADDUCT_SEPARATORS = ("·", "•", "∙", "⋅", "*")
_LEADING_COEFFICIENT = re.compile(r"^\s*(\d+/\d+|\d+\.\d*|\.\d+|\d+(?=[A-Z(\[]))\s*(.*)$")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _split_adduct(formula: str) -> list[str]:
    text = formula
    for separator in ADDUCT_SEPARATORS[1:]:
        text = text.replace(separator, ADDUCT_SEPARATORS[0])
    return [part.strip() for part in text.split(ADDUCT_SEPARATORS[0])]


def _coefficient_and_rest(part: str) -> tuple[float, str]:
    match = _LEADING_COEFFICIENT.match(part)
    if not match:
        return 1.0, part
    return float(Fraction(match.group(1))), match.group(2)


@lru_cache(maxsize=4096)
def parse_formula(formula: str) -> Composition:
    """Return the pymatgen Composition of ``formula`` (adducts and molar mixtures summed).

    Raises :class:`~hydrion.errors.FormulaError` with a one-line message if any part is
    not a formula.
    """
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("empty formula")
    text = formula.translate(_SUBSCRIPTS)
    total = Composition()
    for part in _split_adduct(text):
        if not part:
            raise FormulaError(f"cannot parse formula {formula!r}: empty part around '·'")
        coefficient, rest = _coefficient_and_rest(part)
        try:
            composition = Composition(rest, strict=True)
        except Exception:
            raise FormulaError(
                f"cannot parse formula {formula!r}: {rest!r} is not a formula"
            ) from None
        if composition.num_atoms <= 0:
            raise FormulaError(f"cannot parse formula {formula!r}: it contains no atoms")
        total += composition * coefficient
    return total


def molar_mass_g_per_mol(formula: str) -> float:
    """Molar mass in g/mol of one formula unit as written."""
    return float(parse_formula(formula).weight)


def hydrogen_wt_percent(formula: str) -> float:
    """Hydrogen content in wt% of the formula as written."""
    composition = parse_formula(formula)
    return 100.0 * float(composition.get_wt_fraction("H"))
