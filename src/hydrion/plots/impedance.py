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
        ax.plot(Z.real, -Z.imag, "o", ms=3, color=color, label=spectrum.name)
        low, high = result.frequency_range_Hz  # the fitted (cropped) range
        grid = np.logspace(np.log10(low), np.log10(high), 200)
        fitted = result.predict(grid)
        flag = " (R_bulk ill-determined)" if result.R_bulk_ill_determined else ""
        ax.plot(
            fitted.real,
            -fitted.imag,
            "-",
            color=color,
            lw=1,
            label=f"{result.circuit}: σ = {result.sigma_total_S_per_cm:.2e} S/cm{flag}",
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
