"""Weighted straight lines through Arrhenius data (x = 1/kT, y = ln σ or ln σT), the
building blocks of :func:`hydrion.transport.fitting.fit_arrhenius`: every candidate break
scored at once from cumulative sums, Huber-weighted iterations and the outlier rule, the
BIC, the smooth 3-parameter alternatives to one line, the continuous kink and the
significance of a change of slope or jump.
"""

from __future__ import annotations

import math
from typing import Literal, overload

import numpy as np

from hydrion.errors import InputError
from hydrion.transport.arrhenius import check_positive
from hydrion.units import as_kelvin, as_magnitude

MIN_POINTS_PER_LINE = 3
# VFT's T0 is profiled on this grid among the smooth alternatives (hydrion's setting)
VFT_T0_GRID = 24
# Huber's tuning constant (95 % efficiency at the normal) and the MAD-to-σ factor
HUBER_C = 1.345
MAD_TO_SD = 1.4826
SCALE_FLOOR = 1e-9  # ln units: below this the data are exact to rounding


def prepare_points(temperature_K, sigma_S_per_cm) -> tuple[np.ndarray, np.ndarray]:
    """Sorted float arrays in K and S/cm from numbers, arrays or pint Quantities (any unit)."""
    T = check_positive(as_kelvin(temperature_K, "temperature_K"), "temperatures (K)").ravel()
    sigma = as_magnitude(sigma_S_per_cm, "S/cm", "sigma_S_per_cm")
    sigma = check_positive(sigma, "conductivities (S/cm)").ravel()
    if T.size != sigma.size:
        raise InputError(f"{T.size} temperatures but {sigma.size} conductivities")
    order = np.argsort(T, kind="stable")
    return T[order], sigma[order]


def line_stats(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Slope, intercept, SSE and centred Sxx of weighted lines from stacked sums."""
    w, sx, sy, sxx, sxy, syy = sums
    with np.errstate(divide="ignore", invalid="ignore"):
        cxx = sxx - sx * sx / w
        cxy = sxy - sx * sy / w
        cyy = syy - sy * sy / w
        slope = cxy / cxx
        intercept = (sy - slope * sx) / w
        sse = np.maximum(cyy - slope * cxy, 0.0)
    return slope, intercept, sse, cxx


def weighted_sums(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.stack([w, w * x, w * y, w * x * x, w * x * y, w * y * y])


def best_break(x, y, w, m: int) -> tuple[int, float]:
    """Index b (low-T points are [:b]) minimising the weighted SSE of two lines, and that SSE."""
    terms = weighted_sums(x, y, w)
    prefix = np.cumsum(terms, axis=1)
    breaks = np.arange(m, x.size - m + 1)
    low = prefix[:, breaks - 1]
    high = prefix[:, -1:] - low
    sse = line_stats(low)[2] + line_stats(high)[2]
    best = int(np.nanargmin(sse))
    return int(breaks[best]), float(sse[best])


def line_params(x, y, b: int | None, w=None) -> list[tuple[float, float]]:
    """(slope, intercept) of the single line (b None) or of the two lines split at b."""
    w = np.ones_like(y) if w is None else w
    parts = [slice(0, x.size)] if b is None else [slice(0, b), slice(b, x.size)]
    stats = [line_stats(weighted_sums(x[p], y[p], w[p]).sum(axis=1)) for p in parts]
    return [(float(slope), float(intercept)) for slope, intercept, _, _ in stats]


def predicted(x, y, w, b: int | None) -> np.ndarray:
    """Fitted y at the data of the (weighted) single line or two lines split at b."""
    fitted = np.empty_like(y)
    parts = [slice(0, x.size)] if b is None else [slice(0, b), slice(b, x.size)]
    for part, (slope, intercept) in zip(parts, line_params(x, y, b, w), strict=True):
        fitted[part] = intercept + slope * x[part]
    return fitted


def robust_scale(residuals: np.ndarray) -> float:
    mad = np.median(np.abs(residuals - np.median(residuals)))
    return max(MAD_TO_SD * float(mad), SCALE_FLOOR)


def huber_model(
    x, y, piecewise: bool, m: int, iterations: int = 8
) -> tuple[int | None, np.ndarray]:
    """Huber-IRLS: the break (or None) and final residuals."""
    w = np.ones_like(y)
    b = None
    for _ in range(iterations):
        b = best_break(x, y, w, m)[0] if piecewise else None
        residuals = y - predicted(x, y, w, b)
        scale = robust_scale(residuals)
        w = np.minimum(1.0, HUBER_C * scale / np.maximum(np.abs(residuals), 1e-300))
    return b, residuals


def outlier_mask(x, y, split: bool, m: int, cut: float) -> np.ndarray:
    """Points further than ``cut`` standard deviations from the robust model.

    The Huber fit flags candidates against the MAD scale; the lines are refitted without
    them and the final flags use the standard deviation of that refit, which the MAD of a
    few dozen points can underestimate. ``x`` is sorted decreasing (T increasing).
    """
    _, residuals = huber_model(x, y, split, m)
    keep = np.abs(residuals) <= cut * robust_scale(residuals)
    if keep.sum() < (2 * m if split else m):
        return np.zeros_like(keep)
    xs, ys = x[keep], y[keep]
    sse, b = fit_lines(xs, ys, split)
    lines = line_params(xs, ys, b)
    fitted = lines[0][1] + lines[0][0] * x
    if b is not None:
        high = x <= (xs[b - 1] + xs[b]) / 2
        fitted[high] = lines[1][1] + lines[1][0] * x[high]
    sd = max(math.sqrt(sse / max(xs.size - 2 * len(lines), 1)), SCALE_FLOOR)
    return np.abs(y - fitted) > cut * sd


def bic_of(sse: float, n: int, k: int) -> float:
    variance = max(sse / n, SCALE_FLOOR**2)
    return n * math.log(variance) + k * math.log(n)


@overload
def fit_lines(x, y, split: Literal[True]) -> tuple[float, int]: ...
@overload
def fit_lines(x, y, split: bool) -> tuple[float, int | None]: ...
def fit_lines(x, y, split: bool) -> tuple[float, int | None]:
    """SSE and break of the OLS single line, or of the best pair of lines if ``split``."""
    if not split:
        return float(line_stats(weighted_sums(x, y, np.ones_like(x)).sum(axis=1))[2]), None
    b, sse = best_break(x, y, np.ones_like(x), MIN_POINTS_PER_LINE)
    return sse, b


def smooth_sse(x, y, T, ln_sigma) -> float:
    """Smallest SSE of the 3-parameter smooth alternatives to one line.

    y = a − Ea·x + c·ln T (any power of T in the prefactor), y = a + b·x + c·x² (curvature
    in 1/T) and VFT ln σ = ln A − B/(T − T0) with T0 profiled below the data; all are
    smooth, so beating them asks for a real change of slope or a jump.
    """
    best = math.inf
    for columns, target in (((x, np.log(T)), y), ((x, x * x), y)):
        design = np.column_stack([np.ones_like(x), *columns])
        _, sse, rank, _ = np.linalg.lstsq(design, target, rcond=None)
        if rank == 3 and sse.size:
            best = min(best, float(sse[0]))
    for T0 in np.linspace(0.0, float(T.min()) * 0.95, VFT_T0_GRID):
        u = 1.0 / (T - T0)
        design = np.column_stack([np.ones_like(u), u])
        _, sse, rank, _ = np.linalg.lstsq(design, ln_sigma, rcond=None)
        if rank == 2 and sse.size:
            best = min(best, float(sse[0]))
    return best


def best_kink(x, y, m: int) -> tuple[int, float, float]:
    """Continuous two-slope (hinge) fit: best break b, its SSE and |ΔEa| over its 1σ error.

    y = a + s·x + d·max(0, x_b − x), x_b midway between points b−1 and b (x decreasing).
    """
    best = (m, math.inf, 0.0)
    for b in range(m, x.size - m + 1):
        hinge = np.maximum(0.0, (x[b - 1] + x[b]) / 2 - x)
        design = np.column_stack([np.ones_like(x), x, hinge])
        coef, sse, rank, _ = np.linalg.lstsq(design, y, rcond=None)
        if rank < 3 or not sse.size or sse[0] >= best[1]:
            continue
        variance = max(float(sse[0]) / max(x.size - 3, 1), SCALE_FLOOR**2)
        d_err = math.sqrt(variance * np.linalg.inv(design.T @ design)[2, 2])
        best = (b, float(sse[0]), abs(float(coef[2])) / d_err)
    return best


def change_significance(x, y, b: int) -> float:
    """Larger of |ΔEa| and |jump in ln σ at the break| over their 1σ errors, two lines at b."""
    lines = line_params(x, y, b)
    parts = [slice(0, b), slice(b, x.size)]
    sse = sum(
        float(np.sum((y[p] - (c + s * x[p])) ** 2)) for p, (s, c) in zip(parts, lines, strict=True)
    )
    variance = max(sse / max(x.size - 4, 1), SCALE_FLOOR**2)
    x_break = (x[b - 1] + x[b]) / 2
    slope_var, at_break_var = [], []
    for part in parts:
        xp = x[part]
        sxx = float(np.sum((xp - xp.mean()) ** 2))
        slope_var.append(variance / sxx)
        at_break_var.append(variance * (1 / xp.size + (x_break - xp.mean()) ** 2 / sxx))
    (s1, c1), (s2, c2) = lines
    d_slope = abs(s2 - s1) / math.sqrt(sum(slope_var))
    jump = abs((c2 + s2 * x_break) - (c1 + s1 * x_break)) / math.sqrt(sum(at_break_var))
    return max(d_slope, jump)
