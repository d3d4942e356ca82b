"""Benchmark: making and rendering (SVG + PNG, as the report does) one Arrhenius figure of 16
knowledge-base electrolytes, with three ways of writing formulas in its labels.

Prints the median seconds of each (5 repeats): labels as written ('LiBH4'), as hydrion
typesets them (Unicode subscripts, mathtext only for fractional ones: 'LiBH₄'), and all in
mathtext (pymatgen's latexify everywhere: 'LiBH$_{4}$'). Mathtext is parsed on every layout
and render, which is why hydrion keeps it to the fractional subscripts Unicode cannot write.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from pymatgen.util.string import latexify

import hydrion.plots.arrhenius as arrhenius_plots
import hydrion.plots.reference_electrolytes as reference_plots
from hydrion.kb import open_kb
from hydrion.plots.labels import typeset
from hydrion.report.section import figure_from_matplotlib

REPEATS = 5


def seconds(materials, writer: Callable[[str], str]) -> float:
    arrhenius_plots.typeset = writer
    reference_plots.typeset = writer
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        figure = arrhenius_plots.materials_figure(materials, "benchmark")
        figure_from_matplotlib(figure, "bench", "bench", "")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    kb = open_kb()
    materials = [m for m in kb.materials(kind="electrolyte") if m.conductivities][:16]
    seconds(materials, typeset)  # warm-up: fonts, caches
    for name, writer in (
        ("as written", str),
        ("hydrion typeset", typeset),
        ("all mathtext", latexify),
    ):
        print(f"{name:>16}: {seconds(materials, writer):.2f} s per figure (make + SVG + PNG)")


if __name__ == "__main__":
    main()
