"""Impedance spectra of pellets to ionic conductivity, with impedance.py equivalent circuits.

Circuits (impedance.py syntax, :mod:`hydrion.experiment.eis_circuits`) are evaluated by
impedance.py's own element functions; the fit is a modulus-weighted least-squares in scaled
parameters (logarithms of the positive ones) from several physically guided starting points,
because a single linear-space start (as in ``CustomCircuit.fit``) can stop short of the
optimum when parameters span 15 decades. Without a circuit from the user, one and two
R‖CPE arcs and two ideal arcs with a Warburg (R-p(R,C)-p(R,W)-C), with and without a lead
inductance, are compared by the Bayesian information
criterion (a more complex circuit must lower it by more than 10, "very strong" evidence in
Kass & Raftery, J. Am. Stat. Assoc. 90 (1995) 773). Each fit is reported with its parameter
errors, the Kramers–Kronig test of the spectrum and a runs test of its residuals; an R_bulk
that the fit cannot separate (large error, at a bound, negligible against |Z|, or another
circuit the BIC does not reject giving a different one) is flagged, and so is a σ_total
resting on it.

Each R‖CPE arc gets an effective capacitance (Hsu & Mansfeld, Corrosion 57 (2001) 747:
C = (Q·R^(1−α))^(1/α)) that, normalised to the pellet's cell constant, says whether the
arc is bulk, grain boundary or an interface (classes in ``transport/data``). When no arc is
bulk (its relaxation lies above the measured frequencies, as in fast conductors), the
series resistance is the bulk resistance. σ = L/(R·A).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from scipy.optimize import least_squares

from hydrion.errors import InputError
from hydrion.experiment.eis_checks import KKResult, kramers_kronig, runs_z
from hydrion.experiment.eis_circuits import (
    Circuit,
    element_kind,
    inductive_points,
    starting_points,
    with_series_inductor,
)
from hydrion.experiment.spectrum_readers import MIN_SPECTRUM_POINTS, Spectrum
from hydrion.transport.arrhenius import check_positive
from hydrion.units import as_kelvin, as_magnitude

DEFAULT_CIRCUIT = "R0-p(R1,CPE1)-CPE2"
# two arcs with ideal capacitors and a Warburg (R-p(R,C)-p(R,W)-C): fewer parameters than
# the two-CPE circuit, so on a spectrum of that shape its R is not traded against CPE
# exponents fitting rounding noise (pyimpspec's test spectrum, R0 = 100 Ω)
CANDIDATE_CIRCUITS = (
    DEFAULT_CIRCUIT,
    "R0-p(R1,C1)-p(R2,W1)-C2",
    "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
)
AGREEMENT_SIGMAS = 3.0  # R_bulk of equally good circuits must agree within this many σ
NEGLIGIBLE_R = 1e-3  # an R_bulk below this fraction of the smallest |Z| is not measured
INDUCTIVE_MODES = ("auto", "model", "drop", "keep")
# fit-quality bars (choices of this module, not literature values):
MAX_RELATIVE_RESIDUAL = 0.05  # accepted RMS residual relative to |Z|
ILL_DETERMINED = 0.10  # relative 1σ error of R_bulk above which it is flagged
MIN_ARC_ALPHA = 0.6  # an arc CPE flatter than this merges processes
RUNS_Z_LIMIT = -3.0  # runs-test z below which residuals are structured
STRUCTURE_FLOOR = 0.005  # structured residuals smaller than 0.5 % of |Z| are not flagged
# a residual this many times the Lin-KK one, and above 2 % of |Z| (a misfit seen by eye on
# a Nyquist plot), misses a feature even where too few points show runs of one sign
MISFIT_FACTOR = 5.0
MISFIT_FLOOR = 0.02
# a fit within this factor of the Lin-KK residual (M free RC elements, which also fit part
# of the noise) and without runs of one sign (z above NOISE_RUNS_Z) leaves only noise
NOISE_FACTOR = 2.0
NOISE_RUNS_Z = -2.0
MIN_DELTA_BIC = 10.0  # Kass & Raftery (1995): "very strong" evidence
SPAN_DECADES = 8.0
_EXACT = 1e-20  # squared relative residual at which a fit matches to rounding


@dataclass(frozen=True)
class CapacitanceClass:
    name: str
    max_F_per_cm: float


@lru_cache(maxsize=1)
def capacitance_classes() -> tuple[tuple[CapacitanceClass, ...], dict]:
    """The arc classes by normalised capacitance and their source."""
    text = resources.files("hydrion.transport.data").joinpath("capacitance_classes.yaml")
    data = yaml.safe_load(text.read_text(encoding="utf-8"))
    classes = tuple(CapacitanceClass(c["name"], float(c["max_F_per_cm"])) for c in data["classes"])
    return classes, data["source"]


def classify_capacitance(capacitance_F, thickness_cm, area_cm2) -> str:
    """'bulk', 'grain_boundary', ... from C·L/A in F/cm (Irvine et al. 1990).

    ``capacitance_F`` (F), ``thickness_cm`` (cm) and ``area_cm2`` (cm²) are numbers in those
    units or pint Quantities in any unit of the same dimension. Raises UnitError for a wrong
    dimension and a non-positive thickness or area.
    """
    capacitance = as_magnitude(capacitance_F, "F", "capacitance_F")
    thickness = as_magnitude(thickness_cm, "cm", "thickness_cm", positive=True)
    normalised = (
        capacitance * thickness / as_magnitude(area_cm2, "cm**2", "area_cm2", positive=True)
    )
    classes, _ = capacitance_classes()
    return next(c.name for c in classes if normalised <= c.max_F_per_cm)


@dataclass(frozen=True)
class Arc:
    """One R‖CPE arc: resistance (Ω), effective capacitance (F) and what it is."""

    resistor: str
    capacitor: str
    R_ohm: float
    R_err_ohm: float
    C_eff_F: float
    C_normalised_F_per_cm: float
    assignment: str


@dataclass(frozen=True)
class Candidate:
    """A circuit tried on the spectrum: its residual (RMS relative to |Z|) and BIC."""

    circuit: str
    relative_residual: float
    bic: float
    runs_z: float


@dataclass(frozen=True)
class EISResult:
    """Fitted circuit and the conductivities it gives (σ in S/cm, 1σ errors from the fit).

    ``R_bulk_ill_determined`` is True when R_bulk's relative error exceeds
    :data:`ILL_DETERMINED` or a check (structured residuals, a merged arc, a failed
    Kramers–Kronig test, R_bulk at a fit bound or negligible against |Z|, an equally good
    circuit with a different R_bulk) says the fit cannot separate it; σ_bulk is then not a
    clean value. ``sigma_total_ill_determined`` is True when the whole fit is unreliable or
    the ill-determined R_bulk is more than a tenth of R_total.
    """

    circuit: str
    parameters: dict[str, float]
    errors: dict[str, float]
    units: dict[str, str]
    arcs: tuple[Arc, ...]
    R_bulk_ohm: float
    R_bulk_err_ohm: float
    R_total_ohm: float
    sigma_bulk_S_per_cm: float
    sigma_bulk_err_S_per_cm: float
    sigma_total_S_per_cm: float
    sigma_total_err_S_per_cm: float
    thickness_cm: float
    area_cm2: float
    relative_residual: float
    R_bulk_ill_determined: bool = False
    sigma_total_ill_determined: bool = False
    kk: KKResult | None = None
    candidates: tuple[Candidate, ...] = ()
    frequency_range_Hz: tuple[float, float] = (math.nan, math.nan)
    points_used: int = 0
    points_dropped: int = 0
    temperature_K: float | None = None
    source: str = ""
    label: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        base = self.source.rsplit("/", 1)[-1] or "the spectrum"
        return f"{base} ({self.label})" if self.label else base

    def predict(self, frequency_Hz) -> np.ndarray:
        """Impedance of the fitted circuit in Ω."""
        return Circuit(self.circuit)(list(self.parameters.values()), np.asarray(frequency_Hz))

    def impedance_py_circuit(self):
        """The fit as an impedance.py ``CustomCircuit`` (for its plots and predictions)."""
        from impedance.models.circuits import CustomCircuit

        model = CustomCircuit(self.circuit, initial_guess=list(self.parameters.values()))
        model.parameters_ = np.array(list(self.parameters.values()))
        model.conf_ = np.array(list(self.errors.values()))
        return model

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "label": self.label,
            "temperature_K": self.temperature_K,
            "circuit": self.circuit,
            "parameters": {
                k: {"value": v, "err": self.errors[k], "unit": self.units[k]}
                for k, v in self.parameters.items()
            },
            "arcs": [a.__dict__ for a in self.arcs],
            "R_bulk_ohm": self.R_bulk_ohm,
            "R_bulk_err_ohm": self.R_bulk_err_ohm,
            "R_bulk_ill_determined": self.R_bulk_ill_determined,
            "sigma_total_ill_determined": self.sigma_total_ill_determined,
            "R_total_ohm": self.R_total_ohm,
            "sigma_bulk_S_per_cm": self.sigma_bulk_S_per_cm,
            "sigma_bulk_err_S_per_cm": self.sigma_bulk_err_S_per_cm,
            "sigma_total_S_per_cm": self.sigma_total_S_per_cm,
            "sigma_total_err_S_per_cm": self.sigma_total_err_S_per_cm,
            "thickness_cm": self.thickness_cm,
            "area_cm2": self.area_cm2,
            "relative_residual": self.relative_residual,
            "kramers_kronig": self.kk.to_dict() if self.kk else None,
            "candidates": [c.__dict__ for c in self.candidates],
            "frequency_range_Hz": list(self.frequency_range_Hz),
            "points_used": self.points_used,
            "points_dropped": self.points_dropped,
            "warnings": list(self.warnings),
        }


def effective_capacitance_F(Q, alpha: float, R_ohm) -> float:
    """Capacitance (F) of an R‖CPE arc, C = (Q·R^(1−α))^(1/α) (Hsu & Mansfeld 2001).

    ``Q`` is the CPE coefficient in S·s^α (F·s^(α−1)), ``alpha`` its exponent (0–1] and
    ``R_ohm`` the arc's resistance (Ω); Q and R may be pint Quantities of those dimensions.
    Raises UnitError for a wrong dimension.
    """
    Q = as_magnitude(Q, f"S*s**{float(alpha)!r}", "Q")
    R_ohm = as_magnitude(R_ohm, "ohm", "R_ohm")
    return (Q * R_ohm ** (1.0 - alpha)) ** (1.0 / alpha)


@dataclass(frozen=True)
class _Fit:
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
    variance = max(float(np.mean(weighted_residuals**2)), _EXACT)
    return n * math.log(variance) + k * math.log(n)


def _fit_circuit(model: Circuit, f: np.ndarray, Z: np.ndarray, n_starts: int) -> _Fit | None:
    """Modulus-weighted least squares from several starts; None if no start converges."""
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
    for start in starting_points(model, f, Z, n_starts):
        u0 = np.where(exponent, np.clip(start, 0.01, 0.99), np.log(np.maximum(start, 1e-300)))
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
        if agreeing >= 2 or 2 * best.cost / f.size < _EXACT:
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
    return _Fit(model, params, errors, rms, _bic(vector, params.size), runs, pinned)


def _parameter_errors(result, params, exponent, n_points: int) -> np.ndarray:
    """1σ errors from the Jacobian in scaled parameters (relative for log-scaled ones)."""
    dof = max(2 * n_points - params.size, 1)
    variance = 2 * result.cost / dof
    covariance = np.linalg.pinv(result.jac.T @ result.jac) * variance
    scaled = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    return np.where(exponent, scaled, params * scaled)


def _crop(spectrum: Spectrum, f_min_Hz, f_max_Hz) -> tuple[np.ndarray, np.ndarray, list[str]]:
    f, Z = spectrum.frequency_Hz, spectrum.impedance_ohm
    keep = np.ones(f.size, bool)
    if f_min_Hz is not None:
        keep &= f >= float(check_positive(f_min_Hz, "--fmin (Hz)"))
    if f_max_Hz is not None:
        keep &= f <= float(check_positive(f_max_Hz, "--fmax (Hz)"))
    notes = []
    if not keep.all():
        notes.append(f"{int((~keep).sum())} point(s) outside the chosen frequency range left out")
    if keep.sum() < MIN_SPECTRUM_POINTS:
        raise InputError(
            f"{spectrum.name}: {int(keep.sum())} point(s) left between --fmin and --fmax; "
            f"a fit needs at least {MIN_SPECTRUM_POINTS}"
        )
    return f[keep], Z[keep], notes


def fit_spectrum(
    spectrum: Spectrum,
    thickness_cm: float,
    area_cm2: float,
    circuit: str | None = None,
    *,
    f_min_Hz: float | None = None,
    f_max_Hz: float | None = None,
    inductive: str = "auto",
    n_starts: int = 4,
    max_relative_residual: float = MAX_RELATIVE_RESIDUAL,
) -> EISResult:
    """Fit an equivalent circuit to ``spectrum`` and return R and σ = L/(R·A).

    Parameters
    ----------
    spectrum: f in Hz, Z in Ω.
    thickness_cm, area_cm2: pellet thickness L (cm) and electrode area A (cm²), or pint
        Quantities in any length and area unit.
    circuit: impedance.py circuit string. None (default) tries one and two R‖CPE arcs with a
        blocking-electrode CPE and R-p(R,C)-p(R,W)-C, each with and without a series lead
        inductance, and keeps the
        simplest one that the BIC does not reject (see :data:`CANDIDATE_CIRCUITS`).
    f_min_Hz, f_max_Hz: frequency range to fit (Hz, or frequency Quantities).
    inductive: points with Z″ > 0 at the top of the spectrum (lead inductance): 'model' adds
        a series inductor L0 and keeps them, 'drop' leaves them out, 'keep' fits them as they
        are, 'auto' models them with the default circuits, keeps them for a circuit with an
        inductor and drops them otherwise.
    n_starts: starting points per circuit.
    max_relative_residual: largest accepted RMS residual relative to |Z|.

    Returns an :class:`EISResult` with 1σ parameter errors, the Kramers–Kronig test of the
    fitted points and the candidates compared.

    Raises InputError (a subclass of HydrionError) for a bad geometry, option or circuit
    and when no circuit fits within ``max_relative_residual``; UnitError (an InputError)
    names the argument given in a wrong dimension.
    """
    L = float(
        check_positive(as_magnitude(thickness_cm, "cm", "thickness_cm"), "pellet thickness (cm)")
    )
    A = float(check_positive(as_magnitude(area_cm2, "cm**2", "area_cm2"), "electrode area (cm²)"))
    if f_min_Hz is not None:
        f_min_Hz = as_magnitude(f_min_Hz, "Hz", "f_min_Hz")
    if f_max_Hz is not None:
        f_max_Hz = as_magnitude(f_max_Hz, "Hz", "f_max_Hz")
    if inductive not in INDUCTIVE_MODES:
        raise InputError(f"inductive must be one of {INDUCTIVE_MODES}, not {inductive!r}")
    f, Z, notes = _crop(spectrum, f_min_Hz, f_max_Hz)
    if circuit is None:
        circuits = list(CANDIDATE_CIRCUITS)
        if inductive in ("auto", "model"):
            circuits += [with_series_inductor(c) for c in CANDIDATE_CIRCUITS]
        if inductive == "model":
            circuits = circuits[len(CANDIDATE_CIRCUITS) :]
    else:
        circuits = [with_series_inductor(circuit) if inductive == "model" else circuit]
    has_inductor = all(Circuit(c).inductors() for c in circuits)
    top = inductive_points(Z)
    if top and (inductive == "drop" or (inductive == "auto" and circuit and not has_inductor)):
        f, Z = f[top:], Z[top:]
        hint = "; --inductive model fits them with a series inductor" if inductive == "auto" else ""
        notes.append(f"{top} high-frequency point(s) with Z'' > 0 (lead inductance) left out{hint}")
        if f.size < MIN_SPECTRUM_POINTS:
            raise InputError(f"{spectrum.name}: too few capacitive points left to fit")
    kk = kramers_kronig(f, Z)
    fits: list[_Fit] = []
    if circuit is None:  # candidates with more parameters than frequencies are left out
        circuits = [c for c in circuits if len(Circuit(c).names) < f.size] or circuits[:1]
    for text in sorted(circuits, key=lambda c: len(Circuit(c).names)):
        if any(_at_noise_level(fit, kk) for fit in fits):
            break  # a simpler circuit already describes the data to their noise
        if fit := _fit_circuit(Circuit(text), f, Z, n_starts):
            fits.append(fit)
    best = _choose(fits, max_relative_residual)
    if best is None and inductive == "auto" and inductive_points(Z):
        # the inductive points could not be modelled: fit without them, and say so
        tried = " or ".join(fit.model.text for fit in fits) or " or ".join(circuits)
        rms = min((fit.rms for fit in fits), default=math.inf)
        result = fit_spectrum(
            spectrum,
            L,
            A,
            circuit,
            f_min_Hz=f_min_Hz,
            f_max_Hz=f_max_Hz,
            inductive="drop",
            n_starts=n_starts,
            max_relative_residual=max_relative_residual,
        )
        note = (
            f"the {inductive_points(Z)} inductive point(s) could not be fitted with a series "
            f"inductor ({tried}: residual {100 * rms:.2g} % of |Z|, above "
            f"{100 * max_relative_residual:.0f} %); fitted without them (--inductive auto)"
        )
        return replace(result, warnings=(note, *result.warnings))
    if best is None:
        rms = min((fit.rms for fit in fits), default=math.inf)
        why = (
            f"; it fails the Kramers–Kronig test ({100 * kk.residual_rms:.2g} % of |Z|): "
            "noise, drift or artefacts"
            if not kk.passed
            else ""
        )
        raise InputError(
            f"{spectrum.name} cannot be fitted with {' or '.join(circuits)} "
            f"(residual {100 * rms:.0f} % of |Z|){why}; check the file, crop it "
            "(--fmin/--fmax) or pass another circuit"
        )
    candidates = tuple(Candidate(fit.model.text, fit.rms, fit.bic, fit.runs_z) for fit in fits)
    Z_min = float(np.min(np.abs(Z)))
    result = _conductivities(best, spectrum, L, A, kk, notes, Z_min, inductive_points(Z) > 0)
    result = _check_agreement(result, best, fits, spectrum, L, A, kk, Z_min)
    return replace(
        result,
        candidates=candidates,
        frequency_range_Hz=(float(f.min()), float(f.max())),
        points_used=int(f.size),
        points_dropped=spectrum.frequency_Hz.size - int(f.size),
    )


def _check_agreement(
    result: EISResult, best: _Fit, fits: list[_Fit], spectrum, L, A, kk, Z_min: float
) -> EISResult:
    """``result`` flagged where another circuit that the BIC does not reject against the kept
    one (higher by at most :data:`MIN_DELTA_BIC`), with its parts determined, gives an R_bulk
    more than :data:`AGREEMENT_SIGMAS` combined σ away: the data do not decide R_bulk."""
    disagreeing = []
    for fit in fits:
        if fit is best or fit.bic > best.bic + MIN_DELTA_BIC or not _determined(fit):
            continue
        try:
            other = _conductivities(fit, spectrum, L, A, kk, [], Z_min, True)
        except InputError:
            continue
        if other.R_bulk_ill_determined:
            continue
        spread = math.hypot(result.R_bulk_err_ohm, other.R_bulk_err_ohm)
        if abs(other.R_bulk_ohm - result.R_bulk_ohm) > AGREEMENT_SIGMAS * spread:
            disagreeing.append(
                f"{fit.model.text} gives {other.R_bulk_ohm:.5g} ± {other.R_bulk_err_ohm:.2g} Ω"
            )
    if not disagreeing:
        return result
    note = (
        f"R_bulk = {result.R_bulk_ohm:.5g} ± {result.R_bulk_err_ohm:.2g} Ω disagrees with an "
        f"equally good fit ({'; '.join(disagreeing)}): R_bulk ill-determined, choose the "
        "circuit (--circuit) from the physics of the cell"
    )
    return replace(
        result,
        R_bulk_ill_determined=True,
        sigma_total_ill_determined=result.sigma_total_ill_determined
        or result.R_bulk_ohm > 0.1 * result.R_total_ohm,
        warnings=(*result.warnings, note),
    )


def _at_noise_level(fit: _Fit, kk: KKResult) -> bool:
    """Whether a fit leaves only noise: its residual is within :data:`NOISE_FACTOR` of the
    Kramers–Kronig residual and its signs show no runs (z > :data:`NOISE_RUNS_Z`)."""
    exact = fit.rms**2 < 1e3 * _EXACT
    return exact or (fit.rms <= NOISE_FACTOR * kk.residual_rms and fit.runs_z > NOISE_RUNS_Z)


def _choose(fits: list[_Fit], max_relative_residual: float) -> _Fit | None:
    """The simplest acceptable fit, replaced by a more complex one only where its BIC is
    lower by more than :data:`MIN_DELTA_BIC` and its extra parts are determined."""
    acceptable = sorted(
        (fit for fit in fits if fit.rms <= max_relative_residual), key=lambda x: x.params.size
    )
    if not acceptable:
        return None
    best = acceptable[0]
    for fit in acceptable[1:]:
        if fit.bic < best.bic - MIN_DELTA_BIC and _determined(fit):
            best = fit
    return best


def _determined(fit: _Fit) -> bool:
    """Whether every resistor and inductor of a fit is known better than ±100 %."""
    for name, value, error in zip(fit.model.names, fit.params, fit.errors, strict=True):
        if element_kind(name) in ("R", "L") and not error < value:
            return False
    return True


def _conductivities(
    fit: _Fit,
    spectrum: Spectrum,
    L,
    A,
    kk: KKResult,
    notes,
    Z_min_ohm: float,
    inductive_fitted: bool,
) -> EISResult:
    model = fit.model
    values = dict(zip(model.names, fit.params.tolist(), strict=True))
    errs = dict(zip(model.names, fit.errors.tolist(), strict=True))
    arcs = []
    warnings = [*spectrum.notes, *notes]
    ill = False
    for resistor, capacitor in model.arcs():
        R = values[resistor]
        if capacitor.startswith("CPE"):
            alpha = values[f"{capacitor}_1"]
            C = effective_capacitance_F(values[f"{capacitor}_0"], alpha, R)
            if alpha < MIN_ARC_ALPHA and classify_capacitance(C, L, A) == "bulk":
                ill = True
                warnings.append(
                    f"{capacitor} has α = {alpha:.2f}: a flattened arc that probably holds two "
                    "processes; R_bulk is not separated (try a two-arc circuit)"
                )
        else:
            C = values[capacitor]
        arcs.append(
            Arc(resistor, capacitor, R, errs[resistor], C, C * L / A, classify_capacitance(C, L, A))
        )
    series = model.series_resistors()
    R_series = sum(values[name] for name in series)
    R_series_err = math.sqrt(sum(errs[name] ** 2 for name in series))
    bulk = [a for a in arcs if a.assignment == "bulk"]
    electrolyte = [a for a in arcs if a.assignment in ("bulk", "grain_boundary")]
    if bulk:
        R_bulk = sum(a.R_ohm for a in bulk)
        R_bulk_err = math.sqrt(sum(a.R_err_ohm**2 for a in bulk))
        bulk_resistors = [a.resistor for a in bulk]
    else:
        if not series:
            raise InputError(
                f"{model.text} has no bulk arc and no series resistance: "
                "cannot tell the bulk resistance"
            )
        R_bulk, R_bulk_err, bulk_resistors = R_series, R_series_err, series
        warnings.append(
            "no arc with a bulk capacitance: the series resistance is taken as bulk "
            "(its arc lies above the measured frequencies)"
        )
    R_total = R_series + sum(a.R_ohm for a in electrolyte)
    R_total_err = math.sqrt(R_series_err**2 + sum(a.R_err_ohm**2 for a in electrolyte))
    for arc in arcs:
        if arc.assignment not in ("bulk", "grain_boundary"):
            warnings.append(
                f"arc {arc.resistor} ({arc.C_eff_F:.1e} F) looks like "
                f"{_article(arc.assignment)}; not counted in σ"
            )
    for name in model.inductors():
        warnings.append(
            f"lead inductance {name} = {values[name]:.2g} H fitted in series"
            if inductive_fitted
            else f"{name} = {values[name]:.2g} H fitted to the capacitive points only (no point "
            "with Z'' > 0 among those fitted): not a measured lead inductance"
        )
    whole_fit_ill = False
    pinned = [name for name in bulk_resistors if name in fit.at_bound]
    if pinned or R_bulk < NEGLIGIBLE_R * Z_min_ohm:
        ill = True
        why = (
            f"{', '.join(pinned)} stopped at the fit's bound"
            if pinned
            else f"below {NEGLIGIBLE_R:g} of the smallest |Z| ({Z_min_ohm:.3g} Ω)"
        )
        warnings.append(
            f"R_bulk = {R_bulk:.3g} Ω is not determined by the data ({why}): its error bar "
            "means nothing; measure or keep higher frequencies"
        )
    if fit.rms > max(2 * kk.residual_rms, STRUCTURE_FLOOR) and (
        fit.runs_z < RUNS_Z_LIMIT or fit.rms > max(MISFIT_FACTOR * kk.residual_rms, MISFIT_FLOOR)
    ):
        ill = whole_fit_ill = True
        warnings.append(
            f"residual {100 * fit.rms:.2g} % against {100 * kk.residual_rms:.2g} % for the "
            f"Kramers–Kronig fit (runs test z = {fit.runs_z:.1f}): {model.text} misses a "
            "feature of the spectrum, so R_bulk may be wrong"
        )
    if not kk.passed:
        ill = whole_fit_ill = True
        warnings.append(
            f"fails the Kramers–Kronig test (residual {100 * kk.residual_rms:.2g} % of |Z|): "
            "drift or artefacts; no circuit value from it is reliable"
        )
    if not R_bulk_err <= ILL_DETERMINED * R_bulk:
        ill = True
        warnings.append(
            f"R_bulk = {R_bulk:.3g} ± {R_bulk_err:.2g} Ω is ill-determined "
            f"(> {100 * ILL_DETERMINED:.0f} %)"
        )
    # σ_total inherits an ill-determined R_bulk that is a sizeable part of R_total
    total_ill = whole_fit_ill or (ill and R_bulk > 0.1 * R_total)
    if ill:
        warnings.append(
            "σ_bulk is not a clean value (R_bulk ill-determined)"
            + ("; nor is σ_total, which rests on it" if total_ill else "")
        )
    sigma_bulk, sigma_total = L / (R_bulk * A), L / (R_total * A)
    return EISResult(
        circuit=model.text,
        parameters=values,
        errors=errs,
        units=dict(zip(model.names, model.units, strict=True)),
        arcs=tuple(arcs),
        R_bulk_ohm=R_bulk,
        R_bulk_err_ohm=R_bulk_err,
        R_total_ohm=R_total,
        sigma_bulk_S_per_cm=sigma_bulk,
        sigma_bulk_err_S_per_cm=sigma_bulk * R_bulk_err / R_bulk,
        sigma_total_S_per_cm=sigma_total,
        sigma_total_err_S_per_cm=sigma_total * R_total_err / R_total,
        thickness_cm=L,
        area_cm2=A,
        relative_residual=fit.rms,
        R_bulk_ill_determined=ill,
        sigma_total_ill_determined=total_ill,
        kk=kk,
        temperature_K=spectrum.temperature_K,
        source=spectrum.source,
        label=spectrum.label,
        warnings=tuple(warnings),
    )


def arrhenius_of_series(results) -> tuple[object | None, tuple[str, ...]]:
    """Arrhenius law of σ_total over a temperature series of fits, from clean values only.

    ``results`` are :class:`EISResult` with their ``temperature_K`` set. σ_total values
    flagged ill-determined are left out (an unreliable point can turn the slope over); a
    fit with an activation energy Ea ≤ 0 is flagged as unphysical for thermally activated
    ionic conduction. Returns (:class:`hydrion.transport.ArrheniusFit` or None where fewer
    clean points than :func:`hydrion.transport.fit_arrhenius` needs are left, notes).
    Raises InputError where a result has no temperature.
    """
    from hydrion.transport import fit_arrhenius
    from hydrion.transport.fitting import MIN_POINTS_PER_LINE

    if any(r.temperature_K is None for r in results):
        raise InputError("an Arrhenius fit needs the temperature of every spectrum")
    clean = [r for r in results if not r.sigma_total_ill_determined]
    notes = []
    left_out = [r for r in results if r.sigma_total_ill_determined]
    if left_out:
        names = ", ".join(f"{r.name} at {r.temperature_K - 273.15:.4g} °C" for r in left_out)
        notes.append(f"σ_total ill-determined, left out of the Arrhenius fit: {names}")
    temperatures = {r.temperature_K for r in clean}
    if len(clean) < MIN_POINTS_PER_LINE or len(temperatures) < 2:
        notes.append(
            f"no Arrhenius fit: {len(clean)} clean σ_total value(s) left, "
            f"{MIN_POINTS_PER_LINE} at two or more temperatures needed"
        )
        return None, tuple(notes)
    fit = fit_arrhenius([r.temperature_K for r in clean], [r.sigma_total_S_per_cm for r in clean])
    for segment in fit.segments:
        if not segment.Ea_eV > 0:
            notes.append(
                f"Ea = {segment.Ea_eV:.3g} eV ≤ 0: unphysical for thermally activated ionic "
                "conduction; check the temperatures given and the fits"
            )
    return fit, tuple(notes)


def _article(assignment: str) -> str:
    words = assignment.replace("_", " ")
    return ("an " if words[0] in "aeiou" else "a ") + words


def synthetic_spectrum(
    parameters,
    frequency_Hz,
    circuit: str = DEFAULT_CIRCUIT,
    noise: float = 0.0,
    seed: int = 0,
    temperature_K: float | None = None,
) -> Spectrum:
    """A spectrum of ``circuit`` with relative Gaussian ``noise`` on Z' and Z'' (for tests).

    ``frequency_Hz`` (Hz) and ``temperature_K`` (K, °C Quantities allowed) may be pint
    Quantities; ``parameters`` are in the circuit's own units (Ω, S·s^α, H).
    """
    f = np.asarray(as_magnitude(frequency_Hz, "Hz", "frequency_Hz"), dtype=float)
    if temperature_K is not None:
        temperature_K = as_kelvin(temperature_K, "temperature_K")
    Z = Circuit(circuit)(parameters, f)
    if noise:
        rng = np.random.default_rng(seed)
        Z = Z + noise * np.abs(Z) * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    return Spectrum(f, Z, "synthetic", temperature_K)
