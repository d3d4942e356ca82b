"""The least-squares fit of one equivalent circuit to a spectrum (a step of
:func:`hydrion.experiment.eis.fit_spectrum`).

Modulus-weighted least squares in scaled parameters (logarithms of the positive ones, the CPE
exponents as they are) from several physically guided starting points
(:func:`hydrion.experiment.eis_shape.starting_points`), with 1σ parameter errors from the
Jacobian, the Bayesian information criterion and a runs test of the residuals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from hydrion.errors import InputError
from hydrion.experiment.eis_checks import runs_z
from hydrion.experiment.eis_circuits import Circuit
from hydrion.experiment.eis_shape import starting_points

SPAN_DECADES = 8.0
EXACT_RESIDUAL = 1e-20  # squared relative residual at which a fit matches to rounding


@dataclass(frozen=True)
class CircuitFit:
    model: Circuit
    params: np.ndarray
    errors: np.ndarray
    rms: float
    bic: float
    runs_z: float
    at_bound: frozenset[str] = frozenset()


def _bic(weighted_residuals: np.ndarray, k: int) -> float:
    """Bayesian information criterion of a least-squares fit (Gaussian errors)."""
    n = weighted_residuals.size
    variance = max(float(np.mean(weighted_residuals**2)), EXACT_RESIDUAL)
    return n * math.log(variance) + k * math.log(n)


def fit_circuit(
    model: Circuit,
    f: np.ndarray,
    Z: np.ndarray,
    n_starts: int,
    start: np.ndarray | None = None,
) -> CircuitFit | None:
    """Modulus-weighted complex nonlinear least squares from several starts.

    Positive parameters are fitted in log space, each bounded ``SPAN_DECADES`` either way from
    its start (a poorly determined one then stops at a bound); exponents in [0, 1]. Starts are
    tried until two agree on the optimum or the data are matched to rounding.

    Parameters
    ----------
    model : Circuit
        The compiled circuit.
    f : numpy.ndarray
        Shape (n_points,), frequencies in Hz, decreasing.
    Z : numpy.ndarray
        Shape (n_points,), complex impedance in Ω.
    n_starts : int
        Most starting points tried (:func:`~hydrion.experiment.eis_shape.starting_points`).
    start : numpy.ndarray, optional
        Shape (n_parameters,): parameters (impedance.py units) tried first, e.g. a related
        circuit's optimum.

    Returns
    -------
    CircuitFit or None
        Parameters in impedance.py's units with 1σ errors (from the Jacobian), relative RMS
        residual, BIC, runs-test z and the parameters at a bound; None if no start converges.

    Raises
    ------
    hydrion.errors.InputError
        If there are no more frequencies than circuit parameters.

    Notes
    -----
    Solver: scipy.optimize.least_squares (trust-region reflective). The 1/|Z| (modulus)
    weights, the bounds and the stopping rule are hydrion's choices; BIC for Gaussian errors.
    """
    if f.size <= len(model.names):
        raise InputError(
            f"{len(model.names)} circuit parameters cannot be fitted to {f.size} frequencies"
        )
    exponent = model.exponent_mask
    weight = 1.0 / np.abs(Z)

    def to_params(u: np.ndarray) -> np.ndarray:
        return np.where(exponent, u, np.exp(np.where(exponent, 0.0, u)))

    def residuals(u: np.ndarray) -> np.ndarray:
        difference = (model(to_params(u), f) - Z) * weight
        return np.concatenate([difference.real, difference.imag])

    best, agreeing = None, 0
    span = SPAN_DECADES * math.log(10)
    starts = starting_points(model, f, Z, n_starts)
    if start is not None:
        starts = [np.asarray(start, dtype=float), *starts]
    for guess in starts:
        u0 = np.where(exponent, np.clip(guess, 0.01, 0.99), np.log(np.maximum(guess, 1e-300)))
        # positive parameters may move SPAN_DECADES either way from their start: a poorly
        # determined one (a tiny series R) then stops at a bound instead of crawling to 0
        lower = np.where(exponent, 0.0, u0 - span)
        upper = np.where(exponent, 1.0, u0 + span)
        try:
            with np.errstate(all="ignore"):
                result = least_squares(
                    residuals,
                    u0,
                    bounds=(lower, upper),
                    method="trf",
                    xtol=1e-12,
                    ftol=1e-12,
                    max_nfev=200 if best is None else 100,
                )
        except (ValueError, FloatingPointError):
            continue
        if not np.isfinite(result.cost):
            continue
        if best is not None and abs(result.cost - best.cost) <= 1e-3 * best.cost:
            agreeing += 1
        elif best is None or result.cost < best.cost:
            best, agreeing = result, 1
        if agreeing >= 2 or 2 * best.cost / f.size < EXACT_RESIDUAL:
            break  # two starts found the same optimum, or the data are matched to rounding
    if best is None:
        return None
    params = to_params(best.x)
    errors = _parameter_errors(best, params, exponent, f.size)
    vector = best.fun
    half = f.size
    # runs of one sign in either part, in frequency order
    runs = min(runs_z(vector[:half]), runs_z(vector[half:]))
    rms = math.sqrt(2 * best.cost / f.size)
    # positive parameters stopped at their SPAN_DECADES bound (exponents may reach 0 or 1)
    pinned = frozenset(
        name
        for name, active, is_exponent in zip(model.names, best.active_mask, exponent, strict=True)
        if active and not is_exponent
    )
    return CircuitFit(model, params, errors, rms, _bic(vector, params.size), runs, pinned)


def _parameter_errors(result, params, exponent, n_points: int) -> np.ndarray:
    """1σ errors from the Jacobian in scaled parameters (relative for log-scaled ones)."""
    dof = max(2 * n_points - params.size, 1)
    variance = 2 * result.cost / dof
    covariance = np.linalg.pinv(result.jac.T @ result.jac) * variance
    scaled = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    return np.where(exponent, scaled, params * scaled)
