"""Figures of cells: cycling curves, stack-energy studies, rate maps and simulated curves.

Each function returns a matplotlib Figure (Agg backend); callers save or embed it.
"""

from __future__ import annotations

import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.ticker import MaxNLocator, NullFormatter, ScalarFormatter  # noqa: E402

from hydrion.units import ABSOLUTE_ZERO_C  # noqa: E402


def cycling_figure(data, summary):
    """Voltage against specific capacity coloured by cycle, and capacity/CE against cycle.

    ``data`` is a :class:`~hydrion.experiment.cycling.CyclingData`, ``summary`` its
    :class:`~hydrion.experiment.cycling.CyclingSummary`.
    """
    fig, (curves, trend) = plt.subplots(1, 2, figsize=(10, 4))
    n_cycles = max(len(summary.cycles), 1)
    colours = plt.cm.viridis(np.linspace(0, 1, n_cycles))
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
    sm = plt.cm.ScalarMappable(cmap="viridis", norm=plt.Normalize(1, n_cycles))
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
    fig.tight_layout()
    return fig


def study_figure(studies: dict, title: str):
    """Stack Wh/kg and Wh/L against one design variable for several cells.

    ``studies`` maps a cell label to a :class:`~hydrion.cell.stack.Sensitivity`.
    """
    fig, (gravimetric, volumetric) = plt.subplots(1, 2, figsize=(10, 4))
    for label, study in studies.items():
        gravimetric.plot(study.values, study.Wh_per_kg, "o-", label=label)
        volumetric.plot(study.values, study.Wh_per_L, "o-", label=label)
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
    fig.tight_layout()
    return fig


def limit_map_figure(grid):
    """Largest C-rate within the allowed ohmic drop over temperature × separator thickness."""
    fig, axis = plt.subplots(figsize=(6, 4.5))
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
    fig.colorbar(mesh, ax=axis, label=f"max C-rate for {grid.allowed_drop_V:g} V ohmic drop")
    # the 1 C line per thickness, from within-phase interpolation only: a contour across the
    # σ jump at a phase transition would place 1 C below the transition
    boundary_C = grid.lowest_temperature_K(1.0) + ABSOLUTE_ZERO_C
    if np.any(np.isfinite(boundary_C)):
        axis.plot(grid.thicknesses_um, boundary_C, color="white", lw=1.2, label="1 C")
    for transition_K in grid.transitions_K:
        axis.axhline(transition_K + ABSOLUTE_ZERO_C, color="cyan", ls="--", lw=0.8)
    _hatch_extrapolated(axis, temperatures_C, grid.extrapolated)
    axis.set(
        xscale="log",
        xlabel="separator thickness (µm)",
        ylabel="temperature (°C)",
        title=f"{grid.electrolyte}: white = 1 C, cyan dashed = phase transition,\n"
        "hatched = σ extrapolated beyond its data",
    )
    axis.title.set_fontsize(9)
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


def simulation_figure(runs, title: str = "", reported=()):
    """Simulated curves, voltage against specific capacity: one panel per working electrode.

    ``runs`` is a list of :class:`~hydrion.cell.setups.SimulatedCurve` whose labels start
    with their cell ('tis2|libh4 0.2 C, 120 °C'); discharge solid, charge dashed. ``reported``
    holds :class:`~hydrion.cell.review_cases.ReportedPoint` items, drawn as dotted vertical lines
    at the reported capacity, only in the panel of their own cell and in the colour of the
    simulated run of that cell at the same C-rate and temperature. Capacity is per gram of
    the positive (working) active material, pristine; legends sit below the panels.
    """
    groups: dict[str, list] = {}
    for run in runs:
        groups.setdefault(run.label.split()[0].split("|")[0], []).append(run)
    n_panels = max(len(groups), 1)
    fig, axes = plt.subplots(
        1, n_panels, figsize=(5.5 * n_panels, 5.5), squeeze=False, layout="constrained"
    )
    legend_lines = 0
    for axis, (electrode, members) in zip(axes[0], groups.items(), strict=False):
        labels = list(dict.fromkeys(run.label for run in members))
        colours = dict(zip(labels, plt.cm.plasma(np.linspace(0, 0.85, len(labels))), strict=True))
        for run in members:
            axis.plot(
                run.capacity_mAh_per_g,
                run.voltage_V,
                color=colours[run.label],
                ls="-" if run.direction == "discharge" else "--",
                label=run.label if run.direction == "discharge" else None,
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
                    label=f"{point.cell}: {point.label}",
                )
        axis.set(
            xlabel=f"capacity (mAh per g of {electrode}, pristine active mass)",
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
    # the legends sit below the panels: grow the figure with their lines (about 0.15 in per
    # 7 pt line) so that constrained layout keeps room for the axes
    fig.set_size_inches(5.5 * n_panels, 5.5 + 0.15 * legend_lines)
    fig.suptitle(title)
    return fig


def ccd_figure(entries):
    """Critical current densities as horizontal bars.

    ``entries`` are (label, CCD in mA/cm², refs text) tuples, e.g. from the knowledge base.
    """
    fig, ax = plt.subplots(figsize=(6.4, 0.5 * max(len(entries), 1) + 1.4))
    labels = [f"{label} [{refs}]" for label, _, refs in entries]
    values = [value for _, value, _ in entries]
    ax.barh(labels, values, color="tab:blue")
    for y, value in enumerate(values):
        ax.text(value, y, f" {value:g}", va="center", fontsize=8)
    ax.set(xlabel="critical current density (mA cm⁻²)")
    ax.invert_yaxis()
    fig.tight_layout()
    return fig


def retention_figure(series):
    """Capacity retention (% of the earliest reported capacity) against cycle number.

    ``series`` maps a label to (cycles, retention %) sequences.
    """
    fig, ax = plt.subplots(figsize=(8.4, 4.4))
    colours = plt.get_cmap("tab20")
    for index, (label, (cycles, retention)) in enumerate(series.items()):
        ax.plot(
            cycles, retention, "o-", color=colours(index % colours.N), label=label, ms=4, lw=1.2
        )
    ax.set(xscale="log", xlabel="cycle number", ylabel="capacity retention (%)", ylim=(0, 105))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    fig.tight_layout()
    return fig
