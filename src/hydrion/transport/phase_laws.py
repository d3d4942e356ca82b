"""The Arrhenius law of one phase from its stored records (a step of
:mod:`hydrion.transport.kb_models`).

One weighted least-squares line through *all* the phase's conductivities, weighted by each
value's precision (:mod:`hydrion.transport.sigma_points`), with the reported activation energy as a
Gaussian prior on the slope; a measurement restated by several records counts once. Values that
disagree beyond their precision give no law (the reason says which); a primary source wins over
the review's restatement of it. The modelling assumptions below are hydrion's, not literature
values, and are stated in every law's basis.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass

import numpy as np

from hydrion.kb.records import ActivationEnergy
from hydrion.transport.arrhenius import (
    ArrheniusForm,
    ArrheniusLaw,
    BOLTZMANN_eV_per_K,
    inverse_kT,
    log_response,
)
from hydrion.transport.sigma_points import (
    LOG10_SIGMA_UNCERTAINTY,
    PRECISION_RANK,
    DataPoint,
    cited,
    count_text,
    kelvin,
    restatement_counts,
    source_entry,
)
from hydrion.units import ABSOLUTE_ZERO_C

ASSUMED_CONVENTION: ArrheniusForm = "sigma"


# Modelling assumptions of hydrion (not literature values), stated in every law's basis (with
# LOG10_SIGMA_UNCERTAINTY of hydrion.transport.sigma_points):
# 1σ uncertainty of a reported Ea (eV) by precision, used as the prior's width (widened by
# kT at the data when the source does not say whether it fitted σ or σT),
EA_UNCERTAINTY_eV = {"exact": 0.02, "approximate": 0.05, "order_of_magnitude": 0.15}


# the largest activation energy taken as ion conduction (eV; solid electrolytes lie well
# below, so a larger slope means the records are inconsistent or misread),
PLAUSIBLE_EA_MAX_eV = 3.0


# how far beyond its data a law is still called valid (K),
VALIDITY_MARGIN_K = 20.0


# how many standard deviations from the law make a value disagree with the others,
CONFLICT_SIGMAS = 3.0


# and the span (K) below which values count as measured at one temperature: without a reported
# Ea they give no slope (rounding to 0.1 K split 273.15 K and 273.15 K − 2e-11 K into two, and
# the 2×2 fit was singular).
ONE_TEMPERATURE_SPAN_K = 0.1


_LN_FLOAT_MAX = math.log(sys.float_info.max)


# Source kinds that report a measurement first-hand; where they and the review disagree, the
# law follows them (the review's value is listed with a warning).
PRIMARY_KINDS = ("experiment", "user")


# Record notes that say sources disagree are shown next to the value.
_CONFLICT_WORDS = re.compile(r"disagree|conflict|inconsistent", re.IGNORECASE)


@dataclass(frozen=True)
class PhaseModel:
    """The Arrhenius law of one phase, its uncertainty, validity range and the records behind it.

    ``covariance`` is the 2×2 covariance of (ln prefactor, Ea in eV); ``support_K`` the
    temperatures the data span; ``validity_K`` that span plus :data:`VALIDITY_MARGIN_K`.
    ``points`` are all stored values of the phase; a review value that disagrees with the
    primary source is listed there but left out of the law (a warning says which).
    """

    phase: str
    law: ArrheniusLaw
    Ea_err_eV: float
    covariance: tuple[tuple[float, float], tuple[float, float]]
    basis: str
    points: tuple[DataPoint, ...]
    support_K: tuple[float, float]
    validity_K: tuple[float, float]
    precision: str
    sources: tuple[dict, ...]
    warnings: tuple[str, ...] = ()
    # the precisions of the values the law rests on, and the width (eV) of its Ea prior
    # (None without one): both set the fit's error (hydrion's assumptions, see above)
    weight_precisions: tuple[str, ...] = ()
    Ea_prior_err_eV: float | None = None

    def _fit_err(self, temperature_K) -> np.ndarray:
        """1σ of log10 σ propagated through the fit's covariance (decades)."""
        x = inverse_kT(temperature_K)
        (vaa, vae), (_, vee) = self.covariance
        return np.sqrt(np.maximum(vaa - 2 * x * vae + x * x * vee, 0.0)) / math.log(10)

    def log10_sigma_err(self, temperature_K) -> np.ndarray:
        """1σ uncertainty of log10 σ of the law at ``temperature_K`` (decades).

        The statistical error of the fit is floored at the precision of the least precise
        value the law rests on: averaging restated or rounded values does not make them
        more precise than they were reported.
        """
        return np.maximum(self._fit_err(temperature_K), LOG10_SIGMA_UNCERTAINTY[self.precision])

    def uncertainty_basis(self, temperature_K: float) -> str:
        """What :meth:`log10_sigma_err` at ``temperature_K`` rests on, as the flag shown next
        to it: 'assumed: …'.

        Either way it is hydrion's assumption, not the source's: the floor is
        :data:`~hydrion.transport.sigma_points.LOG10_SIGMA_UNCERTAINTY` of the least precise
        value; the fit's error is those same per-precision uncertainties (the fit's weights,
        not the scatter of the data) and the assumed width of the Ea prior
        (:data:`EA_UNCERTAINTY_eV`), propagated to ``temperature_K``.
        """
        default = " (the precision of a value stored without one)"

        def named(precision: str) -> str:
            return f"'{precision}' values" + (default if precision == "exact" else "")

        floor = LOG10_SIGMA_UNCERTAINTY[self.precision]
        if float(self._fit_err(temperature_K)) <= floor:
            return (
                f"assumed: hydrion's uncertainty for {named(self.precision)}, not from the source"
            )
        precisions = self.weight_precisions or (self.precision,)
        prior = (
            ""
            if self.Ea_prior_err_eV is None
            else f" and its ± {self.Ea_prior_err_eV:.2g} eV on the reported Ea"
        )
        return (
            "assumed: fit error from hydrion's uncertainty for "
            + " and ".join(named(p) for p in precisions)
            + f"{prior}, not from the source"
        )


def _range_distance_K(energy: ActivationEnergy, temperatures_K: np.ndarray) -> float:
    """How far the data lie outside the temperature range an Ea was reported for (0 inside)."""
    if not temperatures_K.size:
        return 0.0
    low = -np.inf if energy.T_min_C is None else kelvin(energy.T_min_C)
    high = np.inf if energy.T_max_C is None else kelvin(energy.T_max_C)
    middle = float(np.mean(temperatures_K))
    return max(low - middle, middle - high, 0.0)


def _range_text(energy: ActivationEnergy) -> str:
    """' above 40 °C', ' 20–60 °C' or '' for the range an Ea was reported for."""
    low, high = energy.T_min_C, energy.T_max_C
    if low is not None and high is not None:
        return f" for {low:g}–{high:g} °C"
    if low is not None:
        return f" for T above {low:g} °C"
    return "" if high is None else f" for T below {high:g} °C"


def _departure_warning(
    points: list[DataPoint],
    convention: ArrheniusForm,
    Ea: float,
    Ea_err: float,
    prior: tuple[float, float],
) -> list[str]:
    """A warning where the fitted Ea departs from the reported one beyond their combined
    uncertainty, giving the Ea the stored σ values imply on their own."""
    combined = math.hypot(Ea_err, prior[1])
    if abs(Ea - prior[0]) <= combined:
        return []
    alone = _weighted_law(points, convention, None)
    implied = ""
    if not isinstance(alone, str):
        theta, covariance, _ = alone
        implied = (
            f": the stored σ values alone imply Ea = {theta[1]:.3f} ± "
            f"{math.sqrt(covariance[1, 1]):.2g} eV"
        )
    return [
        f"fitted Ea = {Ea:.3f} ± {Ea_err:.2g} eV departs from the reported {prior[0]:g} eV by "
        f"more than their combined uncertainty ({combined:.2g} eV){implied}; the law follows "
        "the stored values, not the reported Ea"
    ]


def _weighted_law(
    points: list[DataPoint], convention: ArrheniusForm, prior: tuple[float, float] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | str:
    """(ln prefactor, Ea) and their covariance from points weighted by precision and an Ea prior.

    Minimises Σ w_i (y_i − a + Ea·x_i)² + (Ea − Ea0)²/s² with y = ln σ (or ln σT), x = 1/kT,
    w_i = 1/(ln 10 · u_i)² for u_i the point's log10 uncertainty, divided by the number of
    records that restate the same measurement. Also returns the normalised residuals of the
    points (and of the prior, last).

    Returns why instead where these points do not determine both parameters: without a prior,
    values spanning less than :data:`ONE_TEMPERATURE_SPAN_K`, or a covariance that is not
    positive definite (the fit is ill-determined; every fit of a phase passes here, whatever
    subset of its values it rests on).
    """
    T = np.array([p.temperature_K for p in points])
    if prior is None and np.ptp(T) < ONE_TEMPERATURE_SPAN_K:
        return f"{len(points)} σ value(s) at one temperature and no activation energy"
    x = inverse_kT(T)
    y = log_response(T, [p.sigma_S_per_cm for p in points], convention)
    w = 1.0 / (math.log(10) * np.array([p.log10_uncertainty for p in points])) ** 2
    w_fit = w / restatement_counts(points)  # one measurement restated counts once
    design = np.stack([np.ones_like(x), -x], axis=1)
    normal = design.T @ (w_fit[:, None] * design)
    rhs = design.T @ (w_fit * y)
    if prior is not None:
        normal[1, 1] += 1.0 / prior[1] ** 2
        rhs[1] += prior[0] / prior[1] ** 2
    ill_determined = (
        f"the fit of {len(points)} σ value(s) is ill-determined (its covariance is not "
        "positive definite: the temperatures are too close together)"
    )
    try:
        covariance = np.linalg.inv(normal)
    except np.linalg.LinAlgError:
        return ill_determined
    if not (
        np.all(np.isfinite(covariance)) and covariance[0, 0] > 0 and np.linalg.det(covariance) > 0
    ):
        return ill_determined
    theta = covariance @ rhs
    residuals = (y - design @ theta) * np.sqrt(w)
    if prior is not None:
        residuals = np.append(residuals, (theta[1] - prior[0]) / prior[1])
    return theta, covariance, residuals


def _conflict(points: list[DataPoint], residuals: np.ndarray) -> str | None:
    """Why the values of a phase disagree beyond their precision, or None."""
    bad = np.abs(residuals[: len(points)]) > CONFLICT_SIGMAS
    if bad.any():
        listed = "; ".join(f"{p.source['value']}{cited(p.source)}" for p in points)
        return (
            f"the sources disagree beyond their precision ({listed}); hydrion does not average "
            "them: see `hydrion db show` for each value with its source"
        )
    if residuals.size > len(points) and abs(residuals[-1]) > CONFLICT_SIGMAS:
        return "the reported conductivities and the reported Ea disagree beyond their precision"
    return None


def phase_model(
    phase: str,
    points: list[DataPoint],
    energies: list[ActivationEnergy],
    bounds_K: tuple[float, float],
) -> tuple[PhaseModel | None, str]:
    """Build the law of one phase (inside ``bounds_K``), or return (None, why not)."""
    warnings: list[str] = []
    temperatures = np.array([p.temperature_K for p in points])
    if not points:
        if energies:
            return None, f"an activation energy ({energies[0].Ea_eV:g} eV) but no conductivity"
        return None, "no data"
    if energies:
        energy = min(
            energies,
            key=lambda e: (_range_distance_K(e, temperatures), PRECISION_RANK.get(e.precision, 9)),
        )
        convention: ArrheniusForm
        if energy.convention == "unspecified":
            convention = ASSUMED_CONVENTION
            warnings.append(
                f"the source does not say whether Ea = {energy.Ea_eV:g} eV was fitted to σ or σT; "
                "assumed σ = σ0·exp(−Ea/kT)"
            )
        else:
            convention = energy.convention
        prior_width = EA_UNCERTAINTY_eV.get(energy.precision, EA_UNCERTAINTY_eV["approximate"])
        if energy.convention == "unspecified":  # σ and σT fits of one data set differ by ~kT
            prior_width = math.hypot(prior_width, BOLTZMANN_eV_per_K * float(temperatures.mean()))
        prior = (energy.Ea_eV, prior_width)
        warnings += [
            f"Ea = {e.Ea_eV:g} eV of another temperature range is not used (no σ there)"
            for e in energies
            if e is not energy
        ]
        ea_range = [kelvin(t) for t in (energy.T_min_C, energy.T_max_C) if t is not None]
        ea_sources = [source_entry(f"Ea = {energy.Ea_eV:g} eV ({phase})", energy.source)]
        basis = (
            "{n} weighted by precision + reported Ea = "
            f"{energy.Ea_eV:g} ± {prior_width:.2g} eV{_range_text(energy)} (prior)"
        )
    else:
        convention, prior, ea_range, ea_sources = "sigma", None, [], []
        basis = "line through {n} weighted by precision (σ convention)"
    used = points  # the values the law rests on; every stored value stays listed
    fit = _weighted_law(points, convention, prior)
    if isinstance(fit, str):
        return None, fit
    theta, covariance, residuals = fit
    why = _conflict(points, residuals)
    primary = [p for p in points if p.source.get("kind") in PRIMARY_KINDS]
    if why and primary and len(primary) < len(points):
        # the primary measurement wins over the review's restatement of it; both are listed
        refit = _weighted_law(primary, convention, prior)
        if isinstance(refit, str):
            why += f"; the primary source(s) alone give no law either: {refit}"
        elif _conflict(primary, refit[2]) is None:
            theta, covariance, residuals = refit
            warnings.append(
                "the review's value(s) "
                + "; ".join(p.source["value"] for p in points if p not in primary)
                + " disagree with the primary source(s) and are left out of the law"
            )
            used, why = primary, None
            temperatures = np.array([p.temperature_K for p in used])
    if why:
        return None, why
    ln_prefactor, Ea = float(theta[0]), float(theta[1])
    Ea_err = math.sqrt(covariance[1, 1])
    if ln_prefactor > _LN_FLOAT_MAX:
        return None, (
            f"its values imply a prefactor σ0 = e^{ln_prefactor:.4g} (S/cm or S·K/cm), beyond "
            "any number hydrion can hold: check the records"
        )
    if Ea > PLAUSIBLE_EA_MAX_eV:
        return None, (
            f"its values imply Ea = {Ea:.3g} eV, not a plausible activation energy of ion "
            f"conduction (above {PLAUSIBLE_EA_MAX_eV:g} eV); check the records"
        )
    if Ea <= 0 or (prior is None and Ea_err > 0.5 * Ea):
        rough = sum(p.precision == "order_of_magnitude" for p in points)
        return None, (
            f"{len(points)} σ value(s)"
            + (f" ({rough} only to an order of magnitude)" if rough else "")
            + " and no activation energy: the slope is not determined"
            + ("" if Ea > 0 else " (σ does not increase with temperature)")
        )
    support = [*temperatures.tolist(), *ea_range]
    low, high = min(support), max(support)
    validity = (
        max(low - VALIDITY_MARGIN_K, bounds_K[0]),
        min(high + VALIDITY_MARGIN_K, bounds_K[1]),
    )
    if prior is not None:
        warnings += _departure_warning(used, convention, Ea, Ea_err, prior)
        if np.ptp(temperatures) < ONE_TEMPERATURE_SPAN_K:
            warnings.append(
                f"one σ measurement (at {temperatures[0] + ABSOLUTE_ZERO_C:g} °C): at every "
                f"other temperature σ is an extrapolation along the reported Ea = {prior[0]:g} eV"
            )
    warnings += [
        f"stored note{cited(p.source)}: {p.note}"
        for p in points
        if p.note and _CONFLICT_WORDS.search(p.note)
    ]
    precision = max((p.precision for p in used), key=PRECISION_RANK.__getitem__)
    if precision == "order_of_magnitude":
        warnings.append("rests on order-of-magnitude conductivities (±0.5 decade)")
    return (
        PhaseModel(
            phase=phase,
            law=ArrheniusLaw(Ea, math.exp(ln_prefactor), convention),
            Ea_err_eV=Ea_err,
            covariance=(
                (float(covariance[0, 0]), float(covariance[0, 1])),
                (float(covariance[1, 0]), float(covariance[1, 1])),
            ),
            basis=basis.format(n=count_text(used)),
            points=tuple(points),
            support_K=(low, high),
            validity_K=validity,
            precision=precision,
            sources=tuple([p.source for p in points] + ea_sources),
            warnings=tuple(warnings),
            weight_precisions=tuple(
                sorted({p.precision for p in used}, key=PRECISION_RANK.__getitem__)
            ),
            Ea_prior_err_eV=None if prior is None else prior[1],
        ),
        "",
    )
