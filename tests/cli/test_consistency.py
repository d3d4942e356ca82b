"""One consistent CLI: help without Python types, --version, stored values as stored in JSON,
validated options and output paths, and a report-this-bug hint under real tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import typer

from hydrion import __version__
from hydrion.cli.main import app
from hydrion.cli.output import check_figure_path, save_figure, to_jsonable
from hydrion.errors import OutputError


def assert_refused(result, *words: str) -> str:
    code, _, err = result
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hydrion: error: "), err
    for word in words:
        assert word in lines[0]
    return lines[0]


def command_paths(command=None, prefix=()):
    command = command or typer.main.get_command(app)
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*prefix, name))


def test_version(run_cli):
    assert run_cli("--version") == (0, f"hydrion {__version__}\n", "")


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "hydrion")
def test_help_shows_no_python_types(run_cli, path):
    code, out, _ = run_cli(*path, "--help")
    assert code == 0 and "Usage: hydrion" in out
    for python_type in ("<bool>", "<str>", "<float>", "<int>", "<list", "<Path>", "<path>"):
        assert python_type not in out, f"{' '.join(path)} --help shows {python_type}"


def test_completion_is_offered(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0 and "--install-completion" in out and "--version" in out


def test_export_json_keeps_stored_values(run_cli):
    """Case of ../shared/cases: NaAlH4 2.1e-10 and Mg(BH4)2 1e-12 S/cm, not 2e-10 and 0.0."""
    code, out, _ = run_cli("db", "export", "--format", "json")
    assert code == 0
    sigma = {
        (row["id"], row["sigma_S_per_cm"])
        for row in json.loads(out)
        if row["property"] == "conductivities"
    }
    assert ("naalh4", 2.1e-10) in sigma
    assert ("mg(bh4)2", 1e-12) in sigma
    assert all(value > 0 for _, value in sigma)


def test_json_floats_are_written_as_stored():
    noisy = [9.999999999999982e-09, 0.0009999999999999976, -1.0000000000000007]
    assert to_jsonable(noisy) == [1e-08, 0.001, -1.0]
    assert to_jsonable({"a": [2.1e-10, 1e-12, float("inf"), float("nan")]}) == {
        "a": [2.1e-10, 1e-12, None, None]
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("db", "query", "--sigma-min", "1 mS/cm", "--tolerance", "nan"), ["--tolerance"]),
        (("db", "query", "--sigma-min", "1 mS/cm", "--tolerance", "inf"), ["--tolerance"]),
        (("db", "export", "--out", ""), ["--out"]),
        (("report", "--out", ""), ["folder"]),
    ],
)
def test_options_are_validated(run_cli, args, words):
    assert_refused(run_cli(*args), *words)


def test_outputs_below_a_file_are_refused(run_cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    assert_refused(run_cli("report", "--out", str(notes / "sub")), "notes.txt is a file")
    assert_refused(run_cli("db", "export", "--out", str(notes / "kb.csv")), "not a folder")
    assert notes.read_text() == "keep me"


def test_figure_paths_are_checked(tmp_path):
    import matplotlib.pyplot as plt

    with pytest.raises(OutputError, match="unknown figure format '.docx'"):
        check_figure_path(tmp_path / "fig.docx")
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="is a file"):
        check_figure_path(tmp_path / "notes.txt" / "x.png")
    open_before = set(plt.get_fignums())  # other tests may leave figures open
    fig, _ = plt.subplots()
    target = save_figure(fig, tmp_path / "fig.svg")
    assert target.read_text().lstrip().startswith("<?xml")
    fig, _ = plt.subplots()
    with pytest.raises(OutputError, match="no suffix"):
        save_figure(fig, tmp_path / "figure")
    assert set(plt.get_fignums()) == open_before  # both figures closed, refused or not


def test_ref_41_gets_its_corrected_doi(run_cli):
    code, out, _ = run_cli("cite", "li(bh4)1-3(nh2)2-3", "--json")
    assert code == 0
    ref41 = next(r for r in json.loads(out)["references"] if r["number"] == 41)
    assert ref41["doi"] == "10.1002/aenm.201700294"
    assert ref41["doi_printed"] == "10.1002/aenn.201700294"
    code, out, _ = run_cli("db", "show", "li(bh4)1-3(nh2)2-3", "--json")
    dois = {r["doi"] for r in json.loads(out)["references"]}
    assert "10.1002/aenm.201700294" in dois and "10.1002/aenn.201700294" not in dois


def test_a_bug_shows_its_traceback_and_a_hint(run_cli, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("hydrion.cli.db_list.open_kb", broken)
    code, _, err = run_cli("db", "list")
    assert code == 1
    assert "Traceback" in err and "ZeroDivisionError: a bug" in err
    assert err.strip().splitlines()[-1].startswith("hydrion: this is a bug in hydrion")


def test_every_temperature_option_takes_minus_T(run_cli):
    with_temperature = []
    for path in command_paths():
        code, out, _ = run_cli(*path, "--help")
        options = [li for li in out.splitlines() if re.match(r"^│[\s*]*--temperature\b", li)]
        if options:
            with_temperature.append(path)
            assert "-T " in options[0], f"{' '.join(path)}: {options[0]}"
    assert len(with_temperature) >= 4
    code, out, _ = run_cli("electrode", "MgH2", "-T", "400 K", "--json")
    assert code == 0 and json.loads(out)["temperature_K"] == 400


def test_shell_completion_script():
    # in a fresh process: the completion script goes through click's own stream handling.
    # typer detects the shell from the parent processes unless told not to; a run with no
    # shell among them (a detached CI job) would get "Shell  not supported", so name it.
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "hydrion.cli.main", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and "_hydrion_completion" in done.stdout


def test_db_add_output_stays_short(run_cli, tmp_path):
    batch = tmp_path / "batch.yaml"
    batch.write_text(
        "".join(
            f"- {{id: pellet-{i}, name: pellet {i}, kind: electrolyte, ions: [Li], "
            f"family: BH4, formula: LiBH4}}\n"
            for i in range(30)
        )
    )
    code, out, _ = run_cli("db", "add", str(batch))
    assert code == 0 and "added 30 record(s)" in out and "pellet-29" not in out


def test_one_spelling_for_c_rates_and_store(run_cli):
    _, simulate_help, _ = run_cli("cell", "simulate", "--help")
    _, design_help, _ = run_cli("cell", "design", "--help")
    assert "--c-rates" in simulate_help and "--c-rates" in design_help
    assert "--rates " not in simulate_help  # the old spelling is a hidden alias
    for path in (("cycling",), ("arrhenius", "fit"), ("cv",)):
        _, out, _ = run_cli(*path, "--help")
        line = next(li for li in out.splitlines() if "--store" in li)
        assert "TEXT" in line or "MATERIAL" in line, (
            f"{' '.join(path)}: --store takes a key: {line}"
        )


def test_brackets_in_a_users_text_are_printed_as_written(run_cli, tmp_path):
    """Rich would read '[/bold]' in a name or note as markup and crash (MarkupError)."""
    path = tmp_path / "markup.yaml"
    path.write_text(
        "- id: markup-test\n  name: 'pellet [/bold] [red]x'\n  kind: electrolyte\n"
        "  ions: [Li]\n  family: 'BH4 [/i]'\n  formula: LiBH4\n  description: 'desc [/]'\n"
        "  conductivities:\n    - {sigma_S_per_cm: 1.0e-5, temperature_C: 30, "
        "source: {kind: user, citation: '[/x] notebook'}}\n"
    )
    assert run_cli("db", "add", str(path))[0] == 0
    code, out, err = run_cli("db", "show", "markup-test")
    assert code == 0, err
    assert "pellet [/bold] [red]x" in out and "desc [/]" in out and "[/x] notebook" in out
    code, out, _ = run_cli("cite", "markup-test")
    assert code == 0 and "[/x] notebook" in out
    code, out, _ = run_cli("db", "list", "--family", "BH4 [/i]")
    assert code == 0 and "markup-test" in out


def test_sigma_takes_temperature_and_keeps_the_old_spelling(run_cli):
    results = [
        run_cli("sigma", "LiBH4", *option, "--json")
        for option in (("-T", "30 C"), ("--temperature", "30 C"), ("--T", "30 C"))
    ]
    assert all(code == 0 for code, _, _ in results)
    assert len({json.loads(out)["sigma_S_per_cm"] for _, out, _ in results}) == 1
    _, help_text, _ = run_cli("sigma", "--help")
    assert "--T " not in help_text
    assert_refused(run_cli("sigma", "LiBH4"), "--temperature")
