"""Benchmark: PyBaMM discharges of the review cells, as the report's ``cells:simulations`` runs
them (7 cells, 9 built simulations, 24 solves), in CPU seconds (user + system).

``python benchmarks/bench_pybamm.py`` prints:

1. One half cell (TiS2 | LiBH4 | Li at 120 °C, σ = 1e-3 S/cm, Pang et al. 2022 Table 1):
   its first discharge (which builds the simulation: parameters, mesh, discretisation, solver
   set-up) and further discharges on the built simulation (target, issue 6: < 2 s).
2. The review cases in fresh processes, ``--repeat`` times (default 3): CPU of
   ``import pybamm`` and of running the 7 cases, with each process's breakdown: the builds
   (first solve of each built simulation), the solves on a built simulation, the rest
   (hydrion: setups, σ(T), curves).
3. The 7 cases' values (every curve's first and last point, every simulated-against-reported
   row) against those recorded in ``tests/cell/data/review_case_values.json``, within the
   tolerance accepted for speed work (capacities 3.4e-5 relative, voltages 1.4 mV), with the
   comparison of ``tests/cell/test_review_cases_values.py`` (which also re-records them).

``--fits`` also refits every review cell's diffusivity (:mod:`hydrion.cell.calibrate`).

Figures (2-core machine, 2026-11-30, fresh processes): ``import pybamm`` 1.8-2.6 CPU s; the
7 cases 2.1-2.5 CPU s, of which the 9 builds 1.75-2.0 s (solver set-up 0.08-0.13 s of each),
the 15 further solves 0.14-0.17 s, hydrion 0.24-0.29 s. A solve on a built simulation takes
6-20 ms: what remains is one build per distinct cell (see :mod:`hydrion.cell.built_simulations`
for why cells at another σ cannot share one). A coarser mesh (x_s 4, x_p 8, r_p 8) costs as
much (the builds are symbolic) and moves capacities by up to 3 %.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

VALUES_TEST = Path(__file__).resolve().parents[1] / "tests" / "cell" / "test_review_cases_values.py"


def _values_module():
    """The recorded values and their comparison (one copy, in the test that checks them)."""
    spec = importlib.util.spec_from_file_location("review_case_values", VALUES_TEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _one_cell() -> None:
    from hydrion.cell.setups import HalfCell
    from hydrion.cell.simulate import HalfCellModel

    start = time.process_time()
    model = HalfCellModel(HalfCell("tis2", "libh4", 393.15, sigma_S_per_cm=1e-3))
    print(f"set-up {time.process_time() - start:.2f} CPU s")
    for rate in (0.5, 0.1, 1.0, 2.0):
        start = time.process_time()
        curve = model.run(rate, with_charge=False)[0]
        what = "first discharge (builds)" if rate == 0.5 else "discharge on the build"
        print(
            f"{rate:g} C {what}: {time.process_time() - start:.3f} CPU s (target < 2 s), "
            f"{curve.final_capacity_mAh_per_g:.1f} mAh/g, {curve.voltage_V.size} points"
        )


def _child() -> None:
    """Run in a fresh process: CPU of the import and of the cases, as JSON on stdout."""
    start = time.process_time()
    import pybamm

    imported = time.process_time() - start
    from hydrion.cell.review_cases import review_cell_runs
    from hydrion.kb import open_kb

    kb = open_kb()
    solves: list[tuple[bool, float]] = []  # (first solve of its build, CPU s)
    solve = pybamm.Simulation.solve
    seen: set[int] = set()

    def timed(self, *args, **kwargs):  # measurement only: the benchmark's own process
        first = id(self) not in seen
        seen.add(id(self))
        begin = time.process_time()
        try:
            return solve(self, *args, **kwargs)
        finally:
            solves.append((first, time.process_time() - begin))

    pybamm.Simulation.solve = timed
    start = time.process_time()
    for case in review_cell_runs():
        case.run(kb)
    total = time.process_time() - start
    builds = [s for first, s in solves if first]
    again = [s for first, s in solves if not first]
    print(
        json.dumps(
            {
                "import": imported,
                "cases": total,
                "builds": [len(builds), sum(builds)],
                "solves": [len(again), sum(again)],
            }
        )
    )


def _fresh_processes(repeat: int) -> None:
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child"], capture_output=True, text=True, check=True
        )
        f = json.loads(out.stdout.splitlines()[-1])
        rest = f["cases"] - f["builds"][1] - f["solves"][1]
        print(
            f"fresh process: import pybamm {f['import']:.2f} CPU s; 7 cases {f['cases']:.2f} "
            f"CPU s = {f['builds'][0]} builds {f['builds'][1]:.2f} + {f['solves'][0]} solves "
            f"on a build {f['solves'][1]:.2f} + hydrion {rest:.2f}"
        )


def _fits() -> None:
    import hydrion.cell.calibrate as calibrate
    from hydrion.cell.review_cases import review_cell_runs
    from hydrion.kb import open_kb

    kb = open_kb()
    for case in review_cell_runs():
        for calibration in case.calibrations:
            if calibration.borrowed_from:  # a prediction: nothing to fit
                continue
            start = time.process_time()
            fit = calibrate.fit_diffusivity(case, calibration, kb)
            simulated = ", ".join(f"{c:.0f}" for c in fit.simulated_mAh_per_g)
            reported = ", ".join(f"{c:.0f}" for c in fit.reported_mAh_per_g)
            print(
                f"{case.slug} {calibration.temperature_C:g} °C: D = "
                f"{fit.diffusivity_m2_per_s:.3g} m²/s (stored "
                f"{calibration.diffusivity_m2_per_s:.3g}); simulated {simulated} vs reported "
                f"{reported} mAh/g; rms log error {fit.rms_log_error:.3f}; "
                f"{time.process_time() - start:.1f} CPU s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes to time")
    parser.add_argument("--fits", action="store_true", help="also refit every diffusivity")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child()
        return
    _one_cell()
    _fresh_processes(args.repeat)
    values = _values_module()
    off = values.differences(values.recorded_values(), values.case_values())
    print(
        "values of the 7 cases: "
        + ("as recorded (within tolerance)" if not off else "CHANGED:\n  " + "\n  ".join(off))
    )
    if args.fits:
        _fits()


if __name__ == "__main__":
    main()
