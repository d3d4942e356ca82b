"""What ``hydrion arrhenius fit FILE`` answers: one fit per branch of the file's data."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.results import Result
from hydrion.transport.fitting import ArrheniusFit
from hydrion.transport.vft import VFTFit


@dataclass(frozen=True)
class ArrheniusFitReport(Result):
    """The fits of a σ(T) file, one per branch (heating, cooling, or the whole file).

    ``directions[i]`` is the branch of ``fits[i]`` ('heating', 'cooling', or None where the
    file marks none). The CLI's ``--json`` is this object's
    :meth:`~hydrion.results.Result.as_dict`, so ``ArrheniusFitReport.from_dict`` reads it back.
    ``replaced`` is when the fit this call's ``--store`` replaced was stored (ISO 8601, UTC),
    None where it replaced none.
    """

    file: str
    fits: tuple[ArrheniusFit | VFTFit, ...]
    directions: tuple[str | None, ...]
    replaced: str | None = None

    same_length = ("fits", "directions")
