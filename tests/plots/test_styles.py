"""Series styles: no (colour, marker) pair repeats within a figure, however many series."""

import pytest

from hydrion.plots.styles import COLOURS, MARKERS, series_styles


@pytest.mark.parametrize("count", [1, 15, len(COLOURS) * len(MARKERS), 150])
def test_pairs_are_distinct(count):
    styles = series_styles(count)
    assert len(styles) == count and len(set(styles)) == count


def test_first_series_keep_the_familiar_colours_and_the_eleventh_changes_marker():
    styles = series_styles(11)
    assert [colour for colour, _ in styles[:10]] == list(COLOURS)
    assert styles[10][0] == styles[0][0] and styles[10][1] != styles[0][1]
