"""Transport and mechanism from MD trajectories: D*, σ with cross terms, Haven ratio,
anion reorientation and a paddle-wheel index, each with an uncertainty.

Estimators (hydrion's own; kinisi's Bayesian estimator is the better tool for production
runs and is not used here yet):

* **Tracer diffusivity D*** of the mobile ion: mean squared displacement with time-origin
  averaging, D* = slope/6 fitted over lags from 10 % to 50 % of a block. The trajectory is
  cut into ``n_blocks`` consecutive blocks analysed independently; D* is the block mean and
  its uncertainty the standard error of the block values (block averaging, H. Flyvbjerg &
  H. G. Petersen, J. Chem. Phys. 91 (1989) 461, doi:10.1063/1.457480).
* **Conductivity with cross terms**: the same estimator on the displacement of the sum of
  all mobile ions, D_σ = MSD_Σ/(6·N·t); σ = n·(z·e)²·D_σ/(k·T) through
  :func:`hydrion.transport.nernst_einstein.sigma_from_diffusivity`; Haven ratio H_R = D*/D_σ
  (definition: G. E. Murch, "The Haven ratio in fast ionic conductors", Solid State Ionics 7
  (1982) 177–198, doi:10.1016/0167-2738(82)90050-9). Its 1σ is propagated from D* and D_σ as
  independent (conservative: they share the same displacements). D_σ rests on one collective
  coordinate instead of N ion coordinates, so it is far noisier than D*, and H_R inherits that
  noise: it is flagged ill-determined when its relative uncertainty exceeds
  :data:`HAVEN_MAX_RELATIVE_ERROR`.
* **Anion reorientation**: first-order rotational autocorrelation C₁(t) = ⟨u(0)·u(t)⟩ of the
  B–H bond unit vectors, τ from a fit of ln C₁ = −t/τ over C₁ > 0.2; refused (not
  resolved) when C₁ stays above 1/e within a block, rather than extrapolated.
* **Orientational order** η (see :func:`orientational_order`): 1 while anions keep their
  starting orientations (or jump between equivalent ones), ≈ 0 in a rotor phase; followed
  against temperature it indicates the order–disorder transition.
* **Paddle-wheel index** (hydrion's definition, after the joint-time correlation of cation
  hops and anion rotations of Z. Zhang et al., Matter (2020), doi:10.1016/j.matt.2020.04.027,
  "Targeting superionic conductivity by turning on anion rotation ..."): the mean
  rotation angle, over the window of a cation hop, of the anions within ``neighbour_A`` of
  the hopping cation, divided by the mean rotation angle of all anions over windows of the
  same length. 1 means no coupling; above 1, anions next to a hop turn more than the rest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hydrion.atomistic.trajectory import Trajectory, load_trajectory
from hydrion.errors import InputError
from hydrion.results import Result

FIT_START = 0.1
FIT_END = 0.5
ACF_FIT_FLOOR = 0.2
MIN_DIFFUSIVE_MSD_A2 = 4.0


"""hydrion's threshold (not a literature value): below a mean squared displacement of
(2 Å)², shorter than one cation hop between neighbouring sites, the MSD has not left the
ballistic/vibrational regime and D, σ and H_R are not meaningful."""
HAVEN_REFERENCE = "G. E. Murch, Solid State Ionics 7 (1982) 177, doi:10.1016/0167-2738(82)90050-9"
HAVEN_MAX_RELATIVE_ERROR = 0.25
"""hydrion's threshold (not a literature value): a Haven ratio whose 1σ exceeds a quarter of
its value cannot tell correlated (H_R < 1) from uncorrelated (H_R = 1) hopping at 2σ; it is
reported, flagged ill-determined."""
PADDLE_WHEEL_REFERENCE = "Z. Zhang et al., Matter (2020), doi:10.1016/j.matt.2020.04.027"
PADDLE_WHEEL = (
    "paddle-wheel index (hydrion's definition: rotation of anions within 4 Å of a cation hop "
    f"over the background rotation, 1 = no coupling; after {PADDLE_WHEEL_REFERENCE})"
)
"""How the paddle-wheel index is named where it is reported (see the module text)."""


@dataclass(frozen=True)
class Estimate(Result):
    """A value with its 1σ standard error from ``n_blocks`` independent blocks."""

    value: float
    error: float
    n_blocks: int

    derived = ("well_determined",)

    @property
    def well_determined(self) -> bool:
        """True when the value is at least twice its standard error."""
        return math.isfinite(self.error) and abs(self.value) >= 2 * self.error


def _msd(displacements: np.ndarray, max_lag: int) -> np.ndarray:
    """MSD (Å²) for lags 1..max_lag, averaged over time origins and the second axis."""
    return np.array(
        [
            np.mean(np.sum((displacements[lag:] - displacements[:-lag]) ** 2, axis=-1))
            for lag in range(1, max_lag + 1)
        ]
    )


def _slope_per_ps(msd: np.ndarray, dt_ps: float) -> float:
    lags = np.arange(1, msd.size + 1) * dt_ps
    lo = max(int(FIT_START * msd.size), 0)
    slope, _ = np.polyfit(lags[lo:], msd[lo:], 1)
    return float(slope)


def _blocks(n_frames: int, n_blocks: int) -> list[slice]:
    size = n_frames // n_blocks
    if size < 10:
        raise InputError(
            f"{n_frames} frames in {n_blocks} blocks leave fewer than 10 frames per block; "
            "run longer or use fewer blocks"
        )
    return [slice(k * size, (k + 1) * size) for k in range(n_blocks)]


def _block_estimate(values: list[float]) -> Estimate:
    array = np.asarray(values)
    error = float(np.std(array, ddof=1) / math.sqrt(array.size)) if array.size > 1 else math.nan
    return Estimate(float(np.mean(array)), error, int(array.size))


def diffusivities(
    positions_A: np.ndarray, dt_ps: float, n_blocks: int = 5
) -> tuple[Estimate, Estimate]:
    """Tracer D* and collective D_σ of one species, block-averaged.

    Per block, D* = slope/6 of the time-origin-averaged MSD and D_σ = slope/(6·N) of the MSD of
    the summed displacement, fitted over lags up to ``FIT_END`` of the block.

    Parameters
    ----------
    positions_A : numpy.ndarray
        Shape (frames, ions, 3), unwrapped positions of the ions, Å.
    dt_ps : float
        Time between frames, ps.
    n_blocks : int
        Consecutive blocks the trajectory is cut into.

    Returns
    -------
    tuple of (Estimate, Estimate)
        D* and D_σ in cm²/s: block mean and standard error.

    References
    ----------
    Block averaging: Flyvbjerg & Petersen, J. Chem. Phys. 91 (1989) 461,
    doi:10.1063/1.457480. The MSD estimator is hydrion's own.
    """
    n_ions = positions_A.shape[1]
    tracer, collective = [], []
    for block in _blocks(positions_A.shape[0], n_blocks):
        part = positions_A[block]
        max_lag = max(int(FIT_END * part.shape[0]), 2)
        tracer.append(_slope_per_ps(_msd(part, max_lag), dt_ps) / 6)
        total = part.sum(axis=1)[:, None, :]
        collective.append(_slope_per_ps(_msd(total, max_lag), dt_ps) / (6 * n_ions))
    to_cm2_per_s = 1e-16 / 1e-12  # Å²/ps → cm²/s
    d_tracer = _block_estimate([v * to_cm2_per_s for v in tracer])
    d_sigma = _block_estimate([v * to_cm2_per_s for v in collective])
    return d_tracer, d_sigma


KINISI_MAX_INTERVALS = 100
"""At most this many time intervals enter kinisi's MSD covariance (hydrion's choice: the
covariance is intervals × intervals, and a full grid of thousands takes minutes)."""


def kinisi_transport(
    traj: Trajectory, ion: str, seed: int = 0
) -> tuple[Estimate, Estimate, Estimate]:
    """D* (cm²/s), D_σ (cm²/s) and σ (S/cm, with cross terms) through kinisi.

    kinisi models the MSD's covariance and samples the posterior of the slope (generalised
    least squares + MCMC), which gives honest uncertainties from one trajectory. The time
    intervals run from one frame to ``FIT_END`` of the run (at most
    :data:`KINISI_MAX_INTERVALS`, evenly strided); the diffusive regime is taken to start at
    ``FIT_START`` of the run.

    Parameters
    ----------
    traj : Trajectory
        The run (positions in Å, cells, frame interval in ps, temperature in K).
    ion : str
        The mobile ion's element symbol.
    seed : int
        Random seed of the MCMC sampling.

    Returns
    -------
    tuple of (Estimate, Estimate, Estimate)
        D*, D_σ and σ: posterior mean and standard deviation each (``n_blocks`` = 0: not a
        block estimate).

    Raises
    ------
    hydrion.errors.MissingDataError
        Without kinisi.

    References
    ----------
    kinisi: A. R. McCluskey et al., J. Open Source Softw., doi:10.21105/joss.05984; method:
    doi:10.1021/acs.jctc.4c01249, as kinisi cites it (MIT licence).
    """
    try:
        import scipp as sc
        from ase import Atoms
        from kinisi.analyze import ConductivityAnalyzer, DiffusionAnalyzer
    except ImportError:
        from hydrion.errors import MissingDataError

        raise MissingDataError(
            "the kinisi estimator needs kinisi (pip install kinisi); or use --estimator blocks"
        ) from None
    from hydrion.constants import ion_charge
    from hydrion.transport.nernst_einstein import sigma_from_diffusivity

    n_frames = traj.positions_A.shape[0]
    last = max(int(FIT_END * n_frames), 2)
    stride = max(1, -(-last // KINISI_MAX_INTERVALS))
    cells = traj.cells_A if traj.cells_A is not None else [traj.cell_A] * n_frames
    frames = [
        Atoms(traj.symbols, positions=p, cell=c, pbc=True)
        for p, c in zip(traj.positions_A, cells, strict=True)
    ]
    common = {
        "specie": ion,
        "time_step": sc.scalar(traj.frame_interval_ps, unit="ps"),
        "step_skip": sc.scalar(1),
        "dt": sc.arange("time interval", stride, last + 1, stride, unit="ps").astype("float64")
        * traj.frame_interval_ps,
        "progress": False,
    }
    fit = {
        "start_dt": sc.scalar(FIT_START * n_frames * traj.frame_interval_ps, unit="ps"),
        "progress": False,
        "random_state": np.random.RandomState(seed),
    }
    tracer = DiffusionAnalyzer.from_ase(frames, **common)
    tracer.diffusion(**fit)
    collective = ConductivityAnalyzer.from_ase(
        frames, ionic_charge=sc.scalar(ion_charge(ion), unit="e"), **common
    )
    collective.conductivity(temperature=sc.scalar(traj.temperature_K, unit="K"), **fit)
    d_samples = sc.to_unit(tracer.D, "cm^2/s").values
    s_samples = sc.to_unit(collective.sigma, "S/cm").values
    n_per_cm3 = traj.indices(ion).size / traj.volume_cm3
    per_D = float(sigma_from_diffusivity(1.0, traj.temperature_K, n_per_cm3, ion))

    def posterior(samples: np.ndarray) -> Estimate:
        return Estimate(float(np.mean(samples)), float(np.std(samples, ddof=1)), 0)

    return posterior(d_samples), posterior(s_samples / per_D), posterior(s_samples)


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
    for block in _blocks(unit_vectors.shape[0], n_blocks):
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
    return _block_estimate(taus)


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
    blocks = _blocks(cells_A.shape[0], n_blocks)
    return tuple(
        _block_estimate([float(np.mean(lengths[b, axis])) for b in blocks]) for axis in range(3)
    )


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
    return _block_estimate([float(np.mean(eta[b])) for b in _blocks(frames - 1, n_blocks)])


@dataclass(frozen=True)
class TransportResult(Result):
    """Everything :func:`analyse` derives from one trajectory."""

    path: str
    temperature_K: float
    ion: str
    simulated_time_ps: float
    n_atoms: int
    D_tracer_cm2_per_s: Estimate
    D_sigma_cm2_per_s: Estimate
    haven_ratio: float
    sigma_S_per_cm: Estimate
    rotation_tau_ps: Estimate | None
    paddle_wheel_index: float
    hops: int
    metadata: dict[str, Any]
    msd_end_A2: float = math.nan
    orientational_order: Estimate | None = None
    lattice_A: tuple[Estimate, ...] | None = None

    derived = ("diffusive", "model", "seed", "haven_ratio_error", "haven_well_determined")

    @property
    def haven_ratio_error(self) -> float:
        """1σ of H_R = D*/D_σ, propagated from D* and D_σ as independent errors (NaN where
        H_R is not resolved); see :data:`HAVEN_REFERENCE` for the definition."""
        d_t, d_s = self.D_tracer_cm2_per_s, self.D_sigma_cm2_per_s
        if not (math.isfinite(self.haven_ratio) and d_t.value > 0 and d_s.value > 0):
            return math.nan
        return abs(self.haven_ratio) * math.hypot(d_t.error / d_t.value, d_s.error / d_s.value)

    @property
    def haven_well_determined(self) -> bool:
        """True when H_R's relative 1σ is at most :data:`HAVEN_MAX_RELATIVE_ERROR`."""
        error = self.haven_ratio_error
        return math.isfinite(error) and error <= HAVEN_MAX_RELATIVE_ERROR * abs(self.haven_ratio)

    @property
    def diffusive(self) -> bool:
        """True when the ions moved beyond one hop on average (see MIN_DIFFUSIVE_MSD_A2)."""
        return self.msd_end_A2 >= MIN_DIFFUSIVE_MSD_A2

    @property
    def model(self) -> dict[str, Any] | None:
        """The potential that produced the trajectory (its sidecar's ModelInfo)."""
        return self.metadata.get("model")

    @property
    def seed(self) -> int | None:
        """The random seed of the run."""
        return self.metadata.get("settings", {}).get("seed")


def haven_text(result: TransportResult) -> str:
    """H_R as reported: 'value ± 1σ', '(ill-determined)' when flagged, 'not resolved' for NaN.

    Parameters
    ----------
    result : TransportResult
        An analysed run (its Haven ratio, 1σ and flag).

    Returns
    -------
    str
        The text, H_R and 1σ to two decimals (dimensionless).
    """
    if not math.isfinite(result.haven_ratio):
        return "not resolved"
    flag = "" if result.haven_well_determined else " (ill-determined)"
    return f"{result.haven_ratio:.2f} ± {result.haven_ratio_error:.2f}{flag}"


def analyse(
    path: Path, ion: str = "Li", n_blocks: int = 5, estimator: str = "blocks"
) -> TransportResult:
    """D*, D_σ, H_R, σ (with cross terms), rotational τ and paddle-wheel index of one run.

    ``diffusive`` in the result says whether the run was long enough for any of it to mean
    something. Where the collective diffusion is not resolved (D_σ ≤ 0 within the noise), σ and
    H_R are reported as NaN, never guessed; mechanism values that cannot be resolved (no
    [BH4]−, too few frames) are None.

    Parameters
    ----------
    path : pathlib.Path
        The trajectory written by ``hydrion md run`` (with its metadata sidecar).
    ion : str
        The mobile ion's element symbol.
    n_blocks : int
        Blocks of the block estimates.
    estimator : {'blocks', 'kinisi'}
        'blocks' (hydrion's block averaging; σ's uncertainty propagated from D_σ's block error)
        or 'kinisi' (:func:`kinisi_transport`, Bayesian).

    Returns
    -------
    TransportResult
        D* and D_σ in cm²/s, σ in S/cm (Nernst–Einstein with cross terms,
        :func:`hydrion.transport.nernst_einstein.sigma_from_diffusivity`), H_R, τ in ps, η,
        the paddle-wheel index and hops, NPT lattice lengths in Å, and the run's metadata.

    Raises
    ------
    hydrion.errors.InputError
        For an unknown estimator or an unreadable trajectory or metadata.
    hydrion.errors.FileFormatError
        If the trajectory path is not a regular file.
    hydrion.errors.MissingDataError
        For 'kinisi' without kinisi installed.

    References
    ----------
    Haven ratio: Murch, Solid State Ionics 7 (1982) 177, doi:10.1016/0167-2738(82)90050-9.
    """
    from hydrion.transport.nernst_einstein import sigma_from_diffusivity

    if estimator not in ("blocks", "kinisi"):
        raise InputError(f"unknown estimator {estimator!r}; use blocks or kinisi")
    traj = load_trajectory(path)
    ions = traj.indices(ion)
    n_per_cm3 = ions.size / traj.volume_cm3
    if estimator == "kinisi":
        seed = traj.metadata.get("settings", {}).get("seed", 0)
        d_tracer, d_sigma, kinisi_sigma = kinisi_transport(traj, ion, seed)
    else:
        d_tracer, d_sigma = diffusivities(
            traj.positions_A[:, ions], traj.frame_interval_ps, n_blocks
        )
    if estimator == "kinisi" and d_sigma.value > 0:
        sigma, haven = kinisi_sigma, d_tracer.value / d_sigma.value
    elif d_sigma.value > 0:
        per_D = float(sigma_from_diffusivity(1.0, traj.temperature_K, n_per_cm3, ion))
        sigma = Estimate(d_sigma.value * per_D, d_sigma.error * per_D, d_sigma.n_blocks)
        haven = d_tracer.value / d_sigma.value
    else:
        sigma, haven = Estimate(math.nan, math.nan, n_blocks), math.nan
    tau = order = None
    pwi, hops = math.nan, 0
    try:  # no B/H, or not [BH4]− (a closo cage): the mechanism stays not resolved
        bonds = bond_unit_vectors(traj)
    except InputError:
        bonds = None
    if bonds is not None:
        try:  # too few frames for the blocks (a short kinisi run): not resolved, not guessed
            order = orientational_order(bonds, n_blocks=n_blocks)
        except InputError:
            order = None
        try:
            tau = rotational_relaxation(bonds, traj.frame_interval_ps, n_blocks)
        except InputError:
            tau = None
        pwi, hops = paddle_wheel_index(traj, ion, bonds=bonds)
    return TransportResult(
        path=str(path),
        temperature_K=traj.temperature_K,
        ion=ion,
        simulated_time_ps=traj.positions_A.shape[0] * traj.frame_interval_ps,
        n_atoms=len(traj.symbols),
        D_tracer_cm2_per_s=d_tracer,
        D_sigma_cm2_per_s=d_sigma,
        haven_ratio=haven,
        sigma_S_per_cm=sigma,
        rotation_tau_ps=tau,
        paddle_wheel_index=pwi,
        hops=hops,
        metadata={**traj.metadata, "estimator": estimator},
        orientational_order=order,
        lattice_A=(
            lattice_parameters(traj.cells_A, n_blocks)
            if traj.cells_A is not None
            and traj.metadata["settings"].get("pressure_GPa") is not None
            else None
        ),
        msd_end_A2=float(
            np.mean(np.sum((traj.positions_A[-1, ions] - traj.positions_A[0, ions]) ** 2, axis=-1))
        ),
    )


def fit_md_arrhenius(results: list[TransportResult]):
    """Ea (eV, with its 1σ error) from σ(T) of several runs, via hydrion's Arrhenius fit.

    Replicas at one temperature are averaged first; only runs that reached the diffusive regime
    with a resolved σ count.

    Parameters
    ----------
    results : list of TransportResult
        Analysed runs (T in K, σ in S/cm).

    Returns
    -------
    hydrion.transport.fitting.ArrheniusFit
        A single-segment fit (:func:`hydrion.transport.fitting.fit_arrhenius`).

    Raises
    ------
    hydrion.errors.InputError
        With fewer than three temperatures with a resolved σ.
    """
    points = [
        (r.temperature_K, r.sigma_S_per_cm.value)
        for r in results
        if r.diffusive and math.isfinite(r.sigma_S_per_cm.value) and r.sigma_S_per_cm.value > 0
    ]
    return _arrhenius_of_replicas(points, "an Arrhenius fit of MD results needs σ resolved")


def fit_rotation_arrhenius(results: list[TransportResult]):
    """Activation energy of anion reorientation from 1/τ(T), via hydrion's Arrhenius fit.

    The rate 1/τ (ps⁻¹) is fitted as rate = A·exp(−Ea/kT) (the fit's 'sigma' convention
    applied to a rate); replicas at one temperature are averaged first.

    Parameters
    ----------
    results : list of TransportResult
        Analysed runs (T in K, rotational τ in ps).

    Returns
    -------
    hydrion.transport.fitting.ArrheniusFit
        A single-segment fit of the rate; its 'σ' values are rates in ps⁻¹.

    Raises
    ------
    hydrion.errors.InputError
        With fewer than three temperatures with a resolved τ.
    """
    points = [
        (r.temperature_K, 1.0 / r.rotation_tau_ps.value)
        for r in results
        if r.rotation_tau_ps is not None
        and math.isfinite(r.rotation_tau_ps.value)
        and r.rotation_tau_ps.value > 0
    ]
    return _arrhenius_of_replicas(points, "an Arrhenius fit of rotation rates needs τ")


def _arrhenius_of_replicas(points: list[tuple[float, float]], needs: str):
    """Single-line Arrhenius fit of (T in K, value) points, replicas at one T averaged first;
    InputError ('{needs} at 3 temperatures; got n') with fewer than three temperatures."""
    from hydrion.transport.fitting import fit_arrhenius

    by_T: dict[float, list[float]] = {}
    for temperature_K, value in points:
        by_T.setdefault(temperature_K, []).append(value)
    if len(by_T) < 3:
        raise InputError(f"{needs} at 3 temperatures; got {len(by_T)}")
    temperatures = sorted(by_T)
    return fit_arrhenius(
        temperatures, [float(np.mean(by_T[T])) for T in temperatures], model="single"
    )
