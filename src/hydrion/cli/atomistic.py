"""``hydrion md run`` and ``hydrion md analyse``: machine-learned-potential MD predictions.

The group's app; each command lives in a module of its own (:mod:`hydrion.cli.md_run`,
:mod:`hydrion.cli.md_analyse`). ``hydrion predict`` is in :mod:`hydrion.cli.md_predict`.
"""

from __future__ import annotations

import typer

from hydrion.cli.md_analyse import analyse
from hydrion.cli.md_run import run

app = typer.Typer(help="Molecular dynamics with machine-learned potentials.", no_args_is_help=True)
app.command("run")(run)
app.command("analyse")(analyse)
