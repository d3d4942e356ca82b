"""Benchmark: wall time of hydrion commands as a user types them (issue 12, "Speed").

Each command runs in a fresh process ``--runs`` times (default 5) after one warm-up run
that fills the compiled knowledge-base cache; the table gives the median, the figure
measured before the work of issue 12 on this machine, and the target. A scale check then
fills a user database with ``--user-records`` records (default 100,000) and times a lookup
and its peak memory (target < 0.5 s and < 200 MB).

Everything runs against a temporary user database and cache folder, never the user's.
Usage: ``python benchmarks/bench_cli.py [--runs 5] [--report-runs 1] [--user-records 100000]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# command, seconds measured before issue 12 (this machine, the assignment's figures), target
COMMANDS: list[tuple[tuple[str, ...], float, float]] = [
    (("--help",), 1.24, 0.3),
    (("db", "show", "LiBH4"), 1.47, 0.4),
    (("cite", "LiBH4"), 1.47, 0.4),
    (("sigma", "LiBH4", "-T", "30C"), 2.16, 0.5),
    (("electrode", "MgH2"), 1.94, 0.8),
    (("window", "LiBH4"), 2.7, 1.0),
    (("compat", "LiBH4", "TiS2"), 2.8, 1.0),
]
REPORT_TODAY_S, REPORT_TARGET_S = 15.0, 8.0  # issue 12: 15–44 s


# ``hydrion ARGS`` in a fresh process whose last stderr line is its peak RSS (kB) and CPU s
_HYDRION = (
    "import resource, sys\nfrom hydrion.cli.main import main\n"
    "try:\n    main(sys.argv[1:])\n"
    "finally:\n    use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    print(use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)"
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
        print(f"median of {options.runs} runs (each a fresh process), after one warm-up")
        print(f"{'command':<36} {'before':>8} {'now':>8} {'now CPU':>8} {'target':>8}  met")
        for args, today, target in COMMANDS:
            now, cpu = _median(args, env, options.runs)
            label = "hydrion " + " ".join(args)
            print(
                f"{label:<36} {today:>7.2f}s {now:>7.2f}s {cpu:>7.2f}s {target:>7.2f}s  "
                f"{now < target}"
            )
        if options.report_runs:
            out = Path(scratch) / "report"
            times = [
                _run(("report", "--out", str(out)), env)[0] for _ in range(options.report_runs)
            ]
            now = statistics.median(times)
            label = f"hydrion report ({options.report_runs} run(s))"
            print(
                f"{label:<36} {REPORT_TODAY_S:>7.2f}s {now:>7.2f}s {'':>8} "
                f"{REPORT_TARGET_S:>7.2f}s  {now < REPORT_TARGET_S}"
            )
        if options.user_records:
            start = time.perf_counter()
            _fill_user_db(Path(env["HYDRION_USER_DB"]), options.user_records)
            print(
                f"filled {options.user_records} user records in {time.perf_counter() - start:.1f} s"
            )
            runs = [_run(("db", "show", "LiBH4"), env) for _ in range(3)]
            seconds = statistics.median(run[0] for run in runs)
            peak_mb = max(run[1] for run in runs) / 1024
            print(
                f"db show LiBH4 with {options.user_records} user records: {seconds:.2f} s, "
                f"peak RSS {peak_mb:.0f} MB (target < 0.5 s, < 200 MB)"
            )


if __name__ == "__main__":
    main()
