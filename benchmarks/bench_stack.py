"""Benchmark: 10,000 TiS2 | LiBH4 | Li stack designs evaluated at once (vectorised).

Random separator thickness (30-500 µm), active fraction (0.3-0.9), areal loading and N/P
ratio; prints the wall time of one evaluation and the stack Wh/kg range. Target (issue 6):
under 1 s.
"""

from __future__ import annotations

import time

import numpy as np

from hydrion.cell.stack import StackDesign, resolve
from hydrion.cell.stack_metrics import stack_metrics

N = 10_000


def main() -> None:
    rng = np.random.default_rng(6)
    inputs = resolve(StackDesign.default("tis2", "libh4", "li")).inputs()
    active = rng.uniform(0.3, 0.9, N)
    designs = {
        **inputs,
        "separator_thickness_cm": rng.uniform(30, 500, N) * 1e-4,
        "w_pos_active": active,
        "w_pos_electrolyte": 1.0 - active,
        "loading_pos_mg_per_cm2": rng.uniform(2, 25, N),
        "np_ratio": rng.uniform(1, 5, N),
    }
    start = time.perf_counter()
    result = stack_metrics(**designs)
    elapsed = time.perf_counter() - start
    energy = result["stack_Wh_per_kg"]
    print(f"{N} stack designs in {elapsed * 1e3:.2f} ms (target < 1000 ms)")
    print(
        f"stack specific energy {energy.min():.0f}-{energy.max():.0f} Wh/kg, "
        f"energy density {result['stack_Wh_per_L'].min():.0f}-"
        f"{result['stack_Wh_per_L'].max():.0f} Wh/L"
    )


if __name__ == "__main__":
    main()
