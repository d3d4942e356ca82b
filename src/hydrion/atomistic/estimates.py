"""Block averaging (H. Flyvbjerg & H. G. Petersen, J. Chem. Phys. 91 (1989) 461,
doi:10.1063/1.457480): a run cut into consecutive blocks analysed independently gives a value
(:class:`Estimate`, the block mean) and its 1σ (the standard error of the block values). Used
by every MD estimator; NPT lattice lengths are its direct application.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hydrion.errors import InputError
from hydrion.result_checks import at_least_zero, uncertainty
from hydrion.results import Result

FIT_END = 0.5
"""Longest lag fitted (MSD, rotational autocorrelation), as a fraction of a block (hydrion's
choice: longer lags average over too few time origins)."""


@dataclass(frozen=True)
class Estimate(Result):
    """A value with its 1σ standard error from ``n_blocks`` independent blocks."""

    value: float
    error: float
    n_blocks: int

    derived = ("well_determined",)
    former_modules = ("hydrion.atomistic.analysis",)  # before the split: files keep it
    checks = (uncertainty("error"), at_least_zero("n_blocks"))

    @property
    def well_determined(self) -> bool:
        """True when the value is at least twice its standard error."""
        return math.isfinite(self.error) and abs(self.value) >= 2 * self.error


def block_slices(n_frames: int, n_blocks: int) -> list[slice]:
    """``n_blocks`` consecutive equal slices of ``n_frames`` frames (remainder dropped).

    Parameters
    ----------
    n_frames : int
        Frames of the run.
    n_blocks : int
        Blocks it is cut into.

    Returns
    -------
    list of slice
        The frames of each block, in order.

    Raises
    ------
    hydrion.errors.InputError
        If a block would hold fewer than 10 frames.
    """
    size = n_frames // n_blocks
    if size < 10:
        raise InputError(
            f"{n_frames} frames in {n_blocks} blocks leave fewer than 10 frames per block; "
            "run longer or use fewer blocks"
        )
    return [slice(k * size, (k + 1) * size) for k in range(n_blocks)]


def block_estimate(values: list[float]) -> Estimate:
    """Mean of the block ``values`` with its 1σ standard error.

    Parameters
    ----------
    values : list of float
        One value per block (any unit).

    Returns
    -------
    Estimate
        Mean, standard error (std with ddof=1 over √blocks; NaN for one block) and the
        number of blocks.
    """
    array = np.asarray(values)
    error = float(np.std(array, ddof=1) / math.sqrt(array.size)) if array.size > 1 else math.nan
    return Estimate(float(np.mean(array)), error, int(array.size))


def lattice_parameters(cells_A: np.ndarray, n_blocks: int = 5) -> tuple[Estimate, ...]:
    """Mean cell lengths a, b, c of an NPT run, block averages with standard errors.

    Parameters
    ----------
    cells_A : numpy.ndarray
        Shape (frames, 3, 3), each frame's cell (rows the lattice vectors), Å.
    n_blocks : int
        Consecutive blocks the run is cut into.

    Returns
    -------
    tuple of Estimate
        a, b and c in Å.
    """
    lengths = np.linalg.norm(cells_A, axis=2)
    blocks = block_slices(cells_A.shape[0], n_blocks)
    return tuple(
        block_estimate([float(np.mean(lengths[b, axis])) for b in blocks]) for axis in range(3)
    )
