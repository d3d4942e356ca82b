"""Fig. 10 flags hydrides whose conversion lies at or below 0 V."""

import pytest

from hydrion.electrode.fig10 import (
    FULL_CONVERSION,
    NO_CONVERSION,
    PARTIAL_CONVERSION,
    capacity_points,
    conversion_status,
)
from hydrion.plots.electrode import fig10_figure


def test_cah2_is_flagged_and_mgh2_is_not():
    points, skipped = capacity_points(
        [("CaH2", "CaH2", "other binary hydride"), ("MgH2", "MgH2", "knowledge base")]
    )
    assert skipped == []
    cah2, mgh2 = points
    assert cah2.flagged and cah2.status == NO_CONVERSION
    assert cah2.lowest_voltage_V == pytest.approx(-0.030, abs=1e-3)  # CRC data, gibbs298
    assert not mgh2.flagged and mgh2.status == FULL_CONVERSION
    # the formal capacity stays the plotted one: 2 Li per 42.09 g/mol CaH2
    assert cah2.capacity_mAh_per_g == pytest.approx(1273.5, rel=1e-3)


def test_partial_conversion_with_sodium():
    # LiAlH4 with Na stops before LiH + Na -> NaH + Li, uphill by ΔrG = +34.9 kJ (CRC)
    status, voltage, convention = conversion_status("LiAlH4", ion="Na")
    assert status == PARTIAL_CONVERSION and convention == "gibbs298"
    assert voltage == pytest.approx(-0.361, abs=1e-3)


def test_flagged_points_are_drawn_hollow_and_labelled():
    points, _ = capacity_points([("CaH2", "CaH2", "other binary hydride")])
    figure = fig10_figure(points)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == ["CaH₂ (E = -0.03 V, gibbs298)"]  # U1: the convention said
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["other binary hydride: conversion at or below 0 V"]


def test_fig10_says_vs_which_ion_and_keeps_labels_inside():
    # was: no word of the ion in the figure, and LiAlH₄'s label (the rightmost point) ran past
    # the right edge of the axes
    points, _ = capacity_points(
        [(f, f, "knowledge base") for f in ("TiH2", "MgH2", "NaAlH4", "LiAlH4")]
    )
    figure = fig10_figure(points)
    ax = figure.axes[0]
    assert ax.get_title() == (
        "Theoretical conversion capacity with Li (voltages vs Li/Li⁺)\n"
        "conversion voltages: gibbs298 convention (ΔG° at 298.15 K)"
    )
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    box = ax.get_window_extent(renderer)
    for text in ax.texts:
        extent = text.get_window_extent(renderer)
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1, text.get_text()
    assert "Mg/Mg²⁺" in fig10_figure(points, ion="Mg").axes[0].get_title()


def test_missing_density_is_named_and_a_record_density_fills_it():
    # was: "add it to hydrion/chem/data/densities.yaml" (inside the installed package)
    points, skipped = capacity_points([("Li3AlH6", "Li3AlH6", "knowledge base")])
    assert points == []
    (message,) = skipped
    assert message.startswith("Li3AlH6: no sourced density of Li3AlH6")
    assert "densities.yaml" not in message and "hydrion db add" in message
    (point,), skipped = capacity_points(
        [("Li3AlH6", "Li3AlH6", "knowledge base")], densities={"Li3AlH6": 1.0}
    )
    assert skipped == []
    assert point.volumetric_capacity_mAh_per_cm3 == pytest.approx(point.capacity_mAh_per_g)


def test_record_densities_takes_each_electrode_record_with_its_own_density():
    from types import SimpleNamespace

    from hydrion.electrode.fig10 import record_densities

    def material(formula, densities):
        return SimpleNamespace(
            formula=formula,
            densities=[SimpleNamespace(density_g_per_cm3=d) for d in densities],
        )

    kb = SimpleNamespace(
        materials=lambda kind: [
            material("Li3AlH6", [1.2, 1.3]),
            material("MgH2", []),
            material(None, [2.0]),
        ]
    )
    assert record_densities(kb) == {"Li3AlH6": 1.2}


def test_points_are_labelled_by_where_they_come_from():
    """U1: '--add Mg2FeH6' was 'user' in the legend, though not in the user database."""
    from types import SimpleNamespace

    from hydrion.electrode.fig10 import (
        ADDED,
        USER_DATABASE,
        added_hydrides,
        knowledge_base_electrodes,
    )

    records = [
        SimpleNamespace(id="mgh2", name="MgH2", formula="MgH2"),
        SimpleNamespace(id="mine", name="my TiH2", formula="TiH2"),
    ]
    kb = SimpleNamespace(
        materials=lambda kind: records,
        origin=lambda record_id: "user" if record_id == "mine" else "curated",
    )
    entries = knowledge_base_electrodes(kb) + added_hydrides(["Mg2FeH6"])
    assert [origin for *_, origin in entries] == ["knowledge base", USER_DATABASE, ADDED]
    points, _ = capacity_points(entries)
    legend = [t.get_text() for t in fig10_figure(points).axes[0].get_legend().get_texts()]
    assert legend == ["knowledge base", "user database", "added on the command line"]
    # an origin of the caller's own is drawn and named too (it was left off the figure)
    points, _ = capacity_points([("MgH2", "MgH2", "my batch")])
    legend = [t.get_text() for t in fig10_figure(points).axes[0].get_legend().get_texts()]
    assert legend == ["my batch"]


def test_voltage_conventions_name_the_points_of_a_second_convention():
    from dataclasses import replace

    from hydrion.plots.electrode import voltage_conventions

    points, _ = capacity_points([(f, f, "knowledge base") for f in ("MgH2", "TiH2", "KH")])
    mgh2, tih2, kh = points
    assert kh.convention is None  # no thermochemistry: no voltage, no convention
    assert voltage_conventions(points) == (
        "conversion voltages: gibbs298 convention (ΔG° at 298.15 K)"
    )
    assert voltage_conventions([mgh2, replace(tih2, convention="enthalpy"), kh]) == (
        "conversion voltages: enthalpy convention (ΔH° only, no entropy); gibbs298 for MgH₂"
    )
    assert voltage_conventions([kh]) == "no conversion voltage (no thermochemistry)"


def test_other_binary_hydrides_are_triangles_whatever_else_is_drawn():
    # the report's caption calls them triangles; before, the marker followed the number of
    # origins drawn (squares in the report)
    points, _ = capacity_points(
        [("MgH2", "MgH2", "knowledge base"), ("KH", "KH", "other binary hydride")]
    )
    for shown in (points, points[1:]):
        ax = fig10_figure(shown).axes[0]
        handles = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
        path = handles["other binary hydride"].get_paths()[0]
        assert len(path.vertices) == 4  # a triangle: three corners and the closing point
