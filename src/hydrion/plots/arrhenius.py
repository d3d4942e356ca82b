"""Arrhenius plots: log σ against 1000/T with a °C axis on top (matplotlib).

Measured points are markers (open for order-of-magnitude values); model lines are solid over
each law's validity range and dashed for a short stretch beyond it, never further.
Conventions (``ax=``/``fig=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D

from hydrion.errors import HydrionError
from hydrion.kb.records import Material
from hydrion.plots.canvas import panel_figure, root_figure, single_axes
from hydrion.plots.kb_points import drawn_records, plot_by_fill
from hydrion.plots.labels import typeset
from hydrion.plots.reference_electrolytes import draw_reference_lines
from hydrion.plots.styles import series_styles
from hydrion.plots.ticks import log_scale
from hydrion.transport.fitting import ArrheniusFit
from hydrion.transport.kb_models import conductivity_model
from hydrion.transport.sigma_model import ConductivityModel
from hydrion.units import ABSOLUTE_ZERO_C

DEFAULT_RANGE_K = (250.0, 560.0)
# Drawing choices: how far beyond a law's validity range its dashed extrapolation is drawn,
# and how many series share one panel (every series of the figure has its own colour and
# marker, across panels too).
EXTRAPOLATION_SHOWN_K = 30.0
SERIES_PER_PANEL = 8


def arrhenius_axes(ax) -> None:
    """Make ``ax`` an Arrhenius plot: log σ axis, 1000/T bottom axis and a °C axis on top.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes, set up in place: y is σ in S cm⁻¹ (log scale), x is 1000/T in K⁻¹.

    Returns
    -------
    None
    """
    log_scale(ax, "y")
    ax.set_xlabel("1000/T (K⁻¹)")
    ax.set_ylabel("σ (S cm⁻¹)")
    top = ax.secondary_xaxis(
        "top",
        functions=(
            lambda x: 1000.0 / np.maximum(x, 1e-9) + ABSOLUTE_ZERO_C,
            lambda c: 1000.0 / np.maximum(np.asarray(c) - ABSOLUTE_ZERO_C, 1e-9),
        ),
    )
    top.set_xlabel("T (°C)")
    ax.grid(True, which="both", alpha=0.25)


def _phase_edges(model: ConductivityModel, T_range_K: tuple[float, float]) -> list[tuple]:
    edges = [T_range_K[0], *(t.heating_K for t in model.transitions), T_range_K[1]]
    return [
        (phase, max(lo, T_range_K[0]), min(hi, T_range_K[1]))
        for phase, lo, hi in zip(model.phases, edges[:-1], edges[1:], strict=True)
    ]


def draw_model(
    ax,
    model: ConductivityModel,
    color,
    label: str | None,
    T_range_K: tuple[float, float] = DEFAULT_RANGE_K,
) -> int:
    """Model lines of every phase with a law: solid over its validity range (data ± margin),
    dashed for at most ``EXTRAPOLATION_SHOWN_K`` (K) beyond it, nothing further or above the
    material's melting/decomposition temperature.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes set up by :func:`arrhenius_axes` (x: 1000/T in K⁻¹, y: σ in S cm⁻¹).
    model : hydrion.transport.ConductivityModel
        The material's σ(T) model: phases, transition temperatures and one law per phase.
    color : matplotlib colour
        Colour of every line of the model.
    label : str or None
        Legend label, given to the first solid line only.
    T_range_K : tuple of float
        (lowest, highest) temperature drawn, K.

    Returns
    -------
    int
        The number of phases drawn.
    """
    drawn = 0
    limit = model.thermal_limit.temperature_K if model.thermal_limit else np.inf
    for phase, low, high in _phase_edges(model, T_range_K):
        if phase not in model.laws:
            continue
        law, (v_lo, v_hi) = model.laws[phase].law, model.laws[phase].validity_K
        low = max(low, v_lo - EXTRAPOLATION_SHOWN_K)
        high = min(high, v_hi + EXTRAPOLATION_SHOWN_K, limit)
        if low >= high:
            continue
        T = np.linspace(low, high - 1e-6, 80)
        inside = (v_lo <= T) & (v_hi >= T)
        sigma = law.sigma(T)
        ax.plot(1000 / T, np.where(inside, np.nan, sigma), "--", color=color, lw=1)
        ax.plot(1000 / T, np.where(inside, sigma, np.nan), "-", color=color, lw=1.6, label=label)
        label = None
        drawn += 1
    return drawn


def draw_points(ax, material: Material, color, label: str | None, marker: str = "o") -> int:
    """Reported conductivities of ``material`` (open markers for order-of-magnitude values;
    lower and upper bounds are not drawn). A value the model leaves out
    (:func:`~hydrion.transport.kb_data.excluded_reason`, e.g. Table 1's Na2B12H12 value that the
    text gives for Na2B10H10) is a grey cross with a short note.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes set up by :func:`arrhenius_axes` (x: 1000/T in K⁻¹, y: σ in S cm⁻¹).
    material : hydrion.kb.records.Material
        The knowledge-base material whose ``conductivities`` (σ in S cm⁻¹ at T in °C) are drawn.
    color : matplotlib colour
        Colour of the material's points.
    label : str or None
        Legend label, given to the first drawn group of coloured points only (the points are
        drawn as one line of markers per fill: filled, then open, in record order).
    marker : str
        Matplotlib marker of the points.

    Returns
    -------
    int
        The number of coloured points of the material drawn (grey crosses not counted).
    """
    points = []
    for record, excluded in drawn_records(material):
        x = 1000 / (record.temperature_C - ABSOLUTE_ZERO_C)
        if excluded:
            ax.plot(x, record.sigma_S_per_cm, "x", color="0.5", ms=6)
            ax.annotate(
                "Table 1; text: other compound (not modelled)",
                xy=(x, record.sigma_S_per_cm),
                xytext=(4, -9),
                textcoords="offset points",
                fontsize=6,
                color="0.4",
            )
        else:
            points.append((x, record))
    return plot_by_fill(ax, points, marker, color, label)


def materials_figure(
    materials: Sequence[Material],
    title: str,
    T_range_K: tuple[float, float] = DEFAULT_RANGE_K,
    fig: Figure | SubFigure | None = None,
) -> Figure:
    """Arrhenius plot of KB materials: their records and, where they have one, their model.

    More than ``SERIES_PER_PANEL`` materials are split over stacked panels; every material
    of the figure has its own colour and marker; legends (typeset names) sit outside the
    data.

    Parameters
    ----------
    materials
        Knowledge-base materials, one series each.
    title
        Title of the top panel.
    T_range_K
        Temperature range drawn (K).
    fig
        Empty Figure or SubFigure to add the panels to; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The (root) figure holding the panels (σ in S/cm against 1000/T in 1/K).
    """
    chunks = [
        materials[i : i + SERIES_PER_PANEL] for i in range(0, len(materials), SERIES_PER_PANEL)
    ] or [[]]
    fig, own = panel_figure(fig, (8.4, 3.9 * len(chunks)))
    axes = fig.subplots(len(chunks), 1, squeeze=False, sharex=True)
    styles = iter(series_styles(len(materials)))
    for ax, chunk in zip(axes[:, 0], chunks, strict=True):
        handles = []  # legend entries show line and marker: a colour alone may recur
        for material in chunk:
            color, marker = next(styles)
            try:
                lines = draw_model(ax, conductivity_model(material), color, None, T_range_K)
            except HydrionError:
                lines = 0
            if draw_points(ax, material, color, None, marker) or lines:
                handles.append(
                    Line2D(
                        [],
                        [],
                        color=color,
                        marker=marker,
                        ls="-" if lines else "none",
                        label=typeset(material.name),
                    )
                )
        arrhenius_axes(ax)
        # sulfide/oxide/liquid σ (sourced data file), in colours no material here has
        draw_reference_lines(ax, legend=False, used=[h.get_color() for h in handles])
        ax.set_xlim(1000 / T_range_K[1], 1000 / T_range_K[0])
        ax.xaxis.set_tick_params(labelbottom=True)  # sharex hides them but on the last panel
        if handles:
            ax.legend(
                handles=handles,
                fontsize=7,
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
                borderaxespad=0,
            )
    panels = f" ({len(chunks)} panels)" if len(chunks) > 1 else ""
    axes[0, 0].set_title(title + panels, fontsize=10, pad=32)  # clear of the °C axis
    if own is not None:
        own.tight_layout()
    return root_figure(fig)


def fit_figure(
    fits: Sequence[tuple[str, ArrheniusFit]],
    title: str = "Arrhenius fit",
    ax: Axes | None = None,
) -> Figure:
    """Data, set-aside outliers (crosses) and fitted lines with their Ea, per labelled fit.

    The y axis is σ whatever the convention; each line is its law's σ(T), and its legend
    entry says in which convention Ea was fitted ('Ea = 0.530 ± 0.010 eV (σT convention)'), or
    that an exact fit has no uncertainty (:meth:`~hydrion.transport.fitting.SegmentFit.ea_text`).

    Parameters
    ----------
    fits
        (label, fit) pairs; each fit gets its own colour and marker.
    title
        Axes title.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (σ in S/cm against 1000/T in 1/K, Ea in eV).
    """
    fig, ax, _ = single_axes(ax, (6.4, 4.6))
    for (label, fit), (color, marker) in zip(fits, series_styles(len(fits)), strict=True):
        T = np.array(fit.temperature_K)
        sigma = np.array(fit.sigma_S_per_cm)
        outliers = np.array(fit.outliers)
        ax.plot(
            1000 / T[~outliers],
            sigma[~outliers],
            marker,
            ls="none",
            color=color,
            label=label or None,
        )
        if outliers.any():
            ax.plot(1000 / T[outliers], sigma[outliers], "x", color="red", label="set aside")
        for segment in fit.segments:
            grid = np.linspace(segment.T_min_K, segment.T_max_K, 50)
            ax.plot(
                1000 / grid,
                segment.law.sigma(grid),
                "-",
                color=color,
                label=f"Ea = {segment.ea_text()} "
                f"({'σT' if segment.convention == 'sigmaT' else 'σ'} convention"
                f"{'; the data curve in it' if fit.convention_flag == 'curved' else ''})",
            )
        if fit.transition_K is not None:
            ax.axvline(1000 / fit.transition_K, color=color, ls=":", lw=1)
    arrhenius_axes(ax)
    ax.set_title(title, fontsize=10, pad=32)  # clear of the °C axis
    ax.legend(fontsize=7)
    return fig
