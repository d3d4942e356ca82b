"""The console script (:mod:`hydrion.cli.console_script`): Ctrl-C while the CLI loads is the one
line and exit code 130 (it was a traceback from whatever module was loading), Ctrl-C after the
command has ended kills the process silently as SIGINT does to git (it was "Exception ignored"
and a traceback from the interpreter's shutdown), and a bug still shows its traceback.

Each child runs the console script's code as pip's wrapper does (``sys.exit(main())``) and
restores Python's SIGINT handler first: a process started by a pytest-xdist worker inherits
SIGINT ignored, and a shell's foreground command never does.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hydrion import __version__

ABORTED = "hydrion: error: aborted (interrupted)\n"

# pip's console-script wrapper, less its argv[0] rewrite
WRAPPER = """
from hydrion.cli.console_script import main
sys.exit(main())
"""

# blocks the import of typer (the CLI's first heavy import) until the test's SIGINT
WHILE_LOADING = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)

class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            print("loading", file=sys.stderr, flush=True)
            sys.stdin.read()
        return None

sys.meta_path.insert(0, Blocked())
sys.argv = ["hydrion", "cite", "LiBH4"]
"""

# an atexit handler registered first runs last: it blocks the interpreter's shutdown, after
# the command's output, until the test's SIGINT
AFTER_OUTPUT = """
import atexit, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)

def blocked():
    print("exiting", file=sys.stderr, flush=True)
    sys.stdin.read()

atexit.register(blocked)
sys.argv = ["hydrion", "cite", "LiBH4"]
"""


def _interrupted_child(setup: str, ready: str, tmp_path: Path) -> tuple[int, str, str]:
    """Run ``setup`` then the console script; send SIGINT once it printed ``ready``."""
    process = subprocess.Popen(
        [sys.executable, "-c", setup + WRAPPER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HYDRION_USER_DB": str(tmp_path / "user.sqlite")},
    )
    assert process.stderr is not None
    assert process.stderr.readline() == ready
    process.send_signal(signal.SIGINT)
    out, err = process.communicate()
    return process.returncode, out, err


def test_ctrl_c_while_the_cli_loads_is_one_line_and_exit_130(tmp_path):
    assert _interrupted_child(WHILE_LOADING, "loading\n", tmp_path) == (130, "", ABORTED)


def test_ctrl_c_after_the_output_ends_the_process_silently_as_sigint_does(tmp_path):
    code, out, err = _interrupted_child(AFTER_OUTPUT, "exiting\n", tmp_path)
    assert code == -signal.SIGINT  # killed by SIGINT: the shell's $? is 130
    assert err == ""
    whole = _console_script("", "cite", "LiBH4", env={"HYDRION_USER_DB": str(tmp_path / "u")})
    assert (whole.returncode, whole.stderr) == (0, "")
    assert out == whole.stdout and "doi:10.1063/1.2817934" in out  # all of the output


def _console_script(setup: str, *args: str, env: dict[str, str] | None = None):
    script = f"import sys\n{setup}\nsys.argv = ['hydrion', *{list(args)!r}]\n{WRAPPER}"
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_a_bug_while_the_cli_loads_still_shows_its_traceback():
    broken = (
        "class Broken:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            raise RuntimeError('a bug while loading')\n"
        "sys.meta_path.insert(0, Broken())"
    )
    done = _console_script(broken, "--version")
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError: a bug while loading" in done.stderr


AFTER = (
    "import atexit, gc, os, signal\n"
    "names = {signal.SIG_DFL: 'SIG_DFL', signal.SIG_IGN: 'SIG_IGN'}\n"
    "atexit.register(lambda: print(gc.get_freeze_count() > 0,"
    " names.get(signal.getsignal(signal.SIGINT), 'Python'),"
    " os.environ.get('PYDANTIC_DISABLE_PLUGINS'), file=sys.stderr))"
)


@pytest.mark.parametrize(
    ("start", "env", "after"),
    [
        # Python's own handler at start (a shell's foreground command): SIGINT's default action
        # once the command ended; pydantic's plugin scan skipped
        ("signal.default_int_handler", {}, "True SIG_DFL __all__"),
        # ignored at start (started in the background): stays ignored; the user's own value
        # of PYDANTIC_DISABLE_PLUGINS is kept
        (
            "signal.SIG_IGN",
            {"PYDANTIC_DISABLE_PLUGINS": "logfire"},
            "True SIG_IGN logfire",
        ),
    ],
)
def test_after_the_command_sigint_and_collections_and_plugins(start, env, after):
    setup = f"import signal\nsignal.signal(signal.SIGINT, {start})\n{AFTER}"
    done = _console_script(setup, "--version", env=env)
    assert (done.returncode, done.stdout) == (0, f"hydrion {__version__}\n")
    assert done.stderr.splitlines()[-1] == after
