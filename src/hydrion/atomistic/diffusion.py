"""Tracer and collective diffusivity of the mobile ion from an MD trajectory.

* hydrion's estimator (:func:`diffusivities`): mean squared displacement with time-origin
  averaging, D* = slope/6 fitted over lags from 10 % to 50 % of a block, and the same on the
  displacement of the sum of all mobile ions, D_σ = MSD_Σ/(6·N·t); block-averaged
  (:mod:`hydrion.atomistic.estimates`).
* kinisi's Bayesian estimator (:func:`kinisi_transport`, optional package), the better tool
  for production runs.
"""

from __future__ import annotations

import numpy as np

from hydrion.atomistic.estimates import FIT_END, Estimate, block_estimate, block_slices
from hydrion.atomistic.trajectory import Trajectory

FIT_START = 0.1
"""Shortest lag of the MSD fit, as a fraction of a block (hydrion's choice: past the
ballistic start)."""


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
    for block in block_slices(positions_A.shape[0], n_blocks):
        part = positions_A[block]
        max_lag = max(int(FIT_END * part.shape[0]), 2)
        tracer.append(_slope_per_ps(_msd(part, max_lag), dt_ps) / 6)
        total = part.sum(axis=1)[:, None, :]
        collective.append(_slope_per_ps(_msd(total, max_lag), dt_ps) / (6 * n_ions))
    to_cm2_per_s = 1e-16 / 1e-12  # Å²/ps → cm²/s
    d_tracer = block_estimate([v * to_cm2_per_s for v in tracer])
    d_sigma = block_estimate([v * to_cm2_per_s for v in collective])
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
