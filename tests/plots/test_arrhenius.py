"""Arrhenius figures: series that can be told apart, model lines only where the law is valid."""

import matplotlib.pyplot as plt
import numpy as np

from hydrion.kb import open_kb
from hydrion.plots.arrhenius import EXTRAPOLATION_SHOWN_K, SERIES_PER_PANEL, materials_figure
from hydrion.plots.labels import typeset
from hydrion.transport import conductivity_model


def bh4_electrolytes():
    kb = open_kb()
    return [
        m
        for m in kb.materials(kind="electrolyte")
        if m.family.lower().startswith("bh4") and m.conductivities
    ]


def test_many_series_are_split_into_panels_with_distinct_styles():
    materials = bh4_electrolytes()
    assert len(materials) > SERIES_PER_PANEL
    fig = materials_figure(materials, "[BH4]- electrolytes")
    try:
        axes = [ax for ax in fig.axes if ax.get_legend() is not None]
        assert len(axes) == -(-len(materials) // SERIES_PER_PANEL)
        handles = [h for ax in axes for h in ax.get_legend().legend_handles]
        for ax in axes:
            assert len(ax.get_legend().legend_handles) <= SERIES_PER_PANEL
            # the legend sits outside the axes (to the right), not over the data
            assert ax.get_legend().get_bbox_to_anchor().x0 > ax.get_window_extent().x1
        # no (colour, marker) pair repeats anywhere in the figure, across panels too
        styles = {(str(h.get_color()), h.get_marker()) for h in handles}
        assert len(styles) == len(handles)
        names = [t.get_text() for ax in axes for t in ax.get_legend().get_texts()]
        drawable = [  # a material known only by bounds has nothing to draw; names typeset
            typeset(m.name)
            for m in materials
            if any(c.precision not in ("lower_bound", "upper_bound") for c in m.conductivities)
        ]
        assert sorted(names) == sorted(drawable)
    finally:
        plt.close(fig)


def test_model_lines_stop_shortly_beyond_the_validity_range():
    libh4 = open_kb().material("LiBH4")
    model = conductivity_model(libh4)
    fig = materials_figure([libh4], "LiBH4")
    try:
        lines = [line for line in fig.axes[0].get_lines() if line.get_linestyle() in ("-", "--")]
        drawn = np.concatenate(
            [1000 / np.asarray(line.get_xdata())[np.isfinite(line.get_ydata())] for line in lines]
        )
        lowest = min(law.validity_K[0] for law in model.laws.values())
        highest = max(law.validity_K[1] for law in model.laws.values())
        assert drawn.min() >= lowest - EXTRAPOLATION_SHOWN_K - 1e-6
        assert drawn.max() <= highest + EXTRAPOLATION_SHOWN_K + 1e-6
    finally:
        plt.close(fig)


def test_excluded_table_value_is_a_grey_cross_with_a_note():
    """Issue 10 (referee point 3): Table 1's 1e-2 S/cm at 110 °C for Na2B12H12 (the text gives
    it for Na2B10H10) is drawn apart from the Na2B12H12 series, not as its data."""
    fig = materials_figure([open_kb().material("Na2B12H12")], "Na")
    ax = fig.axes[0]
    x = 1000 / (110 + 273.15)
    crosses = [
        line
        for line in ax.get_lines()
        if line.get_marker() == "x" and np.allclose(line.get_xdata(), [x])
    ]
    assert len(crosses) == 1 and np.allclose(crosses[0].get_ydata(), [1e-2])
    coloured = [
        line
        for line in ax.get_lines()
        if line.get_marker() not in ("x", "None", "") and np.allclose(line.get_xdata(), [x])
    ]
    assert not coloured
    assert any("not modelled" in text.get_text() for text in ax.texts)
    plt.close(fig)


def test_reference_line_names_do_not_overlap():
    """Issue 10 (referee point 9): LGPS, Li7P3S11 and LiTFSI lie within 0.3 decade; their
    names are staggered so that no two bounding boxes intersect."""
    fig = materials_figure([open_kb().material("LiBH4")], "Li")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    starts = ("Li₁₀GeP₂S₁₂", "Li₇P₃S₁₁", "1 M")
    names = [t for t in ax.texts if t.get_text().startswith(starts)]
    assert len(names) == 3
    boxes = [t.get_window_extent(renderer) for t in names]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    plt.close(fig)


def test_fit_legend_states_the_convention_of_its_ea():
    # a σT fit drawn on a σ axis: the legend says which convention Ea belongs to
    from hydrion.constants import BOLTZMANN_eV_per_K
    from hydrion.plots.arrhenius import fit_figure
    from hydrion.transport.fitting import fit_arrhenius

    T = np.linspace(300.0, 400.0, 8)
    Ea = 0.5
    sigma = 1e5 / T * np.exp(-Ea / (BOLTZMANN_eV_per_K * T))  # exact σT law, A = 1e5 S·K/cm
    for convention, text in (
        ("sigmaT", "(σT convention)"),
        ("sigma", "convention; the data curve in it)"),
    ):
        fit = fit_arrhenius(T, sigma, convention)
        fig = fit_figure([("pellet", fit)])
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        (entry,) = [t for t in legend if t.startswith("Ea =")]
        assert entry.endswith(text)
        if convention == "sigmaT":  # exact data: no uncertainty, said so (was '± 0.000')
            assert entry.startswith("Ea = 0.500 eV (exact fit of 8 points: no uncertainty)")
        else:  # curved in σ: its Ea rounded to its error's two figures, and the curve said
            assert "±" in entry and "± 0.000 " not in entry
            assert entry.endswith("(σ convention; the data curve in it)")
        plt.close(fig)


def test_every_panel_numbers_its_1000_over_t_axis():
    """U1: the upper panel of 'Na+ conductors' had the '1000/T (K⁻¹)' label but no tick numbers
    (sharex leaves them to the last panel); each panel carries its own label, so its own
    numbers too."""
    materials = bh4_electrolytes()[: SERIES_PER_PANEL + 1]
    fig = materials_figure(materials, "two panels")
    fig.canvas.draw()
    panels = [ax for ax in fig.axes if ax.get_xlabel() == "1000/T (K⁻¹)"]
    assert len(panels) == 2
    for ax in panels:
        numbers = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        assert "3.00" in numbers and "2.50" in numbers
