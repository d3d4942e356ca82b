"""Benchmark: capacities, pathways, voltages and volume changes of every KB electrode.

Prints the wall time of one warm pass over all knowledge-base electrodes (formulas as
given; composites through their Table 2 definitions), in both energy conventions.
Target (issue 3): under 1 s warm on one core.
"""

from __future__ import annotations

import time

from hydrion.electrode import analyse_electrode, composite_capacity_mAh_per_g, table2_composite
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
                composite_capacity_mAh_per_g(table2_composite(material.name))
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


if __name__ == "__main__":
    main()
