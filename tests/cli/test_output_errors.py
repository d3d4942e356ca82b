"""Where output cannot go: a full disk is the environment's (one line, exit 2), a closed pipe
ends quietly (exit 0, whatever printed it), any other OSError is a bug (traceback); a figure
format whose program is missing is refused before any work."""

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from hydrion.cli import exits
from hydrion.cli import main as cli_main


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("argv", [["cite", "LiBH4"], ["db", "list"]])
def test_stdout_on_a_full_device_is_one_line_and_exit_2(argv, tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "hydrion.cli.main", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env={"HYDRION_USER_DB": str(tmp_path / "user.sqlite"), "PATH": ""},
        )
    assert done.returncode == 2
    assert done.stderr == "hydrion: error: cannot write output: No space left on device\n"


class _Failing:
    def __init__(self, err: OSError) -> None:
        self.err = err

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise self.err

    def flush(self) -> None:
        raise self.err


def _run_with_stdout(monkeypatch, err: OSError) -> None:
    monkeypatch.setattr(sys, "stdout", _Failing(err))
    cli_main.main(["cite", "LiBH4", "--json"])  # print(), not rich (rich exits by itself)


def test_a_closed_pipe_exits_0_quietly(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_:
        _run_with_stdout(monkeypatch, BrokenPipeError(errno.EPIPE, "Broken pipe"))
    assert exit_.value.code == 0
    assert capsys.readouterr().err == ""


# print() of JSON, the streamed JSON listings (materials, cells), rich tables (one and long):
# each used to end a closed pipe its own way (exit 1 from typer or rich, or exit 0 where the
# output fit in the pipe's buffer)
CLOSED_PIPE_COMMANDS = [
    ["cite", "LiBH4", "--json"],
    ["db", "list", "--json"],
    ["db", "list", "--kind", "cell", "--json"],
    ["db", "list"],
    ["db", "list", "--kind", "cell", "--all"],
]


@pytest.mark.parametrize("argv", CLOSED_PIPE_COMMANDS)
def test_every_output_ends_a_closed_pipe_alike(argv, tmp_path):
    """The reader takes one byte and leaves before the command writes the rest."""
    import os

    read_end, write_end = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "hydrion.cli.main", *argv],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env={**os.environ, "HYDRION_USER_DB": str(tmp_path / "user.sqlite")},
    )
    os.close(write_end)
    assert os.read(read_end, 1)  # the command has started writing; then the reader leaves
    os.close(read_end)
    _, err = process.communicate()
    assert (process.returncode, err) == (0, b"")


def test_a_quota_error_names_the_file(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_:
        _run_with_stdout(monkeypatch, OSError(errno.EDQUOT, "Disk quota exceeded", "out.png"))
    assert exit_.value.code == 2
    assert capsys.readouterr().err == "hydrion: error: cannot write out.png: Disk quota exceeded\n"


def test_another_oserror_is_still_a_bug(monkeypatch, capsys):
    with pytest.raises(SystemExit) as exit_:
        _run_with_stdout(monkeypatch, OSError(errno.EBADF, "Bad file descriptor"))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and exits.BUG_HINT in err


def test_pgf_without_its_tex_engine_is_refused_in_one_line(run_cli, tmp_path, monkeypatch):
    import shutil

    from matplotlib import rcParams

    from hydrion.cli.output import figure_formats

    monkeypatch.setitem(rcParams, "pgf.texsystem", "lualatex")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert "pgf" not in figure_formats() and "pdf" in figure_formats()
    code, out, err = run_cli("electrode", "MgH2", "--plot", str(tmp_path / "p.pgf"))
    assert code == 2
    assert err == (
        "hydrion: error: --plot p.pgf: the .pgf format needs lualatex, which is not "
        "installed; use another format (e.g. .pdf or .svg)\n"
    )
    assert not (tmp_path / "p.pgf").exists()
