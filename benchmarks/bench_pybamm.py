"""Benchmark: one PyBaMM discharge of TiS2 | LiBH4 | Li at 120 °C after model set-up.

Sets the half cell up once (σ = 1e-3 S/cm, LiBH4 at 120 °C, Pang et al. 2022 Table 1),
runs a warm-up discharge, then times discharges at 0.1, 1 and 2 C. Target (issue 6): one
discharge under 2 s after set-up.
"""

from __future__ import annotations

import time

from hydrion.cell.simulate import HalfCell, HalfCellModel


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


if __name__ == "__main__":
    main()
