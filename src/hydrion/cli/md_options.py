"""What ``hydrion md run``, ``hydrion md analyse`` and ``hydrion predict`` share: the
--trust-model-file option and the one-line refusal without the ``atomistic`` extra."""

from __future__ import annotations

import importlib.util
from typing import Annotated

import typer

from hydrion.errors import MissingDataError

TrustOption = Annotated[
    bool,
    typer.Option(
        "--trust-model-file",
        help="Load a local model file that is not plain weights, as its backend does. "
        "RISK: this runs any code the file contains; only for files from a maker you trust.",
    ),
]
INSTALL_HINT = "pip install torch==2.13.0 && pip install -e '.[atomistic]'"


def require_atomistic(*packages: str) -> None:
    """Refuse, with one line saying what to install, unless every package can be imported.

    Parameters
    ----------
    *packages : str
        Top-level import names (e.g. ``"torch"``, ``"ase"``), looked up without importing.

    Raises
    ------
    MissingDataError
        One or more of them is not installed.
    """
    missing = [p for p in packages if importlib.util.find_spec(p) is None]
    if missing:
        raise MissingDataError(
            f"hydrion md needs {', '.join(missing)} (the atomistic extra): {INSTALL_HINT}"
        )
