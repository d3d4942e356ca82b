"""Options that several commands share, spelled, explained and checked once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.output import JSON_OPTION_HELP
from hydrion.errors import InputError

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Write a figure (.png, .svg, .pdf).")
]
StoreOption = Annotated[
    str | None, typer.Option(help="Store the result in the user database under this key.")
]
MaterialOption = Annotated[
    str | None, typer.Option(help="Material the stored result belongs to (with --store).")
]


def check_store(store: str | None, material: str | None) -> None:
    """Refuse, before any work, an empty --store key or a --material without --store.

    Parameters
    ----------
    store : str or None
        The --store key.
    material : str or None
        The --material the stored result belongs to.

    Returns
    -------
    None

    Raises
    ------
    InputError
        An empty key, or a material without a key.
    """
    if store is not None and not store.strip():
        raise InputError("--store needs a non-empty key")
    if material and not store:
        raise InputError("--material needs --store KEY")
