"""Every command's ``--json`` is one :class:`hydrion.results.Result` that reads back.

The commands are discovered from the typer app (every command with a ``--json`` option), so a
new command must either print a Result or fail here. Each runs on a small valid input; its
output names its class in ``@class``, and ``Class.from_dict(json.loads(stdout))`` must give
back the same JSON.
"""

from __future__ import annotations

import json

import pytest

from hydrion.cli.main import COMMANDS, load_command
from hydrion.cli.output import to_jsonable
from hydrion.results import RESULT_CLASSES


def _json_commands() -> list[str]:
    found = []

    def walk(command, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))
        if any("--json" in getattr(p, "opts", ()) for p in command.params):
            found.append(" ".join(path))

    for name in COMMANDS:
        walk(load_command(name), (name,))
    return found


#: a small valid input for each command (``{shared}`` is ../shared, ``{tmp}`` a temp folder)
ARGV = {
    "report": ["--out", "{tmp}/report"],
    "cite": ["LiBH4"],
    "sigma": ["LiBH4", "--T", "120 C"],
    "eis": [
        "{shared}/cases/lab-files/F4_latp_li_inductive_tail.csv",
        *("--thickness", "1 mm", "--area", "1 cm2"),
    ],
    "electrode": ["MgH2", "--cathode", "TiS2"],
    "window": ["LiBH4"],
    "compat": ["LiBH4", "LiCoO2"],
    "cv": ["{shared}/corpus/cv/yadg__cv.mpt", "--area", "1 cm2"],
    "cycling": ["{shared}/corpus/cycling/cellpy__pec.csv", "--mass", "1 g"],
    "predict": None,  # runs MLIP molecular dynamics: minutes
    "db list": [],
    "db show": ["LiBH4"],
    "db query": ["--sigma-min", "1 mS/cm", "--window-min", "4 V"],
    "db add": ["{tests}/kb/data/user_material.yaml"],
    "arrhenius fit": ["{shared}/cases/inputs/13_sigma_law.csv"],
    "cell design": [
        *("--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li", "--temperature", "120 C")
    ],
    "cell simulate": ["--review", "tis2-libh4"],
    "md run": None,  # runs MLIP molecular dynamics: minutes
    "md analyse": None,  # needs an MD trajectory
}

#: commands that take minutes on the 2-core CI machine (run by `pytest -m slow`)
SLOW = {"report"}  # builds the whole HTML report with its figures

COMMAND_NAMES = _json_commands()


def test_every_json_command_has_an_input_here():
    assert sorted(COMMAND_NAMES) == sorted(ARGV)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(
            c,
            marks=[pytest.mark.slow] * (c in SLOW),
        )
        for c in COMMAND_NAMES
    ],
)
def test_json_output_reads_back_with_its_class(command, run_cli, shared_dir, tmp_path, user_db):
    from pathlib import Path

    if ARGV[command] is None:
        pytest.skip("needs an MLIP molecular-dynamics run (minutes); not run here")
    places = {
        "shared": str(shared_dir),
        "tmp": str(tmp_path),
        "tests": str(Path(__file__).parents[1]),
    }
    argv = [a.format(**places) for a in ARGV[command]]
    code, out, err = run_cli(*command.split(), *argv, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict) and "@class" in data, f"{command}: --json is not a Result"
    [cls] = [
        c
        for c in RESULT_CLASSES
        if c.__name__ == data["@class"] and c.__module__ == data.get("@module")
    ]
    back = cls.from_dict(data)
    # derived values are recomputed from fields printed at 12 digits: equal to ~1e-11
    assert _close(json.loads(json.dumps(to_jsonable(back.as_dict()))), data)


def _close(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_close, a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-9)
    return a == b
