"""The choice among candidate circuits fitted to one spectrum (a step of
:func:`hydrion.experiment.eis.fit_spectrum`).

The simplest acceptable fit is kept unless a more complex one lowers the Bayesian information
criterion by more than :data:`MIN_DELTA_BIC` ("very strong" evidence in Kass & Raftery,
J. Am. Stat. Assoc. 90 (1995) 773) with its resistors determined; candidates with
non-physical parameters (:mod:`hydrion.experiment.eis_physical`) are left out by the caller.
A kept R_bulk that another circuit the BIC does not reject contradicts is flagged, and so is
one where a circuit the BIC prefers (lower by more than :data:`MIN_DELTA_BIC`), set aside only
because a resistor or inductor of it is undetermined, leaves R_bulk undetermined or gives a
different one: the kept value then rests on the choice of circuit, not on the data. A series
inductor kept by ``--inductive auto`` must lower the BIC by more than :data:`MIN_DELTA_BIC`
against the same circuit without it and be known better than ±100 %
(:func:`inductor_insignificance`). The bars below are choices of this module, not literature
values.
"""

from __future__ import annotations

import math
from dataclasses import replace

from hydrion.errors import InputError
from hydrion.experiment.eis_checks import KKResult
from hydrion.experiment.eis_circuits import element_kind
from hydrion.experiment.eis_conductivity import conductivities_of_fit
from hydrion.experiment.eis_fit import EXACT_RESIDUAL, CircuitFit
from hydrion.experiment.eis_result import EISResult
from hydrion.experiment.spectrum_readers import Spectrum

AGREEMENT_SIGMAS = 3.0  # R_bulk of equally good circuits must agree within this many σ
# a fit within this factor of the Lin-KK residual (M free RC elements, which also fit part
# of the noise) and without runs of one sign (z above NOISE_RUNS_Z) leaves only noise
NOISE_FACTOR = 2.0
NOISE_RUNS_Z = -2.0
MIN_DELTA_BIC = 10.0  # Kass & Raftery (1995): "very strong" evidence


def check_agreement(
    result: EISResult,
    best: CircuitFit,
    fits: list[CircuitFit],
    spectrum: Spectrum,
    L: float,
    A: float,
    kk: KKResult,
    Z_min: float,
) -> EISResult:
    """``result`` flagged where another circuit that the BIC does not reject against the kept
    one (higher by at most :data:`MIN_DELTA_BIC`), with its parts determined, gives an R_bulk
    more than :data:`AGREEMENT_SIGMAS` combined σ away, or where a circuit the BIC prefers
    (lower by more than :data:`MIN_DELTA_BIC`), not kept because a resistor or inductor of it
    is undetermined (:func:`choose`), leaves R_bulk ill-determined or gives one more than
    :data:`AGREEMENT_SIGMAS` combined σ away: the data do not decide R_bulk.

    Parameters
    ----------
    result : EISResult
        What ``best`` gives.
    best : CircuitFit
        The kept fit.
    fits : list of CircuitFit
        The physical candidates.
    spectrum : Spectrum
        The spectrum fitted (f in Hz, Z in Ω).
    L : float
        The pellet's thickness, cm.
    A : float
        The pellet's electrode area, cm².
    kk : KKResult
        The Kramers–Kronig test of the spectrum.
    Z_min : float
        The spectrum's smallest modulus |Z|, Ω.

    Returns
    -------
    EISResult
        ``result`` unchanged, or flagged R_bulk ill-determined (and σ_total where R_bulk is over
        a tenth of R_total) with a warning naming the disagreeing or better circuits.

    Notes
    -----
    Hydrion's own check; the BIC bar follows Kass & Raftery, J. Am. Stat. Assoc. 90 (1995) 773.
    """
    disagreeing, preferred = [], []
    for fit in fits:
        better_undetermined = fit.bic < best.bic - MIN_DELTA_BIC and not determined(fit)
        if fit is best or fit.bic > best.bic + MIN_DELTA_BIC:
            continue
        if not (determined(fit) or better_undetermined):
            continue
        try:
            other = conductivities_of_fit(fit, spectrum, L, A, kk, [], Z_min, True)
        except InputError:
            continue
        spread = math.hypot(result.R_bulk_err_ohm, other.R_bulk_err_ohm)
        differs = abs(other.R_bulk_ohm - result.R_bulk_ohm) > AGREEMENT_SIGMAS * spread
        gives = f"{fit.model.text} gives {other.R_bulk_ohm:.5g} ± {other.R_bulk_err_ohm:.2g} Ω"
        if better_undetermined and (other.R_bulk_ill_determined or differs):
            preferred.append(
                f"{gives} (BIC lower by {best.bic - fit.bic:.0f}, not kept: "
                f"{'; '.join(undetermined_reasons(fit))})"
            )
        elif not other.R_bulk_ill_determined and differs:
            disagreeing.append(gives)
    if not disagreeing and not preferred:
        return result
    notes = []
    if disagreeing:
        notes.append(
            f"R_bulk = {result.R_bulk_ohm:.5g} ± {result.R_bulk_err_ohm:.2g} Ω disagrees with "
            f"an equally good fit ({'; '.join(disagreeing)}): R_bulk ill-determined, choose "
            "the circuit (--circuit) from the physics of the cell"
        )
    if preferred:
        notes.append(
            f"R_bulk = {result.R_bulk_ohm:.5g} ± {result.R_bulk_err_ohm:.2g} Ω rests on the "
            f"choice of circuit: a better fit by the BIC ({'; '.join(preferred)}) does not "
            "determine it: R_bulk ill-determined, its error bar is that of the kept circuit "
            "only; choose the circuit (--circuit) from the physics of the cell or measure "
            "higher frequencies"
        )
    return replace(
        result,
        R_bulk_ill_determined=True,
        sigma_total_ill_determined=result.sigma_total_ill_determined
        or result.R_bulk_ohm > 0.1 * result.R_total_ohm,
        warnings=(*result.warnings, *notes),
    )


def rejection_summary(fits: list[CircuitFit], rejected: dict[str, tuple[str, ...]]) -> str:
    """The first reason each rejected circuit is not physical, on one line.

    Parameters
    ----------
    fits : list of CircuitFit
        The candidate fits, in the order they are listed.
    rejected : dict of str to tuple of str
        The reasons of :func:`hydrion.experiment.eis_physical.nonphysical_reasons` by circuit
        text (an empty tuple for a physical circuit); every fit's circuit must be a key.

    Returns
    -------
    str
        'circuit: reason' for each rejected circuit, joined by '; ' (empty where none is).
    """
    return "; ".join(
        f"{fit.model.text}: {rejected[fit.model.text][0]}"
        for fit in fits
        if rejected[fit.model.text]
    )


def at_noise_level(fit: CircuitFit, kk: KKResult) -> bool:
    """Whether a fit leaves only noise: its residual is within :data:`NOISE_FACTOR` of the
    Kramers–Kronig residual and its signs show no runs (z > :data:`NOISE_RUNS_Z`), or the fit
    is exact to floating point.

    Parameters
    ----------
    fit : CircuitFit
        The fit (relative RMS residual and runs z score).
    kk : KKResult
        The Kramers–Kronig test of the same spectrum (its relative RMS residual).

    Returns
    -------
    bool
        True where the fit leaves only noise.
    """
    exact = fit.rms**2 < 1e3 * EXACT_RESIDUAL
    return exact or (fit.rms <= NOISE_FACTOR * kk.residual_rms and fit.runs_z > NOISE_RUNS_Z)


def choose(fits: list[CircuitFit], max_relative_residual: float) -> CircuitFit | None:
    """The simplest fit with an RMS residual within ``max_relative_residual`` (of |Z|),
    replaced by a more complex one only where its BIC is lower by more than
    :data:`MIN_DELTA_BIC` and its resistors are determined.

    Parameters
    ----------
    fits : list of CircuitFit
        The candidate fits; 'simplest' is fewest parameters.
    max_relative_residual : float
        Largest acceptable RMS residual relative to |Z| (dimensionless).

    Returns
    -------
    CircuitFit or None
        The chosen fit; None where no fit is within ``max_relative_residual``.

    References
    ----------
    Kass & Raftery, J. Am. Stat. Assoc. 90 (1995) 773 (ΔBIC > 10: "very strong" evidence).
    """
    acceptable = sorted(
        (fit for fit in fits if fit.rms <= max_relative_residual), key=lambda x: x.params.size
    )
    if not acceptable:
        return None
    best = acceptable[0]
    for fit in acceptable[1:]:
        if fit.bic < best.bic - MIN_DELTA_BIC and determined(fit):
            best = fit
    return best


def determined(fit: CircuitFit) -> bool:
    """Whether every resistor and inductor of a fit is known better than ±100 %.

    Parameters
    ----------
    fit : CircuitFit
        The fit, with the standard error of each parameter.

    Returns
    -------
    bool
        True where each R and L parameter's error is smaller than its value.
    """
    return not undetermined_reasons(fit)


def undetermined_reasons(fit: CircuitFit) -> tuple[str, ...]:
    """The resistors and inductors of a fit known to ±100 % or worse, each with its value.

    Parameters
    ----------
    fit : CircuitFit
        The fit, with the standard error of each parameter.

    Returns
    -------
    tuple of str
        'R0 = 28.9 ± 3.4e+03 Ω (±11914 %) undetermined' for each such parameter (values in Ω
        or H); empty where every R and L parameter's error is smaller than its value.
    """
    reasons = []
    for name, value, error in zip(fit.model.names, fit.params, fit.errors, strict=True):
        if element_kind(name) in ("R", "L") and not error < value:
            symbol = "Ω" if element_kind(name) == "R" else "H"
            reasons.append(
                f"{name} = {value:.3g} ± {error:.2g} {symbol} "
                f"(±{100 * error / value:.0f} %) undetermined"
            )
    return tuple(reasons)


def inductor_insignificance(with_inductor: CircuitFit, without: CircuitFit) -> str | None:
    """Why the series inductor of a fit is not significant, or None where it is.

    An inductor is significant where it is known better than ±100 % and lowers the BIC by
    more than :data:`MIN_DELTA_BIC` against the same circuit without it.

    Parameters
    ----------
    with_inductor : CircuitFit
        A fit of a circuit with one series inductor (H).
    without : CircuitFit
        The fit of the same circuit without it.

    Returns
    -------
    str or None
        The inductance (H) with its error and the reason it is not significant; None where
        it is significant.

    References
    ----------
    Kass & Raftery, J. Am. Stat. Assoc. 90 (1995) 773 (ΔBIC > 10: "very strong" evidence).
    """
    name = with_inductor.model.inductors()[0]
    index = with_inductor.model.names.index(name)
    value, error = with_inductor.params[index], with_inductor.errors[index]
    described = f"{name} = {value:.2g} ± {error:.2g} H"
    if not error < value:
        return f"{described} is within its own uncertainty"
    gain = without.bic - with_inductor.bic
    if gain <= MIN_DELTA_BIC:
        return (
            f"{described} lowers the BIC by {gain:.3g} (not more than {MIN_DELTA_BIC:g}) "
            f"against {without.model.text}"
        )
    return None
