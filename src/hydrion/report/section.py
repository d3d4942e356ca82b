"""What a report section is: titled tables and figures with the sources they rest on.

Analyses add a section by writing a module in :mod:`hydrion.report.sections` with a
``build(kb) -> Section`` function and listing it in ``SECTIONS`` there.
"""

from __future__ import annotations

import base64
import io
import math
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.transforms import Bbox

PNG_DPI = 192
"""Resolution of the report's PNG figures (dots per inch): twice :data:`CSS_DPI`, so that a
figure shown at its physical size maps each PNG pixel onto one device pixel of a high-DPI
screen (2 device pixels per CSS pixel) and onto exactly 2 × 2 of an ordinary one: sharp on
both, no resampling. The workers' CPU of a whole report (``benchmarks/bench_report.py
--run-only``, quiet machine, 2 runs each, interleaved): 120 dpi 16.2 s, 150 dpi 17.1 s,
192 dpi 18.5 s, against 19.9 s for the former 120 dpi PNG + SVG; the drawing, not the PNG
encoding, is what grows with resolution."""
CSS_DPI = 96
"""CSS pixels per inch: a figure of w inches is shown w × 96 CSS pixels wide."""
PAD_INCHES = 0.1
"""Margin around a figure's tight bounding box (inches; matplotlib's ``savefig.pad_inches``)."""

_svg: ContextVar[bool] = ContextVar("hydrion_report_svg", default=False)


@contextmanager
def rendering(*, svg: bool = False) -> Iterator[None]:
    """Within this block, :func:`figure_from_matplotlib` renders each figure as PNG, and also
    as SVG when ``svg`` is true (the report's workers build their sections in it).

    Parameters
    ----------
    svg : bool
        Also render each figure as SVG (vector, for papers).

    Returns
    -------
    contextlib.AbstractContextManager
        Restores the former choice on leaving.
    """
    token = _svg.set(svg)
    try:
        yield
    finally:
        _svg.reset(token)


@dataclass(frozen=True)
class Figure:
    """A figure rendered to PNG (written beside the report and embedded in its page) and,
    when asked, to SVG.

    ``size_px`` is the PNG's (width, height) in pixels at :data:`PNG_DPI`; ``svg`` is the
    text of an SVG file, or None when the figure was rendered as PNG only.
    """

    slug: str
    title: str
    caption: str
    png: bytes
    size_px: tuple[int, int]
    svg: str | None = None

    @property
    def png_base64(self) -> str:
        """The PNG, base64-encoded (for a ``data:`` URL)."""
        return base64.b64encode(self.png).decode("ascii")

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) in CSS pixels at which the PNG shows the figure's physical size."""
        width, height = self.size_px
        return round(width * CSS_DPI / PNG_DPI), round(height * CSS_DPI / PNG_DPI)

    @property
    def svg_inline(self) -> str | None:
        """The SVG without its XML prolog, to be inlined in HTML; None without an SVG."""
        return None if self.svg is None else self.svg[self.svg.find("<svg") :]


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
    """Render a matplotlib figure to PNG, and to SVG inside ``rendering(svg=True)``, each cut
    to the figure's tight bounding box, and close it.

    The figure is drawn once per format: one Agg draw at :data:`PNG_DPI` gives the PNG and the
    tight bounding box (as ``savefig(bbox_inches="tight")`` computes it, padded by
    :data:`PAD_INCHES`); an SVG is saved with that box, its layout already done. Saving each
    format with ``bbox_inches="tight"`` drew the figure twice per format; drawing is most of
    the report's time (``benchmarks/bench_report.py``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; laid out (its layout engine run) by the first draw, then released
        (:func:`hydrion.plots.canvas.release`): do not draw on it afterwards.
    slug : str
        File-name stem of the files written beside the report; the figure's HTML anchor is
        ``fig-<slug>``.
    title : str
        Shown in bold at the start of the caption, and the image's alternative text.
    caption : str
        Text shown under the figure, after the title.

    Returns
    -------
    Figure
        The PNG bytes and size, and the SVG text when :func:`rendering` asks for it.
    """
    from hydrion.plots.canvas import release

    png, size_px, box = _png_and_box(fig)
    svg = None
    if _svg.get():
        fig.set_layout_engine(None)  # laid out by the draw above: the SVG save must not redo it
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches=box)
        svg = buffer.getvalue()
    release(fig)
    return Figure(slug=slug, title=title, caption=caption, png=png, size_px=size_px, svg=svg)


def _png_and_box(fig) -> tuple[bytes, tuple[int, int], Bbox]:
    """The PNG of ``fig`` at :data:`PNG_DPI`, its (width, height) in pixels, and the box
    (inches) it shows: the tight bounding box, padded by :data:`PAD_INCHES`, as
    ``savefig(bbox_inches="tight")`` gives it, grown to whole pixels of even width and height
    (:func:`_whole_pixels`), so that an SVG saved with the box shows what the PNG shows.

    One Agg draw gives both: the box is the extent of the drawn ink (every pixel not of the
    figure's face colour) and the PNG is cut from the drawn pixels, its padding beyond the
    figure's edges filled with the face colour. Measuring the box with ``get_tightbbox``
    instead lays out every text and tick again (7 % of the report's CPU). The ink's extent is
    matplotlib's tight box within a few pixels (the tight box counts the empty part of a
    text's line height, the ink a line's width). Where ink reaches an edge of the canvas,
    content may go on beyond it: the box is then matplotlib's tight box, and content beyond
    the edges (which a cut cannot show) is saved with ``bbox_inches`` set to the box, as
    ``savefig`` would (a second draw).

    The figure keeps the layout its plot function made at its own dpi. Making report figures
    at :data:`PNG_DPI` instead, so that ``tight_layout`` and this draw share one renderer and
    its cached text metrics, was measured and gave nothing on the whole report (workers' CPU
    17.6 s either way, 3 interleaved runs each): not done.
    """
    import matplotlib.image
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgba_array

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(PNG_DPI)
    canvas.draw()
    drawn = np.asarray(canvas.buffer_rgba())
    height, width = drawn.shape[:2]
    face = np.round(to_rgba_array(fig.get_facecolor())[0] * 255).astype(np.uint8)
    tight = _ink_box(drawn, face)
    if tight is None:
        tight = fig.get_tightbbox(canvas.get_renderer())
    box = _whole_pixels(tight.padded(PAD_INCHES))
    buffer = io.BytesIO()
    if not _inside(tight, fig.bbox_inches):
        fig.savefig(buffer, format="png", dpi=PNG_DPI, bbox_inches=box)
        png = buffer.getvalue()
        return png, _png_size(png), box
    # the box's edges in pixels of the canvas, rows counted from its top
    left, right = round(box.x0 * PNG_DPI), round(box.x1 * PNG_DPI)
    top, bottom = height - round(box.y1 * PNG_DPI), height - round(box.y0 * PNG_DPI)
    pixels = np.empty((bottom - top, right - left, 4), dtype=np.uint8)
    pixels[:] = face
    rows, columns = slice(max(top, 0), min(bottom, height)), slice(max(left, 0), min(right, width))
    pixels[rows.start - top : rows.stop - top, columns.start - left : columns.stop - left] = drawn[
        rows, columns
    ]
    matplotlib.image.imsave(buffer, pixels, format="png", origin="upper", dpi=PNG_DPI)
    return buffer.getvalue(), (right - left, bottom - top), box


def _whole_pixels(box: Bbox) -> Bbox:
    """``box`` (inches) with each edge moved outwards to a whole pixel at :data:`PNG_DPI`, and
    its width and height made even (one more pixel to the right, and below): a PNG of even
    size is shown at exactly half its pixels, in whole CSS pixels."""
    from matplotlib.transforms import Bbox

    left, right = math.floor(box.x0 * PNG_DPI), math.ceil(box.x1 * PNG_DPI)
    bottom, top = math.floor(box.y0 * PNG_DPI), math.ceil(box.y1 * PNG_DPI)
    right += (right - left) % 2
    bottom -= (top - bottom) % 2
    return Bbox.from_extents(left / PNG_DPI, bottom / PNG_DPI, right / PNG_DPI, top / PNG_DPI)


def _ink_box(drawn: np.ndarray, face: np.ndarray) -> Bbox | None:
    """The extent (inches, origin at the bottom left) of the pixels of ``drawn`` (height x
    width x 4, RGBA, at :data:`PNG_DPI`) that differ from ``face`` (RGBA); None where nothing
    is drawn or the ink reaches an edge of the canvas (it may go on beyond it)."""
    from matplotlib.transforms import Bbox

    ink = (drawn != face).any(axis=2)
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    if rows.size == 0 or rows[0] == 0 or columns[0] == 0:
        return None
    if rows[-1] == height - 1 or columns[-1] == width - 1:
        return None
    return Bbox.from_extents(
        columns[0] / PNG_DPI,
        (height - rows[-1] - 1) / PNG_DPI,
        (columns[-1] + 1) / PNG_DPI,
        (height - rows[0]) / PNG_DPI,
    )


def _png_size(png: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, pixels: read from its header (IHDR chunk)."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _inside(inner: Bbox, outer: Bbox) -> bool:
    """Whether ``inner`` lies within ``outer`` (both in the same units)."""
    return (
        outer.x0 <= inner.x0
        and outer.y0 <= inner.y0
        and inner.x1 <= outer.x1
        and inner.y1 <= outer.y1
    )
