"""Stability figures say what each panel, bar and label is, inside the axes."""

import pytest
from matplotlib.colors import to_rgba

from hydrion.kb import open_kb
from hydrion.plots.stability import decomposition_figure, windows_figure
from hydrion.stability.comparison import compare_windows


@pytest.fixture(scope="module")
def comparisons():
    kb = open_kb()
    return {
        key: compare_windows(key, kb)
        for key in ("ball-milled-li2b12h12", "li2b12h12", "libh4", "mg(bh4)2", "nabh4")
    }


def _texts_inside_axes(figure) -> list[str]:
    """Texts drawn in an Axes (data labels) whose extent leaves that Axes."""
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    outside = []
    for ax in figure.axes:
        box = ax.get_window_extent(renderer)
        for text in ax.texts:
            extent = text.get_window_extent(renderer)
            if extent.x0 < box.x0 - 0.5 or extent.x1 > box.x1 + 0.5:
                outside.append(text.get_text())
    return outside


def test_decomposition_panels_named_by_material_with_charges_and_labels_inside(comparisons):
    # were: two panels titled 'Li₂B₁₂H₁₂ vs Li/Li+', 'Mg(BH₄)₂ vs Mg/Mg2+', and the labels of
    # the short segments at 0 V ('MgB₂ + MgH₂', 'B + NaH') drawn past the left axis
    chosen = [
        comparisons[key] for key in ("ball-milled-li2b12h12", "li2b12h12", "mg(bh4)2", "nabh4")
    ]
    figure = decomposition_figure([c.computed[0] for c in chosen], names=[c.name for c in chosen])
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles == [
        "ball-milled Li₂B₁₂H₁₂ vs Li/Li⁺ (enthalpy)",
        "Li₂B₁₂H₁₂ vs Li/Li⁺ (enthalpy)",
        "Mg(BH₄)₂ vs Mg/Mg²⁺ (enthalpy)",
        "NaBH₄ vs Na/Na⁺ (enthalpy)",
    ]
    labels = {t.get_text() for ax in figure.axes for t in ax.texts}
    assert {"MgB₂ + MgH₂", "B + NaH"} <= labels
    assert _texts_inside_axes(figure) == []


def test_decomposition_names_must_match_windows(comparisons):
    with pytest.raises(ValueError, match="1 names for 2 windows"):
        decomposition_figure(comparisons["libh4"].computed, names=["LiBH4"])


def test_every_window_bar_says_what_it_is(comparisons):
    # was: one bar row per material, LiBH4 with two unlabelled orange bars, and one legend
    # mixing computed conventions with reported methods
    figure = windows_figure([comparisons[key] for key in ("li2b12h12", "libh4")])
    ax = figure.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == [
        "computed, enthalpy",
        "computed, gibbs298",
        "reported, experimental [86,112,113,114]",
        "reported, experimental [23]",
        "computed, enthalpy",
        "computed, gibbs298",
        "reported, theoretical [19,22,23,75,80,81]",
        "reported, experimental [22]",
        "reported, theoretical [23]",
    ]
    assert len(ax.patches) == len(ticks)  # one bar per labelled row
    assert [t.get_text() for t in ax.texts] == ["Li₂B₁₂H₁₂", "LiBH₄"]
    legend = [t.get_text().strip() for t in ax.get_legend().get_texts()]
    assert legend == [
        "computed (phase diagram)",
        "enthalpy",
        "gibbs298",
        "reported (literature)",
        "experimental",
        "theoretical",
    ]


def test_decomposition_colours_have_a_key(comparisons):
    # was: green, blue and red segments with nothing saying what the colours mean
    window = comparisons["libh4"].computed[0]
    figure = decomposition_figure([window, comparisons["nabh4"].computed[0]])
    legends = [ax.get_legend() for ax in figure.axes if ax.get_legend() is not None]
    assert len(legends) == 1 and legends[0].axes is figure.axes[0]  # one key, on top
    entries = {
        text.get_text(): handle.get_facecolor()
        for text, handle in zip(legends[0].get_texts(), legends[0].legend_handles, strict=True)
    }
    assert entries == {
        "stable: no ions taken up or given off (shaded: the computed window)": to_rgba("#2ca02c"),
        "reduced: takes up working ions (> 0)": to_rgba("#1f77b4"),
        "oxidised: gives off working ions (< 0)": to_rgba("#d62728"),
    }
    # LiBH4's profile (enthalpy convention) has each kind: the key's colours are the segments'
    drawn = {tuple(c.get_colors()[0]) for c in figure.axes[0].collections if c.get_colors().size}
    assert {to_rgba("#2ca02c"), to_rgba("#1f77b4"), to_rgba("#d62728")} <= drawn
    # the key stays inside the figure, clear of the first panel's title
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    key = legends[0].get_window_extent(renderer)
    left_title = figure.axes[0]._left_title  # set_title(loc="left"): no public getter
    assert left_title.get_text().startswith("LiBH₄ vs Li/Li⁺")
    title = left_title.get_window_extent(renderer)
    assert key.x1 <= figure.bbox.x1 + 0.5 and key.y1 <= figure.bbox.y1 + 0.5
    assert not key.overlaps(title)


def test_heatmap_colour_bar_is_explained_within_a_short_plot():
    # was: the bar's label ran along it, taller than a heatmap of two electrolytes; then (U1)
    # a 7 pt two-line title over the bar, squeezed, and nothing said what a grey cell is
    from hydrion.plots.stability import HEATMAP_KEY, compat_heatmap
    from hydrion.stability.compatibility import compatibility_matrix
    from hydrion.stability.energies import bundled

    kb = open_kb()
    electrolytes = [kb.material("LiBH4"), kb.material("Li2B12H12")]
    cells = compatibility_matrix(kb, bundled("enthalpy"), electrolytes=electrolytes)
    figure = compat_heatmap(cells, kb=kb)
    heatmap, bar = figure.axes
    assert bar.get_ylabel() == "" and bar.get_title(loc="left") == "margin (V)"
    key = bar.get_legend()
    assert (
        [t.get_text() for t in key.get_texts()]
        == [
            "< 0: decomposes",
            "> 0: stable",
            "grey, n/d: no thermodynamic data",
            "grey, blank: pair not assessed",
        ]
        == list(HEATMAP_KEY.values())
    )
    # both kinds of grey cell are on this heatmap: n/d marks, and pairs not in the matrix
    marks = [t.get_text() for t in heatmap.texts]
    assert any(m.startswith("n/d") for m in marks)
    assert len(cells) < len(heatmap.get_yticks()) * len(heatmap.get_xticks())
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    title = bar._left_title  # set_title(loc="left"): no public getter
    assert min(title.get_fontsize(), *(t.get_fontsize() for t in key.get_texts())) >= 8
    rows = heatmap.get_window_extent(renderer)
    assert title.get_window_extent(renderer).height < rows.height
    inside = figure.bbox.padded(0.5)
    for box in (title.get_window_extent(renderer), key.get_window_extent(renderer)):
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1
        assert inside.y0 <= box.y0 and box.y1 <= inside.y1
    assert not key.get_window_extent(renderer).overlaps(heatmap.get_window_extent(renderer))
