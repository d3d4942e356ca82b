"""Benchmark: the full compatibility matrix of the knowledge base, warm, on one core.

hydrion's way caches phase diagrams per chemical system (in the EnergySource) and windows,
interface reactions and sensitivity variants across pairs (in the matrix). The naive way builds
a fresh pymatgen PhaseDiagram for every request of every pair and recomputes everything. The
matrix pairs every electrolyte with every counter-electrode and with the hydride electrodes of
its stored cells. Prints both times and their ratio, for the
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


def naive_matrix(kb, energies: EnergySource, as_mixture: bool, pairs) -> int:
    """Every pair of the matrix on its own: no caches, a new phase diagram per request."""
    for electrolyte, electrode, ion in pairs:
        pair = kb.material(electrolyte), kb.material(electrode)
        compatibility(*pair, energies, ion, kb, as_mixture)
    return len(pairs)


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
        pairs = [(c.electrolyte, c.electrode, c.ion) for c in cells]
        naive, _ = timed(lambda m=as_mixture, p=pairs: naive_matrix(kb, naive_source, m, p))
        computed = sum(c.verdict != "no data" for c in cells)
        label = "as mixtures" if as_mixture else "strict"
        print(f"[{label}] pairs: {len(cells)} ({computed} with a thermodynamic verdict)")
        print(f"[{label}] matrix, cached (warm): {warm:.3f} s  [target < 5 s]")
        print(f"[{label}] naive, new phase diagram per request: {naive:.3f} s")
        print(f"[{label}] ratio naive / cached: {naive / warm:.1f}x")


if __name__ == "__main__":
    main()
