"""Benchmark: read and summarise a 100,000-row cycling CSV (known capacities).

Writes a file of 50 cycles of a cathode half cell (discharge first) to a temporary folder,
then times read + per-cycle summary. Target (issue 6): under 2 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from hydrion.experiment.cycling import summarise_file

ROWS, CYCLES, MASS_MG, CURRENT_MA = 100_000, 50, 2.0, 0.1


def write_file(path: Path) -> float:
    """A CSV with CYCLES cycles of discharge then charge; returns the capacity in mAh/g."""
    per_half = ROWS // (2 * CYCLES)
    step_s = 10.0
    time_s = np.arange(1, ROWS + 1) * step_s
    half = np.arange(ROWS) // per_half
    current = np.where(half % 2 == 0, -CURRENT_MA, CURRENT_MA)
    fraction = (np.arange(ROWS) % per_half + 1) / per_half
    voltage = np.where(half % 2 == 0, 2.4 - 0.6 * fraction, 1.9 + 0.6 * fraction)
    cycle = half // 2 + 1
    table = np.column_stack([time_s, voltage, current, cycle])
    header = "time/s,Ewe/V,I/mA,cycle number"
    np.savetxt(path, table, delimiter=",", header=header, comments="", fmt="%.6g")
    return CURRENT_MA * per_half * step_s / 3600 / (MASS_MG / 1000)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cycling.csv"
        expected = write_file(path)
        start = time.perf_counter()
        summary = summarise_file(path, MASS_MG)
        elapsed = time.perf_counter() - start
    last = summary.cycles[-1]
    print(
        f"{ROWS} rows, {len(summary.cycles)} cycles read and summarised in {elapsed:.2f} s "
        f"(target < 2 s)"
    )
    print(
        f"last cycle: discharge {last.discharge_mAh_per_g:.2f} mAh/g (written: {expected:.2f}), "
        f"CE {last.coulombic_efficiency_percent:.2f} %"
    )


if __name__ == "__main__":
    main()
