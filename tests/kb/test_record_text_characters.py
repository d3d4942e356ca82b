"""Every text field of a user record refuses invisible format characters (Unicode Cf) and
one-line fields refuse line breaks, tabs and other controls (Cc, Zl, Zp); ``note`` and
``description`` may span lines ("\\n" only). One validator:
:func:`hydrion.sources.refused_character`."""

import json
from pathlib import Path

import pytest
import yaml

from hydrion.kb.records import Conductivity, Material
from hydrion.sources import Source, refused_character

USER_RECORDS = Path(__file__).parent / "data" / "user_material.yaml"


def _material() -> dict:
    return yaml.safe_load(USER_RECORDS.read_text(encoding="utf-8"))[0]


def _set(record: dict, field: str, text: str) -> dict:
    conductivity = record["conductivities"][0]
    if field in ("phase", "note"):
        conductivity[field] = text
    elif field == "citation":
        conductivity["source"]["citation"] = text
    elif field == "alias":
        record["aliases"] = [text]
    else:
        record[field] = text
    return record


@pytest.mark.parametrize(
    ("field", "char"),
    [
        ("phase", "\u202e"),
        ("note", "\u2066"),
        ("citation", "\u061c"),
        ("description", "\u200b"),
        ("name", "\u200d"),
        ("phase", "\ufeff"),
        ("name", "\n"),
        ("alias", "\t"),
        ("family", "\u2028"),
        ("name", "\x85"),
        ("phase", "\n"),
        ("citation", "\u2029"),
        ("note", "\t"),
        ("description", "\x1b"),
    ],
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_db_add_refuses_the_character_in_one_ascii_line(run_cli, tmp_path, field, char, suffix):
    record = _set(_material(), field, f"a{char}b")
    path = tmp_path / f"mine{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps([record]), encoding="utf-8")
    else:  # YAML escapes, so that the character reaches the parser as written
        path.write_text(yaml.safe_dump([record], allow_unicode=False), encoding="utf-8")
    code, out, err = run_cli("db", "add", str(path))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.isascii()
    assert f"U+{ord(char):04X}" in err
    assert "my-li3ocl-bh4" not in run_cli("db", "list", "--json")[1]


def test_notes_and_descriptions_may_span_lines(run_cli, tmp_path):
    record = _set(_set(_material(), "note", "first\nsecond"), "description", "milled\n2 h")
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    assert run_cli("db", "add", str(path))[0] == 0
    assert '"id": "my-li3ocl-bh4"' in run_cli("db", "list", "--json")[1]


def test_the_validator_names_field_character_and_kind():
    assert refused_character("phase", "β") is None
    assert refused_character("note", "a\nb") is None
    assert refused_character("phase", "a\nb") == (
        "phase: text holds a control or line-break character U+000A (control character)"
    )
    assert refused_character("note", "a\u202eb") == (
        "note: text holds an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"
    )


def test_the_models_refuse_them_through_the_api():
    source = {"kind": "user", "citation": "lab notebook"}
    with pytest.raises(ValueError, match=r"U\+2066"):
        Source(kind="user", citation="a\u2066b")
    with pytest.raises(ValueError, match=r"phase: .*U\+200B"):
        Conductivity(sigma_S_per_cm=1e-5, temperature_C=25, phase="o\u200b", source=source)
    with pytest.raises(ValueError, match=r"family: .*U\+2028"):
        Material.model_validate({**_material(), "family": "BH4\u2028x"})
