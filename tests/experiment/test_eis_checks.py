"""Lin-KK test and runs test on spectra and residuals made for the tests."""

import math

import numpy as np
import pytest

from hydrion.experiment.eis import synthetic_spectrum
from hydrion.experiment.eis_checks import (
    KK_MAX_RESIDUAL,
    KKResult,
    kramers_kronig,
    lin_kk_fit,
    runs_z,
)

F = np.logspace(7, -1, 50)
PELLET = [20.0, 1e5, 1e-11, 0.92, 2e-6, 0.85]
WIDE = np.logspace(6, -1, 71)  # 1 MHz – 0.1 Hz
HIGH = np.logspace(np.log10(7e6), 0, 60)  # 7 MHz – 1 Hz
# valid circuits (no noise): blocking-electrode σ measurements, R_bulk ≈ 1.27 MΩ among them
SPECTRA = [
    ("R0-p(R1,CPE1)-CPE2", [10.0, 1.27e6, 2e-11, 0.9, 1e-6, 0.8]),
    ("R0-p(R1,CPE1)-CPE2", [10.0, 1.27e6, 1e-11, 0.95, 5e-7, 0.9]),  # the issue's false alarm
    ("R0-p(R1,CPE1)-CPE2", [10.0, 1.27e6, 5e-12, 0.85, 2e-6, 0.7]),
    ("R0-p(R1,CPE1)-CPE2", [10.0, 1.27e6, 1e-11, 1.0, 5e-7, 0.95]),
    ("R0-p(R1,CPE1)-CPE2", PELLET),
    ("R0-p(R1,C1)-p(R2,C2)-CPE3", [10.0, 1e5, 1e-11, 1e6, 1e-9, 5e-7, 0.9]),
    ("L0-R0-p(R1,CPE1)-CPE2", [1e-6, 10.0, 1.27e6, 1e-11, 0.95, 5e-7, 0.9]),
    ("L0-R0-p(R1,C1)-p(R2,C2)-CPE3", [1e-6, 10.0, 1e3, 1e-11, 1e4, 1e-9, 5e-7, 0.85]),
]
CASES = [(c, p, f) for c, p in SPECTRA for f in (WIDE, HIGH)]
IDS = [f"{c}-{i}-{'wide' if f is WIDE else 'high'}" for i, (c, p, f) in enumerate(CASES)]


def kk_of(circuit, parameters, frequencies, noise=0.0, seed=0, drift=0.0) -> KKResult:
    spectrum = synthetic_spectrum(parameters, frequencies, circuit, noise=noise, seed=seed)
    # drift: |Z| grows by ``drift`` while the sweep runs (high to low frequency)
    factor = np.linspace(1.0, 1.0 + drift, frequencies.size)
    return kramers_kronig(spectrum.frequency_Hz, spectrum.impedance_ohm * factor)


@pytest.mark.parametrize(("circuit", "parameters", "frequencies"), CASES, ids=IDS)
def test_valid_spectra_pass(circuit, parameters, frequencies):
    clean = kk_of(circuit, parameters, frequencies)
    assert clean.passed and clean.residual_rms < 0.005
    noisy = kk_of(circuit, parameters, frequencies, noise=0.005, seed=1)
    assert noisy.passed and noisy.residual_rms < KK_MAX_RESIDUAL


@pytest.mark.parametrize(("circuit", "parameters", "frequencies"), CASES, ids=IDS)
def test_drifting_spectra_fail(circuit, parameters, frequencies):
    assert not kk_of(circuit, parameters, frequencies, drift=0.2).passed
    assert not kk_of(circuit, parameters, frequencies, noise=0.005, seed=1, drift=0.2).passed


def test_issue_spectrum_gives_a_clean_R_bulk():
    from hydrion.experiment.eis import fit_spectrum

    spectrum = synthetic_spectrum(SPECTRA[1][1], WIDE, SPECTRA[1][0])
    result = fit_spectrum(spectrum, 0.1, 0.5)
    assert result.kk.passed and not result.R_bulk_ill_determined
    assert result.R_bulk_ohm == pytest.approx(1.27e6, rel=1e-6)


def test_a_non_causal_artefact_fails():
    spectrum = synthetic_spectrum(PELLET, F)
    Z = spectrum.impedance_ohm.copy()
    Z[20:24] = Z[20:24].real - 1j * Z[20:24].imag  # Z'' of the wrong sign over a few points
    assert not kramers_kronig(spectrum.frequency_Hz, Z).passed


def test_fit_matches_impedance_py_linkk():
    from impedance.validation import fit_linKK, get_tc_distribution

    spectrum = synthetic_spectrum(PELLET, F)
    omega, Z = 2 * np.pi * spectrum.frequency_Hz, spectrum.impedance_ohm
    target = np.concatenate([Z.real, Z.imag]) / np.abs(np.concatenate([Z, Z]))
    for M in (5, 12):
        taus = get_tc_distribution(spectrum.frequency_Hz, M)
        mu, _ = lin_kk_fit(omega, np.abs(Z), target, taus)
        # impedance.py's own fit_linKK (complex fit, series C; no series L there)
        _, mu_ref = fit_linKK(spectrum.frequency_Hz, taus, M, Z, "complex", True)
        assert mu == pytest.approx(mu_ref, rel=1e-6)


def test_runs_z():
    assert runs_z(np.array([1.0, -1.0] * 10)) > 3  # alternating: more runs than chance
    assert runs_z(np.array([1.0] * 10 + [-1.0] * 10)) < -3  # two long runs
    assert runs_z(np.ones(10)) == pytest.approx(-3.0)
    assert math.isfinite(runs_z(np.zeros(5)))


def test_failure_says_why():
    drifting = kk_of(*SPECTRA[1], WIDE, drift=0.2)
    assert drifting.residual_rms < KK_MAX_RESIDUAL  # fails on structure, not size
    assert drifting.structured and "runs test z = -" in drifting.failure
    assert "above 1 %" in KKResult(M=5, mu=0.5, residual_rms=0.02, residual_max=0.05).failure
    assert kk_of(*SPECTRA[1], WIDE).failure == ""
