"""Speed and memory of every ``db`` command, ``sigma``, ``electrode``, ``window``, ``compat``
and ``report`` with a large user database (1k, 10k, 100k records).

For each size, a fresh user database gets ``size`` records in one ``hydrion db add`` (half
materials, half cells, each cell made of one of the materials; 200 families and three
working ions spread over the materials), then each command below runs as a fresh process
(median wall and CPU time of three runs after a warm-up, and the largest peak RSS; CPU
time shows the work where other jobs share the CPUs). Commands whose answer holds every
record (marked ``[once]``: ``db export``, ``db list --kind cell --all``, a ``--modelled``
query that every record passes, ``db reindex``, ``report``) run once, with a time limit
(``--limit``, default 300 s), and print their CPU time per user record: the floor of a
command that has to read (or model) each one. Size 0 is the baseline: the same commands with
an empty user database. ``db add 1`` adds one more material to the full database.

The user electrolytes have σ = (1–7)e-6 S/cm at 25 °C and (1–7)e-4 S/cm at 90 °C: a
``--modelled`` query for 10 mS/cm at 25 °C models none of them (their stored σ bounds their
laws below it), one for 1 mS/cm models a seventh (those with 7e-4 S/cm at 90 °C), one for
1e-9 S/cm at 60 °C models and matches each.

``db export`` lines at 10k and 100k records end with the figures before the export was
streamed (:data:`EXPORT_BEFORE`).
The ``report`` line ends with its time before its sections summarised the user's records
(:data:`REPORT_BEFORE`): every table and figure of the report now shows each record of the
review and at most 10 of the user's (``hydrion.report.user_records``).

Usage: ``python benchmarks/bench_user_db.py [--limit S] [--only TEXT] [SIZE ...]`` (default
0 1000 10000 100000; ``--only 'db export'`` times only the commands whose label holds it, after
the ``db add``).
"""

from __future__ import annotations

import argparse
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


class TimedOut(Exception):
    """A command ran past its time limit (it was stopped)."""


def run(
    args: list[str], env: dict[str, str], limit_s: float | None = None
) -> tuple[float, float, int]:
    """Wall and CPU seconds and peak RSS (MB) of one ``hydrion`` process; exit 0 is required.
    Raises :class:`TimedOut` (the process stopped) past ``limit_s`` seconds of wall time."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [*HYDRION, *args], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG if limit_s else 0)
            if pid:
                break
            if time.perf_counter() - start > limit_s:  # type: ignore[operator]
                process.kill()
                os.wait4(process.pid, 0)
                raise TimedOut(f"> {limit_s:g} s")
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"hydrion {' '.join(args)}: {err.read().decode()[-300:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def lookups(size: int) -> dict[str, list[str]]:
    """The commands timed at each size, three runs each (user records where there are any)."""
    commands = {
        "db show LiBH4": ["db", "show", "LiBH4"],
        "sigma LiBH4 -T 30C": ["sigma", "LiBH4", "-T", "30C"],
        "electrode MgH2": ["electrode", "MgH2"],
        "window LiBH4": ["window", "LiBH4"],
        "compat LiBH4 TiS2": ["compat", "LiBH4", "TiS2"],
        "db list --kind electrolyte --family closo-borate": [
            *("db", "list", "--kind", "electrolyte", "--family", "closo-borate"),
        ],
        "db query --sigma-min '1 mS/cm' --at '25 C'": [
            *("db", "query", "--sigma-min", "1 mS/cm", "--at", "25 C"),
        ],
        "db query --window-min 4V": ["db", "query", "--window-min", "4V"],
        "db query ... 10 mS/cm 25 C --modelled (few)": [
            *("db", "query", "--sigma-min", "10 mS/cm", "--at", "25 C", "--modelled"),
        ],
        "db query ... 1 mS/cm 25 C --modelled (1/7)": [
            *("db", "query", "--sigma-min", "1 mS/cm", "--at", "25 C", "--modelled"),
        ],
    }
    if size:
        middle = size // 4
        commands |= {
            f"db show user-m{middle}": ["db", "show", f"user-m{middle}"],
            f"db show 'User pellet {middle}' --json": [
                *("db", "show", f"User pellet {middle}", "--json"),
            ],
            f"sigma pellet-{middle} -T 30C": ["sigma", f"pellet-{middle}", "-T", "30C"],
            "db list --family user-family-7": ["db", "list", "--family", "user-family-7"],
            "db list --ion Mg --family user-family-8": [
                *("db", "list", "--ion", "Mg", "--family", "user-family-8"),
            ],
            "db list (table: 200 rows and a count)": ["db", "list"],
            "db list --all": ["db", "list", "--all"],
            "db list --json": ["db", "list", "--json"],
            "db list --kind cell (200 rows and a count)": ["db", "list", "--kind", "cell"],
        }
    return commands


def whole(size: int, folder: Path) -> dict[str, list[str]]:
    """The commands whose answer holds every record, timed once each (``[once]``)."""
    commands = {
        "db list --kind cell --all [once]": ["db", "list", "--kind", "cell", "--all"],
        "db list --kind cell --json [once]": ["db", "list", "--kind", "cell", "--json"],
        "db query ... 1e-9 S/cm 60 C --modelled (all) [once]": [
            *("db", "query", "--sigma-min", "1e-9 S/cm", "--at", "60 C", "--modelled"),
        ],
        "db export --format csv [once]": [
            *("db", "export", "--format", "csv", "--out", str(folder / "kb.csv")),
        ],
        "db export --kind cell --format json [once]": [
            *("db", "export", "--kind", "cell", "--format", "json"),
            *("--out", str(folder / "cells.json")),
        ],
        "db export --format json (to stdout) [once]": ["db", "export", "--format", "json"],
        REPORT: ["report", "--out", str(folder / "r")],
    }
    if size:  # an empty database has nothing to reindex
        commands["db reindex [once]"] = ["db", "reindex"]
    return commands


# db export before it was streamed (one pandas table per record, all held, then concatenated):
# CPU s and peak RSS on this loaded 2-core machine: at 10k, the code of commit 1c670d8 run
# alone; at 100k, this benchmark run before that commit.
EXPORT_BEFORE = {
    ("db export --format csv [once]", 10_000): "22.0 s CPU, 316 MB",
    ("db export --format csv [once]", 100_000): "> 300 s wall (stopped)",
    ("db export --kind cell --format json [once]", 10_000): "3.6 s CPU, 169 MB",
    ("db export --kind cell --format json [once]", 100_000): "22 s CPU, 866 MB",
}

REPORT = "report (user records summarised) [once]"
# The report before its sections summarised the user's records (at most 10 per table or
# figure; commit 0ed8b70): wall time, this script, this round, on the shared machine
REPORT_BEFORE = {
    (REPORT, 0): "15-25 s wall",
    (REPORT, 1000): "> 300 s wall (stopped)",
    (REPORT, 10_000): "not run (past 300 s at 1k)",
}


def _line(label: str, seconds: float, cpu: float, peak: int, note: str = "") -> None:
    print(f"  {label:<50} {seconds:7.2f} s {cpu:7.2f} s {peak:6d} MB{note}")


def bench(size: int, limit_s: float, only: str = "", repeats: int = 3) -> None:
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
        for label, args in _chosen(lookups(size), only).items():
            run(args, env)  # warm-up: the curated cache, the OS file cache
            timings = [run(args, env) for _ in range(repeats)]
            seconds = statistics.median(t for t, _, _ in timings)
            cpu = statistics.median(c for _, c, _ in timings)
            _line(label, seconds, cpu, max(p for _, _, p in timings))
        for label, args in _chosen(whole(size, folder), only).items():
            try:
                seconds, cpu, peak = run(args, env, limit_s)
            except TimedOut as exc:
                print(f"  {label:<50} {exc} (stopped)")
                continue
            per = f"  ({1e3 * cpu / size:.3f} ms CPU per user record, start-up in)" if size else ""
            before = EXPORT_BEFORE.get((label, size)) or REPORT_BEFORE.get((label, size))
            _line(label, seconds, cpu, peak, per + (f"; before: {before}" if before else ""))
        if size:
            one = folder / "one.json"
            one.write_text(json.dumps([material(10 * size)]), encoding="utf-8")
            _line("db add 1 (into the full database)", *run(["db", "add", str(one)], env))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _chosen(commands: dict[str, list[str]], only: str) -> dict[str, list[str]]:
    return {label: args for label, args in commands.items() if only in label}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=300.0, help="s per [once] command")
    parser.add_argument("--only", default="", help="only the commands whose label has this")
    parser.add_argument("sizes", type=int, nargs="*", default=[0, 1000, 10_000, 100_000])
    options = parser.parse_args()
    print(f"{'command':<52} {'wall':>7}   {'CPU':>7}   {'peak RSS':>8}")
    for size in options.sizes:
        bench(size, options.limit, options.only)


if __name__ == "__main__":
    main()
