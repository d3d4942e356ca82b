"""Reference lines for well-known sulfide, oxide and liquid electrolytes on σ plots.

The values live in ``plots/data/reference_electrolytes.yaml``, each with its source, and are
validated with the knowledge base's :class:`~hydrion.kb.records.Conductivity` schema.
:func:`draw_reference_lines` adds them to any matplotlib axes whose y axis is σ in S/cm.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hydrion.bundled_yaml import bundled_yaml
from hydrion.kb.records import Conductivity
from hydrion.plots.canvas import single_axes
from hydrion.plots.kb_points import drawn_records, plot_by_fill
from hydrion.plots.labels import typeset
from hydrion.plots.styles import free_colours, series_styles
from hydrion.plots.ticks import log_scale

# Family -> line style; each line also has a colour of its own (free_colours), and its
# legend label names the family. Dotted and dash-dotted only: solid and dashed lines are the
# models' own styles on Arrhenius plots (solid = valid range, dashed = extrapolated), and a
# custom dash pattern would read back as dashed (Line2D.get_linestyle).
FAMILY_LINE_STYLES = {"sulfide": ":", "oxide": "-.", "liquid": ":"}
# Drawing choices: names of lines closer than this (decades) are staggered, by this fraction
# of the axes width each.
LABEL_SEPARATION_DECADES = 0.3
LABEL_SLOT_WIDTH = 0.33


@dataclass(frozen=True)
class ReferenceElectrolyte:
    """A non-hydride electrolyte shown for comparison: name, family and one sourced σ."""

    name: str
    family: str
    conductivity: Conductivity

    @property
    def label(self) -> str:
        where = self.conductivity.temperature_text or f"{self.conductivity.temperature_C:g} °C"
        return f"{self.name} ({self.family}, {where})"


@lru_cache(maxsize=1)
def reference_electrolytes() -> tuple[ReferenceElectrolyte, ...]:
    """The reference electrolytes of the data file, in its order.

    Returns
    -------
    tuple of ReferenceElectrolyte
        Each with its name, family and one σ (S cm⁻¹ at a temperature in °C) validated by the
        :class:`~hydrion.kb.records.Conductivity` schema, with its source (DOI and citation)
        as ``plots/data/reference_electrolytes.yaml`` gives it.
    """
    return tuple(
        ReferenceElectrolyte(
            item["name"], item["family"], Conductivity.model_validate(item["conductivity"])
        )
        for item in bundled_yaml("hydrion.plots.data", "reference_electrolytes.yaml")
    )


def _label_slots(sigmas: list[float]) -> list[int]:
    """Horizontal slot of each line's name: names of lines closer than
    ``LABEL_SEPARATION_DECADES`` share no slot, so they never print over each other."""
    slots: list[int] = []
    for index, sigma in enumerate(sigmas):
        taken = {
            slots[j]
            for j in range(index)
            if abs(math.log10(sigma / sigmas[j])) < LABEL_SEPARATION_DECADES
        }
        slots.append(min(set(range(len(sigmas))) - taken))
    return slots


def draw_reference_lines(ax: Axes, legend: bool = True, used: Iterable = ()) -> None:
    """Horizontal lines at each reference σ, each named (typeset) above its line at the right
    of ``ax``, names of nearby lines staggered leftwards (and labelled for a legend when
    ``legend``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose y axis is σ in S/cm.
    legend : bool
        Whether the lines get legend labels.
    used : iterable of matplotlib colours
        Colours of the series already on ``ax``: no line takes one of them. The family sets
        the line style (:data:`FAMILY_LINE_STYLES`); every line has its own colour
        (:func:`~hydrion.plots.styles.free_colours`).

    Returns
    -------
    None
        The lines and names are drawn on ``ax``.

    Notes
    -----
    Values and their sources: :func:`reference_electrolytes`.
    """
    refs = reference_electrolytes()
    slots = _label_slots([ref.conductivity.sigma_S_per_cm for ref in refs])
    colours = free_colours(len(refs), used)
    for ref, slot, color in zip(refs, slots, colours, strict=True):
        sigma = ref.conductivity.sigma_S_per_cm
        style = FAMILY_LINE_STYLES.get(ref.family, ":")
        ax.axhline(
            sigma,
            color=color,
            lw=1.0,
            ls=style,
            label=typeset(ref.label) if legend else None,
            zorder=0,
        )
        ax.annotate(
            typeset(ref.name),
            xy=(0.99 - LABEL_SLOT_WIDTH * slot, sigma),
            xycoords=("axes fraction", "data"),
            ha="right",
            va="bottom",
            fontsize=6,
            color=color,
        )


def comparison_figure(
    materials,
    title: str = "Hydride electrolytes against well-known ones",
    ax: Axes | None = None,
) -> Figure:
    """Every stored conductivity of ``materials`` against temperature, one colour and marker
    per family, with the reference electrolytes as lines in colours of their own (open
    markers: order-of-magnitude values; grey crosses: values the review attributes to another
    compound, see :func:`~hydrion.transport.kb_data.excluded_reason`).

    Parameters
    ----------
    materials
        Knowledge-base materials (:class:`~hydrion.kb.records.Material`).
    title
        Axes title.
    ax
        Axes to draw into; a new figure when None.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the axes (σ in S/cm against T in °C).
    """
    fig, ax, own = single_axes(ax, (8.4, 4.6))
    families = sorted({m.family for m in materials if m.conductivities})
    styles = series_styles(len(families))
    for family, (color, marker) in zip(families, styles, strict=True):
        points = []
        for material in (m for m in materials if m.family == family):
            for record, excluded in drawn_records(material):
                if excluded:  # misattributed: grey, unlabelled
                    ax.plot(record.temperature_C, record.sigma_S_per_cm, "x", color="0.5")
                else:
                    points.append((record.temperature_C, record))
        plot_by_fill(ax, points, marker, color, typeset(family), ms=5)
    draw_reference_lines(ax, used=[color for color, _ in styles])
    log_scale(ax, "y")
    ax.set(xlabel="T (°C)", ylabel="σ (S cm⁻¹)", title=title)
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    if own:
        fig.tight_layout()
    return fig
