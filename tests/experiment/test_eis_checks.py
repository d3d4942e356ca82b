"""Lin-KK test and runs test on spectra and residuals made for the tests."""

import math

import numpy as np
import pytest

from hydrion.experiment.eis import synthetic_spectrum
from hydrion.experiment.eis_checks import KK_MAX_RESIDUAL, kramers_kronig, runs_z

F = np.logspace(7, -1, 50)
PELLET = [20.0, 1e5, 1e-11, 0.92, 2e-6, 0.85]


def test_a_circuit_spectrum_passes_and_matches_impedance_py_fit():
    from impedance.validation import fit_linKK, get_tc_distribution

    spectrum = synthetic_spectrum(PELLET, F)
    result = kramers_kronig(spectrum.frequency_Hz, spectrum.impedance_ohm)
    assert result.passed and result.residual_rms < 0.2 * KK_MAX_RESIDUAL
    assert result.mu <= 0.85 and 1 <= result.M <= 50
    # same R_k as impedance.py's own fit_linKK for that M (complex fit, series C)
    taus = get_tc_distribution(spectrum.frequency_Hz, result.M)
    _, mu = fit_linKK(
        spectrum.frequency_Hz, taus, result.M, spectrum.impedance_ohm, "complex", True
    )
    assert mu == pytest.approx(result.mu, rel=1e-6)


def test_a_drifting_spectrum_fails():
    spectrum = synthetic_spectrum(PELLET, F)
    drift = np.linspace(1.0, 1.3, F.size)  # |Z| grows 30 % while the sweep runs
    result = kramers_kronig(spectrum.frequency_Hz, spectrum.impedance_ohm * drift**2)
    assert not result.passed


def test_runs_z():
    assert runs_z(np.array([1.0, -1.0] * 10)) > 3  # alternating: more runs than chance
    assert runs_z(np.array([1.0] * 10 + [-1.0] * 10)) < -3  # two long runs
    assert runs_z(np.ones(10)) == pytest.approx(-3.0)
    assert math.isfinite(runs_z(np.zeros(5)))
