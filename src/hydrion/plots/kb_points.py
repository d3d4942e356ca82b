"""Reported conductivities of knowledge-base materials as points on a σ plot.

One home for what the Arrhenius plot (:func:`hydrion.plots.arrhenius.draw_points`) and the
comparison with well-known electrolytes
(:func:`hydrion.plots.reference_electrolytes.comparison_figure`) both draw: which records are
points (not lower or upper bounds), which the review attributes to another compound
(:func:`~hydrion.transport.excluded.excluded_reason`: grey crosses, drawn by the caller), and
one line of markers per fill (open for order-of-magnitude values), so that a material of many
records adds two artists, not one per point.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from matplotlib.axes import Axes

from hydrion.kb.records import Conductivity, Material


def drawn_records(material: Material) -> Iterator[tuple[Conductivity, bool]]:
    """The conductivity records of ``material`` drawn as points, in record order.

    Parameters
    ----------
    material : hydrion.kb.records.Material
        A knowledge-base material (σ in S cm⁻¹ at T in °C in its ``conductivities``).

    Returns
    -------
    iterator of (Conductivity, bool)
        Each record that is not a lower or upper bound, with whether the review attributes
        its value to another compound (``excluded_reason``; Pang et al. 2022, Table 1).
    """
    from hydrion.transport.excluded import excluded_reason

    for record in material.conductivities:
        if record.precision not in ("lower_bound", "upper_bound"):
            yield record, excluded_reason(material.id, record) is not None


def plot_by_fill(
    ax: Axes,
    points: Iterable[tuple[float, Conductivity]],
    marker: str,
    color: Any,
    label: str | None,
    **style: Any,
) -> int:
    """Draw records as markers, one line per fill: filled, and open for order-of-magnitude
    values, in the order each fill first occurs.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose y axis is σ in S cm⁻¹.
    points : iterable of (float, Conductivity)
        The x of each point (in the axes' unit: 1000/T in K⁻¹, T in °C...) and its record
        (σ in S cm⁻¹ on y).
    marker : str
        Matplotlib marker.
    color : matplotlib colour
        Colour of the markers (and of the fill of filled ones).
    label : str or None
        Legend label, given to the first line drawn only.
    **style
        Further ``Axes.plot`` keywords (e.g. ``ms``).

    Returns
    -------
    int
        The number of points drawn.
    """
    groups: dict[bool, tuple[list[float], list[float]]] = {}  # open marker? -> (x, σ)
    for x, record in points:
        xs, sigmas = groups.setdefault(record.precision == "order_of_magnitude", ([], []))
        xs.append(x)
        sigmas.append(record.sigma_S_per_cm)
    for open_marker, (xs, sigmas) in groups.items():
        ax.plot(
            xs,
            sigmas,
            marker,
            ls="none",
            color=color,
            mfc="none" if open_marker else color,
            label=label,
            **style,
        )
        label = None
    return sum(len(xs) for xs, _ in groups.values())
