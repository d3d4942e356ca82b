"""D* and D_σ (hydrion.atomistic.diffusion) and the Haven ratio built on them recover known
values from synthetic random walks (numpy only: always run; kinisi where installed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hydrion.atomistic.analysis import TransportResult, haven_text
from hydrion.atomistic.diffusion import diffusivities
from hydrion.atomistic.estimates import Estimate
from hydrion.atomistic.trajectory import Trajectory, unwrap
from hydrion.errors import InputError

DT_PS = 0.1
A2_PER_PS_PER_CM2_PER_S = 1e4  # 1 cm²/s = 1e16 Å² / 1e12 ps


def _random_walk(D_cm2_per_s: float, frames: int, walkers: int, seed: int) -> np.ndarray:
    step = math.sqrt(2 * D_cm2_per_s * A2_PER_PS_PER_CM2_PER_S * DT_PS)
    rng = np.random.default_rng(seed)
    return np.cumsum(rng.normal(0.0, step, size=(frames, walkers, 3)), axis=0)


def test_tracer_and_collective_diffusivity_recovered_within_uncertainty():
    D = 1e-5
    positions = _random_walk(D, frames=2000, walkers=64, seed=1)
    tracer, collective = diffusivities(positions, DT_PS, n_blocks=5)
    assert abs(tracer.value - D) < 3 * tracer.error
    assert tracer.error < 0.1 * D  # 64 walkers × 5 blocks: a tight estimate
    # independent walkers: the collective D equals the tracer D (Haven ratio 1)
    assert abs(collective.value - D) < 3 * collective.error
    assert collective.error > tracer.error  # one collective coordinate is noisier


def test_correlated_walkers_give_a_haven_ratio_below_one():
    # all ions move together: D_σ = N·D*, H_R = 1/N
    common = _random_walk(1e-5, frames=1000, walkers=1, seed=2)
    positions = np.repeat(common, 8, axis=1)
    tracer, collective = diffusivities(positions, DT_PS, n_blocks=5)
    assert tracer.value / collective.value == pytest.approx(1 / 8, rel=1e-6)


def _transport(tracer: Estimate, collective: Estimate) -> TransportResult:
    haven = tracer.value / collective.value
    return TransportResult(
        "x", 500.0, "Li", 100.0, 16, tracer, collective, haven, collective, None, math.nan, 0, {}
    )


def test_uncorrelated_walkers_give_a_haven_ratio_of_one_with_its_uncertainty():
    # referee R1: H_R = 1.96 was printed bare for uncorrelated walkers (true H_R = 1)
    results = []
    for seed in range(8):
        tracer, collective = diffusivities(_random_walk(1e-5, 1000, 16, seed), DT_PS, n_blocks=5)
        results.append(_transport(tracer, collective))
    for r in results:
        expected = r.haven_ratio * math.hypot(
            r.D_tracer_cm2_per_s.error / r.D_tracer_cm2_per_s.value,
            r.D_sigma_cm2_per_s.error / r.D_sigma_cm2_per_s.value,
        )
        assert r.haven_ratio_error == pytest.approx(expected)
        assert abs(r.haven_ratio - 1) < 3.5 * r.haven_ratio_error  # 5 blocks: a 4-dof 1σ
        # D_σ (one collective coordinate) carries most of H_R's uncertainty
        assert r.D_sigma_cm2_per_s.error / r.D_sigma_cm2_per_s.value > (
            r.D_tracer_cm2_per_s.error / r.D_tracer_cm2_per_s.value
        )
        assert " ± " in haven_text(r)
    assert any(not r.haven_well_determined for r in results)
    flagged = [haven_text(r) for r in results if not r.haven_well_determined]
    assert all(text.endswith("(ill-determined)") for text in flagged)


def test_a_long_run_of_many_walkers_determines_the_haven_ratio():
    tracer, collective = diffusivities(_random_walk(1e-5, 4000, 64, 4), DT_PS, n_blocks=5)
    result = _transport(tracer, collective)
    assert result.haven_well_determined
    assert abs(result.haven_ratio - 1) < 3.5 * result.haven_ratio_error


def test_unwrap_restores_a_straight_path():
    cell = np.diag([5.0, 5.0, 5.0])
    true = np.linspace(0, 12, 25)[:, None, None] * np.array([1.0, 0.0, 0.0])
    wrapped = true % 5.0
    assert np.allclose(unwrap(wrapped, cell), true)


def test_too_short_trajectory_is_refused():
    with pytest.raises(InputError, match="fewer than 10 frames"):
        diffusivities(np.zeros((30, 4, 3)), DT_PS, n_blocks=5)


@pytest.mark.slow  # kinisi's Bayesian sampling end to end (~7 s); the numpy estimator runs above
def test_kinisi_recovers_a_known_diffusivity_within_its_uncertainty():
    pytest.importorskip("kinisi")
    pytest.importorskip("ase")
    from hydrion.atomistic.diffusion import kinisi_transport

    D = 1e-5
    positions = _random_walk(D, frames=400, walkers=32, seed=3) + 10.0
    traj = Trajectory(
        positions_A=positions,
        symbols=("Li",) * 32,
        cell_A=np.eye(3) * 20.0,
        frame_interval_ps=DT_PS,
        temperature_K=500.0,
        metadata={},
    )
    tracer, collective, sigma = kinisi_transport(traj, "Li", seed=0)
    assert abs(tracer.value - D) < 3 * tracer.error
    assert tracer.error < 0.3 * D
    # independent walkers: D_σ = D* within its (larger) uncertainty, σ its Nernst–Einstein value
    assert abs(collective.value - D) < 3 * collective.error
    assert collective.error > tracer.error
    assert sigma.value / collective.value == pytest.approx(sigma.error / collective.error)
