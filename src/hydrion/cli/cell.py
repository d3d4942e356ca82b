"""``hydrion cell design`` and ``hydrion cell simulate``: what a cell of KB parts delivers.

The group's app; each command lives in a module of its own (:mod:`hydrion.cli.cell_design`,
:mod:`hydrion.cli.cell_simulate`).
"""

from __future__ import annotations

import typer

from hydrion.cli.cell_design import design
from hydrion.cli.cell_simulate import simulate

app = typer.Typer(help="Design a stack and simulate its cycling.", no_args_is_help=True)
app.command("design")(design)
app.command("simulate")(simulate)
