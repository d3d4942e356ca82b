"""Fit the solid diffusivity of a review cell to the capacities the review reports.

One parameter, log10 D (m²/s) of the working electrode, is chosen by a bounded scalar
minimisation (scipy) of Σ ln²(simulated/reported) over the calibration's points; each trial
solves the PyBaMM half cell of :mod:`hydrion.cell.simulate` at every fitted C-rate. The stored
results live in ``cell/data/review_cases.yaml`` with their provenance; this module is how they
were obtained and how they are checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import minimize_scalar

from hydrion.cell.review_cases import Calibration, ReviewCase, capacity_at
from hydrion.cell.simulate import simulate
from hydrion.errors import HydrionError
from hydrion.result_checks import at_least_zero, positive
from hydrion.results import Result
from hydrion.units import ABSOLUTE_ZERO_C

LOG10_D_BOUNDS = (-19.0, -11.0)  # search range of log10 D (m²/s); a numerical setting


@dataclass(frozen=True)
class DiffusivityFit(Result):
    """A fitted diffusivity and what it reproduces (simulated against reported)."""

    diffusivity_m2_per_s: float
    reported_mAh_per_g: tuple[float, ...]
    simulated_mAh_per_g: tuple[float, ...]
    c_rates: tuple[float, ...]

    derived = ("rms_log_error",)
    same_length = ("reported_mAh_per_g", "simulated_mAh_per_g", "c_rates")

    checks = (
        positive("diffusivity_m2_per_s", "c_rates"),
        at_least_zero("reported_mAh_per_g", "simulated_mAh_per_g"),
    )

    @property
    def rms_log_error(self) -> float:
        """Root-mean-square of ln(simulated/reported)."""
        errors = [
            math.log(s / r)
            for s, r in zip(self.simulated_mAh_per_g, self.reported_mAh_per_g, strict=True)
        ]
        return math.sqrt(sum(e * e for e in errors) / len(errors))


def simulated_capacities(
    case: ReviewCase, calibration: Calibration, diffusivity_m2_per_s: float, kb
) -> tuple[float, ...]:
    """Discharge capacities (mAh/g) at the fitted C-rates for one trial diffusivity."""
    points = case.fit_points(kb, calibration)
    setup = case.setup(kb, calibration.temperature_C, diffusivity_m2_per_s)
    rates = [p.c_rate for p in points]
    curves = simulate(setup, rates, kb, with_charge=False)
    T_K = calibration.temperature_C - ABSOLUTE_ZERO_C
    return tuple(capacity_at(curves, rate, T_K) for rate in rates)


def fit_diffusivity(
    case: ReviewCase, calibration: Calibration, kb, tolerance_log10: float = 0.01
) -> DiffusivityFit:
    """The diffusivity that best reproduces ``calibration``'s reported points."""
    points = case.fit_points(kb, calibration)
    reported = tuple(p.capacity_mAh_per_g for p in points)

    def cost(log10_d: float) -> float:
        try:
            simulated = simulated_capacities(case, calibration, 10.0**log10_d, kb)
        except HydrionError:
            return 1e3
        return sum(
            math.log(max(s, 1e-9) / r) ** 2 for s, r in zip(simulated, reported, strict=True)
        )

    best = minimize_scalar(
        cost, bounds=LOG10_D_BOUNDS, method="bounded", options={"xatol": tolerance_log10}
    )
    diffusivity = 10.0 ** float(best.x)
    return DiffusivityFit(
        diffusivity,
        reported,
        simulated_capacities(case, calibration, diffusivity, kb),
        tuple(p.c_rate for p in points),
    )
