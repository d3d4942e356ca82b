"""The ``hydrion`` command: one typer app, one module per command group.

Every :class:`~hydrion.errors.HydrionError` and every usage error becomes one line on
stderr and exit code 2; no traceback reaches the user.
"""

from __future__ import annotations

import sys

import typer

from hydrion.cli import cell, cite, cycling, db, electrode, report, stability, transport
from hydrion.errors import HydrionError

app = typer.Typer(
    name="hydrion",
    help="Hydride solid-state batteries: knowledge base, models and lab pipelines.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning refusals into one line and exit code 2."""
    command = typer.main.get_command(app)
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
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        _fail(f"{exc.strerror}: {exc.filename}")


def _fail(message: str) -> None:
    line = " ".join(str(message).split())
    print(f"hydrion: error: {line}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
