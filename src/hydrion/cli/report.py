"""``hydrion report``: the main job, an HTML report of the knowledge base and models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn

from hydrion.cli.output import console, print_json
from hydrion.errors import OutputError, ReportSectionError


def report(
    out: Annotated[
        str, typer.Option("--out", metavar="FOLDER", help="Folder to write index.html into.")
    ] = "report",
    svg: Annotated[
        bool,
        typer.Option(
            "--svg",
            help="Also write each figure as vector SVG (figures/*.svg, for papers) and embed "
            "the SVGs in index.html instead of the PNGs; slower (each figure drawn twice).",
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print machine-readable JSON (index.html, sections, figures, failures) "
            "instead of the one-line summary.",
        ),
    ] = False,
) -> None:
    """Write the HTML report (tables and figures with sources) into --out.

    Each figure is drawn once, as a 192 dpi PNG embedded in index.html and written to figures/.
    """
    if not out.strip():
        raise OutputError("--out needs a folder name (e.g. --out report)")
    from hydrion.report.builder import build_report  # matplotlib, pandas: only when it runs

    with Progress(
        TextColumn("[bold]report[/bold] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=console,
        transient=True,
        # Only on a terminal: elsewhere rich shows no bar but prints an empty line when it
        # stops, which came before "wrote ..." and before an error.
        disable=as_json or not console.is_interactive,
        auto_refresh=False,  # no refresh thread: the builder forks its workers
    ) as bar:
        task = bar.add_task("starting", total=None)

        def progress(name: str, number: int, total: int) -> None:
            bar.update(task, description=name, completed=number - 1, total=total, refresh=True)

        result = build_report(Path(out), progress=progress, svg=svg)
    if as_json:
        print_json(result)
    else:
        formats = "PNG and SVG" if result.svg_figures else "PNG"
        console.print(
            f"wrote {result.index} ({len(result.sections)} sections, "
            f"{result.figure_count} figures as {formats} in {result.index.parent / 'figures'})",
            soft_wrap=True,  # one line whatever the terminal's width: paths stay whole
        )
    if result.failed:
        reasons = "; ".join(f"section {name}: {error}" for name, error in result.failed.items())
        raise ReportSectionError(
            f"{len(result.failed)} report section(s) failed ({reasons}); the page shows "
            "the error in their place"
        )
