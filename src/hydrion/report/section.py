"""What a report section is: titled tables and figures with the sources they rest on.

Analyses add a section by writing a module in :mod:`hydrion.report.sections` with a
``build(kb) -> Section`` function and listing it in ``SECTIONS`` there.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field

import pandas as pd


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
    """Render a matplotlib figure to SVG and PNG and close it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; saved with a tight bounding box, the PNG at 120 dpi, then released
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

    svg_buffer, png_buffer = io.StringIO(), io.BytesIO()
    fig.savefig(svg_buffer, format="svg", bbox_inches="tight")
    fig.savefig(png_buffer, format="png", dpi=120, bbox_inches="tight")
    release(fig)
    svg = svg_buffer.getvalue()
    svg = svg[svg.find("<svg") :]  # drop the XML prolog so it can be inlined
    return Figure(slug=slug, title=title, caption=caption, svg=svg, png=png_buffer.getvalue())
