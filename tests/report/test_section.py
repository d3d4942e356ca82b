"""Report figures: drawn once as PNG (twice with SVG), cut to the extent of their ink (within
matplotlib's tight bounding box), the PNG shown at the figure's physical size."""

import io
import re

import numpy as np
import pytest
from matplotlib.image import imread
from matplotlib.transforms import Bbox

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


def _ink_box(fig):
    """The extent (inches) of what is drawn on ``fig`` at PNG_DPI: every pixel not white (the
    face colour of these figures), found on the whole canvas."""
    fig.set_dpi(PNG_DPI)
    fig.canvas.draw()
    dark = (np.asarray(fig.canvas.buffer_rgba())[:, :, :3] < 255).any(axis=2)
    rows, columns = np.nonzero(dark)
    height = dark.shape[0]
    return Bbox.from_extents(
        columns.min() / PNG_DPI,
        (height - rows.max() - 1) / PNG_DPI,
        (columns.max() + 1) / PNG_DPI,
        (height - rows.min()) / PNG_DPI,
    )


def test_the_ink_box_is_the_tight_box_within_a_few_pixels():
    """The box the report cuts to (the ink) is matplotlib's tight box within a few pixels:
    the tight box counts the empty part of a text's line height, the ink the width of lines
    and their antialiasing."""
    ink, tight = _ink_box(_figure()), _tight_box(_figure())
    assert np.allclose(ink.extents, tight.extents, atol=4 / PNG_DPI + 0.03)
    assert not np.allclose(ink.extents, tight.extents, atol=1e-6)  # measured, not copied


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
    of the cut box in inches (as the SVG, in points, shows)."""
    fig = _figure()
    expected = _ink_box(fig).padded(PAD_INCHES)
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
    """Both formats show the same region: the ink's box, padded by PAD_INCHES (0.1 in)."""
    fig = _figure()
    expected = _ink_box(fig).padded(PAD_INCHES)
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
    """The cut PNG holds every drawn pixel of the figure: the same pixels as the whole canvas
    drawn by matplotlib, none lost at the edges, only white margin added."""
    whole = io.BytesIO()
    _figure().savefig(whole, format="png", dpi=PNG_DPI)
    whole.seek(0)
    canvas = imread(whole)
    ours = imread(io.BytesIO(figure_from_matplotlib(_figure(), "x", "x", "").png))
    dark_ours = (ours[:, :, :3] < 0.5).all(axis=-1)
    dark_canvas = (canvas[:, :, :3] < 0.5).all(axis=-1)
    assert int(dark_ours.sum()) == int(dark_canvas.sum())
    pad_px = round(PAD_INCHES * PNG_DPI)
    rows, columns = np.nonzero((ours[:, :, :3] < 1.0).any(axis=-1))
    assert rows.min() >= pad_px - 1 and columns.min() >= pad_px - 1  # the margin is kept


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


@pytest.mark.parametrize("legend_outside", [False, True], ids=["cut", "saved with the box"])
def test_the_svg_shows_what_the_png_shows(legend_outside):
    """The box the SVG is saved with is the PNG's, after its rounding to whole pixels of even
    size (the SVG was cut to the unrounded box: up to 3 px apart), whether the PNG is cut from
    the drawn canvas or, for content beyond the figure's edges, saved with the box (its size
    was odd where the box was)."""
    with rendering(svg=True):
        figure = figure_from_matplotlib(_figure(legend_outside), "x", "x", "")
    width_px, height_px = figure.size_px
    assert figure.size_px == _png_size(figure.png)
    assert width_px % 2 == 0 and height_px % 2 == 0
    inches = (width_px / PNG_DPI, height_px / PNG_DPI)
    assert _svg_size_pt(figure.svg) == pytest.approx((inches[0] * 72, inches[1] * 72), abs=1e-3)


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
