"""Arrhenius fits of synthetic data with known Ea and transition (values made for the test)."""

import numpy as np
import pytest

from hydrion.errors import InputError
from hydrion.transport import BOLTZMANN_eV_per_K, fit_arrhenius, fit_vft

K = BOLTZMANN_eV_per_K


def two_phase(noise=0.05, seed=0, n=30, Tc=390.0, convention="sigma"):
    """LiBH4-like data: 0.69 eV below Tc, 0.53 eV and a jump above."""
    rng = np.random.default_rng(seed)
    T = np.linspace(300, 450, n)
    sigma = np.where(Tc > T, 1e4 * np.exp(-0.69 / (K * T)), 5e4 * np.exp(-0.53 / (K * T)))
    if convention == "sigmaT":
        sigma = sigma / T
    return T, sigma * np.exp(rng.normal(0, noise, n))


def test_recovers_ea_and_transition_within_uncertainty():
    T, sigma = two_phase()
    fit = fit_arrhenius(T, sigma)
    assert fit.model == "piecewise"
    low, high = fit.segments
    assert abs(low.Ea_eV - 0.69) < 3 * low.Ea_err_eV
    assert abs(high.Ea_eV - 0.53) < 3 * high.Ea_err_eV
    assert abs(fit.transition_K - 390.0) <= fit.transition_err_K
    assert fit.bic["piecewise"] < fit.bic["single"]


def test_sigmaT_convention_recovers_its_ea():
    T, sigma = two_phase(convention="sigmaT", noise=0.02)
    fit = fit_arrhenius(T, sigma, convention="sigmaT")
    assert abs(fit.segments[0].Ea_eV - 0.69) < 3 * fit.segments[0].Ea_err_eV
    assert fit.segments[0].law.prefactor_unit == "S K/cm"


def test_single_line_is_kept_without_a_transition():
    rng = np.random.default_rng(3)
    T = np.linspace(280, 420, 25)
    sigma = 1e3 * np.exp(-0.45 / (K * T)) * np.exp(rng.normal(0, 0.05, T.size))
    fit = fit_arrhenius(T, sigma)
    assert fit.model == "single" and fit.transition_K is None
    assert abs(fit.segments[0].Ea_eV - 0.45) < 3 * fit.segments[0].Ea_err_eV
    assert len(fit.residuals_log10) == T.size


def test_outliers_are_set_aside():
    T, sigma = two_phase(seed=1)
    sigma[5] *= 30
    sigma[20] /= 50
    fit = fit_arrhenius(T, sigma)
    assert fit.outliers[5] and fit.outliers[20]
    assert abs(fit.segments[0].Ea_eV - 0.69) < 3 * fit.segments[0].Ea_err_eV
    assert abs(fit.transition_K - 390.0) <= fit.transition_err_K


def test_bootstrap_gives_spreads():
    T, sigma = two_phase(seed=2)
    fit = fit_arrhenius(T, sigma, bootstrap=30)
    assert fit.n_bootstrap > 10
    assert all(s.Ea_err_bootstrap_eV > 0 for s in fit.segments)
    assert fit.transition_err_bootstrap_K is not None
    assert fit.to_dict()["segments"][0]["Ea_err_bootstrap_eV"] > 0


@pytest.mark.parametrize(
    "T, sigma, model",
    [
        ([300, 310], [1e-5, 2e-5], "single"),
        ([300, 310, 320, 330, 340], [1e-5] * 5, "piecewise"),
        ([300, -310, 320], [1e-5] * 3, "single"),
        ([300, 310, 320], [1e-5, 0.0, 1e-4], "single"),
        ([300, 300, 300], [1e-5, 2e-5, 3e-5], "single"),
    ],
)
def test_bad_input_is_refused(T, sigma, model):
    with pytest.raises(InputError):
        fit_arrhenius(T, sigma, model=model)


def test_vft_fit_recovers_parameters():
    T = np.linspace(260, 380, 20)
    sigma = 10.0 * np.exp(-1200.0 / (T - 180.0))
    fit = fit_vft(T, sigma)
    assert pytest.approx(1200.0, rel=1e-3) == fit.law.B_K
    assert pytest.approx(180.0, abs=0.5) == fit.law.T0_K
