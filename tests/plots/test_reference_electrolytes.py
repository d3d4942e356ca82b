"""Reference-electrolyte lines: one style per line, none shared with a series of the figure."""

import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgba

from hydrion.kb import open_kb
from hydrion.plots.reference_electrolytes import (
    comparison_figure,
    draw_reference_lines,
    reference_electrolytes,
)
from hydrion.plots.styles import COLOURS, free_colours


def legend_styles(ax) -> list[tuple[str, str, str]]:
    """(colour, line style, marker) of each legend handle of ``ax``."""
    return [
        (to_hex(handle.get_color(), keep_alpha=True), handle.get_linestyle(), handle.get_marker())
        for handle in ax.get_legend().legend_handles
    ]


def test_every_series_of_the_report_comparison_figure_is_styled_apart():
    # the report's "Conductivities against well-known electrolytes": before, LGPS and
    # Li7P3S11 were both olive dotted lines, LLZO and LiPON both brown dash-dotted ones
    ax = comparison_figure(open_kb().materials(kind="electrolyte")).axes[0]
    styles = legend_styles(ax)
    assert len(styles) == 7 + len(reference_electrolytes())  # 7 hydride families
    assert len(set(styles)) == len(styles)
    assert len({colour for colour, _, _ in styles}) == len(styles)  # colour alone tells apart


def test_reference_lines_take_no_colour_of_the_series():
    from hydrion.plots.canvas import new_figure

    ax = new_figure((4, 3)).add_subplot()
    used = COLOURS[:9]
    draw_reference_lines(ax, used=used)
    colours = [to_rgba(line.get_color()) for line in ax.lines]
    assert len(colours) == len(reference_electrolytes()) == len(set(colours))
    assert not set(colours) & set(used)
    assert colours[0] == COLOURS[9]  # the tab10 colour left free comes first
    # the family sets the line style: sulfides dotted, oxides dash-dotted
    families = [ref.family for ref in reference_electrolytes()]
    styles = {
        f: {ln.get_linestyle() for ln, g in zip(ax.lines, families, strict=True) if g == f}
        for f in families
    }
    assert styles["sulfide"] == {":"} and styles["oxide"] == {"-."}


@pytest.mark.parametrize("count", [1, 5, 30])
def test_free_colours_are_distinct_and_avoid_the_used_ones(count):
    used = [*COLOURS, "black"]
    colours = free_colours(count, used)
    assert len(colours) == count == len(set(colours))
    assert not set(colours) & {to_rgba(c) for c in used}
    assert np.all(np.array(colours)[:, 3] == 1.0)
