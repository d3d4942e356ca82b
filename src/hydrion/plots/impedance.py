"""Nyquist plots of impedance spectra with their fitted circuits (matplotlib).

Conventions (``ax=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

import math
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
    """−Z'' against Z' on equal axes zoomed to the fitted arcs, with the full range beside.

    The main panel spans Z' from the first point to the end of the widest fitted arc region
    (series resistance plus every fitted arc, or R_total where larger), so a long blocking
    tail or Warburg line does not squeeze the bulk arcs into a corner; where some points lie
    outside that zoom, a second panel to its right (an inset Axes of the main one) shows every
    point. Both panels keep equal Z' and −Z'' scales. Data as markers, fits as lines; the
    legend (below the main panel) gives σ_total and σ_bulk (S/cm) with their ill-determined
    flags.

    Parameters
    ----------
    pairs
        (spectrum, its fit) pairs; each spectrum gets its own colour and marker.
    title
        Title of the main panel.
    ax
        Axes to draw the main panel into (the full-range panel is placed to its right); a new
        figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (Z in Ω).
    """
    fig, ax, own = single_axes(ax, (6.0, 4.8))
    styles = series_styles(len(pairs))
    curves = []
    for (spectrum, result), (color, marker) in zip(pairs, styles, strict=True):
        low, high = result.frequency_range_Hz  # the fitted (cropped) range
        fitted = result.predict(np.logspace(np.log10(low), np.log10(high), 200))
        curves.append((spectrum.impedance_ohm, fitted, color, marker))
        ill = " (ill-determined)"
        fit_label = (
            f"{result.circuit}: σ_total = {result.sigma_total_S_per_cm:.2e} S/cm"
            + (ill if result.sigma_total_ill_determined else "")
            + f", σ_bulk = {result.sigma_bulk_S_per_cm:.2e} S/cm"
            + (ill if result.R_bulk_ill_determined else "")
        )
        _draw(ax, spectrum.impedance_ohm, fitted, color, marker, (spectrum.name, fit_label))
    ax.set_xlabel("Z' (Ω)")
    ax.set_ylabel("−Z'' (Ω)")
    ax.set_title(title, fontsize=10)
    # below the x label whatever the box height (the pad is in font sizes: 5 × 7 pt)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=5)
    if not pairs:
        return fig
    every = np.concatenate([s.impedance_ohm for s, _ in pairs])
    zoom = _arc_limits(pairs)
    _set_limits(ax, *zoom)
    ax.set_aspect("equal", adjustable="box")
    if _outside(every, zoom):
        if own:
            fig.set_size_inches(10.0, 4.8)
            fig.subplots_adjust(left=0.08, right=0.58)
        full = ax.inset_axes((1.12, 0.0, 0.6, 1.0))
        for Z, fitted, color, marker in curves:
            _draw(full, Z, fitted, color, marker)
        _set_limits(full, *_data_limits(every))
        full.set_aspect("equal", adjustable="box")
        full.set_title("full range", fontsize=9, pad=14)
        full.set_xlabel("Z' (Ω)", fontsize=8)
        full.tick_params(labelsize=7)
        full.indicate_inset(_box(ax), edgecolor="0.4")
    return fig


def _draw(
    ax: Axes,
    Z: np.ndarray,
    fitted: np.ndarray,
    color,
    marker: str,
    labels: tuple[str | None, str | None] = (None, None),
) -> None:
    """Data ``Z`` as markers and the fitted curve as a line, with their legend labels."""
    ax.plot(Z.real, -Z.imag, marker, ls="none", ms=3, color=color, label=labels[0])
    ax.plot(fitted.real, -fitted.imag, "-", color=color, lw=1, label=labels[1])


def _arc_limits(pairs) -> tuple[float, float, float, float]:
    """(x_low, x_high, y_low, y_high) of the fitted-arc region of every spectrum: Z' from the
    first point to the series resistance plus all fitted arcs (or R_total where larger), −Z''
    over the points in that range up to 0.6 of its width, with a 5 % margin."""
    x_low, x_high, y_low, y_high = math.inf, -math.inf, 0.0, 0.0
    for spectrum, result in pairs:
        Z = spectrum.impedance_ohm
        start = float(np.min(Z.real))
        end = start + max(sum(arc.R_ohm for arc in result.arcs), result.R_total_ohm)
        inside = Z[Z.real <= end + 0.05 * (end - start)]
        x_low, x_high = min(x_low, start), max(x_high, end)
        if inside.size:
            y_low = min(y_low, float(np.min(-inside.imag)))
            y_high = max(y_high, float(np.max(-inside.imag)))
    # an arc is at most half as high as it is wide: higher points in range are the tail's
    return _padded(x_low, x_high, y_low, min(y_high, 0.6 * (x_high - x_low)))


def _data_limits(Z: np.ndarray) -> tuple[float, float, float, float]:
    """(x_low, x_high, y_low, y_high) that hold every point of ``Z`` with a 5 % margin (−Z''
    from 0 or its smallest value if that is lower)."""
    return _padded(
        float(np.min(Z.real)),
        float(np.max(Z.real)),
        min(0.0, float(np.min(-Z.imag))),
        float(np.max(-Z.imag)),
    )


def _padded(x_low, x_high, y_low, y_high, margin: float = 0.05):
    pad = margin * (max(x_high - x_low, y_high - y_low) or 1.0)
    return x_low - pad, x_high + pad, y_low - pad, y_high + pad


def _set_limits(ax, x_low: float, x_high: float, y_low: float, y_high: float) -> None:
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)


def _outside(Z: np.ndarray, limits: tuple[float, float, float, float]) -> bool:
    """Whether any point of ``Z`` lies outside the (x_low, x_high, y_low, y_high) box."""
    x_low, x_high, y_low, y_high = limits
    x, y = Z.real, -Z.imag
    return bool(np.any((x < x_low) | (x > x_high) | (y < y_low) | (y > y_high)))


def _box(ax) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the main panel's view, for the full-range panel's frame."""
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    return x_low, y_low, x_high - x_low, y_high - y_low
