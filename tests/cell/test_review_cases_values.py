"""The numbers the report shows for the review cells (PyBaMM), against those recorded.

``tests/cell/data/review_case_values.json`` holds, for each of the 7 review cases, every
simulated curve's first and last point (capacity mAh/g, voltage V) and every
simulated-against-reported row's simulated capacity (unrounded), as the code computed them
on 2026-11-30 (PyBaMM 26.10, mesh x_s 8, x_p 12, r_p 12). Speed work (build reuse, solver
reuse, search brackets) must leave them within the tolerance accepted for it: capacities
3.4e-5 relative, voltages 1.4 mV (issue 12). A change meant to change the model re-records
them: ``python tests/cell/test_review_cases_values.py --record`` (and says why in its commit).
``benchmarks/bench_pybamm.py`` prints the same comparison with its timings.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

VALUES = Path(__file__).parent / "data" / "review_case_values.json"
CAPACITY_REL_TOL = 3.4e-5
VOLTAGE_ABS_TOL_V = 1.4e-3
ENDS = ("first (mAh/g, V)", "last (mAh/g, V)")


def case_values(kb=None) -> dict:
    """Each review case's curves (first and last point) and simulated-against-reported rows
    (simulated capacity unrounded), by case slug."""
    from hydrion.cell.review_cases import capacity_at, review_cell_runs
    from hydrion.kb import open_kb
    from hydrion.units import ABSOLUTE_ZERO_C

    kb = kb or open_kb()
    values = {}
    for case in review_cell_runs():
        curves = case.run(kb)
        rows = [
            {
                "T (°C)": calibration.temperature_C,
                "C-rate": point.c_rate,
                "use": role,
                "simulated (mAh/g)": capacity_at(
                    curves, point.c_rate, calibration.temperature_C - ABSOLUTE_ZERO_C
                ),
            }
            for calibration in case.calibrations
            for point, role in case.points(kb, calibration)
        ]
        values[case.slug] = {
            "curves": [
                {
                    "label": c.label,
                    "direction": c.direction,
                    ENDS[0]: [float(c.capacity_mAh_per_g[0]), float(c.voltage_V[0])],
                    ENDS[1]: [float(c.capacity_mAh_per_g[-1]), float(c.voltage_V[-1])],
                }
                for c in curves
            ],
            "rows": rows,
        }
    return values


def recorded_values() -> dict:
    return json.loads(VALUES.read_text(encoding="utf-8"))


def differences(recorded: dict, now: dict) -> list[str]:
    """Each number of ``now`` outside the tolerance of ``recorded`` (empty: the same)."""

    def off(a: float, b: float) -> bool:
        return not math.isclose(a, b, rel_tol=CAPACITY_REL_TOL, abs_tol=1e-9)

    if sorted(recorded) != sorted(now):
        return [f"cases {sorted(recorded)} became {sorted(now)}"]
    out = []
    for slug, old in recorded.items():
        new = now[slug]
        if [c["label"] for c in old["curves"]] != [c["label"] for c in new["curves"]]:
            out.append(f"{slug}: curves {[c['label'] for c in new['curves']]}")
            continue
        if [(r["T (°C)"], r["C-rate"]) for r in old["rows"]] != [
            (r["T (°C)"], r["C-rate"]) for r in new["rows"]
        ]:
            out.append(f"{slug}: other rows")
            continue
        for a, b in zip(old["curves"], new["curves"], strict=True):
            for end in ENDS:
                (qa, va), (qb, vb) = a[end], b[end]
                if off(qa, qb) or not abs(va - vb) <= VOLTAGE_ABS_TOL_V:
                    out.append(f"{a['label']} {end}: {qa:.7g}, {va:.6g} -> {qb:.7g}, {vb:.6g}")
        for a, b in zip(old["rows"], new["rows"], strict=True):
            qa, qb = a["simulated (mAh/g)"], b["simulated (mAh/g)"]
            if off(qa, qb):
                out.append(f"{slug} {a['T (°C)']:g} °C {a['C-rate']:.3g} C: {qa:.7g} -> {qb:.7g}")
    return out


def test_the_comparison_finds_a_capacity_or_a_voltage_beyond_the_tolerance():
    recorded = recorded_values()
    assert len(recorded) == 7 and differences(recorded, recorded) == []
    slug = "tis2-libh4"
    moved = json.loads(json.dumps(recorded))
    q, v = moved[slug]["curves"][0][ENDS[1]]
    moved[slug]["curves"][0][ENDS[1]] = [q * (1 + 5e-5), v]
    assert len(differences(recorded, moved)) == 1
    moved[slug]["curves"][0][ENDS[1]] = [q * (1 + 2e-5), v + 1.5e-3]
    assert len(differences(recorded, moved)) == 1
    moved[slug]["curves"][0][ENDS[1]] = [q * (1 + 2e-5), v + 1.0e-3]
    assert differences(recorded, moved) == []


@pytest.mark.slow
def test_the_review_cases_give_the_recorded_numbers():
    pytest.importorskip("pybamm")
    assert differences(recorded_values(), case_values()) == []


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    VALUES.write_text(
        json.dumps(case_values(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"recorded {VALUES}")
