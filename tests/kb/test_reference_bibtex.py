"""BibTeX of references (kb/references.py): free-text citations are notes of @misc entries."""

from hydrion.kb.references import Reference


def test_a_paper_outside_the_review_gets_a_doi_key_and_escaped_note():
    # a made-up reference (not a real paper): only its shape matters here
    reference = Reference(-1, "A. Author, B. Author, J. Test. 1 (2024) 100", "10.9999/test(2024)_1")
    entry = reference.bibtex()
    assert entry.startswith("@misc{doi:10.9999/test_2024__1,\n")
    assert "  doi = {10.9999/test(2024)_1}" in entry
    assert "  year = {2024}" in entry and "title" not in entry
    odd = Reference(-1, "A & B, 50% of C_x (2001)", None).bibtex()
    assert "note = {A \\& B, 50\\% of C\\_x (2001)}" in odd and odd.startswith("@misc{hydrion")
