"""The report's MD-predictions section: stored predictions against measurement, or a line."""

from __future__ import annotations

import json
import math

import matplotlib.pyplot as plt
import pytest

from hydrion.atomistic.analysis import fit_md_arrhenius
from hydrion.atomistic.predictions import store_prediction
from hydrion.atomistic.stored import stored_predictions
from hydrion.errors import InputError
from hydrion.kb import open_kb
from hydrion.kb.predicted import PREDICTION_TAG
from hydrion.report.sections import predictions, transport
from hydrion.stability.compatibility import compatibility_matrix
from hydrion.stability.energies import bundled
from hydrion.transport.kb_models import conductivity_model
from hydrion.transport.screening import screen_conductivity

K_B_EV = 8.617333262e-5


def test_empty_state_line_when_nothing_is_stored():
    section = predictions.build(open_kb())
    assert section.tables == [] and section.intro == predictions.EMPTY


def test_a_stored_prediction_is_shown_against_the_measured_law(md_result):
    results = [
        md_result(T, 10.0 * math.exp(-0.35 / (K_B_EV * T)), seed)
        for seed, T in enumerate((400.0, 450.0, 500.0))
    ]
    record, _ = store_prediction(results, open_kb(), fit_md_arrhenius(results))
    section = predictions.build(open_kb())
    (table,) = section.tables
    frame = table.frame
    assert list(frame["prediction"]) == [record.id] * 3
    assert list(frame["T (°C)"]) == pytest.approx([126.9, 176.9, 226.9], abs=0.05)
    assert frame["σ predicted (S/cm)"].iloc[0] == pytest.approx(
        10.0 * math.exp(-0.35 / (K_B_EV * 400))
    )
    assert frame["Ea predicted (eV)"].iloc[0] == pytest.approx(0.35, abs=0.005)
    # measured: LiBH4's P63mc law (reported Ea 0.53 eV, σ ~1e-3 S/cm at 120 °C [19])
    assert frame["Ea measured (eV)"].iloc[0] == "0.53 (P63mc)"
    assert frame["σ measured/modelled (S/cm)"].iloc[0] == pytest.approx(1.31e-3, rel=0.02)
    assert "extrapolated" in frame["how"].iloc[2]
    assert 19 in section.references


# -- predictions never mix with measurements (issue 13) --------------------------------------


@pytest.fixture
def stored(md_result):
    """A LiBH4 prediction stored through the real path; σ 0.3-1 S/cm at 127-227 °C, above
    every measured value, so a leak would top every measured ranking."""
    results = [
        md_result(T, 1e2 * math.exp(-0.2 / (K_B_EV * T)), seed)
        for seed, T in enumerate((400.0, 450.0, 500.0))
    ]
    record, _ = store_prediction(results, open_kb(), fit_md_arrhenius(results))
    assert record.conductivities[0].sigma_S_per_cm == pytest.approx(0.303, rel=0.01)
    return record


def test_the_measured_listings_leave_the_prediction_out(stored):
    kb = open_kb()
    assert stored.id in {m.id for m in kb.materials(kind="electrolyte", predictions=True)}
    assert stored.id not in {m.id for m in kb.materials()}
    assert stored.id not in {m.id for m in kb.materials(kind="electrolyte", ion="Li")}
    assert stored.id not in set(kb.materials_frame(kind="electrolyte")["id"])
    # the prediction's own stored σ (0.3-1 S/cm at 126.85-226.85 °C) would pass this filter
    hits = kb.query_conductivity(1e-6, 176.85, 60.0)
    assert "libh4" in set(hits["id"]) and stored.id not in set(hits["id"])
    assert [p.record_id for p in stored_predictions(kb, kb.material("LiBH4"))] == [stored.id]
    # a formula names the measured material (the prediction has the same formula)
    assert kb.material("Li(BH4)").id == "libh4" and kb.material(stored.id).id == stored.id


def test_the_transport_ranking_and_arrhenius_figures_show_measurements_only(stored, monkeypatch):
    kb = open_kb()
    ranked = transport.build_part(kb, "tables").tables[0]
    names = list(ranked.frame["material"])
    assert "LiBH4" in names and not any(PREDICTION_TAG in n for n in names)
    plotted: list[str] = []

    def capture(materials, title):
        plotted.extend(m.id for m in materials)
        return plt.figure()

    monkeypatch.setattr(transport, "materials_figure", capture)
    for part in transport.parts()[1:]:
        transport.build_part(kb, part)
    assert "libh4" in plotted and stored.id not in plotted


def test_the_modelled_screen_and_compatibility_matrix_leave_the_prediction_out(stored):
    kb = open_kb()
    screened = screen_conductivity(kb, 450.0, 1e-6)
    assert "libh4" in set(screened["id"]) and stored.id not in set(screened["id"])
    pairs = compatibility_matrix(kb, bundled("enthalpy"))
    electrolytes = {c.electrolyte for c in pairs}
    assert "LiBH4" in electrolytes or "libh4" in electrolytes
    assert not any(PREDICTION_TAG in str(e) or stored.id == e for e in electrolytes)


def test_the_cli_keeps_predictions_apart_and_exports_them_labelled(stored, run_cli):
    code, out, _ = run_cli(
        "db", "query", "--sigma-min", "1e-6 S/cm", "--at", "176.85 C", "--tolerance", "60", "--json"
    )
    assert code == 0
    ids = {row["id"] for row in json.loads(out)["conductivity"]}
    assert ids and stored.id not in ids
    code, out, _ = run_cli("db", "export", "--format", "json", "--kind", "electrolyte")
    rows = [r for r in json.loads(out) if r["id"] == stored.id]
    assert len(rows) == 4  # three σ and one Ea, none lost
    assert {r["source_kind"] for r in rows} == {"calculation"}
    assert all("predicted, not measured" in r["note"] for r in rows)


def test_db_list_shows_predictions_in_their_own_labelled_table(stored, run_cli):
    code, out, _ = run_cli("db", "list", "--kind", "electrolyte", "--all")
    assert code == 0
    measured, _, predicted = out.partition("MD predictions")
    assert "libh4" in measured and stored.id not in measured
    assert "predicted, not measured" in predicted and stored.id in predicted
    code, out, _ = run_cli("db", "list", "--kind", "electrolyte", "--json")
    names = {row["id"]: row["name"] for row in json.loads(out)["materials"]}  # each named
    assert names["libh4"] == "LiBH4" and PREDICTION_TAG in names[stored.id]


def test_sigma_shows_the_prediction_beside_the_law_and_refuses_to_fit_it(stored, run_cli):
    with pytest.raises(InputError, match="MD prediction, not a measurement"):
        conductivity_model(stored)  # also what cell design and PyBaMM parameters call
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "150C", "--json")
    payload = json.loads(out)
    assert code == 0 and [p["record_id"] for p in payload["predicted"]] == [stored.id]
    assert payload["law"]["Ea_eV"] == pytest.approx(0.53, abs=0.1)  # measured P63mc, not 0.2
    code, out, err = run_cli("sigma", stored.id, "-T", "150C")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "MD prediction, not a measurement" in err
