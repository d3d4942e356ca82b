"""Authors, title, journal, volume, issue, year and pages of a free-text journal citation.

The review's reference list (and the citations of sources outside it) is stored as the text the
review prints, in Elsevier's style: ``Initials Surname, ..., Title, Journal Volume (Issue) (Year)
Pages``. :func:`citation_parts` splits such a text only where the split is unambiguous, so that
a BibTeX entry never carries a guessed field; :func:`citation_year` finds the year of any
citation text, split or not.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

FIRST_YEAR = 1900
"""The earliest year taken as a publication year (a smaller 4-digit number is a page or issue)."""

_INITIALS = r"[^\W\d_]\.(?:-?[^\W\d_]\.)*"  # X.  K.R.  H.-H.  S.-i.  S.i.  A.P.M.
_WORD = r"[^\W\d_](?:[^\W\d_]|['’-])*"  # Świętosławski, Colón-Mercado, kharbachi
_PARTICLES = frozenset({"de", "van", "der", "von", "da", "di", "del", "le", "la"})
_TAIL = re.compile(
    r"(?P<title>.+), (?P<journal>[^,]+?) (?P<volume>\d+) (?:\((?P<issue>[^()]+)\) )?"
    r"\((?P<year>\d{4})\),? (?P<pages>[A-Z]?\d+(?:[–-][A-Z]?\d+)?)\.?"
)


@dataclass(frozen=True)
class Author:
    """One author as printed: ``initials`` ("S.-i.") and ``surname`` ("Orimo", "de Jongh")."""

    initials: str
    surname: str


@dataclass(frozen=True)
class CitationParts:
    """A journal citation split into its fields, each exactly as the citation text prints it."""

    authors: tuple[Author, ...]
    title: str
    journal: str
    volume: str
    issue: str | None
    year: int
    pages: str


def citation_parts(text: str) -> CitationParts | None:
    """The fields of a journal citation, or None where the text does not split unambiguously.

    Parameters
    ----------
    text : str
        One citation as the review prints it, e.g. ``"M.S. Whittingham, Electrical energy
        storage and intercalation chemistry, Science 192 (4244) (1976) 1126–1127"``.

    Returns
    -------
    CitationParts or None
        Authors, title, journal, volume, issue (None where not printed), year and pages; None
        where any of them is missing (a book, a thesis, a paper printed without volume or
        pages) or the split is ambiguous: an author not printed as ``Initials Surname`` (the
        review's scrambled author lists of refs. [6], [31], [40], [81], [92] and [96], "et al.",
        a name without initials), a title part that reads as an author, a year outside
        :data:`FIRST_YEAR` to this year, or text after the pages. Joining the fields back as
        the style prints them gives ``text`` again (a final full stop aside).

    Examples
    --------
    >>> parts = citation_parts("M.S. Whittingham, Electrical energy storage and intercalation "
    ...                        "chemistry, Science 192 (4244) (1976) 1126–1127")
    >>> parts.authors, parts.journal, parts.volume, parts.issue, parts.year, parts.pages
    ((Author(initials='M.S.', surname='Whittingham'),), 'Science', '192', '4244', 1976, '1126–1127')
    >>> citation_parts("P. Li, A thesis title, Ph.D Thesis, University of Pittsburgh, 2013.")

    Notes
    -----
    Citation style of Elsevier journals (Materials Today Nano), as printed in the reference
    list of Y. Pang et al., Mater. Today Nano 18 (2022) 100194.
    """
    segments = text.split(", ")
    authors: list[Author] = []
    while segments and (author := _author(segments[0])):
        authors.append(author)
        segments.pop(0)
    tail = _TAIL.fullmatch(", ".join(segments))
    if not authors or not tail:
        return None
    if any(re.match(_INITIALS + " ", part) for part in tail["title"].split(", ")):
        return None  # an author outside the ``Initials Surname`` form ends the list too early
    year = int(tail["year"])
    if not _plausible_year(year):
        return None
    return CitationParts(
        authors=tuple(authors),
        title=tail["title"],
        journal=tail["journal"],
        volume=tail["volume"],
        issue=tail["issue"],
        year=year,
        pages=tail["pages"],
    )


def citation_year(text: str) -> int | None:
    """The publication year of a citation text, split into fields or not.

    Parameters
    ----------
    text : str
        One citation, e.g. ``"... Science 192 (4244) (1976) 1126–1127"`` or a thesis's
        ``"... University of Pittsburgh, 2013."``.

    Returns
    -------
    int or None
        The last parenthesised 4-digit number from :data:`FIRST_YEAR` to this year ("(1976)",
        not the issue "(4244)"); else a 4-digit year that ends the text after a comma or a word
        ("..., 2013.", "(published online December 2014)"), not after a volume (a page);
        else None (no year is guessed).
    """
    parts = citation_parts(text)
    if parts:
        return parts.year
    in_parentheses = [int(y) for y in re.findall(r"\((\d{4})\)", text)]
    at_end = re.search(r"(?:, |[^\W\d_] )(\d{4})\)?\.?$", text)  # not "12 1126": a page
    candidates = [*in_parentheses, int(at_end[1])] if at_end else in_parentheses
    years = [year for year in candidates if _plausible_year(year)]
    return years[-1] if years else None


def _author(segment: str) -> Author | None:
    """``segment`` as an author printed ``Initials Surname``, or None where it is not one.

    A two-word surname after several initials ("M.M. Hideki Maekawa") is the review's
    scrambled form (initials of one author, given name and surname of another) and is refused;
    after one initial ("E. Cuervo Reyes") or with a particle ("P.E. de Jongh") it is a surname.
    """
    match = re.fullmatch(rf"({_INITIALS}) ({_WORD}(?: {_WORD})?)", segment)
    if not match or not match[1][0].isupper():
        return None
    initials, surname = match[1], match[2]
    words = surname.split(" ")
    if words[0] not in _PARTICLES and not words[0][0].isupper():
        return None
    if len(words) == 2 and words[0] not in _PARTICLES and initials.count(".") > 1:
        return None
    return Author(initials, surname)


def _plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= datetime.date.today().year
