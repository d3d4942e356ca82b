"""Series styles that never repeat within a figure: one (colour, marker) pair per series.

Up to 100 series take the ten tab10 colours with ten markers, the marker shifted by one
for each further round of colours (so two series of one colour never share a marker);
more series take evenly spaced colours of the 'turbo' colour map (all distinct).
"""

from __future__ import annotations

import matplotlib
from matplotlib.colors import to_rgba

Colour = tuple[float, float, float, float]  # RGBA, each 0..1

COLOURS: tuple[Colour, ...] = tuple(to_rgba(c) for c in matplotlib.colormaps["tab10"](range(10)))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def series_styles(count: int) -> list[tuple[Colour, str]]:
    """``count`` distinct (RGBA colour, marker) pairs, in drawing order."""
    n_colours, n_markers = len(COLOURS), len(MARKERS)
    if count <= n_colours * n_markers:
        return [
            (COLOURS[i % n_colours], MARKERS[(i % n_colours + i // n_colours) % n_markers])
            for i in range(count)
        ]
    turbo = matplotlib.colormaps["turbo"]
    return [(to_rgba(turbo(i / (count - 1))), MARKERS[i % n_markers]) for i in range(count)]
