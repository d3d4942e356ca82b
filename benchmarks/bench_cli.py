"""Benchmark: wall time of hydrion commands as a user types them (issue 12, "Speed").

Each command runs in a fresh process ``--runs`` times (default 5) after one warm-up run
that fills the compiled knowledge-base cache, through the console script's code
(:mod:`hydrion.cli.console_script`, as ``hydrion ARGS`` runs); the table gives the median wall
and CPU time of the whole process, from start-up to its exit (user + system, as ``wait4``
reports it: the interpreter's shutdown and worker processes included; where other jobs share
the CPUs, wall time grows but CPU time shows the work), the figure the issue gives as "today",
the figure measured before the work of issue 12 on this machine, and the target.

The machine's speed changes from day to day (by 1.5–2x here), and every figure with it, so
a reference is measured in fresh processes just before each command's runs (and before the
report's), 3 times each, so that it follows the load as the table is made: the median CPU of
``python -c "import numpy"`` (start-up and imports: reading, unmarshalling and running
modules, which is most of a command's time) plus that of a fixed pure-Python loop
(:data:`REFERENCE_LOOP`, the interpreter's own speed). Column "÷ ref" is a command's CPU
divided by the reference measured next to it: compare it, not the seconds, between runs on
different days (the targets stay in seconds, as the issue gives them; the "issue" and
"before" columns were measured without a reference and cannot be divided by one). Until
2026-11-30 the CPU time was read inside the process before it shut down, leaving the shutdown
out (0.05–0.2 s then, most of it the last garbage collections, which the console script now
skips), and ran ``hydrion.cli.main`` directly; the report was timed without a warm-up run (its
first run compiles PyBaMM's, sympy's and matplotlib's bytecode: ~30 % more).

``electrode``, ``window`` and ``compat`` run a second time without their deferred imports
(:mod:`hydrion.cli.deferred_imports`): the "no defer" column. Then the CPU time of the imports
no command under them can go below (``FLOORS``), and of each step of them (``FLOOR_STEPS``,
in one process, so each step counts only what the steps before did not import). A scale check then
fills a user database with ``--user-records`` records (default 100,000) and times a lookup
and its peak memory (target < 0.5 s and < 200 MB).

Everything runs against a temporary user database and cache folder, never the user's. Python
bytecode is cached (in a temporary folder, ``PYTHONPYCACHEPREFIX``) as after an installation;
``--compile-each-run`` keeps the environment's setting instead (where PYTHONDONTWRITEBYTECODE
is set, as on the development machine, every run compiles hydrion's modules again).
Usage: ``python benchmarks/bench_cli.py [--runs 5] [--report-runs 1] [--user-records 100000]
[--compile-each-run]``
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
# the commands that run with deferred imports (hydrion.cli.main: Entry.defers == "hull")
HULL_COMMANDS = {"electrode", "window", "compat"}
REPORT_ISSUE_S, REPORT_TARGET_S = 15.0, 8.0  # issue 12: 15–44 s
# The scale check's lookups. Before the predictions index, sigma read every user material of
# LiBH4's kind and family to find its MD predictions: 100k records, > 40 s CPU and 690 MB
# when stopped (the audit: 60 s CPU, 3.4 GB, still running after 200 s).
SCALE_COMMANDS = [("db", "show", "LiBH4"), ("sigma", "LiBH4", "-T", "30C")]
# The floor of electrode, window and compat: pymatgen's PhaseDiagram (electrode pathways and
# stability windows are built on its hull) imports matplotlib, scipy.optimize, scipy.interpolate,
# plotly and tqdm when its module loads; compat's interface reactions add pandas and plotly's
# figures. Timed alone, so the table shows how much of those commands is that import, not
# hydrion's work; "deferred" as the commands import them (what they do not use is deferred,
# ``from module import name`` of a listed name included).
_DEFERRED = (
    "from hydrion.cli.deferred_imports import (\n"
    "    NAMES_UNUSED_BY_HULL_COMMANDS, UNUSED_BY_HULL_COMMANDS, deferred_imports)\n"
    "with deferred_imports(UNUSED_BY_HULL_COMMANDS, NAMES_UNUSED_BY_HULL_COMMANDS):\n    "
)
FLOORS: list[tuple[str, str]] = [
    ("python alone", "pass"),
    ("...phase_diagram", "import pymatgen.analysis.phase_diagram"),
    ("...phase_diagram, deferred", _DEFERRED + "import pymatgen.analysis.phase_diagram"),
    ("...interface_reactions", "import pymatgen.analysis.interface_reactions"),
    (
        "...interface_reactions, deferred",
        _DEFERRED + "import pymatgen.analysis.interface_reactions",
    ),
]
# What the deferred floor of the hull commands is made of, step by step in one process with
# the deferral on (each step counts what the steps before did not import): what the hull needs
# (numpy; scipy.spatial's ConvexHull, which brings scipy.sparse, scipy's array-API layer and
# LAPACK's Cython bindings; pymatgen.core), pymatgen's modules themselves, then the CLI
# (typer, which imports pydantic, and rich), the knowledge base's record models (pydantic)
# and hydrion's electrode and stability modules (dataclasses and models built at import).
# Python alone, these steps and the commands' own work (hulls, knowledge-base and thermo
# reads, the table) make a command's CPU time.
FLOOR_STEPS: list[tuple[str, str]] = [
    ("numpy", "import numpy"),
    ("scipy.spatial (ConvexHull)", "import scipy.spatial"),
    ("pymatgen.core", "import pymatgen.core"),
    ("...phase_diagram, rest", "import pymatgen.analysis.phase_diagram"),
    ("...interface_reactions, rest", "import pymatgen.analysis.interface_reactions"),
    ("typer, pydantic, rich", "import typer._adapters, rich.console, rich.table"),
    ("hydrion.kb (record models)", "import hydrion.kb"),
    ("hydrion.electrode", "import hydrion.electrode.analysis, hydrion.electrode.composite"),
    ("hydrion.stability", "import hydrion.stability"),
]


# ``hydrion ARGS`` in a fresh process, as pip's console-script wrapper runs it
_HYDRION = "import sys\nfrom hydrion.cli.console_script import main\nsys.exit(main())"

# The machine-speed reference: python's start-up and numpy's import, and this loop (a fixed
# amount of pure-Python work), each in fresh processes
REFERENCE_IMPORT = "import numpy"
REFERENCE_LOOP = "n = 0\nfor i in range(2_000_000):\n    n += i * i % 7"


# the same with nothing deferred (as before hydrion.cli.deferred_imports)
_HYDRION_UNDEFERRED = (
    "import hydrion.cli.deferred_imports as deferred\n"
    "deferred.DEFERRED['hull'] = ((), ())\n" + _HYDRION
)


def _run(
    args: tuple[str, ...], env: dict[str, str], script: str = _HYDRION
) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (kB) and CPU seconds (user + system) of one ``hydrion``, the
    whole process (and the worker processes it waited for), as ``wait4`` reports it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    messages = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if process.returncode != 0:
        print(f"  hydrion {' '.join(args)} exited {process.returncode}: {messages[-200:]}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def _import_cpu(code: str, runs: int, env: dict[str, str]) -> float:
    """Median CPU seconds (user + system) of ``python -c code`` in fresh processes."""
    seconds = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(seconds)


def _reference(env: dict[str, str], runs: int = 3) -> tuple[float, float]:
    """The machine-speed reference now: median CPU s of ``import numpy`` and of
    :data:`REFERENCE_LOOP` (less Python's start-up), each in ``runs`` fresh processes."""
    imports = _import_cpu(REFERENCE_IMPORT, runs, env)
    return imports, _import_cpu(REFERENCE_LOOP, runs, env) - _import_cpu("pass", runs, env)


def _step_cpu(steps: list[tuple[str, str]], runs: int, env: dict[str, str]) -> list[float]:
    """Median CPU seconds of python with the deferral set up, then of each step of ``steps``,
    run in that order in one fresh process with the deferral on."""
    cpu = "use = resource.getrusage(resource.RUSAGE_SELF); print(use.ru_utime + use.ru_stime)"
    script = f"import resource\n{_DEFERRED}{cpu}\n"
    for _, code in steps:
        script += f"    {code}\n    {cpu}\n"
    totals = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", script], check=True, env=env, capture_output=True, text=True
        )
        totals.append([float(line) for line in done.stdout.split()])
    return [
        statistics.median(run[i] - (run[i - 1] if i else 0.0) for run in totals)
        for i in range(len(steps) + 1)
    ]


def _median(
    args: tuple[str, ...], env: dict[str, str], runs: int, script: str = _HYDRION
) -> tuple[float, float, float]:
    """Median wall and CPU seconds, and the least CPU seconds of the runs (CPU time shows the
    work where other jobs share the CPUs; the least, the run they disturbed least)."""
    _run(args, env, script)  # warm-up: compiled cache, bytecode, OS file cache
    runs_done = [_run(args, env, script) for _ in range(runs)]
    return (
        statistics.median(run[0] for run in runs_done),
        statistics.median(run[2] for run in runs_done),
        min(run[2] for run in runs_done),
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
    parser.add_argument(
        "--compile-each-run",
        action="store_true",
        help="keep the environment's bytecode setting (default: cache bytecode, as installed)",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "HYDRION_USER_DB": str(Path(scratch) / "user.sqlite"),
            "HYDRION_CACHE_DIR": str(Path(scratch) / "cache"),
            "COLUMNS": "200",
        }
        if not options.compile_each_run:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(scratch) / "bytecode")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"median of {options.runs} runs (each a fresh process), after one warm-up")
        print(f"{os.cpu_count()} CPUs, load average {load} (1, 5, 15 min) at the start")
        bytecode = "compiled each run" if options.compile_each_run else "cached, as installed"
        print(f"Python bytecode: {bytecode}")
        imports, loop = _reference(env)
        reference = imports + loop
        print(
            f"machine reference: {reference:.3f} s CPU = python -c 'import numpy' {imports:.3f} s"
            f" + a fixed pure-Python loop {loop:.3f} s (REFERENCE_LOOP); measured again before"
            " each command: '÷ ref' = CPU / the reference measured next to it"
        )
        print(
            f"{'command':<40} {'issue':>8} {'before':>8} {'now':>8} {'now CPU':>8} "
            f"{'÷ ref':>6} {'least':>8} {'no defer':>8} {'target':>8}  met (wall, CPU)"
        )
        for args, issue, before, target in COMMANDS:
            reference = sum(_reference(env))
            now, cpu, least = _median(args, env, options.runs)
            undeferred = ""  # CPU median without the deferred imports
            if args[0] in HULL_COMMANDS:
                undeferred = f"{_median(args, env, options.runs, _HYDRION_UNDEFERRED)[1]:.2f}s"
            label = "hydrion " + " ".join(args)
            print(
                f"{label:<40} {issue:>7.2f}s {before:>7.2f}s {now:>7.2f}s {cpu:>7.2f}s "
                f"{cpu / reference:>6.2f} {least:>7.2f}s {undeferred:>8} {target:>7.2f}s  "
                f"{now < target}, {cpu < target}"
            )
        for label, code in FLOORS:
            cpu = _import_cpu(code, options.runs, env)
            print(
                f"{'floor: ' + label:<40} {'':>8} {'':>8} {'':>8} {cpu:>7.2f}s "
                f"{cpu / reference:>6.2f}"
            )
        steps = ["python, deferred_imports", *(label for label, _ in FLOOR_STEPS)]
        for label, cpu in zip(steps, _step_cpu(FLOOR_STEPS, options.runs, env), strict=True):
            print(
                f"{'  step: ' + label:<40} {'':>8} {'':>8} {'':>8} {cpu:>7.2f}s "
                f"{cpu / reference:>6.2f}"
            )
        if options.report_runs:
            out = Path(scratch) / "report"
            _run(("report", "--out", str(out)), env)  # warm-up: bytecode of PyBaMM, sympy, ...
            reference = sum(_reference(env))
            runs = [_run(("report", "--out", str(out)), env) for _ in range(options.report_runs)]
            now = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[2] for run in runs)
            label = f"hydrion report ({options.report_runs} run(s))"
            print(
                f"{label:<40} {REPORT_ISSUE_S:>7.2f}s {'':>8} {now:>7.2f}s {cpu:>7.2f}s "
                f"{cpu / reference:>6.2f} {'':>8} {'':>8} {REPORT_TARGET_S:>7.2f}s  "
                f"{now < REPORT_TARGET_S} "
                "(CPU: all its processes)"
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
                    f"({cpu:.2f} s CPU, {cpu / reference:.2f} ref), peak RSS {peak_mb:.0f} MB "
                    "(target: < 0.5 s beyond the "
                    "empty-database figure above, < 200 MB)"
                )


if __name__ == "__main__":
    main()
