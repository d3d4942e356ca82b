"""Anion dynamics in an MD trajectory: reorientation time τ of the B–H bonds, the
orientational order η, and the paddle-wheel index coupling cation hops to anion rotations
(definitions: :mod:`hydrion.atomistic.analysis`).
"""

from __future__ import annotations

import math

import numpy as np

from hydrion.atomistic.estimates import FIT_END, Estimate, block_estimate, block_slices
from hydrion.atomistic.trajectory import Trajectory
from hydrion.errors import InputError

ACF_FIT_FLOOR = 0.2
PADDLE_WHEEL_REFERENCE = "Z. Zhang et al., Matter (2020), doi:10.1016/j.matt.2020.04.027"
PADDLE_WHEEL = (
    "paddle-wheel index (hydrion's definition: rotation of anions within 4 Å of a cation hop "
    f"over the background rotation, 1 = no coupling; after {PADDLE_WHEEL_REFERENCE})"
)
"""How the paddle-wheel index is named where it is reported (see the module text)."""


def rotational_relaxation(unit_vectors: np.ndarray, dt_ps: float, n_blocks: int = 5) -> Estimate:
    """τ of the first-order rotational autocorrelation C₁(t) = ⟨u(0)·u(t)⟩, block-averaged.

    Per block, τ comes from a fit of ln C₁ = −t/τ (through C₁(0) = 1) over the first run of
    lags with C₁ > ``ACF_FIT_FLOOR``.

    Parameters
    ----------
    unit_vectors : numpy.ndarray
        Shape (frames, vectors, 3), unit bond vectors.
    dt_ps : float
        Time between frames, ps.
    n_blocks : int
        Consecutive blocks the trajectory is cut into.

    Returns
    -------
    Estimate
        τ in ps: block mean and standard error.

    Raises
    ------
    hydrion.errors.InputError
        If C₁ stays above 1/e within a block (τ would be extrapolated), or decays within one
        frame.
    """
    taus = []
    for block in block_slices(unit_vectors.shape[0], n_blocks):
        part = unit_vectors[block]
        max_lag = max(int(FIT_END * part.shape[0]), 2)
        acf = np.array(
            [np.mean(np.sum(part[lag:] * part[:-lag], axis=-1)) for lag in range(1, max_lag + 1)]
        )
        if acf.min() > math.exp(-1):
            raise InputError(
                "the rotational correlation does not decay below 1/e within a block, so τ "
                "would be extrapolated; run longer"
            )
        keep = np.flatnonzero(acf > ACF_FIT_FLOOR)
        keep = keep[keep == np.arange(keep.size)]  # the first run above the floor
        if keep.size < 2:
            raise InputError(
                "the rotational correlation decays within one frame; save frames more often"
            )
        t = (keep + 1) * dt_ps
        slope = float(np.sum(t * np.log(acf[keep])) / np.sum(t * t))  # ln C = −t/τ, C(0)=1
        taus.append(-1.0 / slope if slope < 0 else math.inf)
    if not all(math.isfinite(tau) for tau in taus):
        raise InputError("no decay of the rotational correlation within a block; run longer")
    return block_estimate(taus)


BH4_BOND_MAX_A = 1.5
"""hydrion's threshold (not a literature value): the four H of a [BH4]− lie within this of
their B (B–H 1.1–1.3 Å; non-bonded B···H in hydrides are beyond 2 Å)."""


def bond_unit_vectors(traj: Trajectory, centre: str = "B", ligand: str = "H") -> np.ndarray:
    """Unit vectors centre→ligand of [BH4]− tetrahedra, bonds chosen in the first frame.

    Parameters
    ----------
    traj : Trajectory
        The run.
    centre : str
        Element of the anion's centre.
    ligand : str
        Element of its ligands.

    Returns
    -------
    numpy.ndarray
        Shape (frames, bonds, 3), four bonds per centre in centre order, minimum-image.

    Raises
    ------
    hydrion.errors.InputError
        When a B has fewer than four H within :data:`BH4_BOND_MAX_A` (Å) (a closo cage, whose
        B carries one H): the rotation, order and paddle-wheel estimators are written for
        [BH4]− and would give wrong numbers for cages, so those stay not resolved.
    """
    centres, ligands = traj.indices(centre), traj.indices(ligand)
    first = traj.positions_A[0]
    inverse = np.linalg.inv(traj.cell_A)
    pairs: list[tuple[int, int]] = []
    for c in centres:
        delta = (first[ligands] - first[c]) @ inverse
        delta -= np.round(delta)
        distance = np.linalg.norm(delta @ traj.cell_A, axis=1)
        nearest = np.argsort(distance)[:4]
        if nearest.size < 4 or distance[nearest[-1]] > BH4_BOND_MAX_A:
            raise InputError(
                f"{centre} atom {c} has fewer than 4 {ligand} within {BH4_BOND_MAX_A} Å: not a "
                f"[BH4]− tetrahedron (a closo cage?); anion rotation is analysed for [BH4]− only"
            )
        pairs.extend((c, ligands[j]) for j in nearest)
    bonds = np.array(pairs)
    vectors = traj.positions_A[:, bonds[:, 1]] - traj.positions_A[:, bonds[:, 0]]
    frac = vectors @ inverse
    vectors = (frac - np.round(frac)) @ traj.cell_A
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def paddle_wheel_index(
    traj: Trajectory,
    cation: str,
    window_frames: int = 5,
    hop_A: float = 1.5,
    neighbour_A: float = 4.0,
    bonds: np.ndarray | None = None,
) -> tuple[float, int]:
    """The paddle-wheel index (see the module text) and the number of hops it rests on.

    A hop is a cation displacement larger than ``hop_A`` over ``window_frames`` frames
    (windows that do not overlap).

    Parameters
    ----------
    traj : Trajectory
        The run.
    cation : str
        The mobile cation's element symbol.
    window_frames : int
        Frames per window.
    hop_A : float
        Displacement over a window that counts as a hop, Å.
    neighbour_A : float
        Distance from the hop's midpoint within which an anion centre counts as near, Å.
    bonds : numpy.ndarray or None
        The trajectory's :func:`bond_unit_vectors` (frames × bonds × 3), when already computed.

    Returns
    -------
    tuple of (float, int)
        The index (dimensionless; 1: no coupling), NaN when no hop occurred; and the number of
        hops.

    Raises
    ------
    hydrion.errors.InputError
        As :func:`bond_unit_vectors`, when ``bonds`` is None.

    Notes
    -----
    hydrion's definition, after Zhang et al., Matter (2020), doi:10.1016/j.matt.2020.04.027.
    """
    cations = traj.indices(cation)
    bonds = bond_unit_vectors(traj) if bonds is None else bonds
    centres = traj.indices("B")
    per_anion = bonds.shape[1] // centres.size
    inverse = np.linalg.inv(traj.cell_A)
    coupled, hops = [], 0
    background = []
    for start in range(0, traj.positions_A.shape[0] - window_frames, window_frames):
        end = start + window_frames
        cosines = np.clip(np.sum(bonds[start] * bonds[end], axis=-1), -1.0, 1.0)
        angles = np.degrees(np.arccos(cosines)).reshape(centres.size, per_anion).mean(axis=1)
        background.extend(angles)
        moved = np.linalg.norm(
            traj.positions_A[end, cations] - traj.positions_A[start, cations], axis=1
        )
        for k in np.flatnonzero(moved > hop_A):
            hops += 1
            mid = 0.5 * (traj.positions_A[start, cations[k]] + traj.positions_A[end, cations[k]])
            delta = (traj.positions_A[start, centres] - mid) @ inverse
            delta -= np.round(delta)
            near = np.linalg.norm(delta @ traj.cell_A, axis=1) < neighbour_A
            coupled.extend(angles[near])
    if not coupled or np.mean(background) == 0:
        return math.nan, hops
    return float(np.mean(coupled) / np.mean(background)), hops


ISOTROPIC_POINTS = 4000
"""Directions over which the isotropic baseline of η is averaged (hydrion's choice)."""


def _p2(x: np.ndarray) -> np.ndarray:
    return 1.5 * x * x - 0.5


def _sphere(n_points: int = ISOTROPIC_POINTS) -> np.ndarray:
    """``n_points`` near-uniform unit vectors (a Fibonacci sphere), n_points × 3."""
    k = np.arange(n_points) + 0.5
    z = 1 - 2 * k / n_points
    phi = np.pi * (1 + 5**0.5) * k
    r = np.sqrt(1 - z * z)
    return np.stack([r * np.cos(phi), r * np.sin(phi), z], axis=1)


def _isotropic_order(reference: np.ndarray) -> np.ndarray:
    """Per anion, the S an isotropic bond direction gives against that anion's own reference
    directions (anions × bonds × 3): the mean over the sphere of max P₂(u·r)."""
    sphere = _sphere()
    chunks = [  # 256 anions at a time: 4000 × 256 × 4 cosines (33 MB), whatever the cell
        np.mean(np.max(_p2(np.einsum("pi,aci->apc", sphere, part)), axis=-1), axis=1)
        for part in np.array_split(reference, max(1, -(-reference.shape[0] // 256)))
    ]
    return np.concatenate(chunks)


def orientational_order(bonds: np.ndarray, per_anion: int = 4, n_blocks: int = 5) -> Estimate:
    """Orientational order η of anions relative to their orientations in the first frame.

    S = mean over bonds of max P₂(u(t)·r) over the anion's first-frame bond directions r (so
    a jump to an equivalent orientation keeps S = 1); η = (S − S_iso)/(1 − S_iso), where S_iso
    is the mean over anions of the S an isotropic direction gives against *that anion's own*
    first-frame directions (an ideal tetrahedron gives 0.6366; the thermally distorted
    tetrahedra of an MD frame give less, and using the ideal value biased η of a rotor phase
    to −0.08, below its range). So E[η] = 0 for isotropic orientations and η = 1 for kept
    ones; S_iso is averaged over :data:`ISOTROPIC_POINTS` directions (error < 1e-3). The
    first frame (η = 1 by construction) is left out.

    Parameters
    ----------
    bonds : numpy.ndarray
        Shape (frames, bonds, 3), unit bond vectors, ``per_anion`` consecutive bonds per anion
        (:func:`bond_unit_vectors`).
    per_anion : int
        Bonds per anion.
    n_blocks : int
        Consecutive blocks the frames after the first are cut into.

    Returns
    -------
    Estimate
        η (dimensionless): block mean and standard error.

    Notes
    -----
    hydrion's own order parameter.
    """
    frames, n_bonds, _ = bonds.shape
    reference = bonds[0].reshape(n_bonds // per_anion, per_anion, 3)
    current = bonds[1:].reshape(frames - 1, n_bonds // per_anion, per_anion, 3)
    cosines = np.einsum("tabi,aci->tabc", current, reference)
    order = np.mean(np.max(_p2(cosines), axis=-1), axis=(1, 2))
    iso = float(np.mean(_isotropic_order(reference)))
    eta = (order - iso) / (1 - iso)
    return block_estimate([float(np.mean(eta[b])) for b in block_slices(frames - 1, n_blocks)])
