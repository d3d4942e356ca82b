"""Nyquist figures: every data point inside the axes, the legend naming which σ it gives."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from hydrion.experiment.eis import fit_spectrum
from hydrion.experiment.spectrum_readers import read_spectra
from hydrion.plots.impedance import nyquist_figure

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.mark.parametrize(
    "name",
    ["m0l0t0ph-thesis__LAGP_Korrosion_04_PEIS_C02.mpt", "pyimpspec__case-multiple-spectra.mpt"],
)
def test_axes_cover_every_point_and_legend_names_sigma(shared_dir, name):
    # the axes were cut at 1.3·R_total: Z' 0–16 Ω of 13–66 Ω (LAGP), 0–130 of ~650 Ω
    spectra = read_spectra(shared_dir / "corpus/eis" / name)[:1]
    pairs = [(s, fit_spectrum(s, 0.1, 1.0, "R0-p(R1,CPE1)-CPE2")) for s in spectra]
    figure = nyquist_figure(pairs)
    ax = figure.axes[0]
    Z = spectra[0].impedance_ohm
    x_low, x_high = ax.get_xlim()
    y_low, y_high = ax.get_ylim()
    assert x_low <= Z.real.min() and Z.real.max() <= x_high
    assert y_low <= (-Z.imag).min() and (-Z.imag).max() <= y_high
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("σ_total = " in t and "σ_bulk = " in t for t in labels)
    assert np.isclose(ax.get_aspect(), 1.0)
    plt.close(figure)
