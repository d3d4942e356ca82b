"""The ``hydrion`` command: one typer app, one module per command group.

Every :class:`~hydrion.errors.HydrionError` and every usage error becomes one line on
stderr and exit code 2; every :class:`~hydrion.errors.HydrionWarning` one
``hydrion: warning:`` line. Any other exception is a bug in hydrion: its traceback is
shown, followed by a line asking to report it (exit code 1).
"""

from __future__ import annotations

import sys
import traceback
import warnings
from typing import Annotated

import typer

from hydrion import __version__
from hydrion.cli import (
    atomistic,
    cell,
    cite,
    cycling,
    db,
    electrode,
    report,
    stability,
    transport,
)
from hydrion.errors import HydrionError, HydrionWarning

BUG_HINT = (
    "hydrion: this is a bug in hydrion, not a problem with your input; please report it "
    "with the command you ran and the traceback above"
)

app = typer.Typer(
    name="hydrion",
    help="Hydride solid-state batteries: knowledge base, models and lab pipelines.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _print_version(value: bool) -> None:
    if value:
        print(f"hydrion {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version of hydrion and exit.",
        ),
    ] = False,
) -> None:
    """Hydride solid-state batteries: knowledge base, models and lab pipelines."""


app.command("report")(report.report)
app.add_typer(db.app, name="db")
app.command("cite")(cite.cite)
app.command("sigma")(transport.sigma)
app.add_typer(transport.arrhenius_app, name="arrhenius")
app.command("eis")(transport.eis)
app.command("electrode")(electrode.electrode)
app.command("window")(stability.window)
app.command("compat")(stability.compat)
app.command("cv")(stability.cv)
app.add_typer(cell.app, name="cell")
app.command("cycling")(cycling.cycling)
app.add_typer(atomistic.app, name="md")
app.command("predict")(atomistic.predict)

_METAVARS = {
    "str": "TEXT",
    "float": "NUMBER",
    "int": "INTEGER",
    "int range": "INTEGER",
    "float range": "NUMBER",
    "Path": "PATH",
    "path": "PATH",
    "file": "FILE",
    "list[str]": "TEXT",
    "list[Path]": "PATH",
}


def _apply_conventions(command) -> None:
    """One CLI: plain metavars, and ``-T`` for every ``--temperature`` (recursively).

    typer labels option values with Python types (<str>, <float>, <bool> even for flags);
    the help shows click's words instead, and nothing for flags.
    """
    help_option = command.get_help_option(command.context_class(command))
    taken = {opt for param in command.params for opt in param.opts}
    for param in [*command.params, *([help_option] if help_option else [])]:
        if "--temperature" in param.opts and "-T" not in taken:
            param.opts.append("-T")
        if param.param_type_name == "option":
            if param.metavar is None:
                shown = param.display_type(None).strip("<>")
                param.metavar = "" if param.is_flag else _METAVARS.get(shown, f"[{shown}]")
        elif param.metavar is None:
            param.metavar = param.name.upper()
            param.display_type_rich = lambda ctx: None  # the name says it; no type column
    for subcommand in getattr(command, "commands", {}).values():
        _apply_conventions(subcommand)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, HydrionWarning):
        print(f"hydrion: warning: {' '.join(str(message).split())}", file=sys.stderr)
    else:
        _default_show_warning(message, category, filename, lineno, file, line)


_default_show_warning = warnings.showwarning


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning refusals into one line and exit code 2."""
    command = typer.main.get_command(app)
    _apply_conventions(command)
    with warnings.catch_warnings():
        warnings.simplefilter("default", HydrionWarning)  # each distinct warning once
        warnings.showwarning = _show_warning
        _run(command, argv)


def _run(command, argv: list[str] | None) -> None:
    try:
        command.main(args=argv, prog_name="hydrion", standalone_mode=False)
    except HydrionError as exc:
        _fail(str(exc))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted")
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # help was printed
            sys.exit(0)
        _fail(exc.format_message() if hasattr(exc, "format_message") else str(exc))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError) as exc:
        _fail(f"{exc.strerror}: {exc.filename}")
    except Exception:
        traceback.print_exc()
        print(BUG_HINT, file=sys.stderr)
        sys.exit(1)


def _fail(message: str) -> None:
    line = " ".join(str(message).split())
    print(f"hydrion: error: {line}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
