"""Nyquist figures: every data point inside the axes, the legend naming which σ it gives."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from hydrion.experiment.eis import fit_spectrum
from hydrion.experiment.spectrum_readers import Spectrum, read_spectra
from hydrion.plots.impedance import nyquist_figure

pytestmark = pytest.mark.filterwarnings("ignore")


def _inside(ax, Z: np.ndarray) -> np.ndarray:
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    x, y = Z.real, -Z.imag
    return (x_low <= x) & (x <= x_high) & (y_low <= y) & (y <= y_high)


@pytest.mark.parametrize(
    "name",
    ["m0l0t0ph-thesis__LAGP_Korrosion_04_PEIS_C02.mpt", "pyimpspec__case-multiple-spectra.mpt"],
)
def test_every_point_shown_and_legend_names_sigma(shared_dir, name):
    # the axes were cut at 1.3·R_total: Z' 0–16 Ω of 13–66 Ω (LAGP), 0–130 of ~650 Ω; now
    # the main panel holds the arcs and a full-range panel every point the zoom leaves out
    spectra = read_spectra(shared_dir / "corpus/eis" / name)[:1]
    pairs = [(s, fit_spectrum(s, 0.1, 1.0, "R0-p(R1,CPE1)-CPE2")) for s in spectra]
    figure = nyquist_figure(pairs)
    ax = figure.axes[0]
    Z = spectra[0].impedance_ohm
    shown = _inside(ax, Z)
    if not shown.all():
        (full,) = ax.child_axes
        assert _inside(full, Z).all()
        assert np.isclose(full.get_aspect(), 1.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("σ_total = " in t and "σ_bulk = " in t for t in labels)
    assert np.isclose(ax.get_aspect(), 1.0)
    plt.close(figure)


def _blocking_spectrum() -> Spectrum:
    """50 Ω + (2 kΩ ‖ 0.1 nF) + a blocking CPE tail reaching 1.2 MΩ at 10 mHz."""
    f = np.logspace(6, -2, 49)
    s = 2j * np.pi * f
    Z = 50 + 1 / (1 / 2000 + s * 1e-10) + 1 / (1e-5 * s**0.9)
    return Spectrum(f, Z, source="blocking.csv")


def test_blocking_tail_does_not_hide_the_bulk_arc():
    # was: one panel on equal axes 0–1.3 MΩ, the 2 kΩ arc a dot in the corner
    spectrum = _blocking_spectrum()
    result = fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,CPE1)-CPE2")
    figure = nyquist_figure([(spectrum, result)])
    ax = figure.axes[0]
    Z = spectrum.impedance_ohm
    arc = Z[Z.real < 2000]
    assert _inside(ax, arc).all()
    assert ax.get_xlim()[1] < 5_000 and ax.get_ylim()[1] < 5_000  # Ω
    (full,) = ax.child_axes
    assert full.get_title() == "full range"
    assert _inside(full, Z).all() and full.get_ylim()[1] > 1.2e6
    assert np.isclose(ax.get_aspect(), 1.0) and np.isclose(full.get_aspect(), 1.0)
    plt.close(figure)


def test_no_full_range_panel_when_the_zoom_holds_every_point():
    f = np.logspace(6, 0, 31)
    Z = 50 + 1 / (1 / 2000 + 2j * np.pi * f * 1e-10)
    spectrum = Spectrum(f, Z, source="arc.csv")
    figure = nyquist_figure([(spectrum, fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,C1)"))])
    assert figure.axes[0].child_axes == []
    assert _inside(figure.axes[0], Z).all()
    plt.close(figure)


def _series() -> list[tuple[Spectrum, object]]:
    """A temperature series on one plot: 20 Ω + (R ‖ 1 nF) + a blocking CPE, R = 10 kΩ
    (25 °C), 1.5 kΩ (60 °C), 200 Ω (90 °C); the arcs peak at 16 kHz–0.8 MHz."""
    f = np.logspace(7, -1, 57)
    s = 2j * np.pi * f
    pairs = []
    for name, R in (("25C.csv", 1e4), ("60C.csv", 1.5e3), ("90C.csv", 200.0)):
        Z = 20 + 1 / (1 / R + s * 1e-9) + 1 / (1e-6 * s**0.9)
        spectrum = Spectrum(f, Z, source=name)
        pairs.append((spectrum, fit_spectrum(spectrum, 0.1, 1.0, "R0-p(R1,CPE1)-CPE2")))
    return pairs


def _arc(spectrum: Spectrum, R: float) -> np.ndarray:
    Z = spectrum.impedance_ohm
    return Z[Z.real <= 20 + R]


def test_spectra_on_one_axes_share_one_zoom_and_small_arcs_get_theirs():
    # was: the zoom covered the widest arc and the 200 Ω arc stayed a dot in its corner
    pairs = _series()
    figure = nyquist_figure(pairs)
    ax = figure.axes[0]
    for (spectrum, _), R in zip(pairs, (1e4, 1.5e3, 200.0), strict=True):
        assert _inside(ax, _arc(spectrum, R)).all()  # one zoom holds every arc
    assert ax.get_xlim()[1] < 1.2e4
    full, zoom = ax.child_axes
    assert [full.get_title(), zoom.get_title()] == ["full range", "zoom: 90C.csv"]
    assert _inside(full, np.concatenate([s.impedance_ohm for s, _ in pairs])).all()
    small = _arc(pairs[2][0], 200.0)
    assert _inside(zoom, small).all()
    x_low, x_high = zoom.get_xlim()
    assert x_high - x_low < 300  # Ω: the 200 Ω arc fills the panel
    assert np.isclose(zoom.get_aspect(), 1.0)
    plt.close(figure)


def test_given_axes_nothing_is_drawn_outside_them():
    # was: with ax=, the full-range panel was placed to the right, over the neighbour
    figure, (ax, neighbour) = plt.subplots(1, 2, figsize=(10, 4))
    assert nyquist_figure(_series(), ax=ax) is figure
    assert figure.axes == [ax, neighbour] and ax.child_axes == []
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    box, legend = ax.get_window_extent(renderer), ax.get_legend().get_window_extent(renderer)
    assert box.x0 <= legend.x0 and legend.x1 <= box.x1
    assert box.y0 <= legend.y0 and legend.y1 <= box.y1
    plt.close(figure)
