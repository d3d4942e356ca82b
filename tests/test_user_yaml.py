"""The one loader of users' YAML: YAML 1.2 core scalars, no 1.1 surprises, bounded shape."""

from __future__ import annotations

import pytest

from hydrion.errors import FileFormatError, RecordValidationError
from hydrion.kb import open_kb
from hydrion.user_yaml import MAX_DEPTH, load_user_json, load_user_yaml


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1:30", "1:30"),  # YAML 1.1: sexagesimal 90
        ("0o17", "0o17"),  # octal 15
        ("0x1F", "0x1F"),  # hexadecimal 31
        ("1_000", "1_000"),  # 1000
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("2022-01-01", "2022-01-01"),  # a date object in YAML 1.1
        ("1e-3", 1e-3),  # text in YAML 1.1 (no dot), a number here
        ("2.5E+2", 250.0),
        (".5", 0.5),
        ("-5", -5),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("'030'", "030"),
    ],
)
def test_only_core_scalars_are_typed(text, value):
    loaded = load_user_yaml(f"key: {text}\n", "spec.yaml")["key"]
    assert loaded == value and type(loaded) is type(value)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: 030", "spec.yaml: line 1: number '030' has a leading zero"),
        ("a: !!float 1:30", "'1:30' is not a decimal number"),
        ("a: !!int 0x1F", "'0x1F' is not a decimal integer"),
        ("a: !!bool on", "'on' is not true or false"),
        ("a: " + "9" * 5000, "an integer of 5000 digits"),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),  # crashes libyaml's composer
        ("- " * 50_000 + "x", "nested too deeply"),
        ("a: &a [*a]", "alias \\*a refers to itself"),
        ("a: !!python/object/apply:os.system ['true']", "not valid YAML"),
        ("a: [", "not valid YAML"),
    ],
)
def test_bad_documents_are_refused_in_one_line(text, problem):
    with pytest.raises(FileFormatError, match=problem) as caught:
        load_user_yaml(text, "spec.yaml")
    assert "\n" not in str(caught.value)


def test_alias_expansion_is_bounded():
    """'Billion laughs': nine levels of ten aliases each would expand to 1e9 values."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(FileFormatError, match="aliases expand to more than"):
        load_user_yaml("\n".join(lines), "laughs.yaml")


def test_shared_values_are_still_read():
    """yaml.dump writes a repeated object as an anchor and aliases; that stays readable."""
    data = load_user_yaml("- &s {kind: user}\n- *s\n", "f.yaml")
    assert data == [{"kind": "user"}, {"kind": "user"}]


def test_nesting_up_to_the_limit_is_read():
    depth = MAX_DEPTH
    assert load_user_yaml("[" * depth + "]" * depth, "f.yaml") is not None


RECORD = """- id: sexagesimal
  name: X
  kind: electrolyte
  ions: [Li]
  family: BH4
  formula: LiBH4
  conductivities:
    - sigma_S_per_cm: 1e-3
      temperature_C: {temperature}
      source: {{kind: user, citation: test}}
"""


def test_a_record_file_with_1_30_is_refused_naming_the_field(tmp_path, monkeypatch):
    monkeypatch.setenv("HYDRION_USER_DB", str(tmp_path / "user.sqlite"))
    path = tmp_path / "r.yaml"
    path.write_text(RECORD.format(temperature="1:30"), encoding="utf-8")
    with pytest.raises(RecordValidationError, match="temperature_C: .*'1:30'"):
        open_kb().add_file(path)
    path.write_text(RECORD.format(temperature="90"), encoding="utf-8")
    open_kb().add_file(path)  # the same record with a number: 1e-3 is read as a float
    (stored,) = open_kb().material("sexagesimal").conductivities
    assert stored.sigma_S_per_cm == 1e-3 and stored.temperature_C == 90.0


def test_a_key_given_twice_in_yaml_is_refused_naming_key_and_line():
    text = "id: x\nsigma_S_per_cm: 2.1e-5\nsigma_S_per_cm: 9.9\n"
    with pytest.raises(FileFormatError, match="r.yaml: line 3: key 'sigma_S_per_cm' given twice"):
        load_user_yaml(text, "r.yaml")


def test_a_key_given_twice_in_json_is_refused_naming_key_and_line():
    text = '{"id": "x",\n "sigma_S_per_cm": 2.1e-5,\n "sigma_S_per_cm": 9.9}'
    with pytest.raises(FileFormatError, match="r.json: line 3: key 'sigma_S_per_cm' given twice"):
        load_user_json(text, "r.json")
    assert load_user_json('{"a": {"k": 1}, "b": {"k": 2}}', "r.json") == {
        "a": {"k": 1},
        "b": {"k": 2},
    }
