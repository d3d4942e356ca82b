"""Transition detection on synthetic σ(T) sets: false and true transition rates, and speed.

Targets (issue 10): false transitions on single-law data < 1 %, true (first-order, with a
jump) transitions found ≥ 95 %. Kinks without a jump and smooth VFT curvature are reported
beside them: the first is often indistinguishable from curvature with few noisy points,
the second must not be called a transition.
Sets come from :mod:`hydrion.transport.synthetic` (its docstring states every range); each is
generated in one convention and fitted in the σ or σT convention at random, half of them
rounded to 3 significant figures. A transition counts as found when the fit claims one
whose bracket lies within one point spacing of the true temperature.

Usage: python benchmarks/bench_transitions.py [sets per kind, default 1000]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from hydrion.transport import fit_arrhenius
from hydrion.transport.synthetic import synthetic_set


def run(per_kind: int, seed: int = 2026) -> dict[str, tuple[int, int]]:
    """{label: (claimed or found, total)} for every kind × generating convention × rounding."""
    rng = np.random.default_rng(seed)
    counts: dict[str, list[int]] = {}
    for kind in ("single", "transition", "kink", "curved"):
        for index in range(per_kind):
            convention = ("sigma", "sigmaT")[index % 2]
            rounded = (index // 2) % 2 == 1
            data = synthetic_set(rng, kind, convention, rounded)
            fitted_in = ("sigma", "sigmaT")[int(rng.integers(2))]
            fit = fit_arrhenius(data.temperature_K, data.sigma_S_per_cm, convention=fitted_in)
            hit = fit.transition_K is not None
            if kind in ("transition", "kink") and hit:
                spacing = float(np.ptp(data.temperature_K)) / (data.temperature_K.size - 1)
                hit = abs(fit.transition_K - data.transition_K) <= spacing * 1.01
            label = f"{kind:10s} made in {convention:6s} {'rounded 3 s.f.' if rounded else 'full'}"
            tally = counts.setdefault(label, [0, 0])
            tally[0] += int(hit)
            tally[1] += 1
    return {label: (a, b) for label, (a, b) in counts.items()}


def main() -> None:
    per_kind = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    start = time.perf_counter()
    counts = run(per_kind)
    elapsed = time.perf_counter() - start
    for label, (hits, total) in counts.items():
        what = "found" if label.startswith(("transition", "kink")) else "false transitions"
        print(f"{label}: {what} {hits}/{total} = {100 * hits / total:.1f} %")
    summary = (("single", "false"), ("transition", "found"), ("kink", "found"), ("curved", "false"))
    for kind, what in summary:
        hits = sum(h for label, (h, _) in counts.items() if label.startswith(kind))
        total = sum(t for label, (_, t) in counts.items() if label.startswith(kind))
        print(f"ALL {kind}: {what} {100 * hits / total:.2f} % of {total}")
    n_fits = sum(t for _, t in counts.values())
    print(f"{n_fits} fits in {elapsed:.1f} s ({1e3 * elapsed / n_fits:.2f} ms per fit)")


if __name__ == "__main__":
    main()
