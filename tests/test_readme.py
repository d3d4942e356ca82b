"""The README's console examples are real: each ``$ hydrion ...`` line with sample output
below it is run, and every number the sample shows must be in the real output (so the README
cannot drift from the code). The example record of "Extending the knowledge base" is added
with ``db add`` and ``sigma`` answers from it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def _examples() -> list[tuple[str, list[str]]]:
    """(command, sample output lines) for each console command with output under it."""
    found = []
    for block in _blocks("console"):
        command = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:].split("  #")[0].strip()
                found.append((command, []))
            elif command is not None and line.strip() and not line.startswith("    #"):
                found[-1][1].append(line)
    return [(c, lines) for c, lines in found if lines]


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


EXAMPLES = [e for e in _examples() if "my_records.yaml" not in e[0] and "my-libh4" not in e[0]]


def test_the_readme_has_console_examples_with_output():
    commands = [c for c, _ in EXAMPLES]
    assert len(commands) >= 8
    assert any(c.startswith("hydrion compat LiBH4 TiS2") for c in commands)


@pytest.mark.parametrize(("command", "sample"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_console_example_shows_real_numbers(run_cli, monkeypatch, command, sample):
    monkeypatch.setenv("COLUMNS", "250")  # rich wraps at the terminal width
    args = shlex.split(command)
    assert args[0] == "hydrion"
    code, out, err = run_cli(*args[1:])
    assert code == 0, err
    real = _numbers(out)
    for line in sample:
        shown = _numbers(line.split("# (shortened)")[0]) - {"0"}
        assert shown <= real, f"{line!r}: {sorted(shown - real)} not in the real output"


def test_readme_example_record_is_added_and_modelled(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    record = next(b for b in _blocks("yaml") if "id: my-libh4-lii" in b)
    path = tmp_path / "my_records.yaml"
    path.write_text(record, encoding="utf-8")
    code, out, err = run_cli("db", "add", str(path))
    assert code == 0, err
    assert "my-libh4-lii" in out
    sample = dict(_examples())["hydrion sigma my-libh4-lii -T 30C"]
    code, out, err = run_cli("sigma", "my-libh4-lii", "-T", "30C")
    assert code == 0, err  # it exited 2: one value is no law
    assert "2.10e-05 S/cm at 30.0 °C" in out and "[]" not in out
    assert "[lab notebook 3, p. 12]" in out
    for line in sample:
        assert _numbers(line) <= _numbers(out), line


def test_disagreeing_user_values_are_cited_by_their_citation(run_cli, tmp_path):
    # a message listed a user's values with an empty reference list "[]"
    path = tmp_path / "two.yaml"
    path.write_text(
        "- id: my-odd-pellet\n  name: odd pellet\n  kind: electrolyte\n  ions: [Li]\n"
        "  family: BH4\n  formula: LiBH4\n  conductivities:\n"
        "    - {sigma_S_per_cm: 1.0e-3, temperature_C: 30, source: {kind: user, citation: nb 1}}\n"
        "    - {sigma_S_per_cm: 1.0e-7, temperature_C: 31, source: {kind: user, citation: nb 2}}\n"
        "    - {sigma_S_per_cm: 1.0e-3, temperature_C: 32, source: {kind: user, citation: nb 3}}\n",
        encoding="utf-8",
    )
    assert run_cli("db", "add", str(path))[0] == 0
    code, out, err = run_cli("sigma", "my-odd-pellet", "-T", "31C")
    assert "[]" not in out + err
    assert "[nb 2]" in out + err
