"""Benchmark: the full compatibility matrix of the knowledge base, warm, on one core.

hydrion's way caches phase diagrams per chemical system (in the EnergySource) and windows per
electrolyte (in the matrix). The naive way builds a fresh pymatgen PhaseDiagram for every
request of every pair and recomputes every window. Prints both times and their ratio, for the
strict matrix and for the one that takes solid solutions as mixtures (``--as-mixture``).
Target: under 5 s warm. Run: ``taskset -c 0 python benchmarks/bench_compat.py``.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from hydrion.kb import open_kb  # noqa: E402
from hydrion.stability.compatibility import compatibility, compatibility_matrix  # noqa: E402
from hydrion.stability.energies import EnergySource, bundled  # noqa: E402


class Uncached(EnergySource):
    """The naive way: a new phase diagram for every request."""

    def phase_diagram(self, elements):
        self._diagrams.clear()
        return super().phase_diagram(elements)


def naive_matrix(kb, energies: EnergySource, as_mixture: bool) -> int:
    """Every pair on its own: no window cache, a new phase diagram per request."""
    count = 0
    for electrolyte in kb.materials(kind="electrolyte"):
        for electrode in kb.materials(kind="counter_electrode"):
            shared = [i for i in electrolyte.ions if i in electrode.ions]
            if shared:
                compatibility(electrolyte, electrode, energies, shared[0], kb, as_mixture)
                count += 1
    return count


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def main() -> None:
    kb = open_kb()
    cached = bundled("enthalpy")
    naive_source = Uncached(cached._entries, "enthalpy", "uncached")
    for as_mixture in (False, True):
        compatibility_matrix(kb, cached, as_mixture)  # warm: caches filled, modules imported
        warm, cells = timed(lambda m=as_mixture: compatibility_matrix(kb, cached, m))
        naive, _ = timed(lambda m=as_mixture: naive_matrix(kb, naive_source, m))
        computed = sum(c.verdict != "no data" for c in cells)
        label = "as mixtures" if as_mixture else "strict"
        print(f"[{label}] pairs: {len(cells)} ({computed} with a thermodynamic verdict)")
        print(f"[{label}] matrix, cached (warm): {warm:.3f} s  [target < 5 s]")
        print(f"[{label}] naive, new phase diagram per request: {naive:.3f} s")
        print(f"[{label}] ratio naive / cached: {naive / warm:.1f}x")


if __name__ == "__main__":
    main()
