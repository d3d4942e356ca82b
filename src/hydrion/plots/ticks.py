"""Log axes that are cheap to draw: plain-text tick labels, minor ticks only where readable.

matplotlib labels log-axis ticks in mathtext ('$\\mathdefault{10^{-3}}$'), which it parses
for each label at each resolution the figure is drawn at (layout, PNG, SVG): about a fifth of
the time to make and render a σ figure (``benchmarks/bench_plots.py``). The same labels in
Unicode superscripts (as hydrion writes units: 'S cm⁻¹') are laid out as plain text. Which
ticks get a label is left to matplotlib (:class:`~matplotlib.ticker.LogFormatterSciNotation`).

Minor ticks at 2–9 × 10ⁿ (each a tick mark and a grid line, the most numerous artists of an
Arrhenius plot) are drawn only on axes spanning at most :data:`MINOR_TICK_DECADES` decades:
over more, eight of them share a few millimetres per decade and read as a grey band, and
drawing them took a quarter to a third of the time of the report's σ figures whose axes span
7–9 decades (review Fig. 3b: 0.64 → 0.46 CPU s). matplotlib itself drops them from ten
decades on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.ticker import LogFormatterSciNotation, LogLocator

# Drawing choice: the widest log axis (decades) that gets minor ticks at 2-9 x 10^n
MINOR_TICK_DECADES = 6.0

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# the labels LogFormatterSciNotation writes: [sign]base^{exponent}, [sign]coeff\timesbase^{exponent}
_MATHTEXT_LABEL = re.compile(
    r"\$\\mathdefault\{(?P<head>-?(?:[0-9.]+\\times)?[0-9.]+)\^\{(?P<exponent>-?[0-9]+)\}\}\$"
)


class SuperscriptLogFormatter(LogFormatterSciNotation):
    """:class:`~matplotlib.ticker.LogFormatterSciNotation`, its labels written with Unicode
    superscripts ('10⁻³', '2×10⁻³') instead of mathtext; any other label it gives (e.g. with
    ``text.usetex``) is left as it is.
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        """The label of the tick at ``x`` (data units); '' for an unlabelled tick."""
        return plain_power(super().__call__(x, pos))


class MinorLogLocator(LogLocator):
    """matplotlib's minor log locator (ticks at 2–9 × 10ⁿ, ``subs='auto'``), giving no ticks
    on an axis spanning more than ``max_decades`` decades.

    Parameters
    ----------
    max_decades : float
        The widest span (decades) that gets minor ticks; default :data:`MINOR_TICK_DECADES`.
    """

    def __init__(self, max_decades: float = MINOR_TICK_DECADES) -> None:
        super().__init__(subs="auto")
        self.max_decades = max_decades

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        """The minor tick locations between ``vmin`` and ``vmax`` (data units)."""
        if vmin > 0 and vmax > 0 and abs(math.log10(vmax / vmin)) > self.max_decades:
            return []
        return super().tick_values(vmin, vmax)


def plain_power(label: str) -> str:
    """A mathtext power-of-ten tick label in Unicode: '$\\mathdefault{10^{-3}}$' → '10⁻³',
    '$\\mathdefault{2\\times10^{-3}}$' → '2×10⁻³'.

    Parameters
    ----------
    label : str
        A label as :class:`~matplotlib.ticker.LogFormatterSciNotation` writes it.

    Returns
    -------
    str
        The label in plain text with superscripts; any other label unchanged.
    """
    match = _MATHTEXT_LABEL.fullmatch(label)
    if match is None:
        return label
    head = match["head"].replace("\\times", "×").replace("-", "−")
    return head + match["exponent"].translate(_SUPERSCRIPTS)


def log_scale(ax: Axes, which: Literal["x", "y"]) -> None:
    """Put the ``which`` axis of ``ax`` on a log scale, its ticks labelled in plain text
    (:class:`SuperscriptLogFormatter`), minor ticks only over a few decades
    (:class:`MinorLogLocator`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes, changed in place.
    which : {'x', 'y'}
        The axis.

    Returns
    -------
    None
    """
    axis = ax.xaxis if which == "x" else ax.yaxis
    (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    axis.set_major_formatter(SuperscriptLogFormatter())
    axis.set_minor_locator(MinorLogLocator())
    axis.set_minor_formatter(SuperscriptLogFormatter(labelOnlyBase=False))
