"""Benchmark of cycling files (issue 9): prints figures, asserts nothing.

1. ``hydrion cycling FILE`` on a typical file, wall time with start-up (target < 1.5 s);
2. read + per-cycle summary of a 100,000-row CSV (target < 1 s);
3. peak memory of ``hydrion cycling`` on a ~200 MB CSV (target < 1.5 GB), in a child process.

Files are written to a temporary folder with known capacities (50 cycles of a cathode half
cell, discharge first), so each figure comes with a check that the numbers are right.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from hydrion.experiment.cycling import summarise_file

CYCLES, MASS_MG, CURRENT_MA, STEP_S = 50, 2.0, 0.1, 10.0
TYPICAL = Path(__file__).resolve().parents[2] / "shared/corpus/cycling/yadg__mb.issue_95.mpt"


def write_file(path: Path, rows: int) -> float:
    """A CSV of ``rows`` samples over CYCLES cycles; returns the capacity per half (mAh/g)."""
    per_half = rows // (2 * CYCLES)
    index = np.arange(rows)
    half = index // per_half
    current = np.where(half % 2 == 0, -CURRENT_MA, CURRENT_MA)
    fraction = (index % per_half + 1) / per_half
    voltage = np.where(half % 2 == 0, 2.4 - 0.6 * fraction, 1.9 + 0.6 * fraction)
    table = np.column_stack([(index + 1) * STEP_S, voltage, current, half // 2 + 1])
    header = "time/s,Ewe/V,I/mA,cycle number"
    np.savetxt(path, table, delimiter=",", header=header, comments="", fmt="%.10g")
    return CURRENT_MA * per_half * STEP_S / 3600 / (MASS_MG / 1000)


def cli_times(path: Path, runs: int = 3) -> tuple[float, float]:
    """Best wall time and CPU time (user + system) of ``hydrion cycling`` (s): the CPU time
    tells what the wall time would be on an idle machine."""
    exe = shutil.which("hydrion") or sys.exit("hydrion is not on PATH")
    best_wall = best_cpu = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [exe, "cycling", str(path), "--mass", "1 g"], check=True, capture_output=True
        )
        best_wall = min(best_wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best_cpu = min(best_cpu, cpu)
    return best_wall, best_cpu


def peak_memory_MB(path: Path) -> float:
    """Peak resident memory of one ``hydrion cycling`` child process (MB)."""
    exe = shutil.which("hydrion") or sys.exit("hydrion is not on PATH")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([exe, "cycling", str(path), "--mass", "2 mg"], check=True, capture_output=True)
    peak_kB = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(peak_kB, before) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        typical = TYPICAL if TYPICAL.exists() else folder / "typical.csv"
        if not TYPICAL.exists():
            write_file(typical, 2_000)
        wall, cpu = cli_times(typical)
        print(
            f"hydrion cycling {typical.name}: {wall:.2f} s wall, {cpu:.2f} s CPU, best of 3 "
            "(target < 1.5 s wall)"
        )

        path = folder / "rows.csv"
        expected = write_file(path, 100_000)
        start = time.perf_counter()
        summary = summarise_file(path, MASS_MG)
        elapsed = time.perf_counter() - start
        last = summary.cycles[-1]
        print(
            f"100000 rows, {len(summary.cycles)} cycles read and summarised in {elapsed:.2f} s "
            f"(target < 1 s); last discharge {last.discharge_mAh_per_g:.3f} mAh/g "
            f"(written {expected:.3f})"
        )

        big = folder / "big.csv"
        write_file(big, 8_000_000)
        size_MB = big.stat().st_size / 1e6
        start = time.perf_counter()
        peak = peak_memory_MB(big)
        print(
            f"{size_MB:.0f} MB CSV: peak memory {peak:.0f} MB (target < 1500 MB), "
            f"{time.perf_counter() - start:.1f} s wall"
        )


if __name__ == "__main__":
    main()
