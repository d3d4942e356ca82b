"""Reported voltages (Table 2 averages, measured plateaus) beside the computed ones (issue 10)."""

import json

import pytest

from hydrion.electrode.reported import reported_voltages
from hydrion.kb import open_kb


def test_lialh4_reported_average_and_plateaus():
    # Table 2: 0.25 V average [132,133]; text: plateaus 0.78, 0.27, 0.15 V [133]
    found = reported_voltages("LiAlH4", "Li", open_kb())
    assert [(r.kind, r.voltage_V) for r in found] == [
        ("average", 0.25),
        ("plateau", 0.78),
        ("plateau", 0.27),
        ("plateau", 0.15),
    ]
    assert found[0].describe() == "0.25 V average, review Table 2 [132,133]"
    assert reported_voltages("LiAlH4", "Na", open_kb()) == []  # measured vs Li only
    assert reported_voltages("CaH2", "Li", open_kb()) == []


def test_cli_shows_reported_beside_computed(run_cli):
    code, out, _ = run_cli("electrode", "LiAlH4")
    assert code == 0
    assert "average 0.789 V" in out.replace("\n", " ")  # computed, gibbs298
    assert "0.25 V average, review Table 2 [132,133]" in out
    for plateau in ("0.78 V measured plateau", "0.27 V measured plateau", "0.15 V measured"):
        assert plateau in out
    code, out, _ = run_cli("electrode", "NaAlH4", "--json")
    data = json.loads(out)
    assert data["reported_voltages"][0]["voltage_V"] == 0.25  # Table 2 [135]
    assert data["reported_voltages"][0]["refs"] == [135]


def test_profile_figure_labels_plateaus_and_states_its_basis():
    from hydrion.plots.electrode import profile_figure
    from hydrion.report.sections.electrodes import _profiles

    results, measured, segments = _profiles(open_kb())
    fig = profile_figure(results, measured, segments)
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert {f"LiAlH₄ measured {v} V" for v in ("0.78", "0.27", "0.15")} <= set(texts)
    assert "conversion, then alloying" in ax.get_xlabel()
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # outside, not over the data
    lialh4 = next(r for r in results if r.formula == "LiAlH4")
    # the profile runs into alloying beyond the Table 2 conversion capacity, and says so
    assert (
        lialh4.profile.capacity_mAh_per_g[-1]
        > lialh4.capacity_mAh_per_g
        == pytest.approx(2118, abs=2)
    )
