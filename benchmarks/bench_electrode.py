"""Benchmark: capacities, pathways, voltages and volume changes of every KB electrode.

Prints the wall time of one warm pass over all knowledge-base electrodes (formulas as
given; composites through their Table 2 definitions), in both energy conventions, and
of the Fig. 10 points with their conversion verdicts (each point runs an analysis).
Target (issue 3): under 1 s warm on one core.
"""

from __future__ import annotations

import time

from hydrion.electrode import analyse_composite, analyse_electrode
from hydrion.errors import HydrionError
from hydrion.kb import open_kb


def one_pass(materials) -> int:
    count = 0
    for material in materials:
        if material.formula:
            for convention in ("gibbs298", "enthalpy"):
                analyse_electrode(material.formula, convention=convention, alloying=True)
                count += 1
        else:
            try:
                analyse_composite(material.name)  # capacity and average voltage
                count += 1
            except HydrionError:
                pass
    return count


def main() -> None:
    materials = open_kb().materials(kind="electrode")
    one_pass(materials)  # warm-up: imports, YAML tables, caches
    start = time.perf_counter()
    count = one_pass(materials)
    elapsed = time.perf_counter() - start
    print(f"{len(materials)} KB electrodes, {count} analyses (both conventions, with alloying)")
    print(f"warm wall time: {elapsed:.3f} s ({1e3 * elapsed / max(count, 1):.1f} ms per analysis)")
    from hydrion.electrode.fig10 import (
        capacity_points,
        knowledge_base_electrodes,
        other_binary_hydrides,
    )

    entries = knowledge_base_electrodes(open_kb()) + other_binary_hydrides()
    start = time.perf_counter()
    points, _ = capacity_points(entries)
    elapsed = time.perf_counter() - start
    flagged = ", ".join(p.label for p in points if p.flagged) or "none"
    print(f"Fig. 10 points with conversion verdicts: {len(points)} in {elapsed:.3f} s")
    print(f"flagged at or below 0 V: {flagged}")


if __name__ == "__main__":
    main()
