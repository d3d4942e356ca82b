"""MD predictions land in the user database as calculation records, once (idempotent)."""

from __future__ import annotations

import pytest

from hydrion.atomistic.analysis import Estimate, TransportResult
from hydrion.atomistic.predictions import store_prediction
from hydrion.errors import InputError
from hydrion.kb import open_kb


def _result(
    T: float, sigma: float, seed: int, model: str = "sevennet-0", msd_A2: float = 25.0
) -> TransportResult:
    metadata = {
        "model": {"model": model, "backend": "sevenn", "backend_version": "0.13.0"},
        "structure": {"structure": "libh4-p63mc", "phase": "P63mc", "doi": "10.1016/x"},
        "formula": "LiBH4",
        "settings": {"seed": seed, "production_steps": 1000, "timestep_fs": 0.5},
    }
    estimate = Estimate(sigma, 0.1 * sigma, 5)
    return TransportResult(
        path=f"T{T}.extxyz",
        temperature_K=T,
        ion="Li",
        simulated_time_ps=0.5,
        n_atoms=96,
        D_tracer_cm2_per_s=Estimate(1e-6, 1e-7, 5),
        D_sigma_cm2_per_s=estimate,
        haven_ratio=0.5,
        sigma_S_per_cm=estimate,
        rotation_tau_ps=None,
        paddle_wheel_index=1.2,
        hops=3,
        metadata=metadata,
        msd_end_A2=msd_A2,
    )


def test_prediction_is_stored_once_as_a_calculation_record(tmp_path):
    kb = open_kb(tmp_path / "user.db")
    results = [_result(500, 1e-3, 0), _result(500, 2e-3, 1), _result(550, 3e-3, 1000)]
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
    other, new = store_prediction([_result(500, 1e-3, 0, "chgnet-0.3.0")], again)
    assert new and other.id != record.id
    # the measured LiBH4 record is untouched
    assert all(c.source.kind != "calculation" for c in again.material("LiBH4").conductivities)


def test_runs_of_different_models_are_not_mixed(tmp_path):
    with pytest.raises(InputError, match="one model"):
        store_prediction(
            [_result(500, 1e-3, 0), _result(550, 1e-3, 0, "chgnet-0.3.0")],
            open_kb(tmp_path / "user.db"),
        )


def test_a_run_that_never_left_the_ballistic_regime_is_flagged(tmp_path):
    record, _ = store_prediction([_result(500, 1e-3, 0, msd_A2=0.5)], open_kb(tmp_path / "u.db"))
    stored = record.conductivities[0]
    assert stored.precision == "order_of_magnitude"
    assert stored.note.startswith("ILL-DETERMINED")


def test_store_key_is_the_stored_id(tmp_path):
    """``md analyse --store KEY``: stored under KEY; again skipped; a taken or bad key refused."""
    from hydrion.errors import DuplicateRecordError

    kb = open_kb(tmp_path / "user.db")
    results = [_result(500, 1e-3, 0), _result(550, 3e-3, 1)]
    record, new = store_prediction(results, kb, key="my-libh4-md")
    assert new and record.id == "my-libh4-md"
    again = open_kb(tmp_path / "user.db")
    assert again.material("my-libh4-md").conductivities == record.conductivities
    assert store_prediction(results, again, key="my-libh4-md")[1] is False
    with pytest.raises(DuplicateRecordError, match="taken by"):
        store_prediction([_result(600, 1e-3, 2)], again, key="my-libh4-md")
    with pytest.raises(DuplicateRecordError, match="taken by"):
        store_prediction(results, again, key="libh4")  # a curated material
    with pytest.raises(InputError, match="an id is lowercase"):
        store_prediction(results, again, key="My Key")
