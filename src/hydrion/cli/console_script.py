"""The ``hydrion`` console script (``[project.scripts]``): the first hydrion code a command runs.

It loads the CLI (:mod:`hydrion.cli.main`: typer, rich and pydantic, 0.1–0.2 s) inside a
``try``, so that Ctrl-C while it loads ends as during a command, with one line
(``hydrion: error: aborted (interrupted)``) and exit code 130 (:func:`hydrion.cli.exits.
interrupted`), not with a traceback; so does a Ctrl-C that reaches the CLI's own code after the
command has run. Only a ``KeyboardInterrupt`` is caught here: a bug still shows its traceback
(:mod:`hydrion.cli.exits`).

Once the command has ended (output written and flushed, exit code decided), the process ends as
a C program would, and without work that changes nothing:

* SIGINT gets its default action back: a Ctrl-C while the interpreter shuts down ends the
  process silently, killed by SIGINT (the shell's ``$?`` is 130), as git does, instead of
  Python's "Exception ignored ..." and a traceback from wherever shutdown was;
* the objects still alive are frozen (:func:`gc.freeze`), so the interpreter's last garbage
  collections no longer walk them, which cost 0.05 s (``db show``) to 0.2 s (``electrode``) of
  CPU. What Python guarantees at exit still runs: atexit handlers (``weakref.finalize``
  among them, which closes the user database's reader), flushing ``sys.stdout`` and
  ``sys.stderr``. What it does not guarantee, ``__del__`` of objects left in reference
  cycles, may not run; hydrion closes its files and commits its transactions itself.

Before loading the CLI it sets ``PYDANTIC_DISABLE_PLUGINS`` (pydantic's documented switch,
"Pydantic Plugins", docs.pydantic.dev; pydantic/pydantic#8767) unless the user set it: pydantic
otherwise reads the entry points of every installed distribution once per process, looking for
plugins hydrion does not use (10 ms with 255 distributions). typer sets the same switch while
it builds its own validators. ``import hydrion`` and the API change none of this.

This module imports nothing but ``gc``, ``os`` and ``signal`` (with the ``hydrion`` package's
``__init__``: :mod:`hydrion.errors`, 1 ms); everything else loads inside the ``try``. What
runs before it is Python's own start-up and pip's wrapper (``import re, sys``): a Ctrl-C there
is still Python's traceback.
"""

from __future__ import annotations

import gc
import os
import signal


def main() -> None:
    """Run ``hydrion`` with the arguments of ``sys.argv``, as :mod:`hydrion.cli.main` does, and
    end as the module docstring says.

    Raises
    ------
    SystemExit
        With the command's exit code where it is not 0 (:mod:`hydrion.cli.exits`); 130 for a
        Ctrl-C while the CLI loads.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from hydrion.cli.main import main as run_command

        run_command()
    except KeyboardInterrupt:
        from hydrion.cli import exits  # loaded already, unless the interrupt came first

        exits.interrupted()
    finally:
        _ended()


def _ended() -> None:
    """The command has ended: a Ctrl-C from now on kills the process silently (SIGINT's
    default action; where SIGINT was ignored when Python started, it stays ignored), and the
    interpreter's last collections skip the objects alive now."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    gc.freeze()
