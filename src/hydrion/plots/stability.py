"""Figures of stability windows and of the compatibility matrix (matplotlib)."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

COLORS = {
    "enthalpy": "#1f77b4",
    "gibbs298": "#2ca02c",
    "theoretical": "#ff7f0e",
    "experimental": "#7f7f7f",
}
OUTCOME_MARK = {"cycles": "✓", "fails": "✗", "degrades": "~"}
TOP_V = 6.0  # where an open-ended window is drawn to


def _bars(ax, y: float, low: float | None, high: float | None, color: str, label: str, height=0.18):
    low = 0.0 if low is None else low
    high = TOP_V if high is None or math.isinf(high) else high
    ax.barh(y, high - low, left=low, height=height, color=color, label=label)


def windows_figure(comparisons, title: str = "Electrochemical stability windows"):
    """Bars per material: computed windows (each convention) next to reported ones."""
    fig, ax = plt.subplots(figsize=(7.5, 0.7 + 0.75 * max(len(comparisons), 1)))
    labels_seen: set[str] = set()
    for row, comparison in enumerate(comparisons):
        items = [
            (w.convention, w.reduction.voltage_V, w.oxidation.voltage_V)
            for w in comparison.computed
        ]
        items += [(r.method, r.low_V, r.high_V) for r in comparison.reported]
        offsets = np.linspace(-0.3, 0.3, len(items)) if len(items) > 1 else [0.0]
        for offset, (kind, low, high) in zip(offsets, items, strict=True):
            label = kind if kind not in labels_seen else None
            labels_seen.add(kind)
            _bars(
                ax,
                row + offset,
                low,
                high,
                COLORS.get(kind, "#999999"),
                label,
                0.6 / max(len(items), 1),
            )
    ax.set_yticks(range(len(comparisons)), [c.name for c in comparisons])
    ax.set_xlabel("potential (V vs metal)")
    ax.set_xlim(0, TOP_V)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    return fig


def compat_heatmap(cells):
    """Electrolyte × electrode heatmap of the window margin (V); marks give the experiments."""
    electrolytes = sorted({c.electrolyte for c in cells})
    electrodes = sorted({c.electrode for c in cells})
    grid = np.full((len(electrolytes), len(electrodes)), np.nan)
    fig, ax = plt.subplots(
        figsize=(1.2 + 0.7 * max(len(electrodes), 1), 1.0 + 0.45 * max(len(electrolytes), 1))
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
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#dddddd")
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=-3, vmax=3, aspect="auto")
    ax.set_xticks(range(len(electrodes)), electrodes, rotation=45, ha="right")
    ax.set_yticks(range(len(electrolytes)), electrolytes)
    fig.colorbar(image, ax=ax, label="window margin (V); < 0: decomposes")
    ax.set_title("Compatibility: thermodynamics (colour), experiments (✓ cycles, ✗ fails, ~ fades)")
    fig.tight_layout()
    return fig


def decomposition_figure(windows, top_V: float = 5.0):
    """Decomposition products against voltage: one panel per computed window.

    Each panel is the window's grand-potential profile: working ions taken up (> 0) or given
    off (< 0) per formula unit against the potential (V vs the metal), one segment per phase
    assemblage, labelled with its phases; the stable segment (no uptake) is shaded.
    ``windows`` are :class:`~hydrion.stability.window.ElectrochemicalWindow` objects.
    """
    count = max(len(windows), 1)
    fig, axes = plt.subplots(count, 1, figsize=(7.5, 1.6 + 1.5 * count), squeeze=False)
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
                " + ".join(step.products),
                ha="center",
                va="bottom",
                fontsize=6.5,
            )
        ax.axhline(0, color="k", lw=0.5)
        ax.set_xlim(0, top_V)
        ax.set_ylabel(f"{window.ion} per f.u.", fontsize=8)
        title = f"{window.formula} vs {window.reference} ({window.convention})"
        ax.set_title(title, fontsize=9, loc="left")
        ax.margins(y=0.35)
    axes[-1, 0].set_xlabel("potential (V vs the working-ion metal)")
    fig.tight_layout()
    return fig
