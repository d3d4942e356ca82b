"""The root command: summaries shown by ``hydrion --help``, and what start-up imports."""

import subprocess
import sys

import pytest

from hydrion.cli.main import COMMANDS, load_command

HEAVY = ("pandas", "pint", "pymatgen", "scipy", "matplotlib", "hydrion.kb", "hydrion.units")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_summary_is_the_first_line_of_the_commands_own_help(name):
    command = load_command(name)
    first_paragraph = " ".join(command.help.strip().split("\n\n")[0].split())
    assert COMMANDS[name].summary == first_paragraph


@pytest.fixture(scope="module")
def loaded_after() -> dict[str, set[str]]:
    """The modules loaded after ``hydrion --help``, then after ``hydrion cite --help``, in one
    fresh process (what --help may not load includes what cite --help may not)."""
    script = (
        "import sys\nfrom hydrion.cli.main import main\n"
        "for argv in (['--help'], ['cite', '--help']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        "    print('LOADED', ' '.join(sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    loaded = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("LOADED")]
    assert len(loaded) == 2, done.stderr[-2000:]
    return {"--help": set(loaded[0]), "cite --help": set(loaded[1])}


def test_help_imports_no_command_module_and_no_heavy_library(loaded_after):
    loaded = loaded_after["--help"]
    assert "hydrion.cli.main" in loaded
    assert not [m for m in HEAVY if m in loaded]
    runner = {"hydrion.cli.main", "hydrion.cli.exits"}  # the app and how a command ends
    assert not [m for m in loaded if m.startswith("hydrion.cli.") and m not in runner]


def test_a_command_imports_only_its_own_module(loaded_after):
    loaded = loaded_after["cite --help"]
    assert "hydrion.cli.cite" in loaded
    assert "hydrion.cli.transport" not in loaded and "hydrion.cli.cell" not in loaded


def test_a_command_runs_with_fewer_collections_and_restores_the_thresholds(run_cli, monkeypatch):
    import gc

    from hydrion.cli import main as cli_main

    seen = []
    monkeypatch.setattr(
        cli_main.exits, "run", lambda command, argv: seen.append(gc.get_threshold())
    )
    before = gc.get_threshold()
    run_cli("cite", "LiBH4")
    assert seen == [(cli_main.GC_GEN0_THRESHOLD, *before[1:])]
    assert gc.get_threshold() == before
