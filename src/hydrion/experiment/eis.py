"""Impedance spectra of pellets to ionic conductivity, with impedance.py equivalent circuits.

The circuit (impedance.py syntax, default ``R0-p(R1,CPE1)-CPE2``: a series resistance, one
R‖CPE arc and the blocking-electrode CPE) is evaluated by impedance.py's own element
functions; the fit is a modulus-weighted least-squares in scaled parameters (logarithms of
the positive ones) from several starting points, because a single linear-space start (as in
``CustomCircuit.fit``) can stop short of the optimum when parameters span 15 decades.

Each R‖CPE arc gets an effective capacitance (Hsu & Mansfeld, Corrosion 57 (2001) 747:
C = (Q·R^(1−α))^(1/α)) that, normalised to the pellet's cell constant, says whether the
arc is bulk, grain boundary or an interface (classes in ``transport/data``). When no arc is
bulk (its relaxation lies above the measured frequencies, as in fast conductors), the
series resistance is the bulk resistance. σ = L/(R·A).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from scipy.optimize import least_squares

from hydrion.errors import InputError
from hydrion.experiment.readers import Spectrum
from hydrion.transport.arrhenius import check_positive

DEFAULT_CIRCUIT = "R0-p(R1,CPE1)-CPE2"
MAX_RELATIVE_RESIDUAL = 0.05  # fit-quality bar (not a literature value): 5 % of |Z| RMS
SPAN_DECADES = 8.0
_EXACT = 1e-20  # squared relative residual at which a fit matches to rounding
_ARC = re.compile(r"p\((R\d+),((?:CPE|C)\d+)\)")


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


def classify_capacitance(capacitance_F: float, thickness_cm: float, area_cm2: float) -> str:
    """'bulk', 'grain_boundary', ... from C·L/A in F/cm (Irvine et al. 1990)."""
    normalised = capacitance_F * thickness_cm / area_cm2
    classes, _ = capacitance_classes()
    return next(c.name for c in classes if normalised <= c.max_F_per_cm)


class Circuit:
    """An impedance.py circuit string compiled once for fast evaluation."""

    _SENTINEL = "7.{:04d}1e+298"

    def __init__(self, circuit: str):
        from impedance.models.circuits import CustomCircuit
        from impedance.models.circuits.elements import circuit_elements
        from impedance.models.circuits.fitting import buildCircuit, calculateCircuitLength

        self.text = circuit.replace(" ", "")
        try:
            length = calculateCircuitLength(self.text)
            names, units = CustomCircuit(self.text, initial_guess=[1.0] * length).get_param_names()
            sentinels = [float(self._SENTINEL.format(i)) for i in range(len(names))]
            expression, count = buildCircuit(
                self.text, [1.5e-299], *sentinels, constants={}, eval_string="", index=0
            )
        except Exception as exc:  # impedance.py raises assorted errors on bad strings
            raise InputError(f"cannot read circuit {circuit!r} ({type(exc).__name__})") from None
        if count != len(names):
            raise InputError(f"cannot read circuit {circuit!r}")
        expression = expression.replace(str([1.5e-299]), "F")
        for index, value in enumerate(sentinels):
            expression = expression.replace(repr(value), f"P[{index}]")
        self.names: tuple[str, ...] = tuple(names)
        self.units: tuple[str, ...] = tuple(units)
        self._code = compile(expression, "<circuit>", "eval")
        self._elements = dict(circuit_elements)

    def __call__(self, parameters, frequency_Hz: np.ndarray) -> np.ndarray:
        """Complex impedance in Ω."""
        values = eval(self._code, self._elements, {"P": list(parameters), "F": frequency_Hz})
        return np.asarray(values, dtype=complex)

    @property
    def exponent_mask(self) -> np.ndarray:
        """True for dimensionless exponents (CPE α), fitted linearly in [0, 1]."""
        return np.array([unit == "" for unit in self.units])

    def arcs(self) -> list[tuple[str, str]]:
        """(resistor, capacitive element) names of every parallel R‖CPE or R‖C pair."""
        return _ARC.findall(self.text)

    def series_resistors(self) -> list[str]:
        """Resistors outside any parallel group."""
        depth, names, token = 0, [], ""
        for char in self.text + "-":
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            if depth == 0 and char == "-":
                if re.fullmatch(r"R\d+", token):
                    names.append(token)
                token = ""
            elif depth == 0 and char not in "()":
                token += char
            else:
                token = ""
        return names


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
class EISResult:
    """Fitted circuit and the conductivities it gives (σ in S/cm, 1σ errors from the fit)."""

    circuit: str
    parameters: dict[str, float]
    errors: dict[str, float]
    units: dict[str, str]
    arcs: tuple[Arc, ...]
    R_bulk_ohm: float
    R_total_ohm: float
    sigma_bulk_S_per_cm: float
    sigma_bulk_err_S_per_cm: float
    sigma_total_S_per_cm: float
    sigma_total_err_S_per_cm: float
    thickness_cm: float
    area_cm2: float
    relative_residual: float
    temperature_K: float | None = None
    source: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

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
            "temperature_K": self.temperature_K,
            "circuit": self.circuit,
            "parameters": {
                k: {"value": v, "err": self.errors[k], "unit": self.units[k]}
                for k, v in self.parameters.items()
            },
            "arcs": [a.__dict__ for a in self.arcs],
            "R_bulk_ohm": self.R_bulk_ohm,
            "R_total_ohm": self.R_total_ohm,
            "sigma_bulk_S_per_cm": self.sigma_bulk_S_per_cm,
            "sigma_bulk_err_S_per_cm": self.sigma_bulk_err_S_per_cm,
            "sigma_total_S_per_cm": self.sigma_total_S_per_cm,
            "sigma_total_err_S_per_cm": self.sigma_total_err_S_per_cm,
            "thickness_cm": self.thickness_cm,
            "area_cm2": self.area_cm2,
            "relative_residual": self.relative_residual,
            "warnings": list(self.warnings),
        }


def effective_capacitance_F(Q: float, alpha: float, R_ohm: float) -> float:
    """Capacitance of an R‖CPE arc, C = (Q·R^(1−α))^(1/α) (Hsu & Mansfeld 2001)."""
    return (Q * R_ohm ** (1.0 - alpha)) ** (1.0 / alpha)


def _valley(Z: np.ndarray) -> int:
    """Index (frequencies decreasing) of the foot between the arcs and the electrode spike.

    The most resistive local minimum of −Z'' if there is one, else the most resistive point.
    """
    height, phase = -Z.imag, np.abs(np.angle(Z))
    inner = np.arange(1, Z.size - 1)
    minima = inner[(height[inner] <= height[inner - 1]) & (height[inner] <= height[inner + 1])]
    candidates = minima if minima.size else np.arange(Z.size)
    return int(candidates[np.argmin(phase[candidates])])


def _starting_points(circuit: Circuit, spectrum: Spectrum, n_starts: int) -> list[np.ndarray]:
    """Physically guided starts: arcs at the apex of −Z'' and spread over the decades."""
    f, Z = spectrum.frequency_Hz, spectrum.impedance_ohm
    series = circuit.series_resistors()
    arcs = circuit.arcs()
    valley = _valley(Z)
    r_low = float(np.max(Z.real))
    r_high = max(float(Z.real[0]), 1e-6 * float(np.max(np.abs(Z))))
    r_arcs = max(float(Z.real[valley]) - r_high, 1e-3 * r_low) / max(len(arcs), 1)
    apex = float(f[int(np.argmax(-Z.imag[: valley + 1]))])
    decades = np.logspace(np.log10(f.min()), np.log10(f.max()), max(n_starts, 2))
    apex_choices = [apex, *decades[::-1]][:n_starts]
    f_low = float(f[-1])
    z_low = max(abs(float(Z.imag[-1])), 1e-12)
    starts = []
    for choice in apex_choices:
        guess = {}
        for position, (resistor, capacitor) in enumerate(arcs):
            guess[resistor] = r_arcs
            f_arc = choice / 10 ** (2 * position)
            guess[f"{capacitor}_0" if capacitor.startswith("CPE") else capacitor] = 1.0 / (
                2 * math.pi * f_arc * r_arcs
            )
            guess[f"{capacitor}_1"] = 0.9
        for resistor in series:
            guess[resistor] = r_high
        point = []
        for name, unit in zip(circuit.names, circuit.units, strict=True):
            if name in guess:
                point.append(guess[name])
            elif unit == "":
                point.append(0.8)
            elif unit.startswith("Ohm^-1") or unit == "F":
                point.append(1.0 / (2 * math.pi * f_low * z_low))
            else:
                point.append(r_low)
        starts.append(np.array(point, dtype=float))
    return starts


def fit_spectrum(
    spectrum: Spectrum,
    thickness_cm: float,
    area_cm2: float,
    circuit: str = DEFAULT_CIRCUIT,
    n_starts: int = 4,
    max_relative_residual: float = MAX_RELATIVE_RESIDUAL,
) -> EISResult:
    """Fit ``circuit`` to ``spectrum`` and return R and σ = L/(R·A) (L in cm, A in cm²)."""
    L = float(check_positive(thickness_cm, "pellet thickness (cm)"))
    A = float(check_positive(area_cm2, "electrode area (cm²)"))
    model = Circuit(circuit)
    f, Z = spectrum.frequency_Hz, spectrum.impedance_ohm
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
    for start in _starting_points(model, spectrum, n_starts):
        u0 = np.where(exponent, np.clip(start, 0.01, 0.99), np.log(np.maximum(start, 1e-300)))
        # positive parameters may move SPAN_DECADES either way from their start: a poorly
        # determined one (a tiny series R) then stops at a bound instead of crawling to 0
        span = SPAN_DECADES * math.log(10)
        lower = np.where(exponent, 0.0, u0 - span)
        upper = np.where(exponent, 1.0, u0 + span)
        try:
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
    rms = math.sqrt(2 * best.cost / f.size) if best is not None else math.inf
    if best is None or not rms <= max_relative_residual:
        raise InputError(
            f"{_name(spectrum)} cannot be fitted with {model.text} "
            f"(residual {100 * rms:.0f} % of |Z|); check the file or pass another circuit"
        )
    params = to_params(best.x)
    errors = _parameter_errors(best, params, exponent, f.size)
    return _conductivities(model, spectrum, params, errors, L, A, rms)


def _name(spectrum: Spectrum) -> str:
    return spectrum.source.rsplit("/", 1)[-1] or "the spectrum"


def _parameter_errors(result, params, exponent, n_points: int) -> np.ndarray:
    """1σ errors from the Jacobian in scaled parameters (relative for log-scaled ones)."""
    dof = max(2 * n_points - params.size, 1)
    variance = 2 * result.cost / dof
    covariance = np.linalg.pinv(result.jac.T @ result.jac) * variance
    scaled = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    return np.where(exponent, scaled, params * scaled)


def _conductivities(model: Circuit, spectrum, params, errors, L, A, rms) -> EISResult:
    values = dict(zip(model.names, params.tolist(), strict=True))
    errs = dict(zip(model.names, errors.tolist(), strict=True))
    arcs = []
    for resistor, capacitor in model.arcs():
        R = values[resistor]
        if capacitor.startswith("CPE"):
            C = effective_capacitance_F(values[f"{capacitor}_0"], values[f"{capacitor}_1"], R)
        else:
            C = values[capacitor]
        arcs.append(
            Arc(resistor, capacitor, R, errs[resistor], C, C * L / A, classify_capacitance(C, L, A))
        )
    warnings = list(spectrum.notes)
    series = model.series_resistors()
    R_series = sum(values[name] for name in series)
    R_series_err = math.sqrt(sum(errs[name] ** 2 for name in series))
    bulk = [a for a in arcs if a.assignment == "bulk"]
    electrolyte = [a for a in arcs if a.assignment in ("bulk", "grain_boundary")]
    if bulk:
        R_bulk = sum(a.R_ohm for a in bulk)
        R_bulk_err = math.sqrt(sum(a.R_err_ohm**2 for a in bulk))
    else:
        if not series:
            raise InputError(
                f"{model.text} has no bulk arc and no series resistance: "
                "cannot tell the bulk resistance"
            )
        R_bulk, R_bulk_err = R_series, R_series_err
        warnings.append(
            "no arc with a bulk capacitance: the series resistance is taken as bulk "
            "(its arc lies above the measured frequencies)"
        )
    R_total = R_series + sum(a.R_ohm for a in electrolyte)
    R_total_err = math.sqrt(R_series_err**2 + sum(a.R_err_ohm**2 for a in electrolyte))
    for arc in arcs:
        if arc.assignment not in ("bulk", "grain_boundary"):
            warnings.append(
                f"arc {arc.resistor} ({arc.C_eff_F:.1e} F) looks like an "
                f"{arc.assignment.replace('_', ' ')}; not counted in σ"
            )
    sigma_bulk, sigma_total = L / (R_bulk * A), L / (R_total * A)
    return EISResult(
        circuit=model.text,
        parameters=values,
        errors=errs,
        units=dict(zip(model.names, model.units, strict=True)),
        arcs=tuple(arcs),
        R_bulk_ohm=R_bulk,
        R_total_ohm=R_total,
        sigma_bulk_S_per_cm=sigma_bulk,
        sigma_bulk_err_S_per_cm=sigma_bulk * R_bulk_err / R_bulk,
        sigma_total_S_per_cm=sigma_total,
        sigma_total_err_S_per_cm=sigma_total * R_total_err / R_total,
        thickness_cm=L,
        area_cm2=A,
        relative_residual=rms,
        temperature_K=spectrum.temperature_K,
        source=spectrum.source,
        warnings=tuple(warnings),
    )


def synthetic_spectrum(
    parameters,
    frequency_Hz,
    circuit: str = DEFAULT_CIRCUIT,
    noise: float = 0.0,
    seed: int = 0,
    temperature_K: float | None = None,
) -> Spectrum:
    """A spectrum of ``circuit`` with relative Gaussian ``noise`` on Z' and Z'' (for tests)."""
    f = np.asarray(frequency_Hz, dtype=float)
    Z = Circuit(circuit)(parameters, f)
    if noise:
        rng = np.random.default_rng(seed)
        Z = Z + noise * np.abs(Z) * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    return Spectrum(f, Z, "synthetic", temperature_K)
