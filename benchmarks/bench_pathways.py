"""Electrode pathways on pymatgen's convex hull: time per analysis (issue 12).

Prints the median wall time of :func:`hydrion.electrode.conversion.equilibrium_path` (the
hull construction and the decompositions along the lithiation line) and of a whole
:func:`hydrion.electrode.analyse_electrode`, for hydrides with one and with several steps.
The thermochemistry table is loaded once before timing. Run: python benchmarks/bench_pathways.py
"""

from __future__ import annotations

import statistics
import time
from functools import partial

from hydrion.electrode import analyse_electrode
from hydrion.electrode.conversion import equilibrium_path
from hydrion.electrode.voltage import EnergyModel
from hydrion.errors import MissingDataError

CASES = [
    ("MgH2", "Li"),
    ("LiAlH4", "Li"),
    ("NaAlH4", "Li"),
    ("Mg(BH4)2", "Li"),
    ("Li2B12H12", "Na"),
    ("LiAlH4", "Na"),
]
REPEATS = 7


def _median_ms(call) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main() -> None:
    analyse_electrode("MgH2")  # loads the tables once
    header = ("electrode", "ion", "convention", "steps", "path ms", "analysis ms")
    print("{:<12}{:<5}{:<11}{:>6}{:>10}{:>13}".format(*header))
    for formula, ion in CASES:
        for convention in ("gibbs298", "enthalpy"):
            path = partial(equilibrium_path, formula, ion, EnergyModel(convention))
            try:
                steps, _ = path()
            except MissingDataError as exc:  # e.g. a phase without the data a convention needs
                print(f"{formula:<12}{ion:<5}{convention:<11} refused: {exc}")
                continue
            path_ms = _median_ms(lambda p=path: p())
            full_ms = _median_ms(
                partial(analyse_electrode, formula, ion=ion, convention=convention)
            )
            row = (formula, ion, convention, len(steps), path_ms, full_ms)
            print("{:<12}{:<5}{:<11}{:>6}{:>10.1f}{:>13.1f}".format(*row))


if __name__ == "__main__":
    main()
