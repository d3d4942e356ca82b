"""Reference lines for well-known sulfide, oxide and liquid electrolytes on σ plots.

The values live in ``plots/data/reference_electrolytes.yaml``, each with its source, and are
validated with the knowledge base's :class:`~hydrion.kb.records.Conductivity` schema.
:func:`draw_reference_lines` adds them to any matplotlib axes whose y axis is σ in S/cm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from hydrion.kb.records import Conductivity
from hydrion.plots.canvas import single_axes
from hydrion.plots.labels import typeset
from hydrion.plots.styles import series_styles

# Family -> (line style, colour). Dotted and dash-dotted only: solid and dashed lines are
# the models' own styles on Arrhenius plots (solid = valid range, dashed = extrapolated).
FAMILY_STYLES = {
    "sulfide": (":", "tab:olive"),
    "oxide": ("-.", "tab:brown"),
    "liquid": (":", "tab:cyan"),
}
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
    """The reference electrolytes of the data file, in its order."""
    text = (
        resources.files("hydrion.plots.data")
        .joinpath("reference_electrolytes.yaml")
        .read_text("utf-8")
    )
    return tuple(
        ReferenceElectrolyte(
            item["name"], item["family"], Conductivity.model_validate(item["conductivity"])
        )
        for item in yaml.safe_load(text)
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


def draw_reference_lines(ax: Axes, legend: bool = True) -> None:
    """Horizontal lines at each reference σ, styled by family, each named (typeset) above
    its line at the right of ``ax``, names of nearby lines staggered leftwards (and labelled
    for a legend when ``legend``). ``ax``'s y axis must be σ in S/cm."""
    refs = reference_electrolytes()
    slots = _label_slots([ref.conductivity.sigma_S_per_cm for ref in refs])
    for ref, slot in zip(refs, slots, strict=True):
        sigma = ref.conductivity.sigma_S_per_cm
        style, color = FAMILY_STYLES.get(ref.family, (":", "0.45"))
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
    per family, with the reference electrolytes as lines (open markers: order-of-magnitude
    values; grey crosses: values the review attributes to another compound, see
    :func:`~hydrion.transport.kb_data.excluded_reason`).

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
    from hydrion.transport.kb_data import excluded_reason

    fig, ax, own = single_axes(ax, (8.4, 4.6))
    families = sorted({m.family for m in materials if m.conductivities})
    for family, (color, marker) in zip(families, series_styles(len(families)), strict=True):
        label: str | None = typeset(family)
        for material in (m for m in materials if m.family == family):
            for record in material.conductivities:
                if record.precision in ("lower_bound", "upper_bound"):
                    continue
                if excluded_reason(material.id, record):  # misattributed: grey, unlabelled
                    ax.plot(record.temperature_C, record.sigma_S_per_cm, "x", color="0.5")
                    continue
                open_marker = record.precision == "order_of_magnitude"
                ax.plot(
                    record.temperature_C,
                    record.sigma_S_per_cm,
                    marker,
                    color=color,
                    mfc="none" if open_marker else color,
                    ms=5,
                    label=label,
                )
                label = None
    draw_reference_lines(ax)
    ax.set(yscale="log", xlabel="T (°C)", ylabel="σ (S cm⁻¹)", title=title)
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0)
    if own:
        fig.tight_layout()
    return fig
