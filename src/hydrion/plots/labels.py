"""Labels for figures: formulas typeset with pymatgen's ``latexify``, materials by name.

Only digits that follow element symbols ('BH4', 'Li2') or a closing parenthesis ('(BH4)2') are
subscripted, so that names such as 'MCM41', 'SBA-15' or '120 °C' are left as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pymatgen.util.string import latexify

from hydrion.errors import UnknownRecordError

# letters (after a non-letter) or a closing parenthesis, then a number: a stoichiometry candidate
_STOICHIOMETRY = re.compile(r"(?:(?<![A-Za-z])([A-Za-z]+)|\))(\d+(?:\.\d+)?)")
_SYMBOL = re.compile(r"[A-Z][a-z]?")


@lru_cache(maxsize=1)
def _element_symbols() -> frozenset[str]:
    from pymatgen.core.periodic_table import Element

    return frozenset(element.symbol for element in Element)


def _is_formula_part(letters: str | None) -> bool:
    if letters is None:  # a closing parenthesis
        return True
    symbols = _SYMBOL.findall(letters)
    return "".join(symbols) == letters and set(symbols) <= _element_symbols()


def typeset(text: str) -> str:
    """``text`` with its formulas typeset for matplotlib's mathtext, e.g. 'LiBH4–LiI' →
    'LiBH$_{4}$–LiI' and 'Li(BH4)0.7Br0.2' → 'Li(BH$_{4}$)$_{0.7}$Br$_{0.2}$' (via
    :func:`pymatgen.util.string.latexify`); digits after a word that is not a run of element
    symbols ('MCM41', 'diglyme0.5') stay as they are."""
    return _STOICHIOMETRY.sub(
        lambda m: latexify(m.group(0)) if _is_formula_part(m.group(1)) else m.group(0), text
    )


def record_name(key: str, kb=None) -> str:
    """The name of the knowledge-base material or cell part ``key`` (an id such as 'libh4',
    a name or a formula): the record's name, else the cell part's formula, else ``key``
    itself. ``kb`` is a :class:`~hydrion.kb.KnowledgeBase` (opened when None)."""
    if kb is None:
        from hydrion.kb import open_kb

        kb = open_kb()
    try:
        return kb.material(key).name
    except UnknownRecordError:
        pass
    from hydrion.cell.parts import part

    try:
        return part(key, kb).formula
    except UnknownRecordError:
        return key


def display_name(key: str, kb=None) -> str:
    """:func:`record_name` of ``key``, typeset ('libh4' → 'LiBH$_{4}$')."""
    return typeset(record_name(key, kb))
