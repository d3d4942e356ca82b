"""Figures, one module per figure family (matplotlib).

One convention holds for every public plot function here:

- Single-panel functions take ``ax=None``: given a matplotlib ``Axes``, they draw into it
  and leave its figure's size and layout alone; without one they make a new figure.
- Multi-panel functions take ``fig=None``: given an empty ``Figure`` or ``SubFigure``, they
  add their panels to it; without one they make a new figure.
- All return the (root) ``matplotlib.figure.Figure`` that holds the drawing.

New figures are plain :class:`matplotlib.figure.Figure` objects with an Agg canvas, not
registered with pyplot: nothing here selects or switches the matplotlib backend, so a
notebook keeps its own. Display one as a cell's value (or with ``display(fig)``), save it
with ``fig.savefig``. Formulas in labels are typeset with pymatgen (Unicode subscripts,
mathtext for fractional ones: :mod:`hydrion.plots.labels`); series within a figure never
share a (colour, marker) pair (:mod:`hydrion.plots.styles`).
"""
