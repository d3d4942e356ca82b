"""Labels for figures: formulas typeset with pymatgen, materials by name.

Only digits that follow element symbols ('BH4', 'Li2') or a closing parenthesis ('(BH4)2') are
subscripted, so that names such as 'MCM41', 'SBA-15' or '120 °C' are left as written. Whole
numbers become Unicode subscripts (pymatgen's ``unicodeify``: 'LiBH₄'); fractional ones, which
Unicode cannot write, become mathtext (pymatgen's ``latexify``: 'Li(BH₄)$_{0.7}$'). Mathtext is
kept to those few because matplotlib parses every label that holds it on each layout and
render: typesetting all formulas so made a figure of 16 electrolytes 1.7 times slower to make
and render (benchmarks/bench_plots.py).
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache

from pymatgen.util.string import latexify, unicodeify

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


def _subscripted(match: re.Match[str]) -> str:
    text, number = match.group(0), match.group(2)
    if not _is_formula_part(match.group(1)):
        return text
    if "." in number:  # no Unicode subscript period
        return latexify(text)
    return text[: -len(number)] + unicodeify(number)


def typeset(text: str) -> str:
    """``text`` with its formulas typeset: 'LiBH4–LiI' → 'LiBH₄–LiI', 'Li(BH4)0.7Br0.2' →
    'Li(BH₄)$_{0.7}$Br$_{0.2}$'; digits after a word that is not a run of element symbols
    ('MCM41', 'diglyme0.5') stay as they are.

    Parameters
    ----------
    text : str
        A label, formula or material name.

    Returns
    -------
    str
        The label with whole-number subscripts as Unicode and fractional ones as mathtext.

    Notes
    -----
    Subscripts by pymatgen's :func:`~pymatgen.util.string.unicodeify` and
    :func:`~pymatgen.util.string.latexify`; which digits are stoichiometry is hydrion's own rule
    (see the module docstring).
    """
    return _STOICHIOMETRY.sub(_subscripted, text)


def knowledge_base(kb=None):
    """``kb``, else the knowledge base opened now: a figure that names several parts opens it
    once, not once per name.

    Parameters
    ----------
    kb : hydrion.kb.KnowledgeBase or None
        An open knowledge base, or None to open the default one.

    Returns
    -------
    hydrion.kb.KnowledgeBase
        ``kb`` itself, or the one opened by :func:`hydrion.kb.open_kb`.
    """
    if kb is not None:
        return kb
    from hydrion.kb import open_kb

    return open_kb()


def record_name(key: str, kb=None) -> str:
    """The name of a knowledge-base material or cell part.

    Parameters
    ----------
    key : str
        An id such as 'libh4', a name or a formula.
    kb : hydrion.kb.KnowledgeBase or None
        The knowledge base to look in (opened when None).

    Returns
    -------
    str
        The material record's name, else the cell part's formula, else ``key`` itself
        (an unknown key is not an error: it labels itself).
    """
    kb = knowledge_base(kb)
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
    """:func:`record_name` of ``key``, typeset ('libh4' → 'LiBH₄').

    Parameters
    ----------
    key : str
        An id such as 'libh4', a name or a formula.
    kb : hydrion.kb.KnowledgeBase or None
        The knowledge base to look in (opened when None).

    Returns
    -------
    str
        The name with its formula typeset by :func:`typeset`.
    """
    return typeset(record_name(key, kb))


def source_label(source) -> str:
    """A short label of where a value comes from, for a figure: '[19,22]' (reference numbers
    of the review), else 'doi:…', else the citation shortened to 40 characters.

    Parameters
    ----------
    source : hydrion.sources.Source
        The value's source.

    Returns
    -------
    str
        The label.
    """
    if source.refs:
        return "[" + ",".join(map(str, source.refs)) + "]"
    if source.doi:
        return f"doi:{source.doi}"
    return textwrap.shorten(source.citation or "", 40, placeholder="…")
