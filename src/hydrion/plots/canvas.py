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
    """A Figure on an Agg canvas, not registered with pyplot, so making it neither needs nor
    changes a matplotlib backend.

    Parameters
    ----------
    figsize : tuple of float
        (width, height) of the figure, inches.
    **kwargs : Any
        Passed to :class:`matplotlib.figure.Figure`, e.g. ``layout="constrained"``.

    Returns
    -------
    matplotlib.figure.Figure
        The new, empty figure.
    """
    fig = Figure(figsize=figsize, **kwargs)
    FigureCanvasAgg(fig)
    return fig


def root_figure(artist: Axes | Figure | SubFigure) -> Figure:
    """The top-level Figure holding ``artist``.

    Parameters
    ----------
    artist : matplotlib.axes.Axes or matplotlib.figure.Figure or matplotlib.figure.SubFigure
        An Axes, a SubFigure or a Figure (a Figure is its own root).

    Returns
    -------
    matplotlib.figure.Figure
        The root figure.

    Raises
    ------
    ValueError
        If ``artist`` is an Axes that belongs to no figure.
    """
    try:
        root = artist.get_figure(root=True)  # matplotlib >= 3.10
    except TypeError:  # matplotlib < 3.10: a SubFigure's .figure is the root figure
        root = artist if isinstance(artist, Figure) else artist.figure.figure
    if not isinstance(root, Figure):
        raise ValueError(f"{artist!r} belongs to no figure")
    return root


def single_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes, bool]:
    """Where a single-panel plot draws: the caller's ``ax`` and its figure, or a new figure with
    one Axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        A flat (rectilinear) Axes to draw into; None makes a new figure.
    figsize : tuple of float
        (width, height) of the new figure, inches; unused when ``ax`` is given.

    Returns
    -------
    tuple of (matplotlib.figure.Figure, matplotlib.axes.Axes, bool)
        The root figure, the Axes to draw into, and whether the figure is new (ours to size
        and lay out).

    Raises
    ------
    hydrion.errors.InputError
        If ``ax`` is not a flat matplotlib Axes: text, a Figure, an array of Axes, polar or
        3-D axes.
    """
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
    """Where a multi-panel plot adds its panels: the caller's ``fig``, or a new figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.figure.SubFigure or None
        An empty Figure or SubFigure to add panels to; None makes a new figure.
    figsize : tuple of float
        (width, height) of the new figure, inches; unused when ``fig`` is given.
    **kwargs : Any
        Passed to :class:`matplotlib.figure.Figure` for a new figure (e.g. ``layout=``).

    Returns
    -------
    tuple of (Figure or SubFigure, Figure or None)
        The figure to add panels to, and the new figure that is ours to size and lay out
        (None when ``fig`` was given).

    Raises
    ------
    hydrion.errors.InputError
        If ``fig`` is not a matplotlib Figure or SubFigure.
    """
    if fig is not None:
        if not isinstance(fig, Figure | SubFigure):
            raise InputError(
                f"fig: expected a matplotlib Figure or SubFigure, not {type(fig).__name__}"
            )
        return fig, None
    new = new_figure(figsize, **kwargs)
    return new, new


def release(fig: Figure) -> None:
    """Drop ``fig`` from pyplot's registry if pyplot made it (pyplot is then imported); figures
    made here are not registered, so this neither imports pyplot nor needs a backend.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, no longer needed.

    Returns
    -------
    None
    """
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
