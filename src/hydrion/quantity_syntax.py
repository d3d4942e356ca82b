"""The text of a quantity, read as "number unit" by a small grammar and never evaluated.

What people paste from papers and instrument software is accepted: ``−20 °C`` (U+2212 and
other dashes), ``1×10⁻⁴ S cm⁻¹``, ``1*10^-04 S/cm``, ``0.5 mS·cm−1``, ``10⁻⁴``, ``25C``,
``78.5 mm^2``. Everything else is refused here, before any unit library sees it: no
arithmetic (``2^9999999999 K``, ``9**9**9 K``), no decimal commas, no ``nan`` or ``inf``,
no ambiguous divisions (``J/mol/K``, ``W/m K``: write ``J mol-1 K-1``).

Grammar (after Unicode normalisation, superscripts written as ``^``, dashes as ``-``)::

    quantity := number [unit]
    number   := [sign] (mantissa [("e"|"E") exponent | ("×"|"x"|"*"|"·") "10" pow exponent]
                        | "10" pow exponent)
    unit     := ["/"] term {sep term}          at most one "/", and only before the last term
    term     := name [["^"|"**"] ["("] [sign] digit [digit] [")"]]
    sep      := " " | "*" | "·" | "." | "/"
    pow      := "^" | "**"

Magnitudes are bounded to 0 or 1e-100 <= |x| <= 1e100 (:data:`MAGNITUDE_LIMIT`): no
physical input to hydrion comes near, and the bound keeps every later product finite.
Unit names are only checked for their shape here; :mod:`hydrion.units` resolves them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from hydrion.errors import UnitError

MAGNITUDE_LIMIT = 1e100
MAX_LENGTH = 200
_MAX_EXPONENT_DIGITS = 3
_MAX_POWER = 9

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS + "⁺⁻", "0123456789+-")
_SUPERSCRIPT_RUN = re.compile(f"[{_SUPERSCRIPT_DIGITS}⁺⁻]+")
# Hyphens, dashes and minus signs that PDFs and word processors put where '-' is meant.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_DOTS = re.compile("[\u00b7\u22c5\u2219\u2022]")  # middle dot, dot operator, bullets
_TIMES = "×xX*·"

_POW = r"(?:\^|\*\*)"
_EXPONENT = r"(?P<exp>[+-]?\d+)"
_NUMBER = re.compile(
    rf"""(?P<sign>[+-])?\s*
    (?:
        10\s*{_POW}\s*\(?(?P<bare>[+-]?\d+)\)?
      | (?P<mant>\d+(?:\.\d*)?|\.\d+)
        (?: [eE]{_EXPONENT}
          | \s*[{re.escape(_TIMES)}]\s*10\s*{_POW}\s*\(?(?P<times>[+-]?\d+)\)?
        )?
    )""",
    re.VERBOSE,
)
_NAME = re.compile(r"(?:deg[CF]|[^\W\d_]+|%)")
_POWER = re.compile(rf"(?:{_POW}\s*)?(?:\((?P<inner>[+-]?\d{{1,2}})\)|(?P<power>[+-]?\d{{1,2}}))")
_SEP = re.compile(r"\s*(?P<sep>[/*.·])\s*|\s+")


@dataclass(frozen=True)
class QuantityText:
    """A quantity as written: its magnitude and its unit as (name, power) terms.

    ``text`` is the original string, kept for messages.
    """

    magnitude: float
    unit: tuple[tuple[str, int], ...]
    text: str


def normalise(text: str) -> str:
    """Rewrite the Unicode forms people paste (superscripts, dashes, dots, ℃) into ASCII syntax."""
    s = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPT), text)
    s = unicodedata.normalize("NFKC", s)
    s = _DASHES.sub("-", s)
    s = _DOTS.sub("·", s)
    s = re.sub(r"(?:°|\bdeg)\s*([CFcf])\b", lambda m: "deg" + m.group(1).upper(), s)
    return re.sub(r"\s+", " ", s).strip()


def _refuse(text: str, why: str) -> UnitError:
    return UnitError(
        f"cannot read {text!r} as a quantity: {why} "
        "(write a number and a unit, e.g. '25 °C', '1e-4 S/cm', '1×10^-4 S cm-1')"
    )


def _magnitude(text: str, match: re.Match) -> float:
    sign = match.group("sign") or ""
    if match.group("bare") is not None:
        mantissa, exponent = "1", match.group("bare")
    else:
        mantissa = match.group("mant")
        exponent = match.group("exp") or match.group("times") or "0"
    digits = exponent.lstrip("+-").lstrip("0")
    if len(digits) > _MAX_EXPONENT_DIGITS:
        raise _refuse(text, f"the power of ten {exponent} is out of range")
    value = float(f"{sign}{mantissa}e{exponent}")
    if not math.isfinite(value) or abs(value) > MAGNITUDE_LIMIT:
        raise _refuse(text, f"the magnitude is beyond ±{MAGNITUDE_LIMIT:.0e}")
    if value != 0 and abs(value) < 1 / MAGNITUDE_LIMIT:
        raise _refuse(text, f"the magnitude is below {1 / MAGNITUDE_LIMIT:.0e}")
    if value == 0 and float(mantissa) != 0:
        raise _refuse(text, f"the magnitude is below {1 / MAGNITUDE_LIMIT:.0e}")
    return value


def _unit_terms(text: str, rest: str) -> tuple[tuple[str, int], ...]:
    """Tokenise the unit part into (name, power) terms; a '/' negates the next term's power.

    Only the last term may follow a '/': 'J/mol/K' and 'W/m K' are refused as ambiguous.
    """
    terms: list[tuple[str, int]] = []
    position, divided = 0, rest.startswith("/")
    if divided:
        position = 1
    while True:
        name = _NAME.match(rest, position)
        if name is None:
            raise _refuse(text, f"{rest[position:]!r} is not a unit")
        position, power = name.end(), 1
        found = _POWER.match(rest, position)
        if found is not None:
            power = int(found.group("inner") or found.group("power"))
            if power == 0 or abs(power) > _MAX_POWER:
                raise _refuse(text, f"the power {power} of {name.group(0)!r} is out of range")
            position = found.end()
        terms.append((name.group(0), -power if divided else power))
        if position == len(rest):
            return tuple(terms)
        sep = _SEP.match(rest, position)
        if sep is None:
            raise _refuse(text, f"{rest[position:]!r} is not a unit")
        if divided:
            raise _refuse(text, "a unit after a '/' term is ambiguous; write e.g. 'J mol-1 K-1'")
        divided, position = sep.group("sep") == "/", sep.end()


def read_quantity_text(text: str) -> QuantityText:
    """Read ``text`` as "number unit" (the unit may be empty).

    Parameters
    ----------
    text : str
        What the user wrote: pasted minus signs, superscripts and ×10^n are accepted
        ("−20 °C", "1×10⁻⁴ S cm⁻¹", "1*10^-04 S/cm").

    Returns
    -------
    QuantityText
        The magnitude and the unit terms, not yet resolved by pint.

    Raises
    ------
    UnitError
        Anything that is not a bounded number followed by unit terms: arithmetic, decimal
        commas, nan/inf, magnitudes beyond :data:`MAGNITUDE_LIMIT`, ambiguous divisions.
    """
    if not isinstance(text, str):
        raise UnitError(f"cannot read {text!r} as a quantity: expected text")
    if len(text) > MAX_LENGTH:
        raise UnitError(f"cannot read a quantity of {len(text)} characters (at most {MAX_LENGTH})")
    s = normalise(text)
    if not s:
        raise UnitError("empty quantity; give a number with its unit")
    match = _NUMBER.match(s)
    if match is None:
        raise _refuse(text, "it does not start with a number")
    value = _magnitude(text, match)
    rest = s[match.end() :].strip()
    unit = _unit_terms(text, rest) if rest else ()
    return QuantityText(value, unit, text)
