"""Rate and temperature limits of a stack set by the electrolyte's conductivity σ(T).

Ohmic model (stated): the drop at current density j is ΔV = j·(ASR_sep + ASR_comp), with
ASR_sep = L_sep/σ (transport module) and, for the positive composite, the porous-electrode
ionic resistance ASR_comp = L_pos/(3·σ_eff) with σ_eff = σ·φ^b (Bruggeman; φ = electrolyte
volume fraction of the composite, b from ``cell/data/defaults.yaml``). The factor 1/3 is the
uniform-reaction limit of a porous electrode. Charge-transfer and diffusion losses are not
included: the limits are upper bounds on rate and lower bounds on temperature.
j = C-rate × areal capacity (mA/cm²).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hydrion.cell.parts import defaults
from hydrion.cell.stack import ResolvedStack
from hydrion.cell.stack_metrics import UM_PER_CM, stack_metrics
from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import Material
from hydrion.result_checks import at_least_zero, fraction, positive, shape
from hydrion.results import BoolArray, FloatArray, Result
from hydrion.transport.kb_models import conductivity_model
from hydrion.transport.limits import Reach, area_specific_resistance_ohm_cm2, reach
from hydrion.transport.sigma_model import ConductivityModel
from hydrion.transport.sigma_points import MEASURED_TOLERANCE_K
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin, as_magnitude


@dataclass(frozen=True)
class IonicPath(Result):
    """The ionic path of a stack: thicknesses (cm) and the composite's electrolyte share."""

    separator_thickness_cm: float
    positive_thickness_cm: float
    electrolyte_volume_fraction: float
    areal_capacity_mAh_per_cm2: float
    bruggeman_exponent: float

    derived = ("effective_length_cm",)

    checks = (
        fraction("electrolyte_volume_fraction", zero=False),
        at_least_zero("separator_thickness_cm", "positive_thickness_cm"),
        positive("areal_capacity_mAh_per_cm2"),
    )

    @property
    def effective_length_cm(self) -> float:
        """L_sep + L_pos/(3·φ^b): the length of dense electrolyte with the same resistance."""
        composite = self.positive_thickness_cm / (
            3.0 * self.electrolyte_volume_fraction**self.bruggeman_exponent
        )
        return self.separator_thickness_cm + composite

    def with_separator(self, thickness_cm) -> IonicPath:
        return IonicPath(
            thickness_cm,
            self.positive_thickness_cm,
            self.electrolyte_volume_fraction,
            self.areal_capacity_mAh_per_cm2,
            self.bruggeman_exponent,
        )


def ionic_path(resolved: ResolvedStack) -> IonicPath:
    """The :class:`IonicPath` of a resolved stack."""
    inputs = resolved.inputs()
    m = stack_metrics(**inputs)
    w = (inputs["w_pos_active"], inputs["w_pos_electrolyte"], inputs["w_pos_carbon"])
    rho = (
        inputs["rho_pos_g_per_cm3"],
        inputs["rho_electrolyte_g_per_cm3"],
        inputs["rho_carbon_g_per_cm3"],
    )
    volumes = [wi / ri for wi, ri in zip(w, rho, strict=True)]
    phi = volumes[1] / sum(volumes) * (1.0 - inputs["porosity_pos"])
    if not phi > 0:
        raise InputError("the positive composite holds no electrolyte: no ionic path through it")
    return IonicPath(
        separator_thickness_cm=inputs["separator_thickness_cm"],
        positive_thickness_cm=float(m["positive_thickness_cm"]),
        electrolyte_volume_fraction=phi,
        areal_capacity_mAh_per_cm2=float(m["areal_capacity_mAh_per_cm2"]),
        bruggeman_exponent=float(defaults()["bruggeman_exponent"]),
    )


@dataclass(frozen=True)
class RateLimit(Result):
    """Ohmic figures of a stack at one temperature."""

    temperature_K: float
    sigma_S_per_cm: float
    sigma_status: str
    separator_asr_ohm_cm2: float
    total_asr_ohm_cm2: float
    c_rates: tuple[float, ...]
    current_density_mA_per_cm2: tuple[float, ...]
    ohmic_drop_V: tuple[float, ...]
    max_c_rate: float
    allowed_drop_V: float
    lowest_temperature_K: float | None
    lowest_temperature_c_rate: float
    sources: tuple[dict, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    sigma_bound: str | None = None  # 'upper_bound'/'lower_bound': σ is only known as that
    # the σ law the lowest temperature rests on, with its flags (:class:`Reach`): its phase
    # and status ('P63mc law: extrapolated by 3 K …, order-of-magnitude data') and its own
    # warnings; None/() without a lowest temperature
    lowest_temperature_basis: str | None = None
    lowest_temperature_warnings: tuple[str, ...] = ()

    derived = ("temperature_C", "lowest_temperature_C")
    same_length = ("c_rates", "current_density_mA_per_cm2", "ohmic_drop_V")

    checks = (
        positive("c_rates", "allowed_drop_V"),
        at_least_zero(
            "separator_asr_ohm_cm2",
            "total_asr_ohm_cm2",
            "current_density_mA_per_cm2",
            "ohmic_drop_V",
            "max_c_rate",
            missing=True,
        ),
    )

    @property
    def temperature_C(self) -> float:
        return self.temperature_K + ABSOLUTE_ZERO_C

    @property
    def lowest_temperature_C(self) -> float | None:
        """The lowest temperature (°C) carrying ``lowest_temperature_c_rate``; None if none."""
        low = self.lowest_temperature_K
        return None if low is None else low + ABSOLUTE_ZERO_C


def required_sigma_S_per_cm(path: IonicPath, c_rate, allowed_drop_V) -> float:
    """Smallest σ (S/cm) keeping the ohmic drop at ``c_rate`` (1/h on the areal capacity)
    within ``allowed_drop_V`` (V, or a pint potential Quantity such as 100 mV). Raises
    UnitError for a wrong dimension or a non-positive drop."""
    c_rate = as_magnitude(c_rate, "", "c_rate")
    allowed_drop_V = as_magnitude(allowed_drop_V, "V", "allowed_drop_V", positive=True)
    j_A = c_rate * path.areal_capacity_mAh_per_cm2 * 1e-3
    return j_A * path.effective_length_cm / allowed_drop_V


# What a σ known only as a bound makes of the ohmic limits (the drop falls as σ rises).
_BOUND_MEANING = {
    "upper_bound": "σ is only known as an upper bound: the rate limits are a best case",
    "lower_bound": "σ is only known as a lower bound: the rate limits are a worst case",
}


def rate_limits(
    resolved: ResolvedStack,
    electrolyte: Material,
    temperature_K: float,
    c_rates=(0.1, 0.5, 1.0, 2.0),
    allowed_drop_V: float | None = None,
    lowest_for_c_rate: float = 1.0,
) -> RateLimit:
    """Ohmic limits of a stack at one temperature.

    The area-specific resistance, the ohmic drop at each C-rate, the largest C-rate within the
    allowed drop, and the lowest temperature at which ``lowest_for_c_rate`` stays within it,
    with the flags of the σ law it rests on (:func:`hydrion.transport.limits.reach`; often
    another phase than the one at ``temperature_K``).
    σ comes from the package's one "model, else measured value" path
    (:func:`hydrion.transport.screening.sigma_for_screening`, a measurement counting only at
    the temperature itself, 0.5 K, as for ``cell simulate``); a σ known only as a bound is
    used and flagged. The lowest temperature needs the σ(T) model: without one it is None and
    a warning says why.

    Parameters
    ----------
    resolved : ResolvedStack
        The stack (:func:`hydrion.cell.resolve`).
    electrolyte : Material
        The electrolyte's knowledge-base record.
    temperature_K : float or pint.Quantity or str
        Temperature (K, or any temperature unit, °C included).
    c_rates : sequence of float
        C-rates (1/h on the areal capacity).
    allowed_drop_V : float or pint.Quantity, optional
        Allowed ohmic drop (V); default from ``cell/data/defaults.yaml``.
    lowest_for_c_rate : float
        The C-rate whose lowest working temperature is searched.

    Returns
    -------
    RateLimit
        σ (S/cm) and its status, ASR (Ω·cm²), current densities (mA/cm²) and drops (V) per
        rate, the largest C-rate, the lowest temperature (K) with the law it rests on and that
        law's warnings, sources and warnings.

    Raises
    ------
    UnitError
        A wrong dimension, NaN or T <= 0 K.
    InputError
        Non-positive rates or drop.
    MissingDataError
        Neither a σ(T) model nor a σ measured at the temperature.
    """
    allowed = float(
        as_magnitude(
            allowed_drop_V if allowed_drop_V is not None else defaults()["allowed_drop_V"],
            "V",
            "allowed_drop_V",
        )
    )
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    rates = tuple(float(c) for c in np.atleast_1d(as_magnitude(c_rates, "", "c_rates")))
    if not allowed > 0 or not all(c > 0 for c in rates) or not lowest_for_c_rate > 0:
        raise InputError("C-rates and the allowed drop must be positive")
    from hydrion.transport.screening import sigma_for_screening  # pandas: only here

    path = ionic_path(resolved)
    sigma = sigma_for_screening(electrolyte, temperature_K, tolerance_K=MEASURED_TOLERANCE_K)
    asr_sep = float(
        area_specific_resistance_ohm_cm2(sigma.sigma_S_per_cm, path.separator_thickness_cm)
    )
    asr = float(area_specific_resistance_ohm_cm2(sigma.sigma_S_per_cm, path.effective_length_cm))
    currents = tuple(c * path.areal_capacity_mAh_per_cm2 for c in rates)
    warnings = list(sigma.warnings)
    lowest: Reach | None = None
    sources = list(sigma.sources)
    if sigma.modelled:
        try:
            lowest = reach(
                conductivity_model(electrolyte),
                required_sigma_S_per_cm(path, lowest_for_c_rate, allowed),
            )
        except MissingDataError as exc:  # no modelled phase reaches it: report, not fail
            warnings.append(str(exc))
        else:  # the law it rests on may be another phase's: its sources too
            sources += [s for s in lowest.sources if s not in sources]
        if sigma.extrapolation_K > 0:
            warnings.append(
                f"σ at this temperature is extrapolated by {sigma.extrapolation_K:.0f} K"
            )
    else:
        warnings.append(
            f"no σ(T) model of {electrolyte.id}: the lowest temperature for "
            f"{lowest_for_c_rate:g} C is not computed"
        )
    if sigma.bound is not None:
        warnings.append(_BOUND_MEANING[sigma.bound])
    return RateLimit(
        temperature_K=temperature_K,
        sigma_S_per_cm=sigma.sigma_S_per_cm,
        sigma_status=sigma.status,
        separator_asr_ohm_cm2=asr_sep,
        total_asr_ohm_cm2=asr,
        c_rates=rates,
        current_density_mA_per_cm2=currents,
        ohmic_drop_V=tuple(j * 1e-3 * asr for j in currents),
        max_c_rate=allowed / (path.areal_capacity_mAh_per_cm2 * 1e-3 * asr),
        allowed_drop_V=allowed,
        lowest_temperature_K=None if lowest is None else lowest.lowest_temperature_K,
        lowest_temperature_c_rate=lowest_for_c_rate,
        sources=tuple(sources),
        warnings=tuple(warnings),
        sigma_bound=sigma.bound,
        lowest_temperature_basis=None if lowest is None else f"{lowest.phase} law: {lowest.status}",
        lowest_temperature_warnings=() if lowest is None else lowest.warnings,
    )


@dataclass(frozen=True)
class LimitMap(Result):
    """Largest C-rate within the allowed drop over temperature × separator thickness."""

    temperatures_K: FloatArray
    thicknesses_um: FloatArray
    sigma_S_per_cm: FloatArray  # per temperature (NaN where σ(T) is not modelled)
    max_c_rate: FloatArray  # shape (temperatures, thicknesses)
    allowed_drop_V: float
    electrolyte: str
    phase: tuple[str, ...] = ()  # σ(T) phase per temperature ("" where not modelled)
    extrapolated: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    transitions_K: tuple[float, ...] = ()  # heating transition temperatures of the model

    same_length = ("temperatures_K", "sigma_S_per_cm")

    checks = (
        positive("thicknesses_um", "allowed_drop_V"),
        at_least_zero("max_c_rate", missing=True),
        shape("max_c_rate", "temperatures_K", "thicknesses_um"),
    )

    def lowest_temperature_K(self, c_rate: float = 1.0) -> np.ndarray:
        """Per separator thickness, the lowest temperature (K) that carries ``c_rate``.

        Within one phase log(max C-rate) is interpolated linearly in T (Arrhenius laws are
        smooth there); where the rate first reaches ``c_rate`` across a phase change, the
        answer is the transition temperature: no line is drawn through the σ jump. NaN where
        no grid temperature reaches the rate.
        """
        out = np.full(self.thicknesses_um.shape, np.nan)
        for j in range(self.thicknesses_um.size):
            column = self.max_c_rate[:, j]
            reached = np.flatnonzero(column >= c_rate)
            if not reached.size:
                continue
            i = int(reached[0])
            if i == 0 or not np.isfinite(column[i - 1]):
                out[j] = self.temperatures_K[i]
            elif self.phase and self.phase[i - 1] != self.phase[i]:
                low, high = self.temperatures_K[i - 1], self.temperatures_K[i]
                inside = [t for t in self.transitions_K if low < t <= high]
                out[j] = inside[0] if inside else high
            else:
                y0, y1 = np.log(column[i - 1]), np.log(column[i])
                T0, T1 = self.temperatures_K[i - 1], self.temperatures_K[i]
                out[j] = T0 + (np.log(c_rate) - y0) * (T1 - T0) / (y1 - y0)
        return out


def limit_map(
    resolved: ResolvedStack,
    model: ConductivityModel,
    temperatures_K,
    thicknesses_um,
    allowed_drop_V: float | None = None,
) -> LimitMap:
    """Largest C-rate within the allowed ohmic drop over temperature × separator thickness.

    Each temperature carries the σ(T) phase and whether σ there is extrapolated beyond the
    law's validity range, so figures can keep the phases apart and flag extrapolation.

    Parameters
    ----------
    resolved : ResolvedStack
        The stack (:func:`hydrion.cell.resolve`).
    model : ConductivityModel
        σ(T) of the electrolyte.
    temperatures_K : array_like, shape (m,)
        Temperatures (K).
    thicknesses_um : array_like, shape (n,)
        Separator thicknesses (µm).
    allowed_drop_V : float, optional
        Allowed ohmic drop (V); default from ``cell/data/defaults.yaml``.

    Returns
    -------
    LimitMap
        σ (S/cm) per temperature (NaN where the model has no law), the largest C-rate with
        shape (m, n), the phase and the extrapolation flag per temperature.
    """
    allowed = float(
        as_magnitude(
            allowed_drop_V if allowed_drop_V is not None else defaults()["allowed_drop_V"],
            "V",
            "allowed_drop_V",
        )
    )
    temperatures = np.atleast_1d(as_kelvin(temperatures_K, "temperatures_K"))
    thicknesses = np.atleast_1d(as_magnitude(thicknesses_um, "um", "thicknesses_um"))
    if not (temperatures.size and thicknesses.size):
        raise InputError("give at least one temperature and one separator thickness")
    if not (np.all(temperatures > 0) and np.all(thicknesses > 0) and allowed > 0):
        raise InputError("temperatures, thicknesses and the allowed drop must be positive")
    results = [_sigma_or_nan(model, T) for T in temperatures]
    sigma = np.array([r[0] for r in results])
    path = ionic_path(resolved).with_separator(thicknesses / UM_PER_CM)
    resistance = np.asarray(path.effective_length_cm)[None, :] / sigma[:, None]
    max_rate = allowed / (path.areal_capacity_mAh_per_cm2 * 1e-3 * resistance)
    return LimitMap(
        temperatures,
        thicknesses,
        sigma,
        max_rate,
        allowed,
        resolved.electrolyte.id,
        phase=tuple(r[1] for r in results),
        extrapolated=np.array([r[2] for r in results], dtype=bool),
        transitions_K=tuple(t.heating_K for t in model.transitions),
    )


def _sigma_or_nan(model: ConductivityModel, temperature_K: float) -> tuple[float, str, bool]:
    """σ (S/cm), phase and whether σ is extrapolated; NaN/"" where the phase has no law."""
    try:
        result = model.sigma(temperature_K)
    except MissingDataError:  # a phase without a law: a gap in the map, not a failure
        return float("nan"), "", False
    return result.sigma_S_per_cm, result.phase, result.status == "extrapolated"
