"""Reference lines for well-known sulfide, oxide and liquid electrolytes on σ plots.

The values live in ``plots/data/reference_electrolytes.yaml``, each with its source, and are
validated with the knowledge base's :class:`~hydrion.kb.records.Conductivity` schema.
:func:`draw_reference_lines` adds them to any matplotlib axes whose y axis is σ in S/cm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.text import Annotation
from matplotlib.transforms import Affine2D, Transform

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
# Drawing choices: the names' size (pt); their gap to their line and to each other (pt); the
# strip beside the names where leaders run (pt); how far in from the axes' ends (fractions of
# the axes width) the names of a group may go to cover fewer data points, the ends first;
# how far around a data point a name counts as covering it (pt, a marker's radius); the least
# contrast ratio of their colour on white (WCAG 2.1 AA, normal text).
LABEL_FONTSIZE = 7.0
LABEL_GAP_PT = 1.5
LEADER_RUN_PT = 8.0
NAME_SHIFTS = (0.0, 0.2, 0.4)
MARKER_REACH_PT = 3.0
TEXT_CONTRAST = 4.5


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


def readable_colour(colour) -> tuple[float, float, float, float]:
    """``colour`` darkened (its hue kept) until text in it reads on white: a contrast ratio of
    at least :data:`TEXT_CONTRAST` (WCAG 2.1, success criterion 1.4.3).

    Parameters
    ----------
    colour : matplotlib colour
        Any colour specification (e.g. a reference line's colour).

    Returns
    -------
    tuple of float
        RGBA (0..1); ``colour`` itself where it already reads.
    """
    red, green, blue, alpha = to_rgba(colour)
    scale = 1.0
    while _contrast_on_white(red * scale, green * scale, blue * scale) < TEXT_CONTRAST:
        scale -= 0.02
    return (red * scale, green * scale, blue * scale, alpha)


def _contrast_on_white(*rgb: float) -> float:
    """WCAG 2.1 contrast ratio of an sRGB colour against white."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


class _NamePlacer:
    """Where the names of one axes' reference lines go, worked out when the axes are drawn
    (only then are their size and y limits final): each name next to its line, names of lines
    closer than a name's height stacked in the lines' order (:func:`_stacked`), all inside the
    axes; each name at the right or the left end, whichever covers fewer data points (right
    on a tie). The names stand :data:`LEADER_RUN_PT` back from the axes' ends; in that strip a
    thin leader joins a name moved off its line to the line, so that no leader crosses a name.
    """

    def __init__(
        self, ax: Axes, lines: list[Line2D], sigmas: list[float], names: list[Annotation]
    ) -> None:
        self.ax, self.lines, self.sigmas, self.names = ax, lines, sigmas, names
        self._key: tuple | None = None
        self._spots: list[tuple[float, ...]] = []

    def point(self, index: int, which: int) -> Callable[[RendererBase], Transform]:
        """Coordinates (a callable for ``xycoords``/``textcoords``) whose (0, 0) is a point of
        name ``index``: 0 its lower left corner, 1 and 2 where its leader starts and ends."""
        return lambda renderer: Affine2D().translate(
            *self._spot(renderer, index)[2 * which : 2 * which + 2]
        )

    def _spot(self, renderer: RendererBase, index: int) -> tuple[float, ...]:
        box = self.ax.get_window_extent(renderer)
        key = (id(renderer), tuple(box.bounds), self.ax.get_xlim(), self.ax.get_ylim())
        if key != self._key:
            self._spots, self._key = self._layout(renderer, box), key
        return self._spots[index]

    def _layout(self, renderer: RendererBase, box) -> list[tuple[float, ...]]:
        """Per name, display units: its lower left corner, its leader's start and end (one
        point where the name is next to its line)."""
        pixels = float(np.asarray(renderer.points_to_pixels(1.0)))  # per point
        gap, run = LABEL_GAP_PT * pixels, LEADER_RUN_PT * pixels
        font = self.names[0].get_fontproperties()
        sizes = [  # (width, height, descent); a line is at least as tall as 'lp' (as in Text)
            _text_size(renderer, pixels, text, font)
            for text in ("lp", *(n.get_text() for n in self.names))
        ]
        height = float(max(h for _, h, _ in sizes))
        transform = self.ax.get_yaxis_transform()
        levels = [float(transform.transform((0.0, sigma))[1]) for sigma in self.sigmas]
        bottoms, groups = _stacked(levels, height, gap, box.y0 + gap, box.y1 - gap)
        widths = [float(width) for width, _, _ in sizes[1:]]
        points = self._data_points()
        reach = MARKER_REACH_PT * pixels
        spots: list[tuple[float, ...]] = [()] * len(levels)
        for group in groups:
            # where the group's names go: the first of these ends covering fewest data points
            ends: list[tuple[float, int]] = [
                (end, out)
                for shift in NAME_SHIFTS
                for end, out in (
                    (box.x1 - run - shift * box.width, 1),
                    (box.x0 + run + shift * box.width, -1),
                )
            ]
            cover: list[int] = [
                sum(
                    _covered(
                        points, end - width if out > 0 else end, bottoms[i], width, height, reach
                    )
                    for i, width in ((i, widths[i]) for i in group)
                )
                for end, out in ends
            ]
            end, out = ends[cover.index(min(cover))]
            for i in group:
                x0, bottom, level = (end - widths[i] if out > 0 else end), bottoms[i], levels[i]
                if -height - 1.5 * gap < bottom - level < 1.5 * gap:  # next to its line
                    spots[i] = (x0, bottom, end, level, end, level)
                else:
                    start = (end + out * gap, bottom + height / 2)
                    spots[i] = (x0, bottom, *start, end + out * (run - gap), level)
        return spots

    def _data_points(self) -> np.ndarray:
        """Display positions of every vertex and marker on the axes but the reference lines."""
        parts = [
            line.get_transform().transform(np.asarray(line.get_xydata(), float).reshape(-1, 2))
            for line in self.ax.lines
            if line not in self.lines
        ]
        parts += [
            c.get_offset_transform().transform(np.asarray(c.get_offsets(), float).reshape(-1, 2))
            for c in self.ax.collections
        ]
        return np.concatenate(parts) if parts else np.empty((0, 2))


_TEXT_SIZES: dict[tuple, tuple[float, float, float]] = {}


def _text_size(
    renderer: RendererBase, pixels: float, text: str, font: FontProperties
) -> tuple[float, float, float]:
    """(width, height, descent) of ``text`` in display units, kept per renderer kind and
    resolution: every panel and every draw of a figure (layout, then PNG) names the same few
    lines, and measuring them was two thirds of the time spent placing names."""
    key = (type(renderer), pixels, text, font)
    if key not in _TEXT_SIZES:
        _TEXT_SIZES[key] = renderer.get_text_width_height_descent(text, font, False)
    return _TEXT_SIZES[key]


def _stacked(
    levels: list[float], height: float, gap: float, floor: float, ceiling: float
) -> tuple[list[float], list[list[int]]]:
    """Bottom of each name (display units) for lines at ``levels``. Lines closer than a name's
    height (with its gap) form a group, whose names go above its top line, stacked upwards in
    the lines' order; where that runs past ``ceiling``, below its bottom line, stacked
    downwards; where that too runs out (past ``floor``), above again, the top ones pushed down
    under ``ceiling``. Names are ``height`` tall and ``gap`` apart. Returns the bottoms and
    the groups (indices into ``levels``, bottom up).
    """
    order = sorted(range(len(levels)), key=levels.__getitem__)
    groups: list[list[int]] = []
    for i in order:
        if groups and levels[i] - levels[groups[-1][-1]] < height + gap:
            groups[-1].append(i)
        else:
            groups.append([i])
    top = {i: levels[group[-1]] for group in groups for i in group}
    bottom = {i: levels[group[0]] for group in groups for i in group}
    above = [0.0] * len(levels)
    low = floor
    for i in order:  # upwards
        above[i] = max(top[i] + gap, low)
        low = above[i] + height + gap
    if low - gap <= ceiling:
        return above, groups
    below = [0.0] * len(levels)
    high = ceiling
    for i in reversed(order):  # downwards
        below[i] = min(bottom[i] - gap, high) - height
        high = below[i] - gap
    if high + gap >= floor:
        return below, groups
    high = ceiling
    for i in reversed(order):
        above[i] = min(above[i], high - height)
        high = above[i] - gap
    return above, groups


def _covered(
    points: np.ndarray, x0: float, y0: float, width: float, height: float, reach: float
) -> int:
    """How many of ``points`` lie on a name's box, ``reach`` around (all in display units)."""
    x, y = points[:, 0], points[:, 1]
    inside = (
        (x > x0 - reach) & (x < x0 + width + reach) & (y > y0 - reach) & (y < y0 + height + reach)
    )
    return int(np.count_nonzero(inside))


def draw_reference_lines(ax: Axes, legend: bool = True, used: Iterable = ()) -> None:
    """Horizontal lines at each reference σ, each named (typeset) in a readable shade of its
    colour just above its line at the right or left end of ``ax``, names of lines closer than
    a name's height stacked apart (with a leader line), none over another, over as few data
    points as the two ends allow (and labelled for a legend when ``legend``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose y axis is σ in S/cm.
    legend : bool
        Whether the lines get legend labels.
    used : iterable of matplotlib colours
        Colours of the series already on ``ax``: no line takes one of them. The family sets
        the line style (:data:`FAMILY_LINE_STYLES`); every line has its own colour
        (:func:`~hydrion.plots.styles.free_colours`), its name that colour darkened to read
        on white (:func:`readable_colour`).

    Returns
    -------
    None
        The lines and names are drawn on ``ax``; the names are placed when the figure is
        drawn (after its layout), from the axes' final size and limits.

    Notes
    -----
    Values and their sources: :func:`reference_electrolytes`.
    """
    refs = reference_electrolytes()
    colours = free_colours(len(refs), used)
    lines = [
        ax.axhline(
            ref.conductivity.sigma_S_per_cm,
            color=colour,
            lw=1.0,
            ls=FAMILY_LINE_STYLES.get(ref.family, ":"),
            label=typeset(ref.label) if legend else None,
            zorder=0,
        )
        for ref, colour in zip(refs, colours, strict=True)
    ]
    names: list[Annotation] = []
    sigmas = [ref.conductivity.sigma_S_per_cm for ref in refs]
    placer = _NamePlacer(ax, lines, sigmas, names)
    for index, (ref, colour) in enumerate(zip(refs, colours, strict=True)):
        names.append(
            ax.annotate(
                typeset(ref.name),
                xy=(0.0, 0.0),
                xycoords=placer.point(index, 0),
                va="bottom",
                fontsize=LABEL_FONTSIZE,
                color=readable_colour(colour),
                annotation_clip=False,
            )
        )
        ax.annotate(  # the leader: no text, an arrow without heads
            "",
            xy=(0.0, 0.0),
            xycoords=placer.point(index, 2),
            xytext=(0.0, 0.0),
            textcoords=placer.point(index, 1),
            arrowprops={"arrowstyle": "-", "lw": 0.6, "color": colour, "shrinkA": 0, "shrinkB": 0},
            annotation_clip=False,
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
