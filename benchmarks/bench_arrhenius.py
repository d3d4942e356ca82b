"""Benchmark: 1,000 synthetic Arrhenius fits, half with a transition.

Prints the time per fit (one core) and how often the transition is found (and how often
one is claimed where there is none). Target (issue 4): under 20 ms per fit.
Data: 20–40 points between 250 and 480 K, log-normal noise of 3–10 %, Ea 0.3–0.8 eV,
a jump of 0.5–2 decades at a transition drawn inside the range, 1 outlier in 5 datasets.
"""

from __future__ import annotations

import time

import numpy as np

from hydrion.transport import BOLTZMANN_eV_per_K, fit_arrhenius

K = BOLTZMANN_eV_per_K


def dataset(rng: np.random.Generator, with_transition: bool):
    n = int(rng.integers(20, 41))
    T = np.sort(rng.uniform(250, 480, n))
    Ea_low, Ea_high = rng.uniform(0.5, 0.8), rng.uniform(0.3, 0.5)
    sigma = 1e4 * np.exp(-Ea_low / (K * T))
    Tc = None
    if with_transition:
        Tc = float(rng.uniform(T[6], T[-7]))
        jump = 10 ** rng.uniform(0.5, 2.0)
        high = sigma[Tc > T][-1] * jump * np.exp(-Ea_high / K * (1 / T - 1 / Tc))
        sigma = np.where(Tc <= T, high, sigma)
    sigma = sigma * np.exp(rng.normal(0, rng.uniform(0.03, 0.1), n))
    if rng.random() < 0.2:
        sigma[rng.integers(n)] *= 10 ** rng.choice([-1.5, 1.5])
    return T, sigma, Tc


def main(count: int = 1000, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    data = [dataset(rng, index % 2 == 0) for index in range(count)]
    found = false_alarms = within = 0
    start = time.perf_counter()
    fits = [fit_arrhenius(T, sigma) for T, sigma, _ in data]
    elapsed = time.perf_counter() - start
    for (_, _, Tc), fit in zip(data, fits, strict=True):
        if Tc is None:
            false_alarms += fit.model == "piecewise"
        elif fit.model == "piecewise":
            found += 1
            within += abs(fit.transition_K - Tc) <= fit.transition_err_K
    half = count // 2
    print(f"fits: {count}, time per fit: {1e3 * elapsed / count:.2f} ms (target < 20 ms)")
    print(
        f"transitions found: {found}/{half} ({100 * found / half:.1f} %), "
        f"true T_transition inside the reported ±: {within}/{found}"
    )
    print(f"transitions claimed without one: {false_alarms}/{count - half}")


if __name__ == "__main__":
    main()
