"""Series styles that never repeat within a figure: one (colour, marker) pair per series.

Up to 100 series take the ten tab10 colours with ten markers, the marker shifted by one
for each further round of colours (so two series of one colour never share a marker);
more series take evenly spaced colours of the 'turbo' colour map (all distinct).
Lines added to a figure beside its series (reference electrolytes) take colours the series
do not use (:func:`free_colours`).
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib
from matplotlib.colors import to_rgba

Colour = tuple[float, float, float, float]  # RGBA, each 0..1

COLOURS: tuple[Colour, ...] = tuple(to_rgba(c) for c in matplotlib.colormaps["tab10"](range(10)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
# after tab10: the eight colours of the 'Dark2' palette, then the 'turbo' colour map
MORE_COLOURS: tuple[Colour, ...] = tuple(
    to_rgba(c) for c in matplotlib.colormaps["Dark2"](range(8))
)


def series_styles(count: int) -> list[tuple[Colour, str]]:
    """``count`` distinct (RGBA colour, marker) pairs, in drawing order.

    Parameters
    ----------
    count : int
        How many series.

    Returns
    -------
    list of tuple of (Colour, str)
        Up to 100 series: the ten tab10 colours with ten markers, the marker shifted by one
        for each further round of colours; more: evenly spaced 'turbo' colours. No two pairs
        are equal.

    Notes
    -----
    hydrion's own scheme (see the module docstring); colour maps from matplotlib.
    """
    n_colours, n_markers = len(COLOURS), len(MARKERS)
    if count <= n_colours * n_markers:
        return [
            (COLOURS[i % n_colours], MARKERS[(i % n_colours + i // n_colours) % n_markers])
            for i in range(count)
        ]
    turbo = matplotlib.colormaps["turbo"]
    return [(to_rgba(turbo(i / (count - 1))), MARKERS[i % n_markers]) for i in range(count)]


def free_colours(count: int, used: Iterable = ()) -> list[Colour]:
    """``count`` distinct RGBA colours, none of them in ``used``.

    Parameters
    ----------
    count
        How many colours.
    used
        Colours the figure already shows (any matplotlib colour specification).

    Returns
    -------
    list
        The tab10 colours not in ``used``, then those of 'Dark2', then, where still more
        are needed, evenly spaced colours of 'turbo' — in that order, all distinct.
    """
    taken = {to_rgba(colour) for colour in used}
    free = [c for c in dict.fromkeys((*COLOURS, *MORE_COLOURS)) if c not in taken]
    levels = count + len(taken) + 1  # enough turbo levels to skip every taken colour
    turbo = (to_rgba(matplotlib.colormaps["turbo"](i / levels)) for i in range(levels))
    while len(free) < count:
        colour = next(turbo)
        if colour not in taken and colour not in free:
            free.append(colour)
    return free[:count]
