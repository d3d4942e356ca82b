"""What ``hydrion cell simulate`` answers: the simulated curves and, for a review case, how
they compare with the capacities the review reports."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.cell.setups import SimulatedCurve
from hydrion.results import Result


@dataclass(frozen=True)
class SimulationReport(Result):
    """The curves of one ``hydrion cell simulate`` call (one per temperature × C-rate, in
    run order) and, with ``--review``, one comparison row per reported point (columns as the
    table prints them; empty without ``--review``). The CLI's ``--json`` is this object's
    :meth:`~hydrion.results.Result.as_dict`, so ``SimulationReport.from_dict`` reads it back.
    """

    curves: tuple[SimulatedCurve, ...]
    comparison: tuple[dict, ...] = ()
