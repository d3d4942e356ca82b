"""Every command and subcommand × at least five kinds of bad input: exit 2 and one line.

The inputs are the kinds a new user or a fuzzer produces: an unknown option, a missing or
empty argument, a quantity of the wrong dimension or not a number, a file that is missing,
empty, a folder, binary or not UTF-8, an unwritable output path.
"""

from __future__ import annotations

import pytest
import typer

from hydrion.cli.main import app


@pytest.fixture
def hostile(tmp_path):
    """Bad files: {name: path}."""
    files = {
        "empty": tmp_path / "empty.csv",
        "binary": tmp_path / "binary.csv",
        "latin1": tmp_path / "latin1.csv",
        "notes": tmp_path / "notes.txt",
        "deep": tmp_path / "deep.json",
    }
    files["empty"].write_text("")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["latin1"].write_bytes("T/°C,σ/S cm-1\n25,1e-5\n".encode("latin-1", "replace"))
    files["notes"].write_text("keep me\n")
    files["deep"].write_text("[" * 20000 + "]" * 20000)
    files["folder"] = tmp_path
    files["missing"] = tmp_path / "missing.csv"
    return {key: str(value) for key, value in files.items()}


def bad_inputs(f: dict[str, str]) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """For each command path, the bad argument lists it must refuse."""
    eis = ("--thickness", "1 mm", "--area", "1 cm2")
    return {
        ("db", "list"): [
            ("--kind", "gas"),
            ("--ion", "%"),
            ("--nonsense",),
            ("extra",),
            ("--kind",),
        ],
        ("db", "show"): [("",), ("unobtainium",), ("1/0LiH",), ("Li1e400",), ()],
        ("db", "query"): [
            (),
            ("--sigma-min", "3 V"),
            ("--sigma-min", "1 mS/cm", "--tolerance", "nan"),
            ("--sigma-min", "1 mS/cm", "--at", "-5 K"),
            ("--window-min", "4 V", "--method", "guessed"),
            ("--sigma-min", "2^9999999999 S/cm"),
        ],
        ("db", "export"): [
            ("--format", "xls"),
            ("--out", ""),
            ("--out", f["folder"]),
            ("--out", f["notes"] + "/kb.csv"),
            ("--kind", "gas"),
        ],
        ("db", "add"): [
            (f["missing"],),
            (f["empty"],),
            (f["binary"],),
            (f["latin1"],),
            (f["deep"],),
            (f["folder"],),
        ],
        ("cite",): [("",), ("unobtainium",), ("1/0LiH",), ("--nonsense",), ()],
        ("report",): [
            ("--out", ""),
            ("--out", f["notes"]),
            ("--out", f["notes"] + "/sub"),
            ("--nonsense",),
            ("extra",),
        ],
        ("sigma",): [
            ("LiBH4", "-T", "3 V"),
            ("LiBH4", "-T", "-5 K"),
            ("LiBH4", "-T", "9**9**9 K"),
            ("unobtainium", "-T", "25 C"),
            ("LiBH4",),
            ("LiBH4", "-T", "25 C", "--reach", "1 V"),
        ],
        ("arrhenius", "fit"): [
            (f["missing"],),
            (f["empty"],),
            (f["binary"],),
            (f["latin1"],),
            (f["folder"],),
        ],
        ("eis",): [
            (f["missing"], *eis),
            (f["empty"], *eis),
            (f["binary"], *eis),
            (f["latin1"], *eis),
            (f["empty"], "--thickness", "1 V", "--area", "1 cm2"),
        ],
        ("electrode",): [
            ("1/0LiH",),
            ("Unobtainium",),
            ("MgH2", "--ion", "K"),
            ("MgH2", "-T", "3 V"),
            ("MgH2", "--plot", f["notes"] + "/x.png"),
            (),
        ],
        ("window",): [
            ("1/0LiH",),
            ("LiBH4", "--ion", "K"),
            ("LiBH4", "--convention", "guess"),
            ("LiBH4", "--energies", f["deep"]),
            ("LiBH4", "--energies", f["latin1"]),
        ],
        ("compat",): [
            (),
            ("LiBH4",),
            ("LiBH4", "unobtainium"),
            ("LiBH4", "TiS2", "--convention", "guess"),
            ("LiBH4", "TiS2", "--energies", f["binary"]),
        ],
        ("cv",): [
            (f["missing"],),
            (f["empty"],),
            (f["binary"],),
            (f["latin1"],),
            (f["empty"], "--threshold", "3 V"),
        ],
        ("cell", "design"): [
            ("--cathode", "tis2", "--electrolyte", "libh4"),
            ("--cathode", "unobtainium", "--electrolyte", "libh4", "--anode", "li"),
            ("--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li", "-T", "3 V"),
            ("--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li", "--np", "nan"),
            ("--cathode", "tis2", "--electrolyte", "libh4", "--anode", "li", "--by", "mass"),
        ],
        ("cell", "simulate"): [
            (),
            ("--review", "nonsense"),
            ("--cathode", "tis2", "--electrolyte", "libh4", "--window", "2.5,2.0"),
            ("--cathode", "tis2", "--electrolyte", "libh4", "--sigma", "3 V"),
            ("--cathode", "tis2", "--electrolyte", "libh4", "--plot", f["notes"] + "/x.png"),
        ],
        ("md", "run"): [
            (),
            ("libh4-p63mc",),
            ("libh4-p63mc", "-T", "3 V", "--time", "1 ps"),
            ("libh4-p63mc", "-T", "400 K", "--time", "x"),
            ("libh4-p63mc", "-T", "400 K", "--time", "1 ps", "--replicas", "0"),
            ("unobtainium", "-T", "400 K", "--time", "1 ps"),
        ],
        ("md", "analyse"): [
            (),
            (f["missing"],),
            (f["notes"],),
            (f["empty"],),
            (f["folder"], "--nonsense"),
        ],
        ("cycling",): [
            (f["missing"], "--mass", "1 mg"),
            (f["empty"], "--mass", "1 mg"),
            (f["binary"], "--mass", "1 mg"),
            (f["latin1"], "--mass", "1 mg"),
            (f["empty"], "--mass", "10**400 mg"),
        ],
    }


def leaf_commands(command=None, prefix=()):
    command = command or typer.main.get_command(app)
    subcommands = getattr(command, "commands", {})
    if not subcommands:
        yield prefix
    for name, sub in subcommands.items():
        yield from leaf_commands(sub, (*prefix, name))


def generic_bad_inputs(f: dict[str, str]) -> list[tuple[str, ...]]:
    """For a command not (yet) in the table: the kinds every command must refuse."""
    return [("--nonsense",), (f["missing"],), (f["empty"],), (f["binary"],), (f["latin1"],)]


def test_every_command_has_its_own_cases(hostile):
    table = bad_inputs(hostile)
    assert set(table) <= set(leaf_commands())
    assert all(len(cases) >= 5 for cases in table.values())
    assert len(table) >= 18


@pytest.mark.parametrize("path", sorted(leaf_commands()), ids=" ".join)
def test_bad_input_is_one_line_and_exit_2(run_cli, hostile, path):
    failures = []
    for args in bad_inputs(hostile).get(path, generic_bad_inputs(hostile)):
        code, _, err = run_cli(*path, *args)
        lines = err.strip().splitlines()
        if code != 2 or len(lines) != 1 or not lines[0].startswith("hydrion: error: "):
            failures.append(f"{' '.join(path)} {args}: exit {code}, stderr {err[-300:]!r}")
    assert not failures, "\n".join(failures)
