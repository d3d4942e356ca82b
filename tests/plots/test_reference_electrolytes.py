"""Reference-electrolyte lines: one style per line, none shared with a series of the figure."""

import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgba
from matplotlib.text import Annotation, Text

from hydrion.kb import open_kb
from hydrion.plots.labels import typeset
from hydrion.plots.reference_electrolytes import (
    _contrast_on_white,
    comparison_figure,
    draw_reference_lines,
    readable_colour,
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


def _names_and_leaders(ax):
    """The reference lines' names (text boxes) and leaders (annotations without text)."""
    refs = {typeset(ref.name) for ref in reference_electrolytes()}
    names = [t for t in ax.texts if t.get_text() in refs]
    leaders = [t for t in ax.texts if isinstance(t, Annotation) and t.get_text() == ""]
    assert len(names) == len(leaders) == len(refs)
    return names, leaders


def _assert_names_apart(fig) -> int:
    """No two names of an axes overlap, none leaves its axes, no leader crosses another name;
    returns how many axes were checked."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    checked = 0
    for ax in fig.axes:
        if not any(t.get_text() == "" for t in ax.texts):
            continue
        names, leaders = _names_and_leaders(ax)
        boxes = [Text.get_window_extent(name, renderer) for name in names]  # text only
        frame = ax.get_window_extent(renderer)
        for i, box in enumerate(boxes):
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1
            assert frame.y0 <= box.y0 and box.y1 <= frame.y1
            for other in boxes[i + 1 :]:
                assert not box.overlaps(other)
        for i, leader in enumerate(leaders):
            path = leader.arrow_patch.get_path().vertices  # display units
            for j, box in enumerate(boxes):
                if j != i and len(path):
                    inside = (
                        (path[:, 0] > box.x0)
                        & (path[:, 0] < box.x1)
                        & (path[:, 1] > box.y0)
                        & (path[:, 1] < box.y1)
                    )
                    assert not inside.any()
        checked += 1
    return checked


def test_reference_names_never_overlap_in_the_report_sigma_figures():
    """U1: in 'arrhenius-bh4' the names of LiTFSI, LGPS and Li7P3S11 (within 0.3 decade of
    each other) printed over each other in every panel; now each group of close lines has its
    names stacked in the lines' order, inside the axes, leaders clear of other names."""
    from hydrion.plots.arrhenius import materials_figure

    electrolytes = [m for m in open_kb().materials(kind="electrolyte") if m.conductivities]
    bh4 = [m for m in electrolytes if m.family.lower().startswith("bh4")]
    assert _assert_names_apart(materials_figure(bh4, "BH4")) == 4
    assert _assert_names_apart(comparison_figure(electrolytes)) == 1


def test_names_of_close_lines_are_stacked_in_order_with_leaders():
    from hydrion.plots.canvas import new_figure

    fig = new_figure((6, 4))
    ax = fig.add_subplot()
    ax.set_yscale("log")
    draw_reference_lines(ax)
    ax.set_ylim(1e-7, 1.0)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    names, leaders = _names_and_leaders(ax)
    sigma = [ref.conductivity.sigma_S_per_cm for ref in reference_electrolytes()]
    bottoms = [Text.get_window_extent(name, renderer).y0 for name in names]
    assert np.argsort(bottoms).tolist() == np.argsort(sigma).tolist()  # same order as lines
    # LiPON (2e-6 S/cm) stands alone, right above its line: no leader; the three lines near
    # 1e-2 form a group whose names stack above its top line, each joined to its own line
    lengths = {
        name.get_text(): np.ptp(leader.arrow_patch.get_path().vertices[:, 1])
        for name, leader in zip(names, leaders, strict=True)
    }
    assert lengths["LiPON (thin film)"] == 0.0
    assert lengths["Li₁₀GeP₂S₁₂"] > 0.0 and lengths["Li₇P₃S₁₁ (glass-ceramic)"] > 0.0
    assert lengths["1 M LiTFSI in EC/DMC (1:1 v/v)"] > 0.0


def test_names_move_off_the_data():
    """Markers along the right end at the σ of the three close lines: their names go where
    they cover none of the markers."""
    from hydrion.plots.canvas import new_figure

    fig = new_figure((6, 4))
    ax = fig.add_subplot()
    x = np.linspace(60.0, 100.0, 40)
    ax.plot(x, np.full_like(x, 2e-2), "o")
    ax.plot(x, np.full_like(x, 4e-2), "s")
    ax.set_xlim(0, 100)
    ax.set_yscale("log")
    draw_reference_lines(ax)
    ax.set_ylim(1e-7, 1.0)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    names, _ = _names_and_leaders(ax)
    markers = np.concatenate(
        [line.get_transform().transform(line.get_xydata()) for line in ax.lines[:2]]
    )
    for name in names:
        box = Text.get_window_extent(name, renderer)
        assert not any(box.contains(px, py) for px, py in markers)


def test_names_read_on_white():
    """U1: the Li10GeP2S12 name was written in tab10's pale olive (contrast 2.2 on white)."""
    olive = COLOURS[8]
    darker = readable_colour(olive)
    assert _contrast_on_white(*olive[:3]) < 2.5
    assert 4.5 <= _contrast_on_white(*darker[:3]) < 4.8
    ratios = np.array(darker[:3]) / np.array(olive[:3])
    assert np.allclose(ratios, ratios[0])  # the hue kept: every channel scaled alike
    assert readable_colour("black") == to_rgba("black")
