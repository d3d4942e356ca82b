"""Log axes: tick labels in Unicode superscripts, minor ticks only over a few decades."""

import pytest
from matplotlib.ticker import LogFormatterSciNotation

from hydrion.plots.canvas import new_figure
from hydrion.plots.ticks import MINOR_TICK_DECADES, log_scale, plain_power


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e-3, "10⁻³"),
        (1e5, "10⁵"),
        (1.0, "10⁰"),
        (2e-3, "2×10⁻³"),
        (3e2, "3×10²"),
        (-1e-2, "−10⁻²"),
    ],
)
def test_matplotlib_labels_become_superscripts(value: float, expected: str) -> None:
    label = LogFormatterSciNotation(labelOnlyBase=False)(value)
    assert label.startswith("$")  # matplotlib writes mathtext
    assert plain_power(label) == expected


@pytest.mark.parametrize("label", ["", "$10^{-3}$", "$\\mathdefault{0}$", "abc"])
def test_other_labels_are_left_as_they_are(label: str) -> None:
    assert plain_power(label) == label


def _labels_and_minor_ticks(low: float, high: float) -> tuple[list[str], int]:
    fig = new_figure((4, 3))
    ax = fig.add_subplot()
    ax.plot([1, 2], [low, high])
    log_scale(ax, "y")
    ax.set_ylim(low, high)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    return labels, len(ax.yaxis.get_minorticklocs())


def test_a_log_axis_is_labelled_in_plain_text() -> None:
    labels, _ = _labels_and_minor_ticks(1e-8, 1e-2)
    assert labels and not any("$" in label for label in labels)
    assert "10⁻⁴" in labels


def test_minor_ticks_only_over_a_few_decades() -> None:
    """2-9 x 10^n minor ticks over 4 decades (8 per decade), none over 9."""
    assert MINOR_TICK_DECADES < 9
    _, narrow = _labels_and_minor_ticks(1e-6, 1e-2)
    _, wide = _labels_and_minor_ticks(1e-11, 1e-2)
    assert narrow >= 4 * 8
    assert wide == 0
