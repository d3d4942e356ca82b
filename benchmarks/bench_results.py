"""Benchmark: serialising results and reading them back (issue 12).

For a few real results (MgH2 electrode, LiBH4 windows, LiBH4 | LiCoO2 compatibility, σ of
LiBH4), prints the median time of ``as_dict()``, of ``from_dict()`` (first call, which builds
the class's pydantic validator, and later calls) and the JSON size. Then, for σ of LiBH4 on a
1e6-point grid (:class:`~hydrion.transport.sigma_results.SigmaGrid`), the time and the peak
memory above the grid itself of each step of writing and reading its JSON (each step in a
forked child, its peak read from ``/proc/self/status``; Linux only).

Run: ``python benchmarks/bench_results.py [points]`` (default 1000000).

Figures on the 2-core CI machine, shared with other jobs (1e6 points; before = commit 3c33af9,
after = this round's from_dict and as_dict):

==============================  ===================  ==================
step                            before (s, peak MB)  after (s, peak MB)
==============================  ===================  ==================
as_dict + json.dumps            18.6 s, 395 MB        4.3 s, 394 MB
as_dict + json.dump (file)      25.2 s, 184 MB        8.7 s, 175 MB
json.load + from_dict           31.1 s, 998 MB        3.9 s, 486 MB
==============================  ===================  ==================

What is left of writing is the standard library's JSON encoder (a float's text is most of
it) and the lists of ``as_dict`` (one Python float per point, ~160 MB); ``json.dump`` to a
file does not hold the text (117 MB) as well.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time

import numpy as np

from hydrion.electrode import analyse_electrode
from hydrion.kb import open_kb
from hydrion.stability.comparison import compare_windows
from hydrion.stability.compatibility import compatibility
from hydrion.stability.energies import energy_source
from hydrion.transport import conductivity_model


def _median_ms(call, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def small_results() -> None:
    kb = open_kb()
    results = {
        "electrode MgH2": analyse_electrode("MgH2"),
        "window LiBH4": compare_windows("LiBH4", kb),
        "compat LiBH4|LiCoO2": compatibility(
            kb.material("LiBH4"), kb.material("LiCoO2"), energy_source("gibbs298", None), kb=kb
        ),
        "sigma LiBH4 30 C": conductivity_model(kb.material("LiBH4")).sigma(303.15),
    }
    header = ("as_dict ms", "first from_dict ms", "from_dict ms", "JSON kB")
    print(f"{'result':<22}" + "".join(f"{h:>20}" for h in header))
    for name, result in results.items():
        data = json.loads(json.dumps(result.as_dict()))
        cls = type(result)
        start = time.perf_counter()
        back = cls.from_dict(data)
        first = 1e3 * (time.perf_counter() - start)
        assert json.dumps(back.as_dict()) == json.dumps(result.as_dict())  # round trip
        again = _median_ms(lambda cls=cls, data=data: cls.from_dict(data))
        figures = (_median_ms(result.as_dict), first, again, len(json.dumps(data)) / 1e3)
        print(f"{name:<22}" + "".join(f"{v:>20.2f}" for v in figures))


def _status_MB(field: str) -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def _step(step: str, grid, path: str, out) -> None:
    """In a forked child: one step on ``grid``; sends (seconds, peak MB above the start)."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # reset the peak (VmHWM) to the present size
    before = _status_MB("VmRSS")
    start = time.perf_counter()
    if step == "as_dict + json.dumps":
        json.dumps(grid.as_dict())
    elif step == "as_dict + json.dump (file)":
        with open(path, "w") as fp:
            json.dump(grid.as_dict(), fp)
    elif step == "json.load + from_dict":
        with open(path) as fp:
            back = type(grid).from_dict(json.load(fp))
        assert back == grid
    out.send((time.perf_counter() - start, _status_MB("VmHWM") - before))


def big_grid(points: int) -> None:
    model = conductivity_model(open_kb().material("LiBH4"))
    grid = model.sigma_grid(np.linspace(250.0, 450.0, points))
    print(f"\nSigmaGrid of LiBH4, {points:.0e} points (8 arrays)")
    print(f"{'step':<30}{'s':>10}{'peak MB':>12}")
    context = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "grid.json")
        for step in ("as_dict + json.dumps", "as_dict + json.dump (file)", "json.load + from_dict"):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_step, args=(step, grid, path, send))
            child.start()
            seconds, peak = receive.recv()
            child.join()
            print(f"{step:<30}{seconds:>10.2f}{peak:>12.0f}")
        print(f"{'JSON size':<30}{os.path.getsize(path) / 1e6:>10.1f} MB")


def main() -> None:
    points = int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000
    small_results()
    big_grid(points)


if __name__ == "__main__":
    main()
