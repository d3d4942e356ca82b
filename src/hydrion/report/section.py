"""What a report section is: titled tables and figures with the sources they rest on.

Analyses add a section by writing a module in :mod:`hydrion.report.sections` with a
``build(kb) -> Section`` function and listing it in ``SECTIONS`` there.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox

PNG_DPI = 120
"""Resolution of the PNG files written beside the report (dots per inch)."""
PAD_INCHES = 0.1
"""Margin around a figure's tight bounding box (inches; matplotlib's ``savefig.pad_inches``)."""


@dataclass(frozen=True)
class Figure:
    """A figure rendered to SVG (inlined in the HTML) and PNG (written beside it)."""

    slug: str
    title: str
    caption: str
    svg: str
    png: bytes

    @property
    def png_base64(self) -> str:
        return base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class TableBlock:
    """A table with an optional note under it (e.g. on conventions)."""

    title: str
    frame: pd.DataFrame
    note: str = ""


@dataclass(frozen=True)
class Section:
    """One report section."""

    slug: str
    title: str
    intro: str = ""
    tables: list[TableBlock] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    references: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def joined(parts: list[Section]) -> Section:
    """One section from the parts of it built apart (the report builds a long section's
    figures in several workers): the first part's slug, title and intro; the tables,
    figures and notes of all parts in their order; the union of their references.

    Parameters
    ----------
    parts : list of Section
        The parts, in the order their tables, figures and notes appear; at least one.

    Returns
    -------
    Section
        The joined section, its references sorted (reference-list numbers).

    Raises
    ------
    IndexError
        If ``parts`` is empty.
    """
    first = parts[0]
    return Section(
        slug=first.slug,
        title=first.title,
        intro=first.intro,
        tables=[table for part in parts for table in part.tables],
        figures=[figure for part in parts for figure in part.figures],
        references=sorted({ref for part in parts for ref in part.references}),
        notes=[note for part in parts for note in part.notes],
    )


def figure_from_matplotlib(fig, slug: str, title: str, caption: str) -> Figure:
    """Render a matplotlib figure to SVG and PNG, each cut to the figure's tight bounding box,
    and close it.

    The figure is drawn once per format: one Agg draw at :data:`PNG_DPI` gives the PNG and the
    tight bounding box (as ``savefig(bbox_inches="tight")`` computes it, padded by
    :data:`PAD_INCHES`), and the SVG is saved with that box, its layout already done. Saving
    each format with ``bbox_inches="tight"`` drew the figure four times (a layout draw before
    each render); drawing is most of the report's time (``benchmarks/bench_report.py``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; laid out (its layout engine run) by the first draw, then released
        (:func:`hydrion.plots.canvas.release`): do not draw on it afterwards.
    slug : str
        File-name stem of the PNG written beside the report; the figure's HTML anchor is
        ``fig-<slug>``.
    title : str
        Shown in bold at the start of the caption.
    caption : str
        Text shown under the figure, after the title.

    Returns
    -------
    Figure
        The SVG text (its XML prolog dropped so it can be inlined in HTML) and the PNG bytes.
    """
    from hydrion.plots.canvas import release

    png, box = _png_and_box(fig)
    fig.set_layout_engine(None)  # laid out by the draw above: the SVG save must not redo it
    svg_buffer = io.StringIO()
    fig.savefig(svg_buffer, format="svg", bbox_inches=box)
    release(fig)
    svg = svg_buffer.getvalue()
    svg = svg[svg.find("<svg") :]  # drop the XML prolog so it can be inlined
    return Figure(slug=slug, title=title, caption=caption, svg=svg, png=png)


def _png_and_box(fig) -> tuple[bytes, Bbox]:
    """The PNG of ``fig`` at :data:`PNG_DPI` and the box (inches) both formats are cut to:
    the tight bounding box, padded by :data:`PAD_INCHES`, as ``savefig(bbox_inches="tight")``
    gives it.

    One Agg draw gives both: the box is measured on the drawn figure and the PNG cut from the
    drawn pixels, its padding beyond the figure's edges filled with the figure's face colour.
    Content beyond the edges (which a cut cannot show) is saved instead with ``bbox_inches``
    set to the box, as ``savefig`` would (a second draw).
    """
    import matplotlib.image
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgba_array

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(PNG_DPI)
    canvas.draw()
    tight = fig.get_tightbbox(canvas.get_renderer())
    box = tight.padded(PAD_INCHES)
    buffer = io.BytesIO()
    if not _inside(tight, fig.bbox_inches):
        fig.savefig(buffer, format="png", dpi=PNG_DPI, bbox_inches=box)
        return buffer.getvalue(), box
    drawn = np.asarray(canvas.buffer_rgba())
    height, width = drawn.shape[:2]
    left, right = math.floor(box.x0 * PNG_DPI), math.ceil(box.x1 * PNG_DPI)
    top, bottom = math.floor(height - box.y1 * PNG_DPI), math.ceil(height - box.y0 * PNG_DPI)
    face = np.round(to_rgba_array(fig.get_facecolor())[0] * 255).astype(np.uint8)
    pixels = np.empty((bottom - top, right - left, 4), dtype=np.uint8)
    pixels[:] = face
    rows, columns = slice(max(top, 0), min(bottom, height)), slice(max(left, 0), min(right, width))
    pixels[rows.start - top : rows.stop - top, columns.start - left : columns.stop - left] = drawn[
        rows, columns
    ]
    matplotlib.image.imsave(buffer, pixels, format="png", origin="upper", dpi=PNG_DPI)
    return buffer.getvalue(), box


def _inside(inner: Bbox, outer: Bbox) -> bool:
    """Whether ``inner`` lies within ``outer`` (both in the same units)."""
    return (
        outer.x0 <= inner.x0
        and outer.y0 <= inner.y0
        and inner.x1 <= outer.x1
        and inner.y1 <= outer.y1
    )
