"""Figures of cells: cycling curves, stack-energy studies, rate maps and simulated curves.

Conventions (``ax=``/``fig=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure, SubFigure
from matplotlib.ticker import MaxNLocator, NullFormatter, ScalarFormatter

from hydrion.plots.canvas import panel_figure, root_figure, single_axes
from hydrion.plots.labels import display_name, knowledge_base, typeset
from hydrion.plots.styles import series_styles
from hydrion.plots.ticks import log_scale
from hydrion.units import ABSOLUTE_ZERO_C


def cycling_figure(data, summary, fig: Figure | SubFigure | None = None) -> Figure:
    """Voltage against specific capacity coloured by cycle, and capacity/CE against cycle.

    Parameters
    ----------
    data
        A :class:`~hydrion.experiment.cycling.CyclingData` (time in s, current in mA,
        voltage in V).
    summary
        Its :class:`~hydrion.experiment.cycling.CyclingSummary`.
    fig
        Empty Figure or SubFigure to add the two panels to; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The (root) figure holding the panels (capacities in mAh/g).
    """
    fig, own = panel_figure(fig, (10, 4))
    curves, trend = fig.subplots(1, 2)
    n_cycles = max(len(summary.cycles), 1)
    colours = matplotlib.colormaps["viridis"](np.linspace(0, 1, n_cycles))
    dt_h = np.diff(data.time_s, prepend=data.time_s[0]) / 3600.0
    for index, half in enumerate(summary.half_cycles):
        window = slice(half.start, half.stop)
        capacity = np.cumsum(np.abs(data.current_mA[window]) * dt_h[window]) / summary.mass_g
        capacity -= capacity[0]
        curves.plot(
            capacity,
            data.voltage_V[window],
            color=colours[index // 2],
            lw=1,
            ls="-" if half.direction == "discharge" else "--",
        )
    sm = ScalarMappable(cmap="viridis", norm=Normalize(1, n_cycles))
    colourbar = fig.colorbar(sm, ax=curves, label="cycle")
    colourbar.locator = MaxNLocator(integer=True)
    colourbar.update_ticks()
    curves.set(
        xlabel="capacity (mAh/g)", ylabel="voltage (V)", title="discharge (solid), charge (dashed)"
    )
    frame = summary.frame()
    trend.plot(frame["cycle"], frame["discharge_mAh_per_g"], "o-", label="discharge")
    trend.plot(frame["cycle"], frame["charge_mAh_per_g"], "s--", label="charge")
    trend.set(xlabel="cycle", ylabel="capacity (mAh/g)")
    efficiency = trend.twinx()
    efficiency.plot(frame["cycle"], frame["coulombic_efficiency_percent"], "k^:", ms=4)
    efficiency.set_ylabel("Coulombic efficiency (%, triangles)")
    trend.set_title(f"CE = {summary.ce_definition}", fontsize=8)
    trend.xaxis.set_major_locator(MaxNLocator(integer=True))
    trend.legend(loc="lower left")
    if own is not None:
        own.tight_layout()
    return root_figure(fig)


def study_figure(studies: dict, title: str, fig: Figure | SubFigure | None = None) -> Figure:
    """Stack Wh/kg and Wh/L against one design variable for several cells.

    Parameters
    ----------
    studies
        Maps a cell label to a :class:`~hydrion.cell.studies.Sensitivity`; each cell has its
        own colour and marker.
    title
        Title of the left panel.
    fig
        Empty Figure or SubFigure to add the two panels to; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The (root) figure holding the panels.
    """
    fig, own = panel_figure(fig, (10, 4))
    gravimetric, volumetric = fig.subplots(1, 2)
    styles = series_styles(len(studies))
    for (label, study), (colour, marker) in zip(studies.items(), styles, strict=True):
        for axis, values in ((gravimetric, study.Wh_per_kg), (volumetric, study.Wh_per_L)):
            axis.plot(
                study.values, values, marker=marker, ls="-", color=colour, label=typeset(label)
            )
    any_study = next(iter(studies.values()))
    unit = "µm" if any_study.unit == "um" else any_study.unit
    xlabel = f"{any_study.variable} ({unit})" if unit else any_study.variable
    gravimetric.set(xlabel=xlabel, ylabel="stack specific energy (Wh/kg)", title=title)
    volumetric.set(xlabel=xlabel, ylabel="stack energy density (Wh/L)")
    if any_study.unit == "um":
        for axis in (gravimetric, volumetric):
            axis.set_xscale("log")
            axis.xaxis.set_major_formatter(ScalarFormatter())
            axis.xaxis.set_minor_formatter(NullFormatter())
            axis.set_xticks(any_study.values)
    gravimetric.legend(fontsize=7)
    if own is not None:
        own.tight_layout()
    return root_figure(fig)


def limit_map_figure(grid, ax: Axes | None = None, kb=None) -> Figure:
    """Largest C-rate within the allowed ohmic drop over temperature × separator thickness.

    Parameters
    ----------
    grid
        A rate-limit grid of :mod:`hydrion.cell.limits` (thicknesses in µm, temperatures
        in K, largest C-rates, extrapolation flags).
    ax
        Axes to draw into (its figure gets the colour bar); a new figure when None.
    kb
        Knowledge base that names the electrolyte (its id in ``grid``; opened when None).

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the map.
    """
    fig, axis, own = single_axes(ax, (6, 4.5))
    temperatures_C = grid.temperatures_K + ABSOLUTE_ZERO_C
    rates = np.ma.masked_invalid(grid.max_c_rate)
    positive = rates[rates > 0]
    norm = (
        LogNorm(vmin=max(float(positive.min()), 1e-4), vmax=float(positive.max()))
        if positive.size
        else None
    )
    mesh = axis.pcolormesh(
        grid.thicknesses_um, temperatures_C, rates, norm=norm, shading="nearest", cmap="magma"
    )
    axis.figure.colorbar(
        mesh, ax=axis, label=f"max C-rate for {grid.allowed_drop_V:g} V ohmic drop"
    )
    # the 1 C line per thickness, from within-phase interpolation only: a contour across the
    # σ jump at a phase transition would place 1 C below the transition
    boundary_C = grid.lowest_temperature_K(1.0) + ABSOLUTE_ZERO_C
    if np.any(np.isfinite(boundary_C)):
        axis.plot(grid.thicknesses_um, boundary_C, color="white", lw=1.2, label="1 C")
    for transition_K in grid.transitions_K:
        axis.axhline(transition_K + ABSOLUTE_ZERO_C, color="cyan", ls="--", lw=0.8)
    _hatch_extrapolated(axis, temperatures_C, grid.extrapolated)
    log_scale(axis, "x")
    axis.set(
        xlabel="separator thickness (µm)",
        ylabel="temperature (°C)",
        title=f"{display_name(grid.electrolyte, kb)}: white = 1 C, cyan dashed = phase "
        "transition,\nhatched = σ extrapolated beyond its data",
    )
    axis.title.set_fontsize(9)
    if own:
        fig.tight_layout()
    return fig


def _hatch_extrapolated(axis, temperatures_C: np.ndarray, extrapolated: np.ndarray) -> None:
    """Hatch the temperature bands (grid-cell wide) where σ(T) is extrapolated."""
    if not np.any(extrapolated):
        return
    step = float(np.median(np.diff(temperatures_C))) if temperatures_C.size > 1 else 1.0
    for T, flag in zip(temperatures_C, extrapolated, strict=True):
        if flag:
            axis.axhspan(T - step / 2, T + step / 2, fill=False, hatch="//", lw=0, ec="0.35")


_LEGEND_WIDTH = 60  # characters per legend line: a 7 pt line this long fits a 5.5 in panel


def simulation_figure(
    runs,
    title: str = "",
    reported=(),
    fig: Figure | SubFigure | None = None,
    kb=None,
) -> Figure:
    """Simulated curves, voltage against specific capacity: one panel per working electrode.

    Discharge solid, charge dashed; every labelled run of the figure has its own colour.
    Reported points are dotted vertical lines at the reported capacity, only in the panel of
    their own cell and in the colour of the simulated run of that cell at the same C-rate
    and temperature. Capacity is per gram of the positive (working) active material,
    pristine; legends sit below the panels. Cells are named by their parts' typeset names
    ('TiS₂ | LiBH₄'), not their ids.

    Parameters
    ----------
    runs
        :class:`~hydrion.cell.setups.SimulatedCurve` items whose labels start with their cell
        as part ids ('tis2|libh4 0.2 C, 120 °C').
    title
        Figure title.
    reported
        :class:`~hydrion.cell.review_cases.ReportedPoint` items (capacities in mAh/g).
    fig
        Empty Figure or SubFigure to add the panels to; a new figure when None.
    kb
        Knowledge base that names the parts (opened when None).

    Returns
    -------
    matplotlib.figure.Figure
        The (root) figure holding the panels.
    """
    kb = knowledge_base(kb)
    names: dict[str, str] = {}

    def cell_name(stem: str) -> str:
        if stem not in names:
            names[stem] = " | ".join(display_name(key, kb) for key in stem.split("|"))
        return names[stem]

    def run_label(label: str) -> str:
        stem, _, rest = label.partition(" ")
        return f"{cell_name(stem)} {rest}".rstrip()

    groups: dict[str, list] = {}
    for run in runs:
        groups.setdefault(run.label.split()[0].split("|")[0], []).append(run)
    n_panels = max(len(groups), 1)
    fig, own = panel_figure(fig, (5.5 * n_panels, 5.5), layout="constrained")
    axes = fig.subplots(1, n_panels, squeeze=False)
    all_labels = list(dict.fromkeys(run.label for run in runs))
    plasma = matplotlib.colormaps["plasma"]
    colours = dict(zip(all_labels, plasma(np.linspace(0, 0.85, len(all_labels))), strict=True))
    legend_lines = 0
    for axis, (electrode, members) in zip(axes[0], groups.items(), strict=False):
        for run in members:
            axis.plot(
                run.capacity_mAh_per_g,
                run.voltage_V,
                color=colours[run.label],
                ls="-" if run.direction == "discharge" else "--",
                label=run_label(run.label) if run.direction == "discharge" else None,
            )
        for point in reported:
            match = next(
                (
                    run.label
                    for run in members
                    if run.label.split()[0] == point.cell
                    and np.isclose(run.c_rate, point.c_rate)
                    and np.isclose(run.temperature_K + ABSOLUTE_ZERO_C, point.temperature_C)
                ),
                None,
            )
            if match is not None:
                axis.axvline(
                    point.capacity_mAh_per_g,
                    color=colours[match],
                    ls=":",
                    lw=1.2,
                    label=f"{cell_name(point.cell)}: {point.label}",
                )
        axis.set(
            xlabel=f"capacity (mAh per g of {display_name(electrode, kb)}, pristine active mass)",
            ylabel="voltage (V)",
        )
        handles, labels = axis.get_legend_handles_labels()
        labels = [textwrap.fill(label, _LEGEND_WIDTH) for label in labels]
        legend_lines = max(legend_lines, sum(label.count("\n") + 1 for label in labels))
        axis.legend(
            handles,
            labels,
            fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            borderaxespad=0,
        )
    if own is not None:
        # the legends sit below the panels: grow the figure with their lines (about 0.15 in
        # per 7 pt line) so that constrained layout keeps room for the axes
        own.set_size_inches(5.5 * n_panels, 5.5 + 0.15 * legend_lines)
    fig.suptitle(typeset(title))
    return root_figure(fig)


def ccd_figure(entries, ax: Axes | None = None) -> Figure:
    """Critical current densities as horizontal bars.

    Parameters
    ----------
    entries
        (label, CCD in mA/cm², refs text) tuples, e.g. from the knowledge base; formulas in
        the labels are typeset.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes.
    """
    fig, ax, own = single_axes(ax, (6.4, 0.5 * max(len(entries), 1) + 1.4))
    labels = [f"{typeset(label)} [{refs}]" for label, _, refs in entries]
    values = [value for _, value, _ in entries]
    ax.barh(labels, values, color="tab:blue")
    for y, value in enumerate(values):
        ax.text(value, y, f" {value:g}", va="center", fontsize=8)
    ax.set(xlabel="critical current density (mA cm⁻²)")
    ax.invert_yaxis()
    if own:
        fig.tight_layout()
    return fig


def retention_figure(series, ax: Axes | None = None) -> Figure:
    """Capacity retention (% of the earliest reported capacity) against cycle number.

    Parameters
    ----------
    series
        Maps a label to (cycles, retention %) sequences; each series has its own colour and
        marker, formulas in the labels are typeset.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes.
    """
    fig, ax, own = single_axes(ax, (8.4, 4.4))
    styles = series_styles(len(series))
    for (label, (cycles, retention)), (colour, marker) in zip(series.items(), styles, strict=True):
        ax.plot(
            cycles,
            retention,
            marker=marker,
            ls="-",
            color=colour,
            label=typeset(label),
            ms=4,
            lw=1.2,
        )
    ax.set(xscale="log", xlabel="cycle number", ylabel="capacity retention (%)", ylim=(0, 105))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    if own:
        fig.tight_layout()
    return fig
