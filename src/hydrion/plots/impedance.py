"""Nyquist plots of impedance spectra with their fitted circuits (matplotlib, Agg)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from hydrion.experiment.eis import EISResult  # noqa: E402
from hydrion.experiment.spectrum_readers import Spectrum  # noqa: E402


def nyquist_figure(pairs: Sequence[tuple[Spectrum, EISResult]], title: str = "Impedance"):
    """−Z'' against Z' (equal axes, zoomed on the arcs): data as markers, fits as lines."""
    fig, ax = plt.subplots(figsize=(6.0, 4.8))
    colors = plt.get_cmap("tab10")
    for index, (spectrum, result) in enumerate(pairs):
        color = colors(index % 10)
        Z = spectrum.impedance_ohm
        label = spectrum.source.rsplit("/", 1)[-1]
        ax.plot(Z.real, -Z.imag, "o", ms=3, color=color, label=label)
        grid = np.logspace(
            np.log10(spectrum.frequency_Hz.min()), np.log10(spectrum.frequency_Hz.max()), 200
        )
        fitted = result.predict(grid)
        ax.plot(
            fitted.real,
            -fitted.imag,
            "-",
            color=color,
            lw=1,
            label=f"fit: σ = {result.sigma_total_S_per_cm:.2e} S/cm",
        )
    ax.set_xlabel("Z' (Ω)")
    ax.set_ylabel("−Z'' (Ω)")
    if pairs:  # zoom on the electrolyte arcs; the electrode spike runs off the top
        limit = 1.3 * max(result.R_total_ohm for _, result in pairs)
        ax.set_xlim(0, limit)
        ax.set_ylim(0, limit)
    ax.set_aspect("equal", adjustable="box")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    return fig
