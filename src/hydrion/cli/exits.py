"""How a ``hydrion`` command ends: exit codes and the one line a refusal prints.

Every :class:`~hydrion.errors.HydrionError` and every usage error becomes one line on
stderr and exit code 2; every :class:`~hydrion.errors.HydrionWarning` one
``hydrion: warning:`` line. Any other exception is a bug in hydrion: its traceback is
shown, followed by a line asking to report it (exit code 1). A full disk (or another error of
the place output goes to, :data:`WRITE_ERRNOS`) is one line and exit code 2 too. A reader
that closed the pipe (``| head``) ends the command quietly with exit code 0, whatever printed
(rich tables, JSON, streamed listings: :func:`reader_left`): hydrion cannot tell it from a
reader that left after output that fit in the pipe's buffer, which exits 0. An interrupt
(Ctrl-C, SIGINT) is one line, ``hydrion: error: aborted (interrupted)``, and exit code 130,
the shell's for SIGINT; the user database is written in one transaction, so it is left as it
was or complete.

This module imports only the standard library and :mod:`hydrion.errors` (typer when a command
runs), so that the console script (:mod:`hydrion.cli.console_script`) can hold it while the CLI
itself loads.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import traceback
from typing import TYPE_CHECKING, NoReturn

from hydrion.errors import HydrionError

if TYPE_CHECKING:  # typer ships its own click (typer._click); it has no public alias
    from typer._click import Command

BUG_HINT = (
    "hydrion: this is a bug in hydrion, not a problem with your input; please report it "
    "with the command you ran and the traceback above"
)


INTERRUPTED_EXIT_CODE = 130
"""Exit code of a command interrupted by Ctrl-C (SIGINT): 128 + 2, the shell's convention, and
the code typer gives a ``KeyboardInterrupt``."""


def run(command: Command, argv: list[str] | None) -> None:
    """Run the root click command on ``argv`` (``sys.argv[1:]`` when None) and exit as the
    module docstring says."""
    import typer  # loaded by the command already; here so that importing this module is light

    try:
        # without standalone mode typer *returns* the code of a typer.Exit (an interrupt
        # included, as 130) instead of exiting
        code = command.main(args=argv, prog_name="hydrion", standalone_mode=False)
        sys.stdout.flush()  # a full disk shows here, not as a message at interpreter exit
    except HydrionError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # outside what typer runs (the flush)
        interrupted()
    except typer.Abort:
        _fail("aborted")
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # help was printed
            sys.exit(0)
        _fail(exc.format_message() if hasattr(exc, "format_message") else str(exc))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as exc:
        _fail(f"{exc.strerror}: {exc.filename}")
    except BrokenPipeError:
        reader_left()
    except OSError as exc:
        if exc.errno not in WRITE_ERRNOS:
            _bug()
        _discard_stdout()
        _fail(f"cannot write {exc.filename or 'output'}: {exc.strerror}")
    except Exception:
        _bug()
    if code == INTERRUPTED_EXIT_CODE:
        interrupted()
    if isinstance(code, int) and code:  # a command's typer.Exit(1)
        sys.exit(code)


WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})
"""Errors of the place output goes to (disk full, quota, read-only file system, I/O error):
the environment's, not a bug, even where hydrion itself writes (stdout to ``/dev/full``)."""


def _bug() -> NoReturn:
    traceback.print_exc()
    print(BUG_HINT, file=sys.stderr)
    sys.exit(1)


def interrupted() -> NoReturn:
    """End an interrupted command: one line on stderr and exit code
    :data:`INTERRUPTED_EXIT_CODE`."""
    _discard_stdout()  # what a reader has not taken yet is dropped, not written at exit
    print("hydrion: error: aborted (interrupted)", file=sys.stderr)
    sys.exit(INTERRUPTED_EXIT_CODE)


def reader_left() -> NoReturn:
    """The reader of stdout closed the pipe (``| head``): exit quietly with code 0, as where
    it left after the output fit in the pipe's buffer (hydrion cannot tell the two apart)."""
    _discard_stdout()
    sys.exit(0)


def _discard_stdout() -> None:
    """Point the process's stdout at the null device, so that what is still buffered for it
    does not fail again at interpreter exit ("Exception ignored ..."); only for the real
    stdout (a test's captured one is left alone)."""
    if sys.stdout is sys.__stdout__ and sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _fail(message: str) -> NoReturn:
    line = " ".join(str(message).split())
    print(f"hydrion: error: {line}", file=sys.stderr)
    sys.exit(2)
