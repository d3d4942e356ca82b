"""What ``hydrion eis FILES`` answers: one fit per spectrum and, for a temperature series,
the Arrhenius fit of their conductivities."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.experiment.eis_result import EISResult
from hydrion.results import Result
from hydrion.transport.fitting import ArrheniusFit


@dataclass(frozen=True)
class EISReport(Result):
    """The fits of the spectra of one ``hydrion eis`` call.

    ``arrhenius`` is the fit of σ(T) over the spectra (three temperatures or more, else None)
    and ``arrhenius_warnings`` what it needs said. The CLI's ``--json`` is this object's
    :meth:`~hydrion.results.Result.as_dict`, so ``EISReport.from_dict`` reads it back.
    """

    spectra: tuple[EISResult, ...]
    arrhenius: ArrheniusFit | None = None
    arrhenius_warnings: tuple[str, ...] = ()
