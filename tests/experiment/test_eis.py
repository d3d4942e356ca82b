"""Impedance fits of synthetic pellet spectra with known resistances (made for the tests)."""

import numpy as np
import pytest

from hydrion.errors import InputError
from hydrion.experiment.eis import (
    DEFAULT_CIRCUIT,
    fit_spectrum,
    synthetic_spectrum,
)
from hydrion.experiment.eis_circuits import Circuit
from hydrion.experiment.eis_conductivity import classify_capacitance, effective_capacitance_F
from hydrion.experiment.spectrum_readers import Spectrum

L_CM, A_CM2 = 0.1, 0.785
F = np.logspace(7, -1, 40)
SIGMA = 1e-6  # S/cm
R_BULK = L_CM / (SIGMA * A_CM2)
PELLET = [20.0, R_BULK, 1e-11, 0.92, 2e-6, 0.85]  # R0, R1, Q1, α1, Q2, α2


@pytest.mark.filterwarnings("ignore:Simulating circuit")
def test_circuit_matches_impedance_py():
    from impedance.models.circuits import CustomCircuit

    expected = CustomCircuit(DEFAULT_CIRCUIT, initial_guess=PELLET).predict(F, use_initial=True)
    assert np.allclose(Circuit(DEFAULT_CIRCUIT)(PELLET, F), expected)


def test_noiseless_pellet_gives_its_conductivity():
    result = fit_spectrum(synthetic_spectrum(PELLET, F), L_CM, A_CM2)
    assert result.R_bulk_ohm == pytest.approx(R_BULK, rel=1e-6)
    assert result.sigma_bulk_S_per_cm == pytest.approx(SIGMA, rel=1e-6)
    assert [arc.assignment for arc in result.arcs] == ["bulk"]
    assert result.R_total_ohm == pytest.approx(R_BULK + 20.0, rel=1e-6)


@pytest.mark.parametrize("seed", [1, 2])
def test_noisy_pellet_within_its_uncertainty(seed):
    spectrum = synthetic_spectrum(PELLET, F, noise=0.01, seed=seed)
    result = fit_spectrum(spectrum, L_CM, A_CM2)
    assert abs(result.sigma_bulk_S_per_cm - SIGMA) < 3 * result.sigma_bulk_err_S_per_cm
    assert result.relative_residual == pytest.approx(0.01, rel=0.5)


def test_fast_conductor_uses_the_series_resistance_as_bulk():
    # bulk arc above 1 MHz: only the grain-boundary arc (nF) and the electrode are seen
    params = [127.0, 5e4, 1e-9, 0.9, 2e-6, 0.85]
    spectrum = synthetic_spectrum(params, np.logspace(6, -1, 40), noise=0.005, seed=4)
    result = fit_spectrum(spectrum, L_CM, A_CM2)
    assert [arc.assignment for arc in result.arcs] == ["grain_boundary"]
    assert result.R_bulk_ohm == pytest.approx(127.0, rel=0.1)
    assert result.R_total_ohm == pytest.approx(127.0 + 5e4, rel=0.02)
    assert any("series resistance" in w for w in result.warnings)


def test_two_arcs_are_told_apart():
    circuit = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3"
    params = [5.0, 1e5, 1e-11, 0.95, 3e5, 2e-9, 0.85, 1e-6, 0.8]
    spectrum = synthetic_spectrum(params, np.logspace(7, -2, 50), circuit=circuit)
    result = fit_spectrum(spectrum, L_CM, A_CM2, circuit=circuit, n_starts=6)
    assignments = {arc.resistor: arc.assignment for arc in result.arcs}
    assert assignments == {"R1": "bulk", "R2": "grain_boundary"}
    assert result.R_bulk_ohm == pytest.approx(1e5, rel=1e-3)
    assert result.R_total_ohm == pytest.approx(4e5 + 5.0, rel=1e-3)


def test_effective_capacitance_and_classes():
    assert effective_capacitance_F(1e-11, 1.0, 1e5) == pytest.approx(1e-11)
    # Irvine, Sinclair & West, Adv. Mater. 2 (1990) 132: ~1e-12 F bulk, 1e-11–1e-8 F grain boundary
    assert classify_capacitance(2e-12, 1.0, 1.0) == "bulk"
    assert classify_capacitance(1e-9, 1.0, 1.0) == "grain_boundary"
    assert classify_capacitance(1e-6, 1.0, 1.0) == "electrode_interface"


def test_unfittable_spectrum_is_refused():
    rng = np.random.default_rng(0)
    f = np.logspace(6, 0, 30)
    Z = rng.uniform(1, 1e5, 30) - 1j * rng.uniform(1, 1e5, 30)
    with pytest.raises(InputError, match="cannot be fitted"):
        fit_spectrum(Spectrum(f, Z, "noise.csv"), L_CM, A_CM2)


def test_bad_geometry_and_circuit():
    spectrum = synthetic_spectrum(PELLET, F)
    with pytest.raises(InputError):
        fit_spectrum(spectrum, 0.0, A_CM2)
    with pytest.raises(InputError, match="circuit"):
        fit_spectrum(spectrum, L_CM, A_CM2, circuit="R0-p(R1,")


def test_short_spectrum_tries_only_circuits_it_can_determine():
    spectrum = synthetic_spectrum(PELLET, np.logspace(7, -1, 8))
    result = fit_spectrum(spectrum, L_CM, A_CM2)
    assert [c.circuit for c in result.candidates] == [DEFAULT_CIRCUIT]
    assert result.R_bulk_ohm == pytest.approx(R_BULK, rel=1e-6)
    with pytest.raises(InputError, match="6 circuit parameters cannot be fitted to 6"):
        fit_spectrum(synthetic_spectrum(PELLET, np.logspace(7, -1, 6)), L_CM, A_CM2)


def test_options_are_checked():
    spectrum = synthetic_spectrum(PELLET, F)
    with pytest.raises(InputError, match="inductive"):
        fit_spectrum(spectrum, L_CM, A_CM2, inductive="sometimes")
    with pytest.raises(InputError, match="--fmin"):
        fit_spectrum(spectrum, L_CM, A_CM2, f_min_Hz=-1.0)
    with pytest.raises(InputError, match=r"--fmin \(1000 Hz\) is above --fmax \(10 Hz\)"):
        fit_spectrum(spectrum, L_CM, A_CM2, f_min_Hz=1e3, f_max_Hz=10.0)


def test_pure_capacitor_has_no_R_bulk_to_fit():
    Z = 1 / (1j * 2 * np.pi * F * 1e-6)  # Z = 1/(jωC), Z' = 0
    with pytest.raises(InputError, match="no R_bulk to fit"):
        fit_spectrum(Spectrum(F, Z, "capacitor.csv"), L_CM, A_CM2)


def test_negligible_series_R_is_flagged_but_sigma_total_stands():
    # a series R of 1e-12 Ω under a 50 kΩ arc: the fit returns ~1e-6 Ω with an error bar of
    # ~1e-24 Ω, which means nothing; σ_total (R_total ≈ 50 kΩ) does not rest on it
    params = [1e-12, 5e4, 1e-9, 0.9, 2e-6, 0.85]
    result = fit_spectrum(synthetic_spectrum(params, np.logspace(6, -1, 40)), L_CM, A_CM2)
    assert result.R_bulk_ohm < 1e-3
    assert result.R_bulk_ill_determined
    assert any("not determined by the data" in w for w in result.warnings)
    assert not result.sigma_total_ill_determined
    assert result.R_total_ohm == pytest.approx(5e4, rel=1e-3)
