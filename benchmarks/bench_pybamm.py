"""Benchmark: one PyBaMM discharge of TiS2 | LiBH4 | Li at 120 °C after model set-up.

Sets the half cell up once (σ = 1e-3 S/cm, LiBH4 at 120 °C, Pang et al. 2022 Table 1),
runs a warm-up discharge, then times discharges at 0.1, 1 and 2 C. Target (issue 6): one
discharge under 2 s after set-up.

Then runs the review cases as the report does (every case, temperature and C-rate: one built
simulation per cell, each rate solved on it) and prints their CPU seconds (5.1 s
before the simulations were built once per cell, 1.8-2.1 s after, on this 2-core machine).

Then refits the solid diffusivity of every review cell (hydrion.cell.calibrate) and prints the
fitted value next to the stored one in cell/data/review_cases.yaml, with the time each fit takes
(the trial diffusivities share one built simulation: 3.2 -> 0.5 CPU s for TiS2 | LiBH4 | Li).
"""

from __future__ import annotations

import time

from hydrion.cell.calibrate import fit_diffusivity
from hydrion.cell.review_cases import review_cell_runs
from hydrion.cell.setups import HalfCell
from hydrion.cell.simulate import HalfCellModel
from hydrion.kb import open_kb


def main() -> None:
    start = time.perf_counter()
    model = HalfCellModel(HalfCell("tis2", "libh4", 393.15, sigma_S_per_cm=1e-3))
    print(f"set-up {time.perf_counter() - start:.2f} s")
    model.run(0.5, with_charge=False)  # warm-up (JIT and caches)
    for rate in (0.1, 1.0, 2.0):
        start = time.perf_counter()
        curve = model.run(rate, with_charge=False)[0]
        elapsed = time.perf_counter() - start
        print(
            f"{rate:g} C discharge: {elapsed:.2f} s (target < 2 s), "
            f"{curve.final_capacity_mAh_per_g:.1f} mAh/g, {curve.voltage_V.size} points"
        )
    kb = open_kb()
    start_cpu = time.process_time()
    runs = sum(len(case.run(kb)) for case in review_cell_runs())
    print(f"review cases: {runs} curves in {time.process_time() - start_cpu:.2f} CPU s")
    for case in review_cell_runs():
        for calibration in case.calibrations:
            if calibration.borrowed_from:  # a prediction: nothing to fit
                continue
            start = time.perf_counter()
            fit = fit_diffusivity(case, calibration, kb)
            simulated = ", ".join(f"{c:.0f}" for c in fit.simulated_mAh_per_g)
            reported = ", ".join(f"{c:.0f}" for c in fit.reported_mAh_per_g)
            print(
                f"{case.slug} {calibration.temperature_C:g} °C: D = "
                f"{fit.diffusivity_m2_per_s:.3g} m²/s (stored "
                f"{calibration.diffusivity_m2_per_s:.3g}); simulated {simulated} vs reported "
                f"{reported} mAh/g; rms log error {fit.rms_log_error:.3f}; "
                f"{time.perf_counter() - start:.1f} s"
            )


if __name__ == "__main__":
    main()
