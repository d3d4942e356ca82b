"""Figures of stability windows and of the compatibility matrix (matplotlib).

Conventions (``ax=``/``fig=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.patches import Patch
from matplotlib.transforms import ScaledTranslation
from matplotlib.typing import ColorType
from pymatgen.util.string import unicodeify_species

from hydrion.plots.canvas import panel_figure, root_figure, single_axes
from hydrion.plots.labels import display_name, knowledge_base, source_label, typeset
from hydrion.plots.styles import series_styles

COLORS = {
    "enthalpy": "#1f77b4",
    "gibbs298": "#2ca02c",
    "theoretical": "#ff7f0e",
    "experimental": "#7f7f7f",
}
OUTCOME_MARK = {"cycles": "✓", "fails": "✗", "degrades": "~"}
PROFILE_COLORS = {
    "stable": "#2ca02c",
    "reduced": "#1f77b4",
    "oxidised": "#d62728",
}
"""Colours of the decomposition profile's segments (:func:`decomposition_figure`)."""
PROFILE_KEY = {
    "stable": "stable: no ions taken up or given off (shaded: the computed window)",
    "reduced": "reduced: takes up working ions (> 0)",
    "oxidised": "oxidised: gives off working ions (< 0)",
}
"""What each colour of the decomposition profile means, as its legend says."""
HEATMAP_KEY = {
    "< 0": "< 0: decomposes",
    "> 0": "> 0: stable",
    "n/d": "grey, n/d: no thermodynamic data",
    "blank": "grey, blank: pair not assessed",
}
"""The heatmap's key under its colour bar: what the margin's sign means, and the two kinds of
grey cell (marked n/d: the pair was assessed but lacks an energy or a potential; blank: the
list of cells has no such pair, e.g. no shared working ion)."""
HEATMAP_GREY = "#dddddd"  # cells without a margin
HEATMAP_KEY_PT = 8.5  # the key's and the colour bar title's font size (pt)
# Drawing choices (in): the least width of the heatmap and its bar (room for the title on two
# lines), the least that has room for it on one line, and the width added for the key.
HEATMAP_MIN_WIDTH_IN = 6.0
HEATMAP_ONE_LINE_TITLE_IN = 10.0
HEATMAP_KEY_WIDTH_IN = 1.6
TOP_V = 6.0  # where an open-ended window is drawn to
LEGEND_TITLES = {
    "computed": "computed (phase diagram)",
    "reported": "reported (literature)",
}


def _bar(ax, y: float, low: float | None, high: float | None, color) -> None:
    low = 0.0 if low is None else low
    high = TOP_V if high is None or math.isinf(high) else high
    ax.barh(y, high - low, left=low, height=0.7, color=color)


def _kind_colours(kinds: Sequence[str]) -> dict[str, ColorType]:
    """The fixed colour of each known kind; kinds without one get distinct series colours
    that no known kind uses."""
    unknown = [kind for kind in dict.fromkeys(kinds) if kind not in COLORS]
    fixed = {matplotlib.colors.to_rgb(c) for c in COLORS.values()}
    spare = [c for c, _ in series_styles(len(unknown) + len(fixed)) if c[:3] not in fixed]
    return {**COLORS, **dict(zip(unknown, spare, strict=False))}


def windows_figure(
    comparisons, title: str = "Electrochemical stability windows", ax: Axes | None = None
) -> Figure:
    """Bars per material: computed windows (each convention) next to reported ones.

    Every bar has its own row, labelled with what it is: 'computed, <convention>' (this
    grand-potential phase diagram) or 'reported, <method> [refs]' (a literature window with
    its source); each material's rows sit under its name. Two legends keep the computed
    conventions and the reported methods apart, each under its own heading.

    Parameters
    ----------
    comparisons
        :class:`~hydrion.stability.comparison.WindowComparison` items, one group of rows each.
    title
        Axes title.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (potentials in V vs the working-ion metal; open-ended
        windows drawn to 6 V).
    """
    groups = [
        (
            c.name,
            [
                ("computed", w.convention, "", w.reduction.voltage_V, w.oxidation.voltage_V)
                for w in c.computed
            ]
            + [
                ("reported", r.method, source_label(r.source), r.low_V, r.high_V)
                for r in c.reported
            ],
        )
        for c in comparisons
    ]
    n_rows = sum(1 + len(items) for _, items in groups)
    fig, ax, own = single_axes(ax, (9.0, 1.2 + 0.24 * max(n_rows, 1)))
    colours = _kind_colours([kind for _, items in groups for _, kind, _, _, _ in items])
    seen: dict[tuple[str, str], ColorType] = {}
    ticks, tick_labels, row = [], [], 0
    for group, (name, items) in enumerate(groups):
        if group:
            ax.axhline(row - 0.5, color="0.8", lw=0.6)
        ax.text(
            0.005,
            row,
            typeset(name),
            transform=ax.get_yaxis_transform(),
            va="center",
            fontweight="bold",
            fontsize=8,
        )
        row += 1
        for origin, kind, source, low, high in items:
            seen[(origin, kind)] = colours[kind]
            _bar(ax, row, low, high, colours[kind])
            ticks.append(row)
            tick_labels.append(f"{origin}, {kind}" + (f" {source}" if source else ""))
            row += 1
    ax.set_yticks(ticks, tick_labels, fontsize=7)
    ax.set_ylim(row - 0.5, -0.5)
    ax.set_xlabel("potential (V vs the working-ion metal)")
    ax.set_xlim(0, TOP_V)
    ax.set_title(title)
    handles: list[Patch] = []
    for origin in ("computed", "reported"):
        kinds = [(kind, colour) for (where, kind), colour in seen.items() if where == origin]
        if kinds:  # a heading entry (no swatch), then the kinds of this origin
            handles.append(Patch(facecolor="none", edgecolor="none", label=LEGEND_TITLES[origin]))
            handles += [Patch(color=colour, label=f"  {kind}") for kind, colour in kinds]
    if handles:
        ax.legend(
            handles=handles,
            fontsize=7,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            borderaxespad=0,
            handlelength=1.2,
        )
    if own:
        fig.tight_layout()
    return fig


def compat_heatmap(
    cells, ax: Axes | None = None, kb=None, names: Mapping[str, str] | None = None
) -> Figure:
    """Electrolyte × electrode heatmap of the window margin (V); marks give the experiments.

    Parameters
    ----------
    cells
        :class:`~hydrion.stability.compatibility.Compatibility` items (KB ids of each pair).
    ax
        Axes to draw into (its figure gets the colour bar); a new figure when None.
    kb
        Knowledge base whose names label the ids (opened when None).
    names
        Labels for some ids in place of their record names (e.g. 'my pellet (user)'),
        typeset like them.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the heatmap; materials are labelled by their typeset names.
    """
    kb = knowledge_base(kb)
    names = names or {}

    def label(key: str) -> str:
        return typeset(names[key]) if key in names else display_name(key, kb)

    electrolytes = sorted({c.electrolyte for c in cells})
    electrodes = sorted({c.electrode for c in cells})
    grid = np.full((len(electrolytes), len(electrodes)), np.nan)
    width = max(1.2 + 0.7 * len(electrodes), HEATMAP_MIN_WIDTH_IN)
    fig, ax, own = single_axes(
        # 2.4 in beside the rows: the title, the slanted electrode names and the bar's title;
        # the key's width beside the bar
        ax,
        (width + HEATMAP_KEY_WIDTH_IN, 2.4 + 0.45 * max(len(electrolytes), 1)),
    )
    for cell in cells:
        i, j = electrolytes.index(cell.electrolyte), electrodes.index(cell.electrode)
        if cell.margin_V is not None:
            grid[i, j] = cell.margin_V
            if cell.reaction is not None and cell.reaction.reactive and cell.margin_V > 0:
                grid[i, j] = -0.01
        mark = OUTCOME_MARK.get(cell.experimental_outcome or "", "")
        text = mark if cell.verdict != "no data" else f"n/d{(' ' + mark) if mark else ''}"
        ax.text(j, i, text, ha="center", va="center", fontsize=9)
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad=HEATMAP_GREY)
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=-3, vmax=3, aspect="auto")
    ax.set_xticks(
        range(len(electrodes)),
        [label(e) for e in electrodes],
        rotation=45,
        ha="right",
    )
    ax.set_yticks(range(len(electrolytes)), [label(e) for e in electrolytes])
    bar = ax.figure.colorbar(image, ax=ax)
    # over the bar, not along it: along it, the label outgrew a heatmap of a few rows
    bar.ax.set_title("margin (V)", fontsize=HEATMAP_KEY_PT, loc="left")
    _heatmap_key(bar.ax, cmap)
    ax.set_title(
        "Compatibility: thermodynamics (colour),"
        + (" " if width >= HEATMAP_ONE_LINE_TITLE_IN else "\n")
        + "experiments (✓ cycles, ✗ fails, ~ fades)"
    )
    if own:
        fig.tight_layout()
    return fig


def _heatmap_key(bar: Axes, cmap: matplotlib.colors.Colormap) -> None:
    """The key to the heatmap's colours (:data:`HEATMAP_KEY`), under its colour bar ``bar``:
    the sign of the margin, and the two kinds of grey cell."""
    colours = {
        "< 0": matplotlib.colors.to_hex(cmap(0.15)),
        "> 0": matplotlib.colors.to_hex(cmap(0.85)),
        "n/d": HEATMAP_GREY,
        "blank": HEATMAP_GREY,
    }
    handles: list[Artist] = [
        Patch(facecolor=colours[mark], label=text) for mark, text in HEATMAP_KEY.items()
    ]
    bar.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        bbox_transform=bar.transAxes + ScaledTranslation(0.0, -0.12, bar.figure.dpi_scale_trans),
        fontsize=HEATMAP_KEY_PT,
        frameon=False,
        borderaxespad=0.0,
        handlelength=1.2,
    )


def decomposition_figure(
    windows,
    top_V: float = 5.0,
    fig: Figure | SubFigure | None = None,
    names: Sequence[str] | None = None,
) -> Figure:
    """Decomposition products against voltage: one panel per computed window.

    Each panel is the window's grand-potential profile: working ions taken up (> 0) or given
    off (< 0) per formula unit against the potential (V vs the metal), one segment per phase
    assemblage, labelled with its (typeset) phases inside the panel; the stable segment (no
    uptake) is shaded. Panels are titled by material name, so two samples of one formula
    (e.g. 'ball-milled Li2B12H12') are told apart. A legend above the first panel says what
    each colour means (:data:`PROFILE_KEY`): green stable, blue reduced (ions taken up), red
    oxidised (ions given off).

    Parameters
    ----------
    windows
        :class:`~hydrion.stability.window.ElectrochemicalWindow` objects, one panel each.
    top_V
        Upper end of the potential axis (V vs the metal).
    fig
        Empty Figure or SubFigure to add the panels to; a new figure when None.
    names
        The material of each window, as titled; each window's formula when None.

    Returns
    -------
    matplotlib.figure.Figure
        The (root) figure holding the panels.

    Raises
    ------
    ValueError
        If ``names`` is given and its length differs from that of ``windows``.
    """
    titles = [w.formula for w in windows] if names is None else list(names)
    if len(titles) != len(windows):
        raise ValueError(f"{len(titles)} names for {len(windows)} windows")
    count = max(len(windows), 1)
    fig, own = panel_figure(fig, (7.5, 1.6 + 1.5 * count))
    axes = fig.subplots(count, 1, squeeze=False)
    for ax, window, name in zip(axes[:, 0], windows, titles, strict=False):
        steps = sorted(window.profile, key=lambda s: s.voltage_V)
        for index, step in enumerate(steps):
            start = max(step.voltage_V, 0.0)
            end = steps[index + 1].voltage_V if index + 1 < len(steps) else top_V
            end = min(end, top_V)
            if end <= start:
                continue
            stable = abs(step.ion_uptake) < 1e-6
            kind = "stable" if stable else ("reduced" if step.ion_uptake > 0 else "oxidised")
            ax.hlines(step.ion_uptake, start, end, color=PROFILE_COLORS[kind], lw=2.5)
            if stable:
                ax.axvspan(start, end, color=PROFILE_COLORS["stable"], alpha=0.12)
            _segment_label(ax, start, end, top_V, step.ion_uptake, step.products)
        ax.axhline(0, color="k", lw=0.5)
        ax.set_xlim(0, top_V)
        ax.set_ylabel(f"{window.ion} per f.u.", fontsize=8)
        reference = unicodeify_species(window.reference)
        ax.set_title(
            f"{typeset(name)} vs {reference} ({window.convention})", fontsize=9, loc="left"
        )
        ax.margins(y=0.35)
    axes[-1, 0].set_xlabel("potential (V vs the working-ion metal)")
    _profile_legend(axes[0, 0])
    if own is not None:
        own.tight_layout()
    return root_figure(fig)


def _profile_legend(ax: Axes) -> None:
    """The key to the profile's colours, above the panel's top right (clear of its title,
    which sits on the left)."""
    handles = [
        Patch(facecolor=PROFILE_COLORS[kind], label=PROFILE_KEY[kind]) for kind in PROFILE_KEY
    ]
    ax.legend(
        handles=handles,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.12),
        fontsize=6.5,
        frameon=False,
        borderaxespad=0.0,
    )


def _segment_label(ax, start: float, end: float, top_V: float, uptake: float, products) -> None:
    """The phases of one segment, above it and inside the axes: centred on the segment, but
    from its start (end) where a short segment begins at 0 V (reaches ``top_V``), whose
    centred label would run past the axis."""
    short = end - start < 0.2 * top_V
    if short and start <= 0.0:
        x, ha = start, "left"
    elif short and end >= top_V:
        x, ha = end, "right"
    else:
        x, ha = (start + end) / 2, "center"
    ax.text(
        x,
        uptake,
        " + ".join(typeset(product) for product in products),
        ha=ha,
        va="bottom",
        fontsize=6.5,
    )
