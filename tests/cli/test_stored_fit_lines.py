"""The lines ``db show`` prints of a stored fit: a piecewise law with its transition, a VFT
law, a series' Arrhenius fit under its spectra."""

import numpy as np

from hydrion.cli.stored_fit_lines import fit_lines
from hydrion.experiment.eis import fit_spectrum
from hydrion.experiment.spectrum_readers import Spectrum
from hydrion.transport import fit_arrhenius, fit_vft

K_B_EV = 8.617333262e-5  # Boltzmann constant, eV/K (CODATA 2018)
STORED = {"key": "k", "stored_at": "2026-11-30T03:20:57+00:00"}


def _two_laws():
    """σ = 1e4 S/cm·exp(−0.8 eV/kT) below 383 K, 500 S/cm·exp(−0.3 eV/kT) above (exact)."""
    T = np.linspace(300, 420, 13)
    sigma = np.where(T < 383, 1e4 * np.exp(-0.8 / (K_B_EV * T)), 500 * np.exp(-0.3 / (K_B_EV * T)))
    return fit_arrhenius(T, sigma, "sigma", "piecewise")


def test_piecewise_and_vft_laws_are_shown_with_transition_and_points():
    T = np.linspace(250, 400, 10)
    vft = fit_vft(T, 10 * np.exp(-800 / (T - 150)))  # A = 10 S/cm, B = 800 K, T0 = 150 K
    fit = {
        "kind": "arrhenius_fit",
        **STORED,
        "file": "a.csv",
        "fits": [
            {"direction": "heating", **_two_laws().as_dict()},
            {"direction": None, **vft.as_dict()},
        ],
    }
    head, low, high, law = fit_lines(fit)
    assert head == (
        "arrhenius_fit 'k' (user, hydrion arrhenius fit --store, 2026-11-30 03:20 UTC), from a.csv:"
    )
    assert low == (
        "  Arrhenius (heating): piecewise law σ = σ0·exp(−Ea/kT) (sigma convention), "
        "Ea = 0.800 eV (exact fit of 9 points: no uncertainty), prefactor 1e+04 S/cm, "
        "26.9 °C – 106.9 °C, 9 points"
    )
    assert high.endswith(
        "Ea = 0.300 eV (exact fit of 4 points: no uncertainty), prefactor 500 S/cm, "
        "116.9 °C – 146.9 °C, 4 points, above the transition at 111.9 °C ± 5.0 K"
    )
    assert law.startswith(
        "  Arrhenius: VFT law σ = A·exp(−B/(T − T0)), B = 800 ± 0 K, T0 = 150 ± 0 K"
    )
    assert law.endswith("A = 10 S/cm, 10 points")


def test_a_series_fit_is_shown_under_its_spectra():
    f = np.logspace(6, 0, 31)
    spectrum = Spectrum(f, 50 + 1 / (1 / 2000 + 2j * np.pi * f * 1e-10), source="arc.csv")
    result = fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,C1)")
    fit = {
        "kind": "eis_fit",
        **STORED,
        "material": "libh4",
        "files": ["arc.csv"],
        "spectra": [result.as_dict()],
        "arrhenius": _two_laws().as_dict(),
    }
    head, spectrum_line, *series = fit_lines(fit)
    assert head == "eis_fit 'k' (user, hydrion eis --store, 2026-11-30 03:20 UTC, with libh4):"
    assert spectrum_line.startswith(
        "  arc.csv (T not given) (thickness 0.1 cm, area 1 cm², R0-p(R1,C1)): R_bulk = "
    )
    assert len(series) == 2 and all(
        line.startswith("  Arrhenius of the series: piecewise law") for line in series
    )


def test_a_spectrum_is_shown_as_its_result_reads_it():
    """A null error (JSON writers write NaN as null) is read back as NaN and shown as one; the
    raw stored value was shown as an empty error before."""
    f = np.logspace(6, 0, 31)
    spectrum = Spectrum(f, 50 + 1 / (1 / 2000 + 2j * np.pi * f * 1e-10), source="arc.csv")
    stored = fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,C1)").as_dict()
    stored["sigma_total_err_S_per_cm"] = None
    fit = {"kind": "eis_fit", **STORED, "files": ["arc.csv"], "spectra": [stored]}
    _, spectrum_line = fit_lines(fit)
    assert spectrum_line.endswith(" ± nan S/cm"), spectrum_line
