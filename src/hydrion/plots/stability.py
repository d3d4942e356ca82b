"""Figures of stability windows and of the compatibility matrix (matplotlib).

Conventions (``ax=``/``fig=`` in, the Figure out): see :mod:`hydrion.plots`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from hydrion.plots.canvas import panel_figure, root_figure, single_axes
from hydrion.plots.labels import display_name, knowledge_base, typeset
from hydrion.plots.styles import series_styles

COLORS = {
    "enthalpy": "#1f77b4",
    "gibbs298": "#2ca02c",
    "theoretical": "#ff7f0e",
    "experimental": "#7f7f7f",
}
OUTCOME_MARK = {"cycles": "✓", "fails": "✗", "degrades": "~"}
TOP_V = 6.0  # where an open-ended window is drawn to


def _bars(
    ax, y: float, low: float | None, high: float | None, color, label: str | None, height=0.18
):
    low = 0.0 if low is None else low
    high = TOP_V if high is None or math.isinf(high) else high
    ax.barh(y, high - low, left=low, height=height, color=color, label=label)


def _kind_colours(kinds: Sequence[str]) -> dict[str, object]:
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

    Parameters
    ----------
    comparisons
        :class:`~hydrion.stability.comparison.WindowComparison` items, one row each.
    title
        Axes title.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (potentials in V vs the working-ion metal).
    """
    fig, ax, own = single_axes(ax, (7.5, 0.7 + 0.75 * max(len(comparisons), 1)))
    rows = [
        [(w.convention, w.reduction.voltage_V, w.oxidation.voltage_V) for w in c.computed]
        + [(r.method, r.low_V, r.high_V) for r in c.reported]
        for c in comparisons
    ]
    colours = _kind_colours([kind for items in rows for kind, _, _ in items])
    labels_seen: set[str] = set()
    for row, items in enumerate(rows):
        offsets = np.linspace(-0.3, 0.3, len(items)) if len(items) > 1 else [0.0]
        for offset, (kind, low, high) in zip(offsets, items, strict=True):
            label = kind if kind not in labels_seen else None
            labels_seen.add(kind)
            _bars(ax, row + offset, low, high, colours[kind], label, 0.6 / max(len(items), 1))
    ax.set_yticks(range(len(comparisons)), [typeset(c.name) for c in comparisons])
    ax.set_xlabel("potential (V vs metal)")
    ax.set_xlim(0, TOP_V)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    if own:
        fig.tight_layout()
    return fig


def compat_heatmap(cells, ax: Axes | None = None, kb=None) -> Figure:
    """Electrolyte × electrode heatmap of the window margin (V); marks give the experiments.

    Parameters
    ----------
    cells
        :class:`~hydrion.stability.compatibility.Compatibility` items (KB ids of each pair).
    ax
        Axes to draw into (its figure gets the colour bar); a new figure when None.
    kb
        Knowledge base whose names label the ids (opened when None).

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the heatmap; materials are labelled by their typeset names.
    """
    kb = knowledge_base(kb)
    electrolytes = sorted({c.electrolyte for c in cells})
    electrodes = sorted({c.electrode for c in cells})
    grid = np.full((len(electrolytes), len(electrodes)), np.nan)
    fig, ax, own = single_axes(
        ax, (1.2 + 0.7 * max(len(electrodes), 1), 1.0 + 0.45 * max(len(electrolytes), 1))
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
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#dddddd")
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=-3, vmax=3, aspect="auto")
    ax.set_xticks(
        range(len(electrodes)),
        [display_name(e, kb) for e in electrodes],
        rotation=45,
        ha="right",
    )
    ax.set_yticks(range(len(electrolytes)), [display_name(e, kb) for e in electrolytes])
    ax.figure.colorbar(image, ax=ax, label="window margin (V); < 0: decomposes")
    ax.set_title("Compatibility: thermodynamics (colour), experiments (✓ cycles, ✗ fails, ~ fades)")
    if own:
        fig.tight_layout()
    return fig


def decomposition_figure(
    windows, top_V: float = 5.0, fig: Figure | SubFigure | None = None
) -> Figure:
    """Decomposition products against voltage: one panel per computed window.

    Each panel is the window's grand-potential profile: working ions taken up (> 0) or given
    off (< 0) per formula unit against the potential (V vs the metal), one segment per phase
    assemblage, labelled with its (typeset) phases; the stable segment (no uptake) is shaded.

    Parameters
    ----------
    windows
        :class:`~hydrion.stability.window.ElectrochemicalWindow` objects, one panel each.
    top_V
        Upper end of the potential axis (V vs the metal).
    fig
        Empty Figure or SubFigure to add the panels to; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The (root) figure holding the panels.
    """
    count = max(len(windows), 1)
    fig, own = panel_figure(fig, (7.5, 1.6 + 1.5 * count))
    axes = fig.subplots(count, 1, squeeze=False)
    for ax, window in zip(axes[:, 0], windows, strict=False):
        steps = sorted(window.profile, key=lambda s: s.voltage_V)
        for index, step in enumerate(steps):
            start = max(step.voltage_V, 0.0)
            end = steps[index + 1].voltage_V if index + 1 < len(steps) else top_V
            end = min(end, top_V)
            if end <= start:
                continue
            stable = abs(step.ion_uptake) < 1e-6
            color = "#2ca02c" if stable else ("#1f77b4" if step.ion_uptake > 0 else "#d62728")
            ax.hlines(step.ion_uptake, start, end, color=color, lw=2.5)
            if stable:
                ax.axvspan(start, end, color="#2ca02c", alpha=0.12)
            ax.text(
                (start + end) / 2,
                step.ion_uptake,
                " + ".join(typeset(product) for product in step.products),
                ha="center",
                va="bottom",
                fontsize=6.5,
            )
        ax.axhline(0, color="k", lw=0.5)
        ax.set_xlim(0, top_V)
        ax.set_ylabel(f"{window.ion} per f.u.", fontsize=8)
        title = f"{typeset(window.formula)} vs {window.reference} ({window.convention})"
        ax.set_title(title, fontsize=9, loc="left")
        ax.margins(y=0.35)
    axes[-1, 0].set_xlabel("potential (V vs the working-ion metal)")
    if own is not None:
        own.tight_layout()
    return root_figure(fig)
