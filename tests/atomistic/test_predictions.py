"""MD predictions land in the user database as calculation records, once (idempotent)."""

from __future__ import annotations

import math

import pytest

from hydrion.atomistic.predictions import store_prediction
from hydrion.errors import InputError
from hydrion.kb import open_kb


def test_prediction_is_stored_once_as_a_calculation_record(tmp_path, md_result):
    kb = open_kb(tmp_path / "user.db")
    results = [md_result(500, 1e-3, 0), md_result(500, 2e-3, 1), md_result(550, 3e-3, 1000)]
    record, new = store_prediction(results, kb)
    assert new
    assert record.id.startswith("md-libh4-")
    assert [c.temperature_C for c in record.conductivities] == pytest.approx([226.85, 276.85])
    assert record.conductivities[0].sigma_S_per_cm == pytest.approx(1.5e-3)  # replica mean
    assert record.conductivities[0].precision == "approximate"
    source = record.conductivities[0].source
    assert source.kind == "calculation" and "sevennet-0" in source.citation
    assert '"seed": 1000' in source.note and "0.13.0" in source.note
    # a fresh knowledge base sees it in the user database; storing again is skipped
    again = open_kb(tmp_path / "user.db")
    assert again.material(record.id).conductivities == record.conductivities
    assert again.origin(record.id) == "user"
    _, new = store_prediction(results, again)
    assert not new
    # another model is another prediction
    other, new = store_prediction([md_result(500, 1e-3, 0, "chgnet-0.3.0")], again)
    assert new and other.id != record.id
    # the measured LiBH4 record is untouched
    assert all(c.source.kind != "calculation" for c in again.material("LiBH4").conductivities)


def test_estimator_mechanism_and_rotation_ea_are_stored_with_the_prediction(tmp_path, md_result):
    """The estimator is part of the provenance and the note; τ_rot, η and the paddle-wheel
    index of each replica sit beside σ; the reorientation Ea is in the description."""
    from hydrion.atomistic.analysis import fit_rotation_arrhenius

    k_B = 8.617333262e-5
    results = [  # τ = 0.1 ps·exp(0.2 eV/kT): the rotation fit gives Ea = 0.2 eV
        md_result(T, 1e-3, seed, estimator="kinisi", tau_ps=0.1 * math.exp(0.2 / (k_B * T)))
        for seed, T in enumerate((500.0, 550.0, 600.0))
    ]
    kb = open_kb(tmp_path / "user.db")
    record, _ = store_prediction(results, kb, rotation_fit=fit_rotation_arrhenius(results))
    first = record.conductivities[0]
    assert '"estimator": "kinisi"' in first.source.note
    assert "(1σ, kinisi posterior, 1 replica(s)" in first.note
    tau_500 = 0.1 * math.exp(0.2 / (k_B * 500.0))
    assert f"anion rotation τ [{tau_500:.3g}] ps" in first.note
    assert "orientational order η [n/r]" in first.note  # not resolved: never a number
    assert "paddle-wheel index [1.2] (hydrion's definition, after Z. Zhang" in first.note
    assert "Anion reorientation: Ea = 0.200 ± " in record.description
    # the same runs analysed by blocks are another prediction; mixed estimators are refused
    blocks = [md_result(r.temperature_K, 1e-3, r.seed) for r in results]
    assert store_prediction(blocks, kb)[0].id != record.id
    with pytest.raises(InputError, match="one estimator"):
        store_prediction([results[0], blocks[1]], kb)


def test_runs_of_different_models_are_not_mixed(tmp_path, md_result):
    with pytest.raises(InputError, match="one model"):
        store_prediction(
            [md_result(500, 1e-3, 0), md_result(550, 1e-3, 0, "chgnet-0.3.0")],
            open_kb(tmp_path / "user.db"),
        )


def test_a_run_that_never_left_the_ballistic_regime_is_flagged(tmp_path, md_result):
    record, _ = store_prediction([md_result(500, 1e-3, 0, msd_A2=0.5)], open_kb(tmp_path / "u.db"))
    stored = record.conductivities[0]
    assert stored.precision == "order_of_magnitude"
    assert stored.note.startswith("ILL-DETERMINED")


def test_store_key_is_the_stored_id(tmp_path, md_result):
    """``md analyse --store KEY``: stored under KEY; again skipped; a taken or bad key refused."""
    from hydrion.errors import DuplicateRecordError

    kb = open_kb(tmp_path / "user.db")
    results = [md_result(500, 1e-3, 0), md_result(550, 3e-3, 1)]
    record, new = store_prediction(results, kb, key="my-libh4-md")
    assert new and record.id == "my-libh4-md"
    again = open_kb(tmp_path / "user.db")
    assert again.material("my-libh4-md").conductivities == record.conductivities
    assert store_prediction(results, again, key="my-libh4-md")[1] is False
    with pytest.raises(DuplicateRecordError, match="taken by"):
        store_prediction([md_result(600, 1e-3, 2)], again, key="my-libh4-md")
    with pytest.raises(DuplicateRecordError, match="taken by"):
        store_prediction(results, again, key="libh4")  # a curated material
    with pytest.raises(InputError, match="an id is lowercase"):
        store_prediction(results, again, key="My Key")


def _stored_arrhenius_prediction(md_result):
    """Three temperatures of a known law σ = σ0·exp(−0.40 eV/kT), stored through the real path."""
    from hydrion.atomistic.analysis import fit_md_arrhenius

    k_B = 8.617333262e-5
    results = [
        md_result(T, 10.0 * math.exp(-0.40 / (k_B * T)) * f, seed)
        for seed, T in enumerate((500.0, 550.0, 600.0, 650.0))
        for f in (0.97, 1.03)
    ]
    record, new = store_prediction(results, open_kb(), fit_md_arrhenius(results))
    assert new
    return record


def test_stored_prediction_reads_back_with_model_and_uncertainties(md_result):
    from hydrion.atomistic.stored import stored_predictions

    record = _stored_arrhenius_prediction(md_result)
    kb = open_kb()
    measured = kb.material("LiBH4")
    (prediction,) = stored_predictions(kb, measured)
    assert prediction.record_id == record.id
    assert prediction.label == "predicted (MLIP MD, sevennet-0)"
    assert (prediction.backend_version, prediction.n_atoms, prediction.replicas) == (
        "0.13.0",
        96,
        2,
    )
    assert [round(s.temperature_K, 6) for s in prediction.sigma] == [500, 550, 600, 650]
    first = prediction.sigma[0]
    assert first.sigma_S_per_cm == pytest.approx(10.0 * math.exp(-0.40 / (8.617333262e-5 * 500)))
    assert first.sigma_err_S_per_cm == pytest.approx(0.1 * first.sigma_S_per_cm / 2**0.5, rel=0.01)
    assert prediction.activation_energy.Ea_eV == pytest.approx(0.40, abs=0.01)
    assert prediction.activation_energy.Ea_err_eV is not None
    # nothing is stored for a material without predictions; the measured record is not one
    assert stored_predictions(kb, kb.material("Li2B12H12")) == []


def test_sigma_cli_shows_predictions_beside_the_model_never_in_it(run_cli, md_result):
    import json

    _, before, _ = run_cli("sigma", "LiBH4", "-T", "400K", "--json")
    _, before_text, _ = run_cli("sigma", "LiBH4", "-T", "400K")
    assert "predicted" not in json.loads(before) and "MLIP" not in before_text
    record = _stored_arrhenius_prediction(md_result)
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "400K", "--json")
    assert code == 0
    payload = json.loads(out)
    (predicted,) = payload.pop("predicted")
    assert payload == json.loads(before)  # the measured model is unchanged by the prediction
    assert predicted["record_id"] == record.id and predicted["model"] == "sevennet-0"
    assert predicted["activation_energy"]["Ea_eV"] == pytest.approx(0.40, abs=0.01)
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "400K")
    assert code == 0
    assert out.startswith(before_text)  # the measured block first, as it was
    block = out[len(before_text) :]
    assert "predicted (MLIP MD, sevennet-0)" in block and "96 atoms, 2 replica(s)" in block
    assert "Ea" in block and "0.4" in block


def test_predictions_above_the_decomposition_limit_are_flagged(run_cli, md_result):
    # referee R1: sigma LiBH4 showed a 'predicted' σ at 327 °C while it refuses measured σ
    # above 280 °C (decomposition [109])
    from hydrion.atomistic.stored import stored_predictions
    from hydrion.report.sections.predictions import build

    _stored_arrhenius_prediction(md_result)  # 500, 550, 600, 650 K; the limit is 553.15 K
    kb = open_kb()
    (prediction,) = stored_predictions(kb, kb.material("LiBH4"))
    flags = [s.beyond_limit for s in prediction.sigma]
    assert flags[:2] == [None, None]
    assert all("decomposition limit of 280 °C [109]" in f for f in flags[2:])
    assert "decomposition" in prediction.activation_energy.beyond_limit  # fit reaches 650 K
    code, out, _ = run_cli("sigma", "LiBH4", "-T", "400K")
    assert code == 0
    lines = [line for line in out.splitlines() if "σ at" in line]
    assert [("not physical" in line) for line in lines] == [False, False, True, True]
    (table,) = build(open_kb()).tables
    assert list(table.frame["validity"].str.startswith("above the decomposition")) == [
        False,
        False,
        True,
        True,
    ]


def test_a_ladder_above_the_materials_limit_is_warned_about(tmp_path):
    from hydrion.atomistic.structures import warn_beyond_limit
    from hydrion.errors import HydrionWarning

    with pytest.warns(HydrionWarning, match="600 K: above the decomposition limit of 280 °C"):
        found = warn_beyond_limit("libh4-p63mc", [400.0, 500.0, 600.0, 600.0])
    assert len(found) == 1
    assert warn_beyond_limit(str(tmp_path / "any.cif"), [600.0]) == []  # no material: unchecked


def test_db_show_gives_predicted_sigma_and_ea_with_their_uncertainty(run_cli, md_result):
    # referee R1: db show dropped the ± of a predicted σ and printed Ea as 0.529992 eV
    from hydrion.atomistic.analysis import fit_md_arrhenius

    k_B = 8.617333262e-5
    noise = {420.0: 1.08, 460.0: 0.93, 500.0: 1.05, 540.0: 0.97}  # off the line: Ea has a 1σ
    results = [
        md_result(T, 10.0 * math.exp(-0.40 / (k_B * T)) * f * noise[T], seed)
        for seed, T in enumerate(noise)
        for f in (0.97, 1.03)
    ]
    record, _ = store_prediction(results, open_kb(), fit_md_arrhenius(results))
    code, out, _ = run_cli("db", "show", record.id)
    assert code == 0
    sigma_rows = [line for line in out.splitlines() if line.lstrip("│ ").startswith("conductivity")]
    assert len(sigma_rows) == 4 and all(" ± " in row and "e-" in row for row in sigma_rows)
    (ea_row,) = [line for line in out.splitlines() if "activation energy" in line]
    import re

    value, error = re.search(r"(\d\.\d+) ± (\d\.\d+) eV", ea_row).groups()
    assert abs(float(value) - 0.40) < 3 * float(error)
    assert len(value) <= 5  # 0.529992 was printed: now rounded to the error's digits
    assert len(error.split(".")[1]) == len(value.split(".")[1])  # same last digit


def test_plus_minus_rounds_to_the_errors_two_significant_figures():
    from hydrion.kb.sheet import plus_minus

    assert plus_minus(4.614e-4, 3.3e-5) == "(4.61 ± 0.33)e-4"
    assert plus_minus(0.529992, 0.0412) == "0.530 ± 0.041"
    assert plus_minus(0.529992, None) == "0.53"


def test_a_model_without_a_version_and_a_pwi_without_hops_read_cleanly():
    from hydrion.atomistic.stored import model_label
    from hydrion.cli.md_analyse import pwi_text

    assert model_label({"model": "synthetic-walk", "backend": None}) == (
        "synthetic-walk (backend not recorded; version not recorded)"
    )
    assert model_label({"model": "sevennet-0", "backend": "sevenn", "backend_version": "0.13"}) == (
        "sevennet-0 (sevenn 0.13)"
    )
    assert pwi_text(math.nan, 0) == "not resolved (no hops)"
    assert pwi_text(1.234, 7) == "1.23 (7 hops)"


def test_the_documented_md_analyse_command_names_a_store_key():
    import shlex
    from pathlib import Path

    docs = Path(__file__).parents[2] / "docs" / "atomistic.md"
    (line,) = [x for x in docs.read_text().splitlines() if x.startswith("hydrion md analyse")]
    args = shlex.split(line, comments=True)
    key = args[args.index("--store") + 1]
    assert not key.startswith("-")
