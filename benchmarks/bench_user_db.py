"""Speed and memory of lookups with a large user database (1k, 10k, 100k records).

For each size, a fresh user database gets ``size`` records in one ``hydrion db add`` (half
materials, half cells, each cell made of one of the materials; 200 families and three
working ions spread over the materials), then each lookup below runs as a fresh process
(median wall and CPU time of three runs after a warm-up, and the largest peak RSS; CPU
time shows the work where other jobs share the CPUs). Size 0 is the
baseline: the same commands with an empty user database. ``db add 1`` adds one more
material to the full database.

Usage: ``python benchmarks/bench_user_db.py [SIZE ...]`` (default 0 1000 10000 100000).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HYDRION = [sys.executable, "-m", "hydrion.cli.main"]
SOURCE = {"kind": "user", "citation": "made for the user-database benchmark"}
IONS = {"Li": "LiBH4", "Na": "NaBH4", "Mg": "Mg(BH4)2"}


def material(number: int) -> dict:
    """One user electrolyte: two conductivities, so that ``hydrion sigma`` can model it."""
    ion = list(IONS)[number % 3]
    return {
        "id": f"user-m{number}",
        "name": f"User pellet {number}",
        "kind": "electrolyte",
        "ions": [ion],
        "family": f"user-family-{number % 200}",
        "formula": IONS[ion],
        "aliases": [f"pellet-{number}"],
        "conductivities": [
            {"sigma_S_per_cm": 1e-6 * (1 + number % 7), "temperature_C": 25, "source": SOURCE},
            {"sigma_S_per_cm": 1e-4 * (1 + number % 7), "temperature_C": 90, "source": SOURCE},
        ],
    }


def cell(number: int) -> dict:
    """One user cell made of the user electrolyte of the same number."""
    return {
        "id": f"user-c{number}",
        "cathode": "tis2",
        "electrolyte": f"user-m{number}",
        "anode": "li",
        "ion": "Li",
        "performance": [
            {"capacity_mAh_per_g": 100 + number % 50, "temperature_C": 60, "source": SOURCE}
        ],
    }


def write_records(path: Path, size: int) -> Path:
    """A JSON record file of ``size // 2`` materials and as many cells, written record by
    record: a large list held here would count in every child's peak RSS (``ru_maxrss``
    keeps the peak of the forked copy of this process from before its ``exec``)."""
    half = size // 2
    with path.open("w", encoding="utf-8") as stream:
        stream.write("[")
        for number in range(2 * half):
            record = material(number) if number < half else cell(number - half)
            stream.write(("," if number else "") + json.dumps(record))
        stream.write("]")
    return path


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds and peak RSS (MB) of one ``hydrion`` process; exit 0 is required."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [*HYDRION, *args], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"hydrion {' '.join(args)}: {err.read().decode()[-300:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def lookups(size: int) -> dict[str, list[str]]:
    """The commands timed at each size (user records where there are any)."""
    commands = {
        "db show LiBH4": ["db", "show", "LiBH4"],
        "sigma LiBH4 -T 30C": ["sigma", "LiBH4", "-T", "30C"],
        "db list --kind electrolyte --family closo-borate": [
            "db",
            "list",
            "--kind",
            "electrolyte",
            "--family",
            "closo-borate",
        ],
    }
    if size:
        middle = size // 4
        commands |= {
            f"db show user-m{middle}": ["db", "show", f"user-m{middle}"],
            f"db show 'User pellet {middle}' --json": [
                "db",
                "show",
                f"User pellet {middle}",
                "--json",
            ],
            f"sigma pellet-{middle} -T 30C": ["sigma", f"pellet-{middle}", "-T", "30C"],
            "db list --family user-family-7": ["db", "list", "--family", "user-family-7"],
            "db list --ion Mg --family user-family-8": [
                "db",
                "list",
                "--ion",
                "Mg",
                "--family",
                "user-family-8",
            ],
            "db list (table: 200 rows and a count)": ["db", "list"],
            "db list --all": ["db", "list", "--all"],
            "db list --json": ["db", "list", "--json"],
            "db list --kind cell (every cell, streamed)": ["db", "list", "--kind", "cell"],
            "db list --kind cell --json": ["db", "list", "--kind", "cell", "--json"],
        }
    return commands


def _line(label: str, seconds: float, cpu: float, peak: int, note: str = "") -> None:
    print(f"  {label:<50} {seconds:7.2f} s {cpu:7.2f} s {peak:6d} MB{note}")


def bench(size: int, repeats: int = 3) -> None:
    folder = Path(tempfile.mkdtemp(prefix="hydrion-db-"))
    env = dict(os.environ, HYDRION_USER_DB=str(folder / "user.sqlite"), COLUMNS="200")
    env["HYDRION_CACHE_DIR"] = str(folder / "cache")
    try:
        print(f"\n{size} user records")
        if size:
            batch = write_records(folder / "all.json", size)
            seconds, cpu, peak = run(["db", "add", str(batch)], env)
            megabytes = (folder / "user.sqlite").stat().st_size / 1e6
            _line(f"db add {size} (one file)", seconds, cpu, peak, f"  ({megabytes:.0f} MB file)")
        for label, args in lookups(size).items():
            run(args, env)  # warm-up: the curated cache, the OS file cache
            timings = [run(args, env) for _ in range(repeats)]
            seconds = statistics.median(t for t, _, _ in timings)
            cpu = statistics.median(c for _, c, _ in timings)
            _line(label, seconds, cpu, max(p for _, _, p in timings))
        if size:
            one = folder / "one.json"
            one.write_text(json.dumps([material(10 * size)]), encoding="utf-8")
            _line("db add 1 (into the full database)", *run(["db", "add", str(one)], env))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [0, 1000, 10_000, 100_000]
    print(f"{'command':<52} {'wall':>7}   {'CPU':>7}   {'peak RSS':>8}")
    for size in sizes:
        bench(size)


if __name__ == "__main__":
    main()
