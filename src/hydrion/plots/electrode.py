"""Figures of conversion electrodes: equilibrium voltage profiles and the review's Fig. 10.

Conventions (``ax=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from pymatgen.util.string import unicodeify_species

from hydrion.constants import ion_charge
from hydrion.electrode.electrode_result import ElectrodeResult
from hydrion.electrode.fig10 import ORIGINS, CapacityPoint
from hydrion.electrode.volume import ReportedVolumeChange
from hydrion.plots.canvas import single_axes
from hydrion.plots.labels import typeset
from hydrion.plots.styles import series_styles

# What each energy convention of a conversion voltage is, in the few words a title has room
# for (in full: hydrion.stability.energies.CONVENTION_TEXT).
CONVENTION_GLOSS = {"gibbs298": "ΔG° at 298.15 K", "enthalpy": "ΔH° only, no entropy"}


def profile_figure(
    results: Sequence[ElectrodeResult],
    measured: dict[str, list[float]] | None = None,
    measured_steps: dict[str, list[tuple[float, float, float]]] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Staircase voltage profiles (V vs capacity of pristine electrode), one line each.

    The capacity axis counts every step of each result: conversion, then alloying where the
    result has alloying steps; a triangle on the axis marks where conversion ends (the Table 2
    capacity). ``measured`` maps a formula to measured voltages (V), drawn as dotted lines in
    the line's colour, each labelled with formula and value; ``measured_steps`` maps a formula
    to (start, end capacity in mAh/g, measured V) segments drawn dashed, for steps whose
    voltage has no thermochemistry (e.g. the Li–Mg alloying plateau of MgH2). The legend sits
    outside the axes; each profile has its own colour and marker (at its steps' ends).

    Parameters
    ----------
    results
        Electrode analyses; those without a profile are skipped.
    measured, measured_steps
        Measured plateaus (V; capacities in mAh/g) by formula, as above.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes.
    """
    fig, ax, own = single_axes(ax, (8.0, 4.4))
    any_alloying = False
    drawn = [(result, result.profile) for result in results if result.profile is not None]
    for (result, profile), (colour, marker) in zip(drawn, series_styles(len(drawn)), strict=True):
        ax.plot(
            profile.capacity_mAh_per_g,
            profile.voltage_V,
            color=colour,
            marker=marker,
            ms=4,
            label=f"{typeset(result.formula)} ({result.convention})",
        )
        if any(step.kind == "alloying" for step in result.steps):
            any_alloying = True
            ax.plot(result.capacity_mAh_per_g, 0, marker="^", color=colour, clip_on=False)
        right = float(profile.capacity_mAh_per_g[-1])
        for voltage in (measured or {}).get(result.formula, []):
            ax.plot([0, right], [voltage, voltage], color=colour, linestyle=":", linewidth=1)
            ax.annotate(
                f"{typeset(result.formula)} measured {voltage:g} V",
                (right, voltage),
                xytext=(-2, 1),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=6,
                color=colour,
            )
        segments = (measured_steps or {}).get(result.formula, [])
        for start, end, voltage in segments:
            ax.plot(
                [start, start, end],
                [profile.voltage_V[-1], voltage, voltage],
                color=colour,
                linestyle="--",
            )
        if segments:
            ax.plot([], [], color=colour, linestyle="--", label="  measured alloying plateau")
    if measured and any(measured.values()):
        ax.plot([], [], color="0.4", linestyle=":", label="measured plateau (review)")
    if any_alloying:
        ax.plot([], [], color="0.4", marker="^", ls="none", label="end of conversion (Table 2)")
    basis = "conversion, then alloying" if any_alloying else "conversion"
    ax.set_xlabel(f"capacity (mAh g⁻¹ of pristine electrode; {basis})")
    ion = results[0].ion if results else "Li"
    ax.set_ylabel(f"equilibrium potential (V vs {ion}/{ion}$^+$)")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    if own:
        fig.tight_layout()
    return fig


def volume_figure(
    result: ElectrodeResult,
    reported: Sequence[ReportedVolumeChange] = (),
    ax: Axes | None = None,
) -> Figure:
    """Volume of the electrode against ions taken up (steps of ``result.volume_path``).

    Reported values are drawn as horizontal lines (with an arrow for 'at least' bounds).

    Parameters
    ----------
    result
        Electrode analysis with a volume path.
    reported
        Reported volume changes (% of pristine), with their sources.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes.
    """
    fig, ax, own = single_axes(ax, (5.0, 3.6))
    path = result.volume_path
    x = [p.ions_per_formula for p in path]
    y = [p.volume_change_percent for p in path]
    ax.plot(x, y, marker="o", label="computed from densities")
    for point in path[1:]:
        note = typeset(point.after) + (" (Zen's law)" if point.zen_law else "")
        ax.annotate(
            f"{point.volume_change_percent:.0f} % {note}",
            (point.ions_per_formula, point.volume_change_percent),
            fontsize=7,
            xytext=(-4, 6),
            textcoords="offset points",
            ha="right",
        )
    for value in reported:
        refs = ", ".join(str(r) for r in value.source.refs)
        sign = {"at least": "> ", "at most": "< ", "exact": ""}[value.bound]
        ax.axhline(value.volume_change_percent, color="tab:red", linestyle=":")
        ax.annotate(
            f"reported {sign}{value.volume_change_percent:g} % [{refs}]",
            (0.02, value.volume_change_percent),
            xycoords=("axes fraction", "data"),
            fontsize=7,
            color="tab:red",
            xytext=(0, 4),
            textcoords="offset points",
        )
        if value.bound == "at least":
            ax.annotate(
                "",
                (0.9, value.volume_change_percent * 1.12),
                xytext=(0.9, value.volume_change_percent),
                xycoords=("axes fraction", "data"),
                arrowprops={"arrowstyle": "->", "color": "tab:red"},
            )
    ax.set_xlabel(f"{result.ion} per formula unit of {typeset(result.formula)}")
    ax.set_ylabel("volume change (% of pristine)")
    top = max([*y, *(v.volume_change_percent * 1.25 for v in reported)])
    ax.set_ylim(0, top * 1.1)
    ax.legend(fontsize=7, loc="lower right")
    if own:
        fig.tight_layout()
    return fig


def fig10_figure(
    points: Sequence[CapacityPoint], ax: Axes | None = None, ion: str = "Li"
) -> Figure:
    """Gravimetric vs volumetric theoretical capacity (conversion only), as in Fig. 10.

    Points whose conversion is uphill against the ion metal (E ≤ 0 V, in part or in full)
    are drawn hollow and red, labelled with the lowest step voltage and the energy convention
    it was computed in ('CaH₂ (E = -0.03 V, gibbs298)'). The title names the working ion and,
    on a second line, the convention(s) of the points' voltages
    (:func:`~hydrion.electrode.fig10.conversion_status`: gibbs298, enthalpy where entropies are
    missing). The legend names each point's origin (:data:`~hydrion.electrode.fig10.ORIGINS`
    first, e.g. 'added on the command line', then any other), each origin of ``ORIGINS`` in
    the same colour and marker whichever others are drawn (other binary hydrides: green
    triangles). Labels of points in the right
    quarter of the axes are written to their left, so that none runs past the axes.

    Parameters
    ----------
    points
        Capacities (mAh/g, mAh/cm³) with their origin and flags.
    ax
        Axes to draw into; a new figure when None.
    ion
        Working ion of the conversions ('Li', 'Na' or 'Mg').

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes; each origin has its own colour and marker.
    """
    fig, ax, own = single_axes(ax, (6.0, 4.5))
    given = {p.origin for p in points}
    origins = [*ORIGINS, *sorted(given - set(ORIGINS))]  # each its style, whichever are drawn
    for origin, (colour, marker) in zip(origins, series_styles(len(origins)), strict=True):
        chosen = [p for p in points if p.origin == origin and not p.flagged]
        if chosen:
            ax.scatter(
                [p.capacity_mAh_per_g for p in chosen],
                [p.volumetric_capacity_mAh_per_cm3 for p in chosen],
                color=colour,
                marker=marker,
                label=origin,
            )
        flagged = [p for p in points if p.origin == origin and p.flagged]
        if flagged:
            ax.scatter(
                [p.capacity_mAh_per_g for p in flagged],
                [p.volumetric_capacity_mAh_per_cm3 for p in flagged],
                marker=marker,
                facecolors="none",
                edgecolors="tab:red",
                label=f"{origin}: conversion at or below 0 V",
            )
    ax.margins(0.08)
    low, high = ax.get_xlim()
    charge = ion_charge(ion, working=True)
    reference = unicodeify_species(f"{ion}/{ion}{charge if charge > 1 else ''}+")
    for p in points:
        label = typeset(p.label)
        if p.flagged:
            label += f" (E = {p.lowest_voltage_V:.2f} V, {p.convention})"
        right = p.capacity_mAh_per_g > low + 0.75 * (high - low)
        ax.annotate(
            label,
            (p.capacity_mAh_per_g, p.volumetric_capacity_mAh_per_cm3),
            fontsize=7,
            xytext=(-3, 3) if right else (3, 3),
            textcoords="offset points",
            ha="right" if right else "left",
            color="tab:red" if p.flagged else "black",
        )
    ax.set_xlabel("gravimetric capacity (mAh g⁻¹ of pristine hydride)")
    ax.set_ylabel("volumetric capacity (mAh cm⁻³ of pristine hydride)")
    ax.set_title(
        f"Theoretical conversion capacity with {ion} (voltages vs {reference})\n"
        + voltage_conventions(points),
        fontsize=9,
    )
    ax.legend(fontsize=7)
    if own:
        fig.tight_layout()
    return fig


def voltage_conventions(points: Sequence[CapacityPoint]) -> str:
    """One line on the energy convention of the points' conversion voltages, e.g. 'conversion
    voltages: gibbs298 convention (ΔG° at 298.15 K)', naming the points of any other one.

    Parameters
    ----------
    points
        Fig. 10 points; those without a voltage are left out.

    Returns
    -------
    str
        The line; 'no conversion voltage (no thermochemistry)' when no point has one.
    """
    by_convention: dict[str, list[str]] = {}
    for p in points:
        if p.convention is not None:
            by_convention.setdefault(p.convention, []).append(typeset(p.label))
    if not by_convention:
        return "no conversion voltage (no thermochemistry)"
    main, *others = sorted(by_convention, key=lambda c: (-len(by_convention[c]), c))
    text = f"conversion voltages: {main} convention ({CONVENTION_GLOSS.get(main, main)})"
    for other in others:
        text += f"; {other} for {', '.join(by_convention[other])}"
    return text
