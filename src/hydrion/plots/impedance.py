"""Nyquist plots of impedance spectra with their fitted circuits (matplotlib).

Conventions (``ax=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hydrion.experiment.eis_result import EISResult
from hydrion.experiment.spectrum_readers import Spectrum
from hydrion.plots.canvas import single_axes
from hydrion.plots.styles import series_styles


def nyquist_figure(
    pairs: Sequence[tuple[Spectrum, EISResult]], title: str = "Impedance", ax: Axes | None = None
) -> Figure:
    """−Z'' against Z' on equal axes whose limits cover every data point (the box takes the
    data's shape, so no arc or spike is cut off): data as markers, fits as lines, the legend
    (below the axes) giving σ_total and σ_bulk (S/cm) with their ill-determined flags.

    Parameters
    ----------
    pairs
        (spectrum, its fit) pairs; each spectrum gets its own colour and marker.
    title
        Axes title.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (Z in Ω).
    """
    fig, ax, _ = single_axes(ax, (6.0, 4.8))
    styles = series_styles(len(pairs))
    for (spectrum, result), (color, marker) in zip(pairs, styles, strict=True):
        Z = spectrum.impedance_ohm
        ax.plot(Z.real, -Z.imag, marker, ls="none", ms=3, color=color, label=spectrum.name)
        low, high = result.frequency_range_Hz  # the fitted (cropped) range
        grid = np.logspace(np.log10(low), np.log10(high), 200)
        fitted = result.predict(grid)
        ill = " (ill-determined)"
        ax.plot(
            fitted.real,
            -fitted.imag,
            "-",
            color=color,
            lw=1,
            label=(
                f"{result.circuit}: σ_total = {result.sigma_total_S_per_cm:.2e} S/cm"
                + (ill if result.sigma_total_ill_determined else "")
                + f", σ_bulk = {result.sigma_bulk_S_per_cm:.2e} S/cm"
                + (ill if result.R_bulk_ill_determined else "")
            ),
        )
    ax.set_xlabel("Z' (Ω)")
    ax.set_ylabel("−Z'' (Ω)")
    if pairs:
        _data_limits(ax, np.concatenate([s.impedance_ohm for s, _ in pairs]))
    ax.set_aspect("equal", adjustable="box")
    ax.set_title(title, fontsize=10)
    # below the x label whatever the box height (the pad is in font sizes: 5 × 7 pt)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=5)
    return fig


def _data_limits(ax, Z: np.ndarray, margin: float = 0.05) -> None:
    """Axis limits that hold every point of ``Z`` with ``margin`` of the larger span on each
    side (Z' from its smallest value, −Z'' from 0 or its smallest value if that is lower)."""
    x_low, x_high = float(np.min(Z.real)), float(np.max(Z.real))
    y_low, y_high = min(0.0, float(np.min(-Z.imag))), float(np.max(-Z.imag))
    pad = margin * (max(x_high - x_low, y_high - y_low) or 1.0)
    ax.set_xlim(x_low - pad, x_high + pad)
    ax.set_ylim(y_low - pad, y_high + pad)
