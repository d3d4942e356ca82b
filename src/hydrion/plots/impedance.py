"""Nyquist plots of impedance spectra with their fitted circuits (matplotlib).

Conventions (``ax=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hydrion.experiment.eis_result import EISResult
from hydrion.experiment.spectrum_readers import Spectrum
from hydrion.plots.canvas import single_axes
from hydrion.plots.styles import series_styles

SMALL_ARCS = 0.1
"""A spectrum whose fitted arcs span less than this fraction of the shared zoom's Z' range
gets a zoom panel (hydrion's choice: below it they take less than 13 mm of the 5-inch main
panel)."""

# Layout of the figure of its own (inches, or widths of the main panel where said):
_FIGURE_IN = (6.0, 4.8)  # the figure with the main panel alone (width, height)
_MAIN_PANEL_IN = 5.0  # the main panel's width once side panels are added to its right
_LEFT_MARGIN = 0.08  # the main panel's left edge then, in figure widths
_PANEL_GAP = 0.12  # the gap before each side panel, in main-panel widths
_MAX_PANEL_WIDTH = 1.5  # the widest a side panel gets, in main-panel widths


def nyquist_figure(
    pairs: Sequence[tuple[Spectrum, EISResult]], title: str = "Impedance", ax: Axes | None = None
) -> Figure:
    """−Z'' against Z' on equal axes zoomed to the fitted arcs of every spectrum.

    The main panel is one zoom shared by all spectra: Z' from the first point to the end of
    the widest fitted arc region (series resistance plus every fitted arc, or R_total where
    larger), so a long blocking tail or Warburg line does not squeeze the bulk arcs into a
    corner. Data as markers, fits as lines, each spectrum in its own colour and marker; the
    legend gives σ_total and σ_bulk (S/cm) with their ill-determined flags. All panels keep
    equal Z' and −Z'' scales.

    On a figure of its own (``ax`` None), panels to the right of the main one (inset Axes
    of it, framed on it) show what that zoom cannot: every point ("full range"), where some
    lie outside the zoom; and the arcs of the spectra whose arcs span less than
    :data:`SMALL_ARCS` of the zoom's Z' range ("zoom: <names>"), where several spectra of
    very different resistance (a temperature series) share the plot; the legend sits below
    the main panel. Given ``ax``, only the main panel is drawn, with its legend inside the
    caller's Axes: nothing is placed outside them (draw on a figure of its own, or one
    spectrum per Axes, to see the other panels).

    Parameters
    ----------
    pairs
        (spectrum, its fit) pairs; each spectrum gets its own colour and marker.
    title
        Title of the main panel.
    ax
        Axes to draw the main panel into (and nothing else); a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (Z in Ω).
    """
    fig, ax, own = single_axes(ax, _FIGURE_IN)
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
    if own:  # below the x label whatever the box height (the pad is in font sizes: 5 × 7 pt)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=5)
    else:  # inside the caller's Axes, never over a neighbouring one
        ax.legend(fontsize=6, loc="best")
    if not pairs:
        return fig
    zoom = _arc_limits(pairs)
    _set_limits(ax, *zoom)
    ax.set_aspect("equal", adjustable="box")
    if not own:
        return fig
    panels = _side_panels(pairs, zoom)
    # each panel as tall as the main one and as wide as its equal scales make it (in the main
    # panel's widths: its height is (y range / x range) of its width), _PANEL_GAP apart
    height = (zoom[3] - zoom[2]) / (zoom[1] - zoom[0])
    widths = [
        min(height * (x1 - x0) / (y1 - y0), _MAX_PANEL_WIDTH) for _, (x0, x1, y0, y1) in panels
    ]
    if panels:
        width = _FIGURE_IN[0] + _MAIN_PANEL_IN * sum(w + _PANEL_GAP for w in widths)
        fig.set_size_inches(width, _FIGURE_IN[1])
        fig.subplots_adjust(left=_LEFT_MARGIN, right=_LEFT_MARGIN + _MAIN_PANEL_IN / width)
    start = 1.0 + _PANEL_GAP  # the main panel's right edge, then the gap
    for (name, limits), panel_width in zip(panels, widths, strict=True):
        side = ax.inset_axes((start, 0.0, panel_width, 1.0))
        start += panel_width + _PANEL_GAP
        for Z, fitted, color, marker in curves:
            _draw(side, Z, fitted, color, marker)
        _set_limits(side, *limits)
        side.set_aspect("equal", adjustable="box")
        side.set_title(name, fontsize=9, pad=14)
        side.set_xlabel("Z' (Ω)", fontsize=8)
        side.tick_params(labelsize=7)
        if name == "full range":  # where the main panel's zoom lies in the whole
            side.indicate_inset(_box(ax), edgecolor="0.4")
        else:  # where the small arcs lie in the main panel
            ax.indicate_inset(_box(side), edgecolor="0.4")
    return fig


def _side_panels(pairs, zoom) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(title, limits) of the panels beside the main one: the full range where points lie
    outside ``zoom``, and a zoom on the spectra whose arcs span less than :data:`SMALL_ARCS`
    of its Z' range."""
    every = np.concatenate([s.impedance_ohm for s, _ in pairs])
    panels = []
    if _outside(every, zoom):
        panels.append(("full range", _data_limits(every)))
    span = zoom[1] - zoom[0]
    small = [(s, r) for s, r in pairs if _arc_width(r) < SMALL_ARCS * span]
    if small:
        names = ", ".join(s.name for s, _ in small)
        panels.append((textwrap.shorten(f"zoom: {names}", 40, placeholder="…"), _arc_limits(small)))
    return panels


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


def _arc_width(result: EISResult) -> float:
    """Z' range (Ω) of one spectrum's fitted arcs: every arc's R, or R_total where larger."""
    return max(sum(arc.R_ohm for arc in result.arcs), result.R_total_ohm)


def _arc_limits(pairs) -> tuple[float, float, float, float]:
    """(x_low, x_high, y_low, y_high) of the fitted-arc region of every spectrum: Z' from the
    first point to the series resistance plus all fitted arcs (or R_total where larger), −Z''
    over the points in that range up to 0.6 of its width, with a 5 % margin."""
    x_low, x_high, y_low, y_high = math.inf, -math.inf, 0.0, 0.0
    for spectrum, result in pairs:
        Z = spectrum.impedance_ohm
        start = float(np.min(Z.real))
        end = start + _arc_width(result)
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
