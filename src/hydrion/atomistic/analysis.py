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
* **Orientational order** η (see :func:`~hydrion.atomistic.rotation.orientational_order`):
  1 while anions keep their starting orientations (or jump between equivalent ones), ≈ 0 in
  a rotor phase; followed against temperature it indicates the order–disorder transition.
* **Paddle-wheel index** (hydrion's definition, after the joint-time correlation of cation
  hops and anion rotations of Z. Zhang et al., Matter (2020), doi:10.1016/j.matt.2020.04.027,
  "Targeting superionic conductivity by turning on anion rotation ..."): the mean
  rotation angle, over the window of a cation hop, of the anions within ``neighbour_A`` of
  the hopping cation, divided by the mean rotation angle of all anions over windows of the
  same length. 1 means no coupling; above 1, anions next to a hop turn more than the rest.

The estimators live in :mod:`hydrion.atomistic.diffusion` (D*, D_σ),
:mod:`hydrion.atomistic.rotation` (τ, η, paddle-wheel index) and
:mod:`hydrion.atomistic.estimates` (block averages, lattice lengths); this module combines
them into one :class:`TransportResult` per run and fits Arrhenius laws across runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hydrion.atomistic.diffusion import diffusivities, kinisi_transport
from hydrion.atomistic.estimates import Estimate, lattice_parameters
from hydrion.atomistic.rotation import (
    PADDLE_WHEEL,
    PADDLE_WHEEL_REFERENCE,
    bond_unit_vectors,
    orientational_order,
    paddle_wheel_index,
    rotational_relaxation,
)
from hydrion.atomistic.trajectory import load_trajectory
from hydrion.errors import InputError
from hydrion.results import Result

__all__ = [  # the estimators moved out; still importable from here
    "PADDLE_WHEEL",
    "PADDLE_WHEEL_REFERENCE",
    "Estimate",
    "TransportResult",
    "analyse",
    "bond_unit_vectors",
    "diffusivities",
    "fit_md_arrhenius",
    "fit_rotation_arrhenius",
    "haven_text",
    "kinisi_transport",
    "lattice_parameters",
    "orientational_order",
    "paddle_wheel_index",
    "rotational_relaxation",
]

MIN_DIFFUSIVE_MSD_A2 = 4.0


"""hydrion's threshold (not a literature value): below a mean squared displacement of
(2 Å)², shorter than one cation hop between neighbouring sites, the MSD has not left the
ballistic/vibrational regime and D, σ and H_R are not meaningful."""
HAVEN_REFERENCE = "G. E. Murch, Solid State Ionics 7 (1982) 177, doi:10.1016/0167-2738(82)90050-9"
HAVEN_MAX_RELATIVE_ERROR = 0.25
"""hydrion's threshold (not a literature value): a Haven ratio whose 1σ exceeds a quarter of
its value cannot tell correlated (H_R < 1) from uncorrelated (H_R = 1) hopping at 2σ; it is
reported, flagged ill-determined."""


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
        or 'kinisi' (:func:`~hydrion.atomistic.diffusion.kinisi_transport`, Bayesian).

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
