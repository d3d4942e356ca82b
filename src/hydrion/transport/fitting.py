"""Fit (T, σ) data to a single or piecewise Arrhenius law, or to VFT, with uncertainties.

The Arrhenius fit is linear in y = ln σ (or ln σT) against x = 1/kT, so every candidate
break is scored at once from cumulative weighted sums. Robustness: Huber-weighted
iterations pick the model, points further than ``outlier_cut`` robust standard deviations
from it are set aside, and the final lines are ordinary least squares on the rest.
Model choice (``model="auto"``): a transition (two independent lines with a jump, or a
continuous kink in Ea) is claimed only when (1) its BIC beats by ``min_delta_bic`` (10 =
"very strong" evidence, Kass & Raftery, J. Am. Stat. Assoc. 90 (1995) 773), plus
2·ln(number of places the break was sought), every smooth alternative — one line in either
convention, a free power of T in the prefactor, curvature in 1/T, and VFT — and (2) its
change of Ea or its jump in σ is at least ``MIN_CHANGE_SIGMAS`` standard errors. A convention
the caller names is always honoured; where the data are straight in the other convention and
curved in the named one, a warning says so and gives the other convention's Ea. With no
convention named, the σ convention is used unless the data are straight only in the σT one,
and the warning says which was chosen and why. Smooth curvature is reported as such, never as
a transition. ``benchmarks/bench_transitions.py`` measures the false- and true-transition rates.

Uncertainties are 1σ from the least-squares covariance; a bootstrap over the points adds
its own spread. Points that lie on one line to rounding leave no scatter to estimate an
uncertainty from: their errors are 0 and a warning says the fit is exact. The transition
temperature lies between the two bracketing measurements: it is reported as their midpoint ±
half their gap (the data cannot place it closer).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np

from hydrion.errors import InputError
from hydrion.transport.arrhenius import (
    ArrheniusForm,
    check_convention,
    inverse_kT,
    log_response,
)
from hydrion.transport.fit_results import ArrheniusFit, SegmentFit
from hydrion.transport.line_fits import (
    MIN_POINTS_PER_LINE,
    SCALE_FLOOR,
    best_kink,
    bic_of,
    change_significance,
    fit_lines,
    line_params,
    line_stats,
    outlier_mask,
    predicted,
    prepare_points,
    smooth_sse,
    weighted_sums,
)

Model = Literal["auto", "single", "piecewise"]
# the outlier rule may set aside at most this fraction of the points; beyond it the
# scatter is the data, not outliers, and all points are kept with a warning
MAX_OUTLIER_FRACTION = 0.1
# more bootstrap draws than this add nothing to a 1σ spread and only cost time
MAX_BOOTSTRAP = 100_000
# Statistical thresholds of hydrion's model choice (not literature values): smooth
# alternatives are tried from MIN_POINTS_SMOOTH points, outliers judged against two lines
# alone from MIN_POINTS_TWO_LINE_SCALE points, a transition needs its change of Ea or its
# jump in σ this many standard errors from zero (VFT's T0 grid: line_fits.VFT_T0_GRID).
MIN_POINTS_SMOOTH = 5
MIN_POINTS_TWO_LINE_SCALE = 20
MIN_CHANGE_SIGMAS = 4.0
_LAW_TEXT = {"sigma": "σ = σ0·exp(−Ea/kT)", "sigmaT": "σT = A·exp(−Ea/kT)"}


def _segment(x, y, T, convention: ArrheniusForm, dof_variance: float) -> SegmentFit:
    n = x.size
    slope, intercept, _, cxx = line_stats(weighted_sums(x, y, np.ones_like(x)).sum(axis=1))
    x_mean = float(np.mean(x))
    if math.sqrt(dof_variance) < SCALE_FLOOR:  # on the line to rounding: no scatter to use
        dof_variance = 0.0
    var_slope = dof_variance / float(cxx)
    var_intercept = dof_variance * (1.0 / n + x_mean**2 / float(cxx))
    return SegmentFit(
        Ea_eV=float(-slope),
        Ea_err_eV=math.sqrt(var_slope),
        ln_prefactor=float(intercept),
        ln_prefactor_err=math.sqrt(var_intercept),
        convention=convention,
        T_min_K=float(T.min()),
        T_max_K=float(T.max()),
        n_points=n,
    )


def fit_arrhenius(
    temperature_K,
    sigma_S_per_cm,
    convention: ArrheniusForm | None = None,
    model: Model = "auto",
    bootstrap: int = 0,
    seed: int = 0,
    min_delta_bic: float = 10.0,
    outlier_cut: float = 5.0,
) -> ArrheniusFit:
    """Fit σ(T) data to one Arrhenius line or two lines split at a transition.

    Parameters
    ----------
    temperature_K : array_like or pint.Quantity, shape (n,)
        Temperatures (K, or a temperature Quantity, °C included).
    sigma_S_per_cm : array_like or pint.Quantity, shape (n,)
        Conductivities (S/cm, or any conductivity unit), > 0.
    convention : {"sigma", "sigmaT"} or None
        Fit ln σ or ln σT against 1/kT; a named convention is always used (a warning gives
        the other convention's Ea where the data are straight only there). None: σ, or σT
        where ``model="auto"`` finds the data straight only in σT (a warning says so).
    model : {"auto", "single", "piecewise"}
        "auto" claims a transition only when it beats every smooth alternative (see the
        module notes); "single" and "piecewise" force the model.
    bootstrap : int
        Bootstrap draws over the points (0 to 100,000) for a second estimate of the errors.
    seed : int
        Seed of the bootstrap.
    min_delta_bic : float
        BIC margin a transition must win by (10: "very strong" evidence).
    outlier_cut : float
        Points further than this many robust standard deviations are set aside.

    Returns
    -------
    ArrheniusFit
        Segments with Ea (eV) and ln prefactor with 1σ errors, the transition temperature (K)
        and its bracket, residuals (decades), outliers and warnings.

    Raises
    ------
    InputError
        Too few points, equal temperatures, non-positive σ, or a bad option.
    UnitError
        An argument in a wrong dimension.

    References
    ----------
    R.E. Kass, A.E. Raftery, Bayes factors, J. Am. Stat. Assoc. 90 (1995) 773
    (BIC evidence scale).

    Examples
    --------
    >>> import math
    >>> T = [300.0, 320.0, 340.0, 360.0]  # K
    >>> sigma = [1e3 * math.exp(-0.5 / (8.617333262e-5 * t)) for t in T]  # Ea = 0.5 eV
    >>> fit = fit_arrhenius(T, sigma)
    >>> fit.model, round(fit.segments[0].Ea_eV, 6)
    ('single', 0.5)
    """
    asked = convention
    convention = check_convention("sigma" if asked is None else asked)
    if model not in ("auto", "single", "piecewise"):
        raise InputError(f"model must be 'auto', 'single' or 'piecewise', not {model!r}")
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int | np.integer):
        raise InputError(f"bootstrap must be a whole number of draws, not {bootstrap!r}")
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        raise InputError(
            f"bootstrap must be between 0 and {MAX_BOOTSTRAP:,} draws, got {bootstrap}"
        )
    T, sigma = prepare_points(temperature_K, sigma_S_per_cm)
    m = MIN_POINTS_PER_LINE
    n_needed = 2 * m if model == "piecewise" else m
    if T.size < n_needed:
        raise InputError(
            f"a {model if model != 'auto' else 'single'} Arrhenius fit needs at "
            f"least {n_needed} points; got {T.size}"
        )
    if np.ptp(T) <= 0:
        raise InputError("all temperatures are equal; an Arrhenius fit needs a temperature range")
    x, y = inverse_kT(T), log_response(T, sigma, convention)
    can_split = model != "single" and T.size >= 2 * m
    warnings = []
    convention_flag: Literal["chosen", "curved"] | None = None
    if model == "auto" and not can_split:
        warnings.append(f"fewer than {2 * m} points: no transition can be tested")

    outliers = outlier_mask(x, y, can_split, m, outlier_cut)
    if can_split and T.size < MIN_POINTS_TWO_LINE_SCALE:
        # too few points to trust the two-line scale: also an outlier of the one-line fit
        outliers &= outlier_mask(x, y, False, m, outlier_cut)
    if outliers.sum() > MAX_OUTLIER_FRACTION * T.size:
        warnings.append(
            f"WARNING: the outlier rule flagged {int(outliers.sum())} of {T.size} points, more "
            f"than {MAX_OUTLIER_FRACTION:.0%}: the scatter is not a few outliers, so all points "
            "are kept; check the data"
        )
        outliers = np.zeros_like(outliers)
    keep = ~outliers
    if keep.sum() < n_needed:
        keep, outliers = np.ones_like(keep), np.zeros_like(outliers)
        warnings.append("too few points left after outlier rejection; all points kept")
    xs, ys, Ts = x[keep], y[keep], T[keep]
    n = xs.size
    sse_single = fit_lines(xs, ys, False)[0]
    bic = {"single": bic_of(sse_single, n, 3)}
    b = None
    if model == "auto" and n >= MIN_POINTS_SMOOTH:
        other: ArrheniusForm = "sigma" if convention == "sigmaT" else "sigmaT"
        y_other = log_response(Ts, sigma[keep], other)
        bic["other_convention"] = bic_of(fit_lines(xs, y_other, False)[0], n, 3)
        bic["smooth_curvature"] = bic_of(smooth_sse(xs, ys, Ts, np.log(sigma[keep])), n, 4)
    if can_split and n >= 2 * m:
        sse_split, b = fit_lines(xs, ys, True)
        bic["two_laws"] = bic_of(sse_split, n, 6)
        if model == "auto":
            smooth_best = min(v for k, v in bic.items() if k != "two_laws")
            b_kink, sse_kink, kink_significance = best_kink(xs, ys, m)
            bic["kink"] = bic_of(sse_kink, n, 5)
            if bic["kink"] < bic["two_laws"]:  # continuous change of Ea: the kink's break
                b, significance, best = b_kink, kink_significance, bic["kink"]
            else:
                significance, best = change_significance(xs, ys, b), bic["two_laws"]
            # the break is the best of n − 2m + 1 places: a look-elsewhere penalty of
            # 2·ln(places) on top of min_delta_bic
            required = min_delta_bic + 2 * math.log(n - 2 * m + 1)
            if best + required > smooth_best or significance < MIN_CHANGE_SIGMAS:
                b = None
    if model == "auto" and b is None and "other_convention" in bic:
        if bic["other_convention"] + min_delta_bic < bic["single"]:
            why = (
                f"the data are curved in the {convention} convention and straight in the "
                f"{other} convention ({_LAW_TEXT[other]}; BIC lower by "
                f"{bic['single'] - bic['other_convention']:.0f})"
            )
            if asked is None:
                warnings.append(
                    f"convention chosen: the law is given in the {other} convention, not the "
                    f"default {convention} one, because {why}; in the {convention} convention "
                    f"the apparent Ea would be {-line_params(xs, ys, None)[0][0]:.3f} eV"
                )
                convention, y, ys = other, log_response(T, sigma, other), y_other
                convention_flag = "chosen"
            else:
                convention_flag = "curved"
                warnings.append(
                    f"misfit: the {convention} law asked for is kept, but {why}: its Ea is an "
                    f"average over a curved line; in the {other} convention Ea = "
                    f"{-line_params(xs, y_other, None)[0][0]:.3f} eV"
                )
        elif bic["smooth_curvature"] + min_delta_bic < bic["single"]:
            warnings.append(
                "the data curve smoothly (a smooth law beats one line by "
                f"{bic['single'] - bic['smooth_curvature']:.0f} in BIC) without a significant "
                "change of Ea or jump in σ: Ea is an average over the range, not a transition"
            )
    if outliers.any():
        warnings.append(f"{int(outliers.sum())} outlier(s) set aside")

    # the SSE from the residuals themselves: the cumulative sums behind the model choice
    # lose ~1e-13 to cancellation, which would hide an exact fit behind a false ±1e-7
    sse = float(np.sum((ys - predicted(xs, ys, np.ones_like(ys), b)) ** 2))
    if b is None:
        variance = sse / max(n - 2, 1)
        segments = [_segment(xs, ys, Ts, convention, variance)]
        transition = bracket = half_gap = None
    else:
        variance = sse / max(n - 4, 1)
        segments = [
            _segment(xs[:b], ys[:b], Ts[:b], convention, variance),
            _segment(xs[b:], ys[b:], Ts[b:], convention, variance),
        ]
        bracket = (float(Ts[b - 1]), float(Ts[b]))
        transition, half_gap = (bracket[0] + bracket[1]) / 2, (bracket[1] - bracket[0]) / 2
    if segments[0].exact:
        warnings.append(
            "exact fit: the points lie on the law to rounding, so the fit gives no uncertainty "
            "(errors 0); Ea's uncertainty is that of the data themselves, which were not given"
        )
    warnings += [
        f"WARNING: Ea = {s.Ea_eV:.3g} eV ≤ 0 from {s.T_min_K:.0f} to {s.T_max_K:.0f} K: "
        f"{'σ' if convention == 'sigma' else 'σT'} does not rise with temperature, as thermally "
        "activated conduction does; check the data (decomposition or contact lost on heating, "
        "a wrong temperature column)"
        for s in segments
        if s.Ea_eV <= 0
    ]
    split = b is not None
    all_fitted = segments[0].ln_prefactor - segments[0].Ea_eV * x
    if split:  # set-aside points are compared with the line of their own side
        high = transition <= T
        all_fitted[high] = segments[1].ln_prefactor - segments[1].Ea_eV * x[high]
    result = ArrheniusFit(
        convention=convention,
        model="piecewise" if split else "single",
        segments=tuple(segments),
        transition_K=transition,
        transition_err_K=half_gap,
        transition_bracket_K=bracket,
        bic=bic,
        temperature_K=tuple(T.tolist()),
        sigma_S_per_cm=tuple(sigma.tolist()),
        residuals_log10=tuple(((y - all_fitted) / math.log(10)).tolist()),
        outliers=tuple(bool(v) for v in outliers),
        warnings=tuple(warnings),
        convention_flag=convention_flag,
    )
    if bootstrap > 0:
        result = _with_bootstrap(result, xs, ys, Ts, split, bootstrap, seed)
    return result


def _with_bootstrap(fit: ArrheniusFit, x, y, T, split: bool, draws: int, seed: int) -> ArrheniusFit:
    """Add bootstrap (case resampling of the kept points) spreads of Ea and T_transition."""
    rng = np.random.default_rng(seed)
    energies, transitions = [], []
    for _ in range(draws):
        pick = np.sort(rng.integers(0, x.size, x.size))
        xs, ys, Ts = x[pick], y[pick], T[pick]
        if np.unique(Ts).size < (2 * MIN_POINTS_PER_LINE if split else 2):
            continue
        b = fit_lines(xs, ys, True)[1] if split else None
        slopes = [slope for slope, _ in line_params(xs, ys, b)]
        if not np.all(np.isfinite(slopes)):
            continue
        energies.append([-float(s) for s in slopes])
        if b is not None:
            transitions.append((Ts[b - 1] + Ts[b]) / 2)
    if len(energies) < 2:
        return fit
    spread = np.std(np.array(energies), axis=0, ddof=1)
    segments = tuple(
        SegmentFit(**{**s.__dict__, "Ea_err_bootstrap_eV": float(e)})
        for s, e in zip(fit.segments, spread, strict=True)
    )
    t_err = float(np.std(transitions, ddof=1)) if len(transitions) > 1 else None
    return ArrheniusFit(
        **{
            **fit.__dict__,
            "segments": segments,
            "n_bootstrap": len(energies),
            "transition_err_bootstrap_K": t_err,
        }
    )
