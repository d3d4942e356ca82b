"""Ctrl-C ends any command with one line and exit code 130 (it exited 0, silently: typer
*returns* the code of an interrupt when not in standalone mode), leaving the user database as it
was; a command's own ``typer.Exit(n)`` keeps its code."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from hydrion.cli import exits
from hydrion.kb import open_kb

RECORD = """\
- id: ctrl-c-1
  name: Interrupted test
  kind: electrolyte
  ions: [Li]
  family: test
  formula: LiBH4
  conductivities:
    - {sigma_S_per_cm: 1.0e-6, temperature_C: 25, source: {kind: user, citation: "nb 1"}}
"""

ABORTED = "hydrion: error: aborted (interrupted)\n"


@pytest.fixture
def record_file(tmp_path: Path) -> Path:
    path = tmp_path / "ctrl-c.yaml"
    path.write_text(RECORD, encoding="utf-8")
    return path


def test_interrupt_inside_the_write_transaction_stores_nothing(run_cli, record_file, monkeypatch):
    import hydrion.kb.knowledge_base as knowledge_base

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(knowledge_base, "check_stored", interrupted)
        assert run_cli("db", "add", str(record_file)) == (130, "", ABORTED)
    assert "ctrl-c-1" not in [m.id for m in open_kb().materials(kind="electrolyte")]
    code, out, _ = run_cli("db", "add", str(record_file))  # the database still takes it
    assert code == 0 and "ctrl-c-1" in out


# The child restores Python's own SIGINT handler: a process started by a pytest-xdist worker
# inherits SIGINT ignored (execnet ignores it), and a shell's foreground command never does.
BLOCKED_DB_ADD = """
import signal
import sys
from hydrion.kb.knowledge_base import KnowledgeBase

signal.signal(signal.SIGINT, signal.default_int_handler)

def blocked(self, path):
    print("blocked", file=sys.stderr, flush=True)
    sys.stdin.read()  # until the test's SIGINT

KnowledgeBase.add_file = blocked
from hydrion.cli.main import main
main(["db", "add", sys.argv[1]])
"""


def test_sigint_to_a_running_command_is_one_line_and_exit_130(record_file, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", BLOCKED_DB_ADD, str(record_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HYDRION_USER_DB": str(tmp_path / "user.sqlite")},
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "blocked\n"  # the command is running
    process.send_signal(signal.SIGINT)
    out, err = process.communicate()
    assert (process.returncode, out, err) == (130, "", ABORTED)


def test_a_commands_own_exit_code_is_kept(capsys):
    app = typer.Typer()

    @app.command()
    def failing() -> None:
        print("some output")
        raise typer.Exit(3)

    with pytest.raises(SystemExit) as exit_:
        exits.run(typer.main.get_command(app), [])
    assert exit_.value.code == 3
    assert capsys.readouterr() == ("some output\n", "")
