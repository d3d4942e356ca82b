"""Benchmark: making and rendering (SVG + PNG, as the report does) one Arrhenius figure of 16
knowledge-base electrolytes, with three ways of writing formulas in its labels and three ways
of drawing its log σ axis.

Prints the median CPU seconds of each (5 repeats; CPU time holds on a loaded machine).
Labels: as written ('LiBH4'), as hydrion typesets them (Unicode subscripts, mathtext only
for fractional ones: 'LiBH₄'), and all in mathtext (pymatgen's latexify everywhere:
'LiBH$_{4}$'). Mathtext is parsed on every layout
and render, which is why hydrion keeps it to the fractional subscripts Unicode cannot write.
Log axis: matplotlib's default (mathtext tick labels, minor ticks at 2–9 × 10ⁿ however many
decades), with plain-text labels only, and hydrion's :func:`hydrion.plots.ticks.log_scale`
(plain-text labels, minor ticks only over at most six decades).
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
from hydrion.plots.ticks import SuperscriptLogFormatter, log_scale
from hydrion.report.section import figure_from_matplotlib

REPEATS = 5


def seconds(materials, writer: Callable[[str], str]) -> float:
    arrhenius_plots.typeset = writer
    reference_plots.typeset = writer
    times = []
    for _ in range(REPEATS):
        start = time.process_time()
        figure = arrhenius_plots.materials_figure(materials, "benchmark")
        figure_from_matplotlib(figure, "bench", "bench", "")
        times.append(time.process_time() - start)
    return statistics.median(times)


def matplotlib_log(ax, which: str) -> None:
    """matplotlib's own log axis (mathtext labels, every minor tick)."""
    ax.set_yscale("log")


def plain_labels_log(ax, which: str) -> None:
    """matplotlib's log axis with plain-text labels, every minor tick."""
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(SuperscriptLogFormatter())
    ax.yaxis.set_minor_formatter(SuperscriptLogFormatter(labelOnlyBase=False))


def main() -> None:
    kb = open_kb()
    materials = [m for m in kb.materials(kind="electrolyte") if m.conductivities][:16]
    seconds(materials, typeset)  # warm-up: fonts, caches
    for name, writer in (
        ("as written", str),
        ("hydrion typeset", typeset),
        ("all mathtext", latexify),
    ):
        print(f"{name:>16}: {seconds(materials, writer):.2f} CPU s per figure (make + SVG + PNG)")
    for name, scale in (
        ("matplotlib log", matplotlib_log),
        ("plain labels", plain_labels_log),
        ("hydrion log", log_scale),
    ):
        arrhenius_plots.log_scale = scale
        print(f"{name:>16}: {seconds(materials, typeset):.2f} CPU s per figure (make + SVG + PNG)")
    arrhenius_plots.log_scale = log_scale


if __name__ == "__main__":
    main()
