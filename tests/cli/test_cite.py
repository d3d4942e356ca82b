"""``hydrion cite --bibtex``: entries a reference manager can read (a new user's check, U1)."""

import datetime
import re


def _entries(out: str) -> dict[str, str]:
    return {entry.split(",", 1)[0]: entry for entry in out.strip().split("\n\n")}


def test_cite_bibtex_gives_articles_with_their_fields_and_the_right_years(run_cli):
    code, out, _ = run_cli("cite", "LiBH4", "--bibtex")
    assert code == 0
    entries = _entries(out)
    # ref. [72], Whittingham, Science 192 (4244) (1976): the issue was read as the year
    ref72 = entries["@article{pang2022ref72"]
    assert "  year = {1976}" in ref72 and "  number = {4244}" in ref72
    # ref. [19], Matsuo et al., Appl. Phys. Lett. 91 (22) (2007) 224103
    ref19 = entries["@article{pang2022ref19"]
    assert "  author = {Matsuo, M. and Nakamori, Y. and Orimo, S.-i. and Maekawa, H. and " in ref19
    assert "  journal = {Appl. Phys. Lett.},\n  volume = {91}," in ref19
    assert "  pages = {224103},\n  doi = {10.1063/1.2817934}" in ref19
    # ref. [81]: the review prints its authors scrambled, so the text stays whole in a note
    assert "@misc{pang2022ref81" in entries
    this_year = datetime.date.today().year
    years = [int(y) for y in re.findall(r"^  year = \{(\d+)\}", out, re.MULTILINE)]
    assert len(years) == len(entries) and all(1900 <= y <= this_year for y in years)
