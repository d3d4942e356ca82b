"""``--family`` ignores case for every script, as ``db show`` does; names with invisible
format characters (bidi controls, zero-width) are refused when a record is added."""

from pathlib import Path

import pytest

from hydrion.errors import RecordValidationError
from hydrion.kb.index import family_condition

USER_RECORDS = Path(__file__).parent / "data" / "user_material.yaml"


def _one_material(tmp_path: Path, old: str, new: str) -> Path:
    text = USER_RECORDS.read_text(encoding="utf-8").split("- id: my-cell")[0]
    assert old in text
    path = tmp_path / "mine.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("asked", ["ämid-hydrid", "ÄMID-HYDRID", "Ämid-Hydrid"])
def test_family_filter_ignores_case_beyond_ascii(run_cli, tmp_path, asked):
    path = _one_material(tmp_path, "family: BH4-composite", 'family: "Ämid-Hydrid"')
    assert run_cli("db", "add", str(path))[0] == 0
    code, out, err = run_cli("db", "list", "--family", asked, "--json")
    assert code == 0, err
    assert '"id": "my-li3ocl-bh4"' in out


def test_an_ascii_family_still_uses_the_index_of_lower_family():
    assert family_condition("Closo-Borate") == ("lower(family) = lower(?)", ["Closo-Borate"])
    assert family_condition("ÄMID") == ("hydrion_lower(family) = ?", ["ämid"])


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("name: Li3OCl-LiBH4 test pellet", 'name: "Li3OCl\\u202eLiBH4"', "U+202E (RIGHT-TO-LEFT"),
        ("name: Li3OCl-LiBH4 test pellet", 'name: "Li3OCl\\u200bLiBH4"', "U+200B (ZERO WIDTH"),
        ("family: BH4-composite", 'family: "BH4\\u2066composite"', "U+2066 (LEFT-TO-RIGHT"),
        ("kind: electrolyte", 'aliases: ["my\\ufeffpellet"]\n  kind: electrolyte', "U+FEFF"),
    ],
)
def test_invisible_characters_in_names_are_refused_in_one_line(run_cli, tmp_path, old, new, shown):
    path = _one_material(tmp_path, old, new)
    code, out, err = run_cli("db", "add", str(path))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and shown in err and err.isascii()
    assert "my-li3ocl-bh4" not in run_cli("db", "list", "--json")[1]


def test_the_api_refuses_them_too(tmp_path, user_db):
    from hydrion.kb.knowledge_base import KnowledgeBase

    path = _one_material(tmp_path, "name: Li3OCl-LiBH4 test pellet", 'name: "x\\u200dy"')
    with pytest.raises(RecordValidationError, match="U\\+200D"):
        KnowledgeBase(user_db).add_file(path)
