"""A trajectory written by :mod:`hydrion.atomistic.md` read back for analysis: extxyz frames
and the run's JSON metadata, positions unwrapped across the periodic boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hydrion.errors import InputError
from hydrion.input_files import regular_file


@dataclass(frozen=True)
class Trajectory:
    """Unwrapped positions (frames × atoms × 3, Å), symbols, mean cell and frame interval.

    ``cells_A`` holds every frame's cell (frames × 3 × 3; they differ only in NPT runs).
    """

    positions_A: np.ndarray
    symbols: tuple[str, ...]
    cell_A: np.ndarray
    frame_interval_ps: float
    temperature_K: float
    metadata: dict[str, Any]
    cells_A: np.ndarray | None = None

    def indices(self, symbol: str) -> np.ndarray:
        picked = np.array([i for i, s in enumerate(self.symbols) if s == symbol], dtype=int)
        if picked.size == 0:
            raise InputError(f"the trajectory holds no {symbol} atoms")
        return picked

    @property
    def volume_cm3(self) -> float:
        return abs(float(np.linalg.det(self.cell_A))) * 1e-24


def unwrap(positions_A: np.ndarray, cell_A: np.ndarray) -> np.ndarray:
    """Undo periodic wrapping: each step's fractional displacement taken to the nearest image.

    Parameters
    ----------
    positions_A : numpy.ndarray
        Shape (frames, atoms, 3), wrapped Cartesian positions, Å.
    cell_A : numpy.ndarray
        One cell, shape (3, 3), or one per frame, shape (frames, 3, 3) (NPT), rows the
        lattice vectors in Å.

    Returns
    -------
    numpy.ndarray
        Shape (frames, atoms, 3), unwrapped positions, Å (fractional coordinates unwrapped,
        then turned back with each frame's cell).
    """
    cells = np.broadcast_to(cell_A, (positions_A.shape[0], 3, 3))
    frac = np.einsum("tai,tij->taj", positions_A, np.linalg.inv(cells))
    steps = np.diff(frac, axis=0)
    steps -= np.round(steps)
    unwrapped = np.concatenate([frac[:1], frac[:1] + np.cumsum(steps, axis=0)])
    return np.einsum("taj,tjk->tak", unwrapped, cells)


def load_trajectory(path: Path) -> Trajectory:
    """Read a trajectory written by :mod:`hydrion.atomistic.md` (extxyz + JSON metadata).

    Parameters
    ----------
    path : pathlib.Path
        The extxyz file; its metadata sidecar lies beside it.

    Returns
    -------
    Trajectory
        Unwrapped positions (frames × atoms × 3, Å), symbols, mean and per-frame cells (Å),
        frame interval (ps), temperature (K) and the metadata.

    Raises
    ------
    hydrion.errors.FileFormatError
        If the path is not a regular file.
    hydrion.errors.InputError
        For bad metadata (:func:`~hydrion.atomistic.sidecar.read_metadata`), an unreadable extxyz
        file, a frame count other than the sidecar's ``frames_written``, or fewer than 10
        frames.

    Notes
    -----
    Frames read with ASE's extxyz reader.
    """
    from ase.io import read

    from hydrion.atomistic.sidecar import read_metadata

    regular_file(path)
    meta = read_metadata(Path(path))
    try:
        frames = read(path, index=":", format="extxyz")
        frames = frames if isinstance(frames, list) else [frames]
    except (OSError, ValueError, StopIteration) as exc:
        raise InputError(f"{path}: not a readable extxyz trajectory ({exc})") from None
    if len(frames) != meta["frames_written"]:
        raise InputError(
            f"{path}: {len(frames)} frames, but its sidecar says frames_written "
            f"{meta['frames_written']} (an interrupted md run resumes with the same command; "
            "a hand-written sidecar must count the frames)"
        )
    if len(frames) < 10:
        raise InputError(f"{path}: {len(frames)} frames; the analysis needs at least 10")
    cells = np.array([np.array(f.get_cell()) for f in frames])
    positions = unwrap(np.array([f.get_positions() for f in frames]), cells)
    return Trajectory(
        positions_A=positions,
        symbols=tuple(frames[0].get_chemical_symbols()),
        cell_A=cells.mean(axis=0),
        cells_A=cells,
        frame_interval_ps=meta["frame_interval_fs"] / 1000,
        temperature_K=meta["settings"]["temperature_K"],
        metadata=meta,
    )
