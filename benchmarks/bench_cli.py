"""Benchmark: wall time of hydrion commands as a user types them (issue 12, "Speed").

Each command runs in a fresh process ``--runs`` times (default 5) after one warm-up run
that fills the compiled knowledge-base cache; the table gives the median wall and CPU time
(user + system, worker processes included: where other jobs share the CPUs, wall time
grows but CPU time shows the work), the figure the issue gives as "today", the figure
measured before the work of issue 12 on this machine, and the target; then the CPU time
of the imports no hydrion command under them can go below (``FLOORS``). A scale check then
fills a user database with ``--user-records`` records (default 100,000) and times a lookup
and its peak memory (target < 0.5 s and < 200 MB).

Everything runs against a temporary user database and cache folder, never the user's.
Usage: ``python benchmarks/bench_cli.py [--runs 5] [--report-runs 1] [--user-records 100000]``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# command, seconds "today" in issue 12, seconds measured here before its work, target
COMMANDS: list[tuple[tuple[str, ...], float, float, float]] = [
    (("--help",), 1.0, 1.24, 0.3),
    (("db", "show", "LiBH4"), 1.9, 1.47, 0.4),
    (("cite", "LiBH4"), 1.9, 1.47, 0.4),
    (("sigma", "LiBH4", "-T", "30C"), 3.1, 2.16, 0.5),
    (("electrode", "MgH2"), 2.1, 1.94, 0.8),
    (("window", "LiBH4"), 4.1, 2.7, 1.0),
    (("compat", "LiBH4", "TiS2"), 6.8, 2.8, 1.0),
]
REPORT_ISSUE_S, REPORT_TARGET_S = 15.0, 8.0  # issue 12: 15–44 s
# The scale check's lookups. Before the predictions index, sigma read every user material of
# LiBH4's kind and family to find its MD predictions: 100k records, > 40 s CPU and 690 MB
# when stopped (the audit: 60 s CPU, 3.4 GB, still running after 200 s).
SCALE_COMMANDS = [("db", "show", "LiBH4"), ("sigma", "LiBH4", "-T", "30C")]
# The floor of electrode, window and compat: pymatgen's PhaseDiagram (electrode pathways and
# stability windows are built on its hull) imports matplotlib.pyplot, scipy.interpolate and
# plotly when its module loads; compat's interface reactions add pandas. Timed alone, so the
# table shows how much of those commands is that import, not hydrion's work.
FLOORS: list[tuple[str, str]] = [
    ("python alone", "pass"),
    ("import ...phase_diagram", "import pymatgen.analysis.phase_diagram"),
    ("import ...interface_reactions", "import pymatgen.analysis.interface_reactions"),
]


# ``hydrion ARGS`` in a fresh process whose last stderr line is its peak RSS (kB) and the
# CPU seconds of it and its worker processes (the report builds sections in workers)
_HYDRION = (
    "import resource, sys\nfrom hydrion.cli.main import main\n"
    "try:\n    main(sys.argv[1:])\n"
    "finally:\n    use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    workers = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    cpu = use.ru_utime + use.ru_stime + workers.ru_utime + workers.ru_stime\n"
    "    print(use.ru_maxrss, cpu, file=sys.stderr)"
)


def _run(args: tuple[str, ...], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (kB) and CPU seconds (user + system) of one ``hydrion``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _HYDRION, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    *messages, usage = done.stderr.strip().splitlines() or ["0 0"]
    if done.returncode != 0:
        print(f"  hydrion {' '.join(args)} exited {done.returncode}: {' '.join(messages)[-200:]}")
    peak, cpu = usage.split()
    return elapsed, int(peak), float(cpu)


def _import_cpu(code: str, runs: int) -> float:
    """Median CPU seconds (user + system) of ``python -c code`` in fresh processes."""
    seconds = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(seconds)


def _median(args: tuple[str, ...], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (CPU time shows the work where other jobs share the CPUs)."""
    _run(args, env)  # warm-up: compiled cache, OS file cache
    runs_done = [_run(args, env) for _ in range(runs)]
    return (
        statistics.median(run[0] for run in runs_done),
        statistics.median(run[2] for run in runs_done),
    )


def _fill_user_db(path: Path, count: int) -> None:
    """``count`` user materials: copies of the curated LiBH4 record under new ids."""
    from hydrion.kb import open_kb
    from hydrion.kb.store import UserStore

    payload = open_kb(path).material("LiBH4").model_dump(mode="json", exclude_none=True)
    payload.pop("aliases", None)

    def records():
        for number in range(count):
            record_id = f"user-sample-{number}"
            yield record_id, {**payload, "id": record_id, "name": f"Sample {number}"}

    UserStore(path).put_many("material", records())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--report-runs", type=int, default=1, help="0 skips the report")
    parser.add_argument("--user-records", type=int, default=100_000, help="0 skips the check")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "HYDRION_USER_DB": str(Path(scratch) / "user.sqlite"),
            "HYDRION_CACHE_DIR": str(Path(scratch) / "cache"),
            "COLUMNS": "200",
        }
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"median of {options.runs} runs (each a fresh process), after one warm-up")
        print(f"{os.cpu_count()} CPUs, load average {load} (1, 5, 15 min) at the start")
        print(
            f"{'command':<36} {'issue':>8} {'before':>8} {'now':>8} {'now CPU':>8} "
            f"{'target':>8}  met (wall, CPU)"
        )
        for args, issue, before, target in COMMANDS:
            now, cpu = _median(args, env, options.runs)
            label = "hydrion " + " ".join(args)
            print(
                f"{label:<36} {issue:>7.2f}s {before:>7.2f}s {now:>7.2f}s {cpu:>7.2f}s "
                f"{target:>7.2f}s  {now < target}, {cpu < target}"
            )
        for label, code in FLOORS:
            cpu = _import_cpu(code, options.runs)
            print(f"{'floor: ' + label:<36} {'':>8} {'':>8} {'':>8} {cpu:>7.2f}s")
        if options.report_runs:
            out = Path(scratch) / "report"
            runs = [_run(("report", "--out", str(out)), env) for _ in range(options.report_runs)]
            now = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[2] for run in runs)
            label = f"hydrion report ({options.report_runs} run(s))"
            print(
                f"{label:<36} {REPORT_ISSUE_S:>7.2f}s {'':>8} {now:>7.2f}s {cpu:>7.2f}s "
                f"{REPORT_TARGET_S:>7.2f}s  {now < REPORT_TARGET_S} (CPU: all its processes)"
            )
        if options.user_records:
            start = time.perf_counter()
            _fill_user_db(Path(env["HYDRION_USER_DB"]), options.user_records)
            print(
                f"filled {options.user_records} user records in {time.perf_counter() - start:.1f} s"
            )
            for args in SCALE_COMMANDS:
                runs = [_run(args, env) for _ in range(3)]
                seconds = statistics.median(run[0] for run in runs)
                cpu = statistics.median(run[2] for run in runs)
                peak_mb = max(run[1] for run in runs) / 1024
                print(
                    f"{' '.join(args)} with {options.user_records} user records: {seconds:.2f} s "
                    f"({cpu:.2f} s CPU), peak RSS {peak_mb:.0f} MB (target: < 0.5 s beyond the "
                    "empty-database figure above, < 200 MB)"
                )


if __name__ == "__main__":
    main()
