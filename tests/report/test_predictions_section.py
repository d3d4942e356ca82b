"""The report's MD-predictions section: stored predictions against measurement, or a line."""

from __future__ import annotations

import math

import pytest

from hydrion.atomistic.analysis import Estimate, TransportResult, fit_md_arrhenius
from hydrion.atomistic.predictions import store_prediction
from hydrion.kb import open_kb
from hydrion.report.sections import predictions

K_B_EV = 8.617333262e-5


def _result(T: float, sigma: float, seed: int) -> TransportResult:
    estimate = Estimate(sigma, 0.1 * sigma, 5)
    return TransportResult(
        path=f"T{T}-{seed}.extxyz",
        temperature_K=T,
        ion="Li",
        simulated_time_ps=20.0,
        n_atoms=96,
        D_tracer_cm2_per_s=Estimate(1e-6, 1e-7, 5),
        D_sigma_cm2_per_s=estimate,
        haven_ratio=0.5,
        sigma_S_per_cm=estimate,
        rotation_tau_ps=None,
        paddle_wheel_index=1.2,
        hops=3,
        metadata={
            "model": {"model": "chgnet-0.3.0", "backend": "chgnet", "backend_version": "0.4.2"},
            "structure": {"structure": "libh4-p63mc", "phase": "P63mc", "doi": "10.1016/x"},
            "formula": "LiBH4",
            "settings": {"seed": seed, "production_steps": 40000, "timestep_fs": 0.5},
        },
        msd_end_A2=25.0,
    )


def test_empty_state_line_when_nothing_is_stored():
    section = predictions.build(open_kb())
    assert section.tables == [] and section.intro == predictions.EMPTY


def test_a_stored_prediction_is_shown_against_the_measured_law():
    results = [
        _result(T, 10.0 * math.exp(-0.35 / (K_B_EV * T)), seed)
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
