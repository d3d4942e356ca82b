"""Chemical formulas, parsed by pymatgen's :class:`~pymatgen.core.Composition`.

pymatgen reads nested and fractional formulas such as ``Li(CB9H10)0.7(CB11H12)0.3``.
Two notations of the hydride literature are not formulas to pymatgen, so they are split
here before each part goes to ``Composition``:

* adducts joined by a middle dot: ``Mg(BH4)2·NH3``, ``LiBH4·NH3BH3``;
* molar mixtures with leading coefficients: ``90LiBH4·10P2S5``, ``1/3LiBH4·2/3Li2S``.

A period before a number, as in ``Mg(BH4)2.2NH3``, ``Li2B12H12.4H2O`` or ``LiCl.2H2O``, is
either a decimal subscript or an adduct dot typed on a keyboard without ``·``. It is read as
the adduct dot where a compound comes before it and a small neutral molecule after the
number (see :func:`_adduct_period`); a decimal that cannot be an adduct
(``LiNi1.5Mn0.5O4``, ``Li1.3Al0.3Ti1.7(PO4)3``, ``Li(CB9H10)0.7(CB11H12)0.3``) stays a
decimal, and the rest is refused with the suggestion to write ``·``.

Amounts are plain decimals or fractions between :data:`AMOUNT_MIN` and :data:`AMOUNT_MAX`
per formula unit: zero, ``1/0``, ``1e400`` and the like are refused.
"""

from __future__ import annotations

import math
import re
import warnings
from fractions import Fraction
from functools import lru_cache

from pymatgen.core import Composition

from hydrion.errors import FormulaError

ADDUCT_SEPARATORS = ("·", "•", "∙", "⋅", "*")
AMOUNT_MIN = 1e-6
AMOUNT_MAX = 1e6
MAX_LENGTH = 200
_LEADING_COEFFICIENT = re.compile(r"^\s*(\d+/\d+|\d+\.\d*|\.\d+|\d+(?=[A-Z(\[]))\s*(.*)$")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
# A period after a symbol or ')' (and any whole subscript) before a number that starts a formula.
_PERIOD = re.compile(r"(?<=[A-Za-z)\]])([1-9]\d*)?\.(\d+)(?=[A-Z(\[])")
_EXPONENT_AMOUNT = re.compile(r"\d[eE]")
_MAX_NEUTRALITY_ATOMS = 24  # larger parts are not checked for charge balance: refused instead


def parse_coefficient(text: str, formula: str) -> float:
    """A molar coefficient written as '2', '0.5', '.5' or '1/3', checked to be in range.

    Raises :class:`FormulaError` for 1/0, zero, or a value outside AMOUNT_MIN..AMOUNT_MAX.
    """
    try:
        value = float(Fraction(text))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise FormulaError(f"cannot parse formula {formula!r}: {text!r} is not an amount") from None
    _check_amount(value, text, formula)
    return value


def _check_amount(value: float, what: str, formula: str) -> None:
    if not (math.isfinite(value) and AMOUNT_MIN <= value <= AMOUNT_MAX):
        raise FormulaError(
            f"cannot parse formula {formula!r}: the amount {what} is zero, not finite or "
            f"outside {AMOUNT_MIN:g}..{AMOUNT_MAX:g} per formula unit"
        )


def _split_adduct(formula: str) -> list[str]:
    text = formula
    for separator in ADDUCT_SEPARATORS[1:]:
        text = text.replace(separator, ADDUCT_SEPARATORS[0])
    return [part.strip() for part in text.split(ADDUCT_SEPARATORS[0])]


def _coefficient_and_rest(part: str, formula: str) -> tuple[float, str]:
    match = _LEADING_COEFFICIENT.match(part)
    if not match:
        return 1.0, part
    return parse_coefficient(match.group(1), formula), match.group(2).strip()


def split_coefficient(term: str, formula: str | None = None) -> tuple[float, str]:
    """Split a leading molar coefficient from a term: '2/3Li2S' -> (0.667, 'Li2S')."""
    return _coefficient_and_rest(term.strip(), term if formula is None else formula)


def _is_neutral_molecule(text: str) -> bool:
    """True if ``text`` is a small closed-shell molecule (NH3, H2O, NH3BH3, N2H4, P2S5, ...).

    That is: >= 2 elements, whole amounts, an even number of electrons, and a charge-balanced
    assignment of each element's common oxidation states (pymatgen's
    ``Element.common_oxidation_states``). BH4 and AlH4 (anions), B12H12 (a dianion) and NH2
    (a radical) are not; they cannot be an adduct ligand.
    """
    try:
        composition = Composition(text, strict=True)
    except Exception:  # pymatgen raises ValueError, KeyError, ... for non-formulas
        return False
    amounts = list(composition.values())
    if len(composition) < 2 or sum(amounts) > _MAX_NEUTRALITY_ATOMS:
        return False
    if any(amount != int(amount) for amount in amounts):
        return False
    if composition.total_electrons % 2:
        return False
    totals = {0}
    for element, amount in composition.items():
        states = element.common_oxidation_states or (0,)
        for _ in range(int(amount)):
            totals = {total + state for total in totals for state in states}
    return 0 in totals


def _has_two_elements(text: str) -> bool:
    """True if the formula ending ``text`` (after any adduct dot and coefficient) is a compound."""
    last = re.split(r"[·•∙⋅*]", text)[-1]
    try:
        return len(Composition(_LEADING_COEFFICIENT.sub(r"\2", last), strict=True)) >= 2
    except Exception:  # not a formula on its own
        return False


def _adduct_period(text: str, formula: str) -> str:
    """Rewrite each keyboard period that stands for the adduct dot as ``·``.

    A period after an element symbol or ')' followed by a whole number and a formula
    (``Mg(BH4)2.2NH3``, ``LiCl.2H2O``) is the adduct dot where the part before it is a
    compound and the part after the number a small neutral molecule
    (:func:`_is_neutral_molecule`). Otherwise ``<n>.<m>`` is a decimal subscript
    (``Li1.3Al0.3Ti1.7(PO4)3``, ``Li2.05B``), except where both readings are sensible (the
    part after is too large to check, or ``.<m>`` lacks the digit before the period), which
    is refused with the suggestion to write ``·``.
    """
    pieces = []
    position = 0
    for match in _PERIOD.finditer(text):
        whole, decimals = match.group(1), match.group(2)
        ligand = re.split(r"[·•∙⋅*]", text[match.end() :], maxsplit=1)[0]
        first = ligand.split(".", 1)[0]  # the ligand if a further period is an adduct dot
        prefix = text[: match.start()] + (whole or "")
        compound = _has_two_elements(prefix)
        if compound and _is_neutral_molecule(first) and (first != ligand or decimals[0] == "0"):
            raise FormulaError(
                f"cannot parse formula {formula!r}: the period in {match.group(0)!r} is "
                "ambiguous; write the adduct dot '·' (e.g. 'Mg(BH4)2·2NH3')"
            )
        if compound and _is_neutral_molecule(ligand):
            pieces.append(f"{text[position : match.start()]}{whole or ''}·{decimals}")
            position = match.end()
            continue
        if not whole:
            raise FormulaError(
                f"cannot parse formula {formula!r}: the period in {match.group(0)!r} is "
                f"ambiguous; write the adduct dot '·' or the decimal as '0.{decimals}'"
            )
        if compound and "." not in ligand and _too_large(ligand):
            raise FormulaError(
                f"cannot parse formula {formula!r}: the period in {match.group(0)!r} is "
                "ambiguous; write the adduct dot '·' for an adduct"
            )
    return "".join(pieces) + text[position:]


def _too_large(ligand: str) -> bool:
    """True if ``ligand`` is a formula too large for :func:`_is_neutral_molecule` to check."""
    try:
        return sum(Composition(ligand, strict=True).values()) > _MAX_NEUTRALITY_ATOMS
    except Exception:  # not a formula on its own: the decimal reading is the only one
        return False


def _composition(part: str, formula: str) -> Composition:
    if _EXPONENT_AMOUNT.search(part):
        raise FormulaError(
            f"cannot parse formula {formula!r}: amounts are plain decimals, not powers of ten"
        )
    try:
        composition = Composition(part, strict=True)
    except Exception:  # pymatgen raises ValueError, KeyError, ... for non-formulas
        raise FormulaError(f"cannot parse formula {formula!r}: {part!r} is not a formula") from None
    named = set(re.findall(r"[A-Z][a-z]?", part))
    missing = named - {str(element) for element in composition}
    if missing:
        raise FormulaError(
            f"cannot parse formula {formula!r}: zero amount of {', '.join(sorted(missing))}"
        )
    for element, amount in composition.items():
        _check_amount(float(amount), f"of {element} ({amount:g})", formula)
    return composition


def _check_composition(composition: Composition, formula: object) -> Composition:
    if composition.num_atoms <= 0:
        raise FormulaError(f"cannot parse formula {formula!r}: it contains no atoms")
    for element, amount in composition.items():
        if not (math.isfinite(amount) and amount > 0):
            raise FormulaError(f"formula {formula!r}: the amount of {element} is {amount}")
    if not math.isfinite(composition.weight):
        raise FormulaError(f"formula {formula!r}: its molar mass is not finite")
    with warnings.catch_warnings():
        # pymatgen orders formulas by Pauling electronegativity and warns once for an element
        # without one (Og, He, Ne); the value (NaN) is cached on the element, so reading it
        # here keeps every later formula/reduced_formula quiet (the order does not matter)
        warnings.filterwarnings("ignore", "No Pauling electronegativity", UserWarning)
        for element in composition:
            getattr(element, "X", None)
    return composition


def parse_formula(formula: str | Composition) -> Composition:
    """The pymatgen Composition of ``formula``, adducts and molar mixtures summed.

    Parameters
    ----------
    formula : str or pymatgen.core.Composition
        A formula as chemists write it: ``"LiBH4"``, an adduct ``"Mg(BH4)2·2NH3"`` (or
        ``"Mg(BH4)2.2NH3"`` where the part after the period is a neutral molecule), a molar
        mixture ``"90LiBH4·10LiI"``; or a Composition, whose amounts are checked.

    Returns
    -------
    pymatgen.core.Composition
        Element amounts per formula unit.

    Raises
    ------
    FormulaError
        With a one-line message if any part is not a formula, an amount is zero, not finite
        or out of range, or a period between digits is ambiguous.

    Examples
    --------
    >>> parse_formula("Mg(BH4)2.2NH3")["H"]  # the ammoniate adduct Mg(BH4)2·2NH3
    14.0
    """
    if isinstance(formula, Composition):
        return _check_composition(formula, "the pymatgen Composition")
    return _parse_text(formula)


@lru_cache(maxsize=4096)
def _parse_text(formula: str) -> Composition:
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("empty formula")
    if len(formula) > MAX_LENGTH:
        raise FormulaError(
            f"a formula of {len(formula)} characters is too long (at most {MAX_LENGTH})"
        )
    text = _adduct_period(formula.translate(_SUBSCRIPTS), formula)
    total = Composition()
    for part in _split_adduct(text):
        if not part:
            raise FormulaError(f"cannot parse formula {formula!r}: empty part around '·'")
        coefficient, rest = _coefficient_and_rest(part, formula)
        composition = _composition(rest, formula)
        if composition.num_atoms <= 0:
            raise FormulaError(f"cannot parse formula {formula!r}: it contains no atoms")
        total += composition * coefficient
    return _check_composition(total, formula)


def molar_mass_g_per_mol(formula: str | Composition) -> float:
    """Molar mass in g/mol of one formula unit as written."""
    return float(parse_formula(formula).weight)


def hydrogen_wt_percent(formula: str | Composition) -> float:
    """Hydrogen content in wt% of the formula as written."""
    composition = parse_formula(formula)
    return 100.0 * float(composition.get_wt_fraction("H"))
