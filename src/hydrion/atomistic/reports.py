"""What ``hydrion md run``, ``md analyse`` and ``predict`` answer, each as one Result.

Each gathers the results of the analysis it reports (runs, transport estimates and fits,
screened compositions); the CLI's ``--json`` prints its :meth:`~hydrion.results.Result.as_dict`
and :meth:`~hydrion.results.Result.from_dict` reads it back. Every value in them is a
prediction of a machine-learned potential, never a measurement; ``label`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.atomistic.analysis import TransportResult
from hydrion.atomistic.md import RunResult
from hydrion.atomistic.potentials import ModelInfo
from hydrion.atomistic.screening import ScreenResult
from hydrion.results import Result
from hydrion.transport.fitting import ArrheniusFit

#: what every MD report says of its numbers
PREDICTED = "predicted by MD, not measured"


@dataclass(frozen=True)
class MDRunReport(Result):
    """The runs of one ``md run``: the potential, the size of the simulated cell (atoms) and
    each run (trajectory, settings, frames, status, speed)."""

    model: ModelInfo
    n_atoms: int
    runs: tuple[RunResult, ...]
    label: str = PREDICTED


@dataclass(frozen=True)
class StoredPredictionId(Result):
    """The user-database record a prediction went into, and whether it is new (False: the
    same prediction was already stored, and nothing was written)."""

    id: str
    newly_stored: bool


@dataclass(frozen=True)
class MDAnalysisReport(Result):
    """What ``md analyse`` derived: one :class:`TransportResult` per trajectory, the
    Arrhenius fits of σ(T) and of the anion reorientation rate 1/τ(T) where three or more
    temperatures resolve them (else None), and the stored record (None unless ``--store``)."""

    runs: tuple[TransportResult, ...]
    arrhenius: ArrheniusFit | None
    rotation_arrhenius: ArrheniusFit | None
    stored: StoredPredictionId | None
    label: str = PREDICTED


@dataclass(frozen=True)
class PredictionReport(Result):
    """What ``predict`` screened: per composition its runs, the record stored (or why
    none) and the tasks that failed."""

    compositions: tuple[ScreenResult, ...]
    label: str = PREDICTED
