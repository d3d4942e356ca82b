"""Splitting the review's free-text citations into fields (kb/citation_parts.py), and their years.

Hand-checked entries below were compared with the printed reference list of Pang et al.,
Mater. Today Nano 18 (2022) 100194 (literature/pang2022-hydrides-for-solid-state-batteries.txt).
"""

import datetime
import re

import pytest

from hydrion.kb.citation_parts import Author, citation_parts, citation_year
from hydrion.kb.curated import load_curated

REFERENCES = load_curated().references  # the review (number 0) and its reference list


def _source_citations() -> set[str]:
    """Citations of the curated sources outside the review's list (their own papers)."""
    curated = load_curated()
    sources = [v.source for m in curated.materials.values() for _, v in m.values()]
    sources += [e.source for c in curated.cells.values() for e in c.performance]
    return {s.citation for s in sources if s.citation}


def test_whittinghams_issue_number_is_not_taken_for_the_year():
    # ref. [72]: "Science 192 (4244) (1976) 1126–1127"; the year read was 4244
    parts = citation_parts(REFERENCES[72].citation)
    assert parts is not None
    assert parts.authors == (Author("M.S.", "Whittingham"),)
    assert parts.title == "Electrical energy storage and intercalation chemistry"
    assert (parts.journal, parts.volume, parts.issue) == ("Science", "192", "4244")
    assert (parts.year, parts.pages) == (1976, "1126–1127")


@pytest.mark.parametrize(
    ("number", "authors", "title_start", "journal", "volume", "issue", "year", "pages"),
    [
        # a title with commas: "Structural, chemical, and dynamical frustration: ..."
        (14, 9, "Structural, chemical, and dynamical", "Chem. Mater.", "29", "21", 2017,
         "9142–9153"),
        # a title ending in a list: "... LiM(BH4)₃Cl, M = La, Gd"
        (35, 5, "New Li ion conductors", "J. Phys. Chem. C", "116", "40", 2012, "21267–21276"),
        # an article number after a comma: "(2012), 095901"
        (21, 5, "Ab initio nonequilibrium", "Phys. Rev. Lett.", "108", "9", 2012, "095901"),
        # lettered pages, no issue: "580 (2013) S98–S101"
        (24, 7, "Sodium and magnesium ionic", "J. Alloys Compd.", "580", None, 2013, "S98–S101"),
        # a journal with parentheses: "Chem Commun (Camb). 52 (3)"
        (45, 6, "Fast lithiumionic conduction", "Chem Commun (Camb).", "52", "3", 2016,
         "564–566"),
        # surnames of two words: "A. El kharbachi", "S.i. Orimo"
        (46, 9, "Lithium ionic conduction", "Electrochim. Acta", "278", None, 2018, "332–339"),
        (0, 5, "Hydrides for solid-state batteries", "Mater. Today Nano", "18", None, 2022,
         "100194"),
    ],
)  # fmt: skip
def test_references_split_as_the_review_prints_them(
    number, authors, title_start, journal, volume, issue, year, pages
):
    parts = citation_parts(REFERENCES[number].citation)
    assert parts is not None
    assert len(parts.authors) == authors and parts.title.startswith(title_start)
    assert (parts.journal, parts.volume, parts.issue, parts.year, parts.pages) == (
        journal, volume, issue, year, pages,
    )  # fmt: skip


def test_two_word_surnames_and_particles_are_kept_whole():
    el = citation_parts(REFERENCES[46].citation)
    assert el is not None and el.authors[0] == Author("A.", "El kharbachi")
    assert Author("S.i.", "Orimo") in el.authors
    de_jongh = citation_parts(REFERENCES[57].citation)
    assert de_jongh is not None and de_jongh.authors[-1] == Author("P.E.", "de Jongh")


def test_every_split_reference_joins_back_to_its_text():
    for number, reference in REFERENCES.items():
        parts = citation_parts(reference.citation)
        if parts is None:
            continue
        issue = f" ({parts.issue})" if parts.issue else ""
        authors = ", ".join(f"{a.initials} {a.surname}" for a in parts.authors)
        joined = (
            f"{authors}, {parts.title}, {parts.journal} {parts.volume}{issue} ({parts.year})"
            f" {parts.pages}"
        )
        # the review prints an article number after a comma: "(2018), 065402"
        assert reference.citation.rstrip(".").replace("), ", ") ") == joined, number


# The review's list holds 141 references, and the review itself is number 0: 125 of the 142
# split into every field. The others, and why:
UNSPLIT = {
    6: "scrambled authors as printed ('B.X. Chengzhi Ke, J.L. Miao Li, ...')",
    15: "no volume or pages printed",
    26: "a Ph.D. thesis",
    31: "scrambled authors as printed ('M.M. Hideki Maekawa, ...')",
    40: "scrambled authors as printed ('A.R. Motoaki Matsuo, ...')",
    52: "'L Zhan' printed without the initial's full stop",
    60: "no pages printed",
    61: "an author printed without initials ('Suwarno')",
    81: "scrambled authors as printed, with 'a.S.-i.O. Udovic.' after the pages",
    86: "'A.L. Washington Ii' (a mangled 'II')",
    92: "authors as full names ('Vitalie Stavila, Craig M. Brown, ...')",
    96: "scrambled author as printed ('B.A. Kathrin Hofmann')",
    108: "no volume or pages printed",
    119: "no pages printed",
    123: "a book chapter without volume or pages",
    130: "no pages printed",
    142: "no volume printed",
}


def test_which_references_split_fully():
    unsplit = {n for n, r in REFERENCES.items() if citation_parts(r.citation) is None}
    assert unsplit == set(UNSPLIT)
    assert len(REFERENCES) - len(unsplit) == 125


def test_every_citation_in_the_knowledge_base_has_a_year_from_1900_to_now():
    citations = [r.citation for r in REFERENCES.values()] + sorted(_source_citations())
    assert len(citations) > 142
    years = {text: citation_year(text) for text in citations}
    this_year = datetime.date.today().year
    assert all(year is not None and 1900 <= year <= this_year for year in years.values()), years


@pytest.mark.parametrize(
    ("number", "year", "printed"),
    [
        (72, 1976, "Science 192 (4244) (1976) 1126–1127"),
        (26, 2013, "University of Pittsburgh, 2013."),
        (31, 2008, "J. Am. Chem. Soc. 131 (2008) 894–895."),
        (81, 2015, "Chem. Mater. 27 (2015) 5407–5417, a.S.-i.O. Udovic."),
        (19, 2007, "Appl. Phys. Lett. 91 (22) (2007) 224103"),
        (48, 2019, "Chem. Mater. 32 (2) (2019) 671–678"),
        (119, 2021, "Nano Energy 82 (2021)"),
        (142, 2020, "Int. J. Electrochem. Sci. (2020) 9487–9498"),
    ],
)
def test_years_agree_with_the_reviews_reference_list(shared_dir, number, year, printed):
    review = (shared_dir / "literature/pang2022-hydrides-for-solid-state-batteries.txt").read_text()
    line = re.search(rf"^- \[{number}\] (.*)$", review, re.MULTILINE)
    assert line is not None and printed in line[1]
    assert citation_year(REFERENCES[number].citation) == year


def test_a_year_ending_a_text_is_taken_and_none_is_guessed():
    kubota = next(c for c in _source_citations() if c.startswith("K. Kubota"))
    assert citation_year(kubota) == 2014  # "(published online December 2014)"
    assert citation_year("A. Author, A title, J. Test. 12 (3) 1126–1127") is None
    assert citation_year("A. Author, A title, J. Test. 12 (1850) 1126") is None
    assert citation_year("A. Author, A title, J. Test. 12 (3) 1990–1995") is None  # pages
    assert citation_year("A. Author, A title, J. Test. 12 1999") is None  # a page
    assert citation_year("A. Author, A thesis, A University, 1999.") == 1999
