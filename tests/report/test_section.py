"""Report figures: drawn once as PNG (twice with SVG), cut to the figure's tight bounding box,
the PNG shown at the figure's physical size."""

import io
import re

import numpy as np
import pytest
from matplotlib.image import imread

from hydrion.plots.canvas import new_figure
from hydrion.report.section import (
    CSS_DPI,
    PAD_INCHES,
    PNG_DPI,
    figure_from_matplotlib,
    rendering,
)


def _figure(legend_outside: bool = False):
    """A 4 x 3 in figure with some text; its legend beyond the right edge when asked."""
    fig = new_figure((4.0, 3.0))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label="a line with a long legend label")
    ax.set(xlabel="x", ylabel="y", title="title")
    if legend_outside:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    else:
        fig.tight_layout()
    return fig


def _tight_box(fig):
    """The figure's tight box (inches) as drawn at PNG_DPI (texts measure slightly apart at
    other resolutions)."""
    fig.set_dpi(PNG_DPI)
    fig.canvas.draw()
    return fig.get_tightbbox(fig.canvas.get_renderer())


def _png_size(png: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, pixels."""
    height, width = imread(io.BytesIO(png)).shape[:2]
    return width, height


def _svg_size_pt(svg: str) -> tuple[float, float]:
    width, height = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(width), float(height)


def _draws(fig) -> list:
    """Record each full draw of ``fig`` (its renderer) from now on."""
    seen: list = []
    draw = fig.draw

    def counted(renderer):
        seen.append(renderer)
        return draw(renderer)

    fig.draw = counted
    return seen


def test_a_figure_is_drawn_once_as_png_by_default():
    """The report's default: one Agg draw gives the PNG and its box; no SVG is made."""
    fig = _figure()
    draws = _draws(fig)
    figure = figure_from_matplotlib(fig, "x", "x", "")
    assert [type(r).__name__ for r in draws] == ["RendererAgg"]
    assert figure.svg is None and figure.svg_inline is None


def test_with_svg_each_format_is_drawn_once():
    """Saving both with bbox_inches='tight' drew the figure four times (a layout draw and a
    render per format); with SVG asked, the Agg draw gives the PNG and the box, the SVG one
    more draw."""
    with rendering(svg=True):
        fig = _figure()
        draws = _draws(fig)
        figure = figure_from_matplotlib(fig, "x", "x", "")
    assert [type(r).__name__ for r in draws] == ["RendererAgg", "MixedModeRenderer"]
    assert figure.svg.startswith("<?xml") and figure.svg_inline.startswith("<svg")
    assert figure_from_matplotlib(_figure(), "x", "x", "").svg is None  # restored on leaving


def test_the_png_is_shown_at_the_figures_physical_size():
    """size_px is the PNG's own size; display_size shows it at 96 CSS px per inch, the size
    of the tight box in inches (as the SVG, in points, shows)."""
    fig = _figure()
    expected = _tight_box(fig).padded(PAD_INCHES)
    figure = figure_from_matplotlib(fig, "x", "x", "")
    assert figure.size_px == _png_size(figure.png)
    width, height = figure.display_size
    # the cut rounds each edge outwards and makes the size even: up to 3 PNG px, 1.5 CSS px
    assert width == pytest.approx(expected.width * CSS_DPI, abs=2)
    assert height == pytest.approx(expected.height * CSS_DPI, abs=2)
    # 2 PNG pixels per CSS pixel, exactly: no resampling on a screen of 1 or 2 device px per px
    assert PNG_DPI == 2 * CSS_DPI
    assert figure.size_px == (2 * width, 2 * height)


def test_png_and_svg_are_cut_to_the_same_tight_box():
    """Both formats show the same region: the tight box, padded by PAD_INCHES (0.1 in)."""
    fig = _figure()
    expected = _tight_box(fig).padded(PAD_INCHES)
    with rendering(svg=True):
        figure = figure_from_matplotlib(fig, "x", "x", "")
    width_px, height_px = _png_size(figure.png)
    width_pt, height_pt = _svg_size_pt(figure.svg)
    # each edge rounded outwards, the size made even: up to 3 px more than the box
    assert width_px == pytest.approx(expected.width * PNG_DPI, abs=3)
    assert height_px == pytest.approx(expected.height * PNG_DPI, abs=3)
    assert width_pt == pytest.approx(expected.width * 72, abs=2)
    assert height_pt == pytest.approx(expected.height * 72, abs=2)
    assert width_px < 4.0 * PNG_DPI and height_px < 3.0 * PNG_DPI  # cut: not the whole figure


def test_the_png_is_the_drawn_figure_cut_out():
    """The cut PNG holds the same pixels as matplotlib's own tight PNG save of the figure."""
    reference = io.BytesIO()
    _figure().savefig(reference, format="png", dpi=PNG_DPI, bbox_inches="tight")
    ours = imread(io.BytesIO(figure_from_matplotlib(_figure(), "x", "x", "").png))
    reference.seek(0)
    theirs = imread(reference)
    height, width = min(ours.shape[0], theirs.shape[0]), min(ours.shape[1], theirs.shape[1])
    # the boxes may differ by a pixel of rounding at an edge, and ours by one more where it
    # is made even: compare the common part
    dark_ours = (ours[:height, :width, :3] < 0.5).all(axis=-1)
    dark_theirs = (theirs[:height, :width, :3] < 0.5).all(axis=-1)
    assert abs(int(dark_ours.sum()) - int(dark_theirs.sum())) < 0.02 * dark_theirs.sum()
    assert abs(ours.shape[0] - theirs.shape[0]) <= 3 and abs(ours.shape[1] - theirs.shape[1]) <= 3


def test_content_beyond_the_figure_is_kept():
    """A legend placed beyond the figure's right edge is in both files, as with 'tight'."""
    fig = _figure(legend_outside=True)
    tight = _tight_box(fig)
    assert tight.x1 > 4.0  # the legend does reach beyond the figure
    with rendering(svg=True):
        figure = figure_from_matplotlib(fig, "x", "x", "")
    width_px, _ = _png_size(figure.png)
    assert figure.size_px == _png_size(figure.png)
    assert width_px == pytest.approx((tight.width + 2 * PAD_INCHES) * PNG_DPI, abs=2)
    assert _svg_size_pt(figure.svg)[0] == pytest.approx((tight.width + 2 * PAD_INCHES) * 72, abs=2)
    pixels = imread(io.BytesIO(figure.png))
    right = pixels[:, int(4.2 * PNG_DPI) :, :3]  # beyond the figure's 4 in: the legend's ink
    assert np.any(right < 0.5)


def test_padding_beyond_the_figure_edge_is_face_colour():
    """A figure filled to its edges (constrained layout) gets the whole 0.1 in margin, in the
    figure's face colour, as savefig(bbox_inches='tight') gives it."""
    fig = new_figure((4.0, 3.0), layout="constrained", facecolor="#ffeedd")
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set(xlabel="x", ylabel="y")
    tight = _tight_box(fig)
    assert tight.padded(PAD_INCHES).x0 < 0  # the margin reaches beyond the figure
    pixels = imread(io.BytesIO(figure_from_matplotlib(fig, "x", "x", "").png))
    assert pixels.shape[1] == pytest.approx((tight.width + 2 * PAD_INCHES) * PNG_DPI, abs=2)
    corner = pixels[:3, :3, :3].reshape(-1, 3)
    assert np.allclose(corner, [1.0, 0xEE / 255, 0xDD / 255], atol=1 / 255)
