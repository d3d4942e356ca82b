"""Reported conductivities as points: which records are drawn, one line of markers per fill."""

import matplotlib.pyplot as plt
import pytest

from hydrion.kb import open_kb
from hydrion.plots.kb_points import drawn_records, plot_by_fill


@pytest.fixture(scope="module")
def kb():
    return open_kb()


def test_bounds_are_left_out_and_the_misattributed_value_is_marked(kb):
    # Mg(BH4)2: one of its two records is a bound; Na2B12H12: the review's Table 1 value
    # (0.01 S/cm) is given to Na2B10H10 in its text (Pang et al. 2022), the other two are drawn
    assert len(list(drawn_records(kb.material("mg(bh4)2")))) == 1
    records = list(drawn_records(kb.material("na2b12h12")))
    assert len(records) == 3
    assert [r.sigma_S_per_cm for r, excluded in records if excluded] == [0.01]


def test_one_line_per_fill_labelled_once(kb):
    records = [r for m in ("na2b12h12", "libh4") for r, _ in drawn_records(kb.material(m))]
    fills = {r.precision == "order_of_magnitude" for r in records}
    assert fills == {True, False}  # both fills occur
    fig, ax = plt.subplots()
    try:
        drawn = plot_by_fill(ax, [(float(i), r) for i, r in enumerate(records)], "s", "C1", "x")
        assert drawn == len(records)
        lines = ax.get_lines()
        assert len(lines) == 2 and [line.get_label() for line in lines][0] == "x"
        assert lines[1].get_label().startswith("_")  # no second legend entry
        assert sum(len(line.get_xdata()) for line in lines) == len(records)
        open_line = next(line for line in lines if line.get_markerfacecolor() == "none")
        n_open = sum(r.precision == "order_of_magnitude" for r in records)
        assert len(open_line.get_xdata()) == n_open
    finally:
        plt.close(fig)
