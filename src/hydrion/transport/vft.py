"""Fit of the Vogel–Fulcher–Tammann law ln σ = ln A − B/(T − T0) to (T, σ) data, with 1σ
errors (a smooth alternative to Arrhenius lines for polymer-like and glassy conductors).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from hydrion.errors import InputError
from hydrion.result_checks import uncertainty
from hydrion.results import Result
from hydrion.transport.arrhenius import (
    VFTLaw,
)
from hydrion.transport.line_fits import prepare_points


@dataclass(frozen=True)
class VFTFit(Result):
    """Result of :func:`fit_vft`: the law and 1σ errors of ln A, B (K) and T0 (K)."""

    law: VFTLaw
    ln_A_err: float
    B_err_K: float
    T0_err_K: float
    residuals_log10: tuple[float, ...]

    checks = (uncertainty("ln_A_err", "B_err_K", "T0_err_K"),)


def fit_vft(temperature_K, sigma_S_per_cm) -> VFTFit:
    """Robust (soft-L1) fit of the Vogel–Fulcher–Tammann law ln σ = ln A − B/(T − T0).

    Parameters
    ----------
    temperature_K : array_like or pint.Quantity, shape (n,)
        Temperatures (K, or a temperature Quantity, °C included).
    sigma_S_per_cm : array_like or pint.Quantity, shape (n,)
        Conductivities (S/cm, or any conductivity unit), > 0.

    Returns
    -------
    VFTFit
        A (S/cm), B (K) and T0 (K, kept below the data) with their errors.

    Raises
    ------
    InputError
        Fewer than 4 points or non-positive σ.
    """
    T, sigma = prepare_points(temperature_K, sigma_S_per_cm)
    if T.size < 4:
        raise InputError(f"a VFT fit needs at least 4 points; got {T.size}")
    y = np.log(sigma)
    T_low = float(T.min())

    def residuals(p: np.ndarray) -> np.ndarray:
        return p[0] - p[1] / (T - p[2]) - y

    starts = [np.array([y.max() + 5, 1000.0, 0.6 * T_low]), np.array([y.max(), 300.0, 0.8 * T_low])]
    bounds = ([-np.inf, 0.0, 0.0], [np.inf, np.inf, T_low - 1.0])
    best = min(
        (
            least_squares(residuals, p0, bounds=bounds, loss="soft_l1", x_scale="jac")
            for p0 in starts
        ),
        key=lambda r: r.cost,
    )
    dof = max(T.size - 3, 1)
    variance = 2 * best.cost / dof
    try:
        covariance = np.linalg.pinv(best.jac.T @ best.jac) * variance
        errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
    except np.linalg.LinAlgError:
        errors = np.full(3, np.nan)
    ln_A, B, T0 = best.x
    return VFTFit(
        law=VFTLaw(math.exp(ln_A), float(B), float(T0)),
        ln_A_err=float(errors[0]),
        B_err_K=float(errors[1]),
        T0_err_K=float(errors[2]),
        residuals_log10=tuple((-best.fun / math.log(10)).tolist()),
    )
