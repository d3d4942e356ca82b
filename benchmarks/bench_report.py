"""Where `hydrion report` spends its CPU, and how long it takes on N cores.

Each task of the report (a section, or a part of a split one) is built in a fresh forked
process, as a report worker builds it, and its CPU seconds are printed (imports made in the
task, e.g. PyBaMM's, are counted in it). From these, the length of the report on N workers is
predicted for the task order the builder uses and for the order before the cells section was
split (whole sections first, cells as one task): the report takes as long as its busiest
worker. CPU figures hold on a loaded machine, where wall-clock times do not. Last, one real
`build_report` run: its wall time, the CPU of the parent (the imports of the builder and
matplotlib before forking are counted apart), each task's CPU in the worker that ran it (a
worker reuses the imports of its earlier tasks, so these sum to less than the fresh-fork
figures) and each worker's total. Figures are rendered as the report renders them: PNG only,
or also SVG with ``--svg`` (``hydrion report --svg``).

Usage: ``python benchmarks/bench_report.py [--workers 2 4] [--no-run | --run-only] [--svg]``
"""

from __future__ import annotations

import argparse
import heapq
import importlib
import multiprocessing
import os
import tempfile
import time
import warnings
from pathlib import Path


def _task_cpu(task: str, svg: bool, queue) -> None:
    from hydrion.kb import open_kb
    from hydrion.report.builder import _build_section
    from hydrion.report.section import rendering

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kb = open_kb()
        start = time.process_time()
        with rendering(svg=svg):
            _build_section(task, kb)
    queue.put(time.process_time() - start)


def _measure(task: str, svg: bool) -> float:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_task_cpu, args=(task, svg, queue))
    process.start()
    cpu = queue.get()
    process.join()
    return cpu


def _timed_task(task: str, svg: bool):
    """The builder's ``_run_section``, also writing (worker pid, task, CPU s) to the log."""
    start = time.process_time()
    outcome = _run_section(task, svg)
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\t{task}\t{time.process_time() - start:.3f}\n")
    return outcome


_LOG = ""  # the file _timed_task appends to, set before the pool forks
_run_section = None  # the builder's, kept while _timed_task stands in for it


def _real_run(builder, parent_imports: float, svg: bool) -> None:
    """One real ``build_report``: wall, parent CPU, each task's and each worker's CPU."""
    global _LOG, _run_section
    with tempfile.TemporaryDirectory() as scratch:
        _LOG = str(Path(scratch) / "tasks.tsv")
        _run_section, builder._run_section = builder._run_section, _timed_task
        before_run = os.times()
        start, cpu = time.perf_counter(), time.process_time()
        try:
            builder.build_report(Path(scratch) / "report", svg=svg)
        finally:
            builder._run_section = _run_section
        wall = time.perf_counter() - start
        times = os.times()
        workers_cpu = (times.children_user + times.children_system) - (
            before_run.children_user + before_run.children_system
        )
        rows = [line.split("\t") for line in Path(_LOG).read_text().splitlines()]
    per_worker: dict[str, float] = {}
    print(f"\nreal run, in the workers ({'task':41s} CPU s  worker)")
    for pid, task, task_cpu in rows:
        per_worker[pid] = per_worker.get(pid, 0.0) + float(task_cpu)
        name = task.removeprefix("hydrion.report.sections.")
        print(f"  {name:45s} {float(task_cpu):6.2f}  {pid}")
    for pid, total in per_worker.items():
        print(f"  worker {pid}: {total:6.2f} CPU s in its tasks")
    print(
        f"build_report: {wall:.2f} s wall, parent {parent_imports:.2f} CPU s importing + "
        f"{time.process_time() - cpu:.2f} CPU s building (KB, imports before forking, page), "
        f"workers {workers_cpu:.2f} CPU s in all "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


def _busiest(costs: list[float], workers: int) -> float:
    """CPU of the busiest worker when each task goes, in order, to the first free worker."""
    free = [0.0] * workers
    for cost in costs:
        heapq.heappush(free, heapq.heappop(free) + cost)
    return max(free)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--no-run", action="store_true", help="skip the real report run")
    parser.add_argument(
        "--run-only", action="store_true", help="only the real report run, no per-task forks"
    )
    parser.add_argument("--svg", action="store_true", help="render SVG too (report --svg)")
    options = parser.parse_args()

    start = time.process_time()
    from hydrion.report import builder

    parent_imports = time.process_time() - start
    from hydrion.report.sections import SECTIONS

    if options.run_only:
        _real_run(builder, parent_imports, options.svg)
        return
    for module in builder.PRELOAD:  # as the builder does before forking
        importlib.import_module(module)
    names = list(SECTIONS)
    tasks = builder._tasks(names)
    cost: dict[str, float] = {}
    print(f"{'task':45s} CPU s")
    for name in names:
        for task in tasks[name]:
            cost[task] = _measure(task, options.svg)
            print(f"{task.removeprefix('hydrion.report.sections.'):45s} {cost[task]:6.2f}")
    total = sum(cost.values())
    print(f"{'all tasks':45s} {total:6.2f}")

    order = [cost[task] for _, task in builder._order(names, tasks)]
    # before: the cells section was one task, among the whole sections in page order
    cells = "hydrion.report.sections.cells"
    whole = [name for name in names if name == cells or len(tasks[name]) == 1]
    before = [sum(cost[t] for t in tasks[name]) for name in whole] + [
        cost[t] for name in names if name not in whole for t in tasks[name]
    ]
    for n in options.workers:
        print(
            f"{n} workers: busiest {_busiest(before, n):6.2f} s with the order before "
            f"(cells whole), {_busiest(order, n):6.2f} s now; floor (all / {n}) {total / n:6.2f} s"
        )

    if not options.no_run:
        _real_run(builder, parent_imports, options.svg)


if __name__ == "__main__":
    main()
