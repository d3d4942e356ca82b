"""Where a plot function draws: the caller's Axes or Figure, or a new pyplot-free Figure.

See :mod:`hydrion.plots` for the convention (``ax=``/``fig=`` in, the root Figure out).
"""

from __future__ import annotations

import sys
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure

from hydrion.errors import InputError


def new_figure(figsize: tuple[float, float], **kwargs: Any) -> Figure:
    """A Figure of ``figsize`` (inches) on an Agg canvas, not registered with pyplot, so
    making it neither needs nor changes a matplotlib backend (``kwargs`` go to ``Figure``,
    e.g. ``layout="constrained"``)."""
    fig = Figure(figsize=figsize, **kwargs)
    FigureCanvasAgg(fig)
    return fig


def root_figure(artist: Axes | Figure | SubFigure) -> Figure:
    """The top-level Figure holding ``artist`` (an Axes, a SubFigure or a Figure).

    Raises ValueError for an Axes that belongs to no figure.
    """
    try:
        root = artist.get_figure(root=True)  # matplotlib >= 3.10
    except TypeError:  # matplotlib < 3.10: a SubFigure's .figure is the root figure
        root = artist if isinstance(artist, Figure) else artist.figure.figure
    if not isinstance(root, Figure):
        raise ValueError(f"{artist!r} belongs to no figure")
    return root


def single_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """(root figure, axes to draw into, whether the figure is ours to lay out): ``ax`` and
    its figure when given, else a new figure of ``figsize`` (inches) with one Axes.

    Raises InputError for an ``ax`` that is not a flat (rectilinear) matplotlib Axes: text,
    a Figure, an array of Axes, polar or 3-D axes."""
    if ax is not None:
        if not isinstance(ax, Axes):
            raise InputError(
                f"ax: expected a matplotlib Axes (e.g. fig.add_subplot()), not {type(ax).__name__}"
            )
        if ax.name != "rectilinear":
            raise InputError(f"ax: hydrion plots draw on flat x-y axes, not {ax.name!r} axes")
        return root_figure(ax), ax, False
    fig = new_figure(figsize)
    return fig, fig.add_subplot(), True


def panel_figure(
    fig: Figure | SubFigure | None, figsize: tuple[float, float], **kwargs: Any
) -> tuple[Figure | SubFigure, Figure | None]:
    """(figure to add panels to, the new figure that is ours to size and lay out or None):
    ``fig`` when given (an empty Figure or SubFigure), else a new figure of ``figsize``
    (inches).

    Raises InputError for a ``fig`` that is not a matplotlib Figure or SubFigure."""
    if fig is not None:
        if not isinstance(fig, Figure | SubFigure):
            raise InputError(
                f"fig: expected a matplotlib Figure or SubFigure, not {type(fig).__name__}"
            )
        return fig, None
    new = new_figure(figsize, **kwargs)
    return new, new


def release(fig: Figure) -> None:
    """Drop ``fig`` from pyplot's registry if pyplot made it (pyplot is then imported);
    figures made here are not registered, so this neither imports pyplot nor needs a
    backend."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
