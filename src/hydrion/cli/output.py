"""Rendering shared by all commands: JSON on request, rich tables otherwise."""

from __future__ import annotations

import errno
import json
import math
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from hydrion.constants import ABSOLUTE_ZERO_C
from hydrion.errors import OutputError
from hydrion.results import Result

#: Width of tables written to a pipe or file: rich's default of 80 columns would break numbers
#: across lines ("0.00279 / 9"), which a reader or a script then misreads. A terminal keeps its
#: own width, and COLUMNS still overrides.
PIPE_WIDTH = 200


def _console_width() -> int | None:
    if "COLUMNS" in os.environ or sys.stdout.isatty():
        return None
    return PIPE_WIDTH


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """A closed pipe goes where every other one does (:mod:`hydrion.cli.main` ends the
        command quietly), not to rich's own exit."""
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


# markup=False, emoji=False: text is printed as written, so a user's name, note or file name
# holding '[bold]' or '[/]' is never read as rich markup (a stray '[/]' would even raise), nor
# ':warning:' turned into an emoji (which also loads rich's table of 3,600 emoji codes); styled
# parts go through :func:`say`.
console = _Console(width=_console_width(), markup=False, emoji=False)


def say(*parts: str | tuple[str, str], style: str = "") -> None:
    """Print one line: ``parts`` are plain text or (text, rich style) pairs, never markup."""
    console.print(Text.assemble(*parts, style=style), highlight=False)


JSON_OPTION_HELP = "Print machine-readable JSON instead of a table."


def to_jsonable(value: Any) -> Any:
    """Convert results, pydantic models, numpy and pandas objects into JSON types.

    Floats are written at 12 significant digits, inf and NaN as null.
    """
    if isinstance(value, Result):  # the API's own serialisation, nothing added here
        return to_jsonable(value.as_dict())
    if isinstance(value, BaseModel):
        return to_jsonable(value.model_dump(mode="json", exclude_none=True))
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, type):
        return to_jsonable(value.to_dict())
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return to_jsonable(value.item())
    if isinstance(value, float):
        return _shortest(value)
    return value


def _shortest(value: float) -> float | None:
    """The float at 12 significant digits (None for inf/NaN).

    Every decimal of up to 12 digits (every stored literature value) comes back exactly as
    written, and the floating-point noise of computed values (a model evaluated at a stored
    point, a unit conversion) goes: 9.999999999999982e-09 → 1e-08. No measured quantity
    has 12 meaningful digits.
    """
    if not math.isfinite(value):
        return None
    return float(f"{value:.12g}")


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON to stdout."""
    print(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False))


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A rich table with one row per item; None shows as an empty cell.

    Cells and the title are plain text: brackets in a user's names or notes are printed as
    written, never read as rich markup.
    """
    table = Table(title=Text(title) if title else None, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell_text(cell)) for cell in row))
    console.print(table)


def _cell_text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float):
        return f"{cell:.4g}"
    return str(cell)


def format_sci(value: float | None, digits: int = 2) -> str:
    """'1.3e-05' style text for conductivities; empty for None."""
    if value is None:
        return ""
    return f"{value:.{digits}g}" if 1e-2 <= abs(value) < 1e4 else f"{value:.{digits}e}"


def format_celsius(kelvin: float | None) -> str:
    """'30.0 °C' for a temperature in kelvin; empty for None."""
    return "" if kelvin is None else f"{kelvin + ABSOLUTE_ZERO_C:.1f} °C"


def check_output_file(path: Path | str, option: str = "--out") -> Path:
    """Refuse an output file path that cannot be written, before any work is done.

    Raises :class:`~hydrion.errors.OutputError` for an empty path, a folder, or a path whose
    folder is missing or is a file (``notes.txt/fig.png``).
    """
    if not str(path).strip():
        raise OutputError(f"{option} needs a file name")
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{option} {path} is a folder; give a file name")
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"{option} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{option} {path}: {folder} is a file, not a folder")
    return path


def figure_formats() -> dict[str, str]:
    """File suffixes matplotlib can write here (e.g. 'png': 'Portable Network Graphics').

    A format whose external program is missing (:func:`missing_figure_tool`) is left out.
    """
    from matplotlib.figure import Figure

    formats = Figure().canvas.get_supported_filetypes()
    return {fmt: name for fmt, name in formats.items() if missing_figure_tool(fmt) is None}


def missing_figure_tool(fmt: str) -> str | None:
    """The program matplotlib needs for figure format ``fmt`` but cannot find on PATH, or None.

    Only PGF needs one: matplotlib's pgf backend measures text with the TeX engine of
    ``rcParams["pgf.texsystem"]`` (xelatex by default) and raises a RuntimeError without it.
    """
    if fmt.lower() != "pgf":
        return None
    import shutil

    from matplotlib import rcParams

    texsystem = str(rcParams["pgf.texsystem"])
    return None if shutil.which(texsystem) else texsystem


def check_figure_path(path: Path, option: str = "--plot") -> Path:
    """Refuse a figure path matplotlib cannot write (suffix, or a format whose program is
    missing) or that cannot be written."""
    path = check_output_file(path, option)
    suffix = path.suffix.lower().lstrip(".")
    tool = missing_figure_tool(suffix)
    if tool is not None:
        raise OutputError(
            f"{option} {path.name}: the .{suffix} format needs {tool}, which is not installed; "
            "use another format (e.g. .pdf or .svg)"
        )
    formats = figure_formats()
    if suffix not in formats:
        raise OutputError(
            f"{option} {path.name}: unknown figure format {path.suffix or '(no suffix)'!r}; "
            f"use one of {', '.join('.' + f for f in sorted(formats))}"
        )
    return path


def save_figure(fig, path: Path, option: str = "--plot", **savefig_kwargs) -> Path:
    """Write a matplotlib figure and close it; bad paths raise OutputError, not tracebacks."""
    from hydrion.plots.canvas import release

    try:
        check_figure_path(path, option)
        fig.savefig(path, **{"bbox_inches": "tight", **savefig_kwargs})
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write ({exc.strerror})") from None
    finally:
        release(fig)
    return Path(path)


def write_output(path: Path | str, text: str, option: str = "--out") -> None:
    """Write text to an output file; bad paths raise OutputError."""
    check_output_file(path, option)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot write ({exc.strerror})") from None
