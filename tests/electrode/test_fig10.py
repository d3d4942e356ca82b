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
    assert texts == ["CaH₂ (E = -0.03 V)"]
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["other binary hydride: conversion at or below 0 V"]
