"""The Arrhenius law of a temperature series of impedance fits (synthetic σ_total values)."""

from dataclasses import replace

import numpy as np
import pytest

from hydrion.errors import InputError
from hydrion.experiment.eis import fit_spectrum, synthetic_spectrum
from hydrion.experiment.eis_series import arrhenius_of_series

K_B_EV = 8.617333262e-5  # eV/K (CODATA 2018)
TEMPERATURES_K = (300.0, 320.0, 340.0, 360.0)


@pytest.fixture(scope="module")
def base():
    """One fit of a synthetic pellet (R0, R1, Q1, α1, Q2, α2; 1 mm, 0.785 cm²)."""
    params = [20.0, 1e5, 1e-11, 0.92, 2e-6, 0.85]
    return fit_spectrum(synthetic_spectrum(params, np.logspace(7, -1, 40)), 0.1, 0.785)


def _series(base, sigmas, ill=()):
    """Fits at 300–360 K with the given σ_total (S/cm); the indices in ``ill`` flagged."""
    return [
        replace(
            base,
            temperature_K=T,
            sigma_total_S_per_cm=s,
            sigma_total_ill_determined=i in ill,
            source=f"s{i}",
        )
        for i, (T, s) in enumerate(zip(TEMPERATURES_K, sigmas, strict=True))
    ]


def test_arrhenius_of_series_leaves_out_ill_determined_sigma(base):
    clean = [1e2 * np.exp(-0.5 / (K_B_EV * T)) for T in TEMPERATURES_K]
    wild = [*clean[:3], clean[3] / 1e3]  # an ill-determined fit at 360 K
    fit, notes = arrhenius_of_series(_series(base, wild, ill={3}))
    assert fit.segments[0].Ea_eV == pytest.approx(0.5, rel=1e-6)  # σ = A·exp(−Ea/kT)
    assert any("left out" in n and "s3" in n for n in notes)
    fit, notes = arrhenius_of_series(_series(base, wild, ill={2, 3}))
    assert fit is None and any("no Arrhenius fit" in n for n in notes)


def test_arrhenius_of_series_flags_a_negative_activation_energy(base):
    falling = [1e-3 * np.exp(0.3 / (K_B_EV * T)) for T in TEMPERATURES_K]
    fit, notes = arrhenius_of_series(_series(base, falling))
    assert fit.segments[0].Ea_eV == pytest.approx(-0.3, rel=1e-6)
    assert any("unphysical" in n for n in notes)


def test_arrhenius_of_series_needs_every_temperature(base):
    series = _series(base, [1e-5, 2e-5, 4e-5, 8e-5])
    series[1] = replace(series[1], temperature_K=None)
    with pytest.raises(InputError, match="temperature of every spectrum"):
        arrhenius_of_series(series)


def test_old_import_path():
    from hydrion.experiment import eis, eis_series

    assert eis.arrhenius_of_series is eis_series.arrhenius_of_series
