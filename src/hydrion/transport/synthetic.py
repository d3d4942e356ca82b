"""Synthetic σ(T) data sets with a known truth, to measure transition detection.

Used by ``benchmarks/bench_transitions.py`` and by the tests. Every parameter range below is
a choice of hydrion's benchmark (stated in the benchmark's output), not a literature value:

* ``single``: one Arrhenius law, Ea 0.2–0.9 eV, in the σ or σT convention;
* ``transition``: a first-order (order–disorder-like) transition inside the range, with at
  least 4 points on each side: a jump of 10^0.5–10^3 in σ and a ΔEa of 0–0.3 eV;
* ``kink``: no jump, Ea changes by 0.15–0.4 eV (up or down) — a continuous change that few
  points with noise cannot always tell from smooth curvature;
* ``curved``: smooth VFT curvature, σ = A·exp(−B/(T − T0)) with T0 at 30–70 % of the
  lowest temperature (grain boundaries or glassy conduction give similar bends).

Each set has 12–30 points spread over 80–200 K from 250–350 K, log-normal noise of 1–8 %,
and, if ``rounded``, σ rounded to 3 significant figures and T to 0.1 K as digitised data are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from hydrion.constants import BOLTZMANN_eV_per_K
from hydrion.transport.arrhenius import ArrheniusForm, inverse_kT

Kind = Literal["single", "transition", "kink", "curved"]


@dataclass(frozen=True)
class SyntheticSet:
    """Temperatures (K), conductivities (S/cm) and the truth behind them."""

    temperature_K: np.ndarray
    sigma_S_per_cm: np.ndarray
    kind: Kind
    convention: ArrheniusForm
    transition_K: float | None


def _round_sig(values: np.ndarray, digits: int) -> np.ndarray:
    exponent = np.floor(np.log10(np.abs(values)))
    scale = 10.0 ** (digits - 1 - exponent)
    return np.round(values * scale) / scale


def synthetic_set(
    rng: np.random.Generator, kind: Kind, convention: ArrheniusForm, rounded: bool
) -> SyntheticSet:
    """One random data set of ``kind`` generated in ``convention`` (see the module doc)."""
    n = int(rng.integers(12, 31))
    low = rng.uniform(250.0, 350.0)
    T = np.linspace(low, low + rng.uniform(80.0, 200.0), n)
    x = inverse_kT(T)
    Ea = rng.uniform(0.2, 0.9)
    ln_sigma = rng.uniform(5.0, 12.0) - Ea * x
    transition = None
    if kind in ("transition", "kink"):
        b = int(rng.integers(4, n - 3))  # points [b:] are the high-T phase
        transition = float((T[b - 1] + T[b]) / 2)
        x_c = float(inverse_kT(transition))
        if kind == "transition":
            jump, d_Ea = rng.uniform(0.5, 3.0) * np.log(10), rng.uniform(0.0, 0.3)
        else:
            jump, d_Ea = 0.0, rng.uniform(0.15, 0.4) * rng.choice([-1.0, 1.0])
        high_Ea = max(Ea - d_Ea, 0.05)
        high = ln_sigma[b - 1] + (Ea * x[b - 1] - Ea * x_c) + jump - high_Ea * (x - x_c)
        ln_sigma = np.where(np.arange(n) >= b, high, ln_sigma)
    elif kind == "curved":
        T0 = rng.uniform(0.3, 0.7) * low
        B = Ea / BOLTZMANN_eV_per_K * ((low - T0) / low) ** 2  # apparent Ea ≈ Ea at the low end
        ln_sigma = rng.uniform(0.0, 4.0) - B / (T - T0)
    if convention == "sigmaT" and kind != "curved":
        ln_sigma = ln_sigma - np.log(T)
    sigma = np.exp(ln_sigma + rng.normal(0.0, rng.uniform(0.01, 0.08), n))
    if rounded:
        sigma, T = _round_sig(sigma, 3), np.round(T, 1)
    return SyntheticSet(T, sigma, kind, convention, transition)
