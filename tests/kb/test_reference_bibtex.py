"""BibTeX of references (kb/references.py): @article where the citation splits into every
field, else @misc with the whole free text in ``note``."""

from hydrion.kb.curated import load_curated
from hydrion.kb.references import Reference

REFERENCES = load_curated().references


def test_a_reference_that_splits_is_an_article_with_every_field():
    # ref. [72] of Pang et al. 2022: M.S. Whittingham, Science 192 (4244) (1976) 1126–1127
    assert REFERENCES[72].bibtex() == (
        "@article{pang2022ref72,\n"
        "  author = {Whittingham, M.S.},\n"
        "  title = {{Electrical energy storage and intercalation chemistry}},\n"
        "  journal = {Science},\n"
        "  volume = {192},\n"
        "  number = {4244},\n"
        "  year = {1976},\n"
        "  pages = {1126--1127},\n"
        "  doi = {10.1126/science.192.4244.1126}\n"
        "}"
    )


def test_authors_are_written_surname_first_and_latex_specials_escaped():
    # ref. [57]: V. Gulino, L. Barberis, P. Ngene, M. Baricco, P.E. de Jongh, ACS Appl. Energy
    # Mater. 3 (5) (2020) 4941–4948
    entry = REFERENCES[57].bibtex()
    assert "  author = {Gulino, V. and Barberis, L. and Ngene, P. and Baricco, M. and " in entry
    assert "de Jongh, P.E.}," in entry
    # ref. [9]: a title with LaTeX-like subscripts "Li_{6.75}La₃Zr_{1.75}..."
    assert "  title = {{Li\\_\\{6.75\\}La₃Zr\\_\\{1.75\\}" in REFERENCES[9].bibtex()


def test_scrambled_author_lists_stay_whole_in_a_note_with_their_year():
    # refs. [31] and [81] are printed so in the review ("M.M. Hideki Maekawa, ...", "...,
    # a.S.-i.O. Udovic."), without a DOI: no author, title or DOI field is made up
    for number, year in ((31, 2008), (81, 2015)):
        entry = REFERENCES[number].bibtex()
        assert entry.startswith(f"@misc{{pang2022ref{number},\n  note = {{")
        assert f"  year = {{{year}}}\n}}" in entry
        assert "author" not in entry and "title" not in entry and "doi" not in entry


def test_a_paper_outside_the_review_gets_a_doi_key_and_escaped_note():
    # a made-up reference (not a real paper): only its shape matters here
    reference = Reference(-1, "A. Author, B. Author, J. Test. 1 (2024) 100", "10.9999/test(2024)_1")
    entry = reference.bibtex()
    assert entry.startswith("@misc{doi:10.9999/test_2024__1,\n")
    assert "  doi = {10.9999/test(2024)_1}" in entry
    assert "  year = {2024}" in entry and "title" not in entry
    odd = Reference(-1, "A & B, 50% of C_x (2001)", None).bibtex()
    assert "note = {A \\& B, 50\\% of C\\_x (2001)}" in odd and odd.startswith("@misc{hydrion")


def test_every_entry_is_an_article_with_all_fields_or_a_note():
    for number, reference in REFERENCES.items():
        entry = reference.bibtex()
        if entry.startswith("@article"):
            for field in ("author", "title", "journal", "volume", "year", "pages"):
                assert f"\n  {field} = {{" in entry, (number, field)
            assert "note =" not in entry
        else:
            assert entry.startswith("@misc") and "\n  note = {" in entry, number
