"""Plot functions refuse an ``ax``/``fig`` they cannot draw into, in one InputError line."""

import numpy as np
import pytest

from hydrion.errors import InputError
from hydrion.plots.canvas import new_figure
from hydrion.plots.cell import ccd_figure, cycling_figure

ENTRIES = [("LiBH4", 0.5, "ref")]


@pytest.mark.parametrize("bad", ["ax", new_figure((2, 2)), np.empty(2, dtype=object)])
def test_ax_that_is_not_an_axes_is_refused(bad) -> None:
    with pytest.raises(InputError, match=r"^ax: expected a matplotlib Axes"):
        ccd_figure(ENTRIES, ax=bad)


@pytest.mark.parametrize("projection", ["polar", "3d"])
def test_polar_and_3d_axes_are_refused(projection: str) -> None:
    ax = new_figure((3, 3)).add_subplot(projection=projection)
    with pytest.raises(InputError, match="flat x-y axes"):
        ccd_figure(ENTRIES, ax=ax)


def test_fig_that_is_not_a_figure_is_refused() -> None:
    with pytest.raises(InputError, match=r"^fig: expected a matplotlib Figure"):
        cycling_figure(None, None, fig="fig")


def test_a_flat_axes_is_drawn_into() -> None:
    fig = new_figure((4, 3))
    ax = fig.add_subplot()
    assert ccd_figure(ENTRIES, ax=ax) is fig
    assert len(ax.patches) == 1  # one bar
