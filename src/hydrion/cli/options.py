"""Options that several commands share, spelled and explained once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.output import JSON_OPTION_HELP

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Write a figure (.png, .svg, .pdf).")
]
