"""What a conductivity means for a cell: area-specific resistance and required σ."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hydrion.errors import InputError, MissingDataError
from hydrion.result_checks import positive
from hydrion.results import Result
from hydrion.transport.arrhenius import check_positive
from hydrion.transport.sigma_model import MAX_EXTRAPOLATION_K, ConductivityModel
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin, as_magnitude


def area_specific_resistance_ohm_cm2(sigma_S_per_cm, thickness_cm) -> float | np.ndarray:
    """Ohmic area-specific resistance ASR = L/σ of an electrolyte layer.

    Parameters
    ----------
    sigma_S_per_cm : float or array_like or pint.Quantity
        Ionic conductivity σ (S/cm, or any conductivity unit).
    thickness_cm : float or array_like or pint.Quantity
        Layer thickness L (cm, or any length unit).

    Returns
    -------
    float or numpy.ndarray
        ASR (Ω·cm²), broadcast over array inputs.

    Raises
    ------
    UnitError
        An argument in a wrong dimension.
    InputError
        σ or L not positive.

    Examples
    --------
    >>> round(area_specific_resistance_ohm_cm2("1 mS/cm", "500 um"), 6)
    50.0
    """
    sigma = check_positive(as_magnitude(sigma_S_per_cm, "S/cm", "sigma_S_per_cm"), "σ (S/cm)")
    L = check_positive(as_magnitude(thickness_cm, "cm", "thickness_cm"), "thickness (cm)")
    value = L / sigma
    return float(value) if np.ndim(value) == 0 else value


def minimum_sigma_S_per_cm(current_density_mA_per_cm2, thickness_cm, max_drop_V) -> float:
    """Smallest σ keeping the ohmic drop j·L/σ of the layer at or below ``max_drop_V``.

    Parameters
    ----------
    current_density_mA_per_cm2 : float or pint.Quantity
        Current density j (mA/cm², or any current-density unit).
    thickness_cm : float or pint.Quantity
        Layer thickness L (cm, or any length unit).
    max_drop_V : float or pint.Quantity
        Allowed ohmic drop (V, or any potential unit).

    Returns
    -------
    float
        σ (S/cm).

    Raises
    ------
    UnitError
        An argument in a wrong dimension.
    InputError
        A value that is not positive.

    Examples
    --------
    >>> round(minimum_sigma_S_per_cm(1.0, "500 um", "100 mV"), 9)
    0.0005
    """
    j = as_magnitude(current_density_mA_per_cm2, "mA/cm**2", "current_density_mA_per_cm2")
    j = float(check_positive(j, "current density (mA/cm²)")) * 1e-3
    L = float(check_positive(as_magnitude(thickness_cm, "cm", "thickness_cm"), "thickness (cm)"))
    drop = float(check_positive(as_magnitude(max_drop_V, "V", "max_drop_V"), "allowed drop (V)"))
    return j * L / drop


def lowest_temperature_K(
    model: ConductivityModel,
    target_sigma_S_per_cm: float,
    direction: str | None = "heating",
    T_min_K: float = 150.0,
    T_max_K: float = 800.0,
) -> float:
    """Lowest temperature where σ(T) of ``model`` reaches ``target_sigma_S_per_cm``.

    σ(T) is piecewise: each phase with a law is searched between its transition bounds, so a
    transition that jumps over the target gives the transition temperature. Phases without
    data are skipped, a law is searched no further than
    :data:`~hydrion.transport.sigma_model.MAX_EXTRAPOLATION_K` beyond its data (where
    ``model.sigma`` refuses too), and the search stops at the material's melting or
    decomposition temperature.

    Parameters
    ----------
    model : ConductivityModel
        The material's σ(T) model (:func:`hydrion.transport.conductivity_model`).
    target_sigma_S_per_cm : float
        Conductivity to reach (S/cm).
    direction : {"heating", "cooling"} or None
        Branch of a hysteretic transition.
    T_min_K, T_max_K : float
        Search range (K).

    Returns
    -------
    float
        Temperature (K).

    Raises
    ------
    MissingDataError
        No modelled phase reaches the target within the range.
    """
    from scipy.optimize import brentq  # scipy.optimize: 0.3 s, only for this search

    target = as_magnitude(target_sigma_S_per_cm, "S/cm", "target_sigma_S_per_cm")
    target = float(check_positive(target, "target conductivity (S/cm)"))
    T_min_K, T_max_K = as_kelvin(T_min_K, "T_min_K"), as_kelvin(T_max_K, "T_max_K")
    if not 0 < T_min_K < T_max_K:
        raise InputError("the search range needs 0 < T_min_K < T_max_K")
    if model.thermal_limit is not None:  # no σ above melting or decomposition
        T_max_K = min(T_max_K, model.thermal_limit.temperature_K)
    bounds_attr = "cooling_K" if direction == "cooling" else "heating_K"
    edges = [T_min_K, *(getattr(t, bounds_attr) for t in model.transitions), T_max_K]
    for phase, low, high in zip(model.phases, edges[:-1], edges[1:], strict=True):
        if phase not in model.laws:
            continue
        data_low, data_high = model.laws[phase].support_K
        reach_K = MAX_EXTRAPOLATION_K - 1e-9  # inside it, whatever the rounding of T ± 200 K
        low = max(low, T_min_K, data_low - reach_K)
        high = min(high - 1e-9, T_max_K, data_high + reach_K)
        if low >= high:
            continue
        law = model.laws[phase].law

        def gap(T: float, law=law) -> float:
            return math.log(law.sigma(T)) - math.log(target)

        if gap(low) >= 0:
            return low
        if gap(high) >= 0:
            return float(brentq(gap, low, high, xtol=1e-6))
    raise MissingDataError(
        f"{model.name} does not reach {target:.2g} S/cm between {T_min_K + ABSOLUTE_ZERO_C:.0f} "
        f"and {T_max_K + ABSOLUTE_ZERO_C:.0f} °C in its modelled phases (each within "
        f"{MAX_EXTRAPOLATION_K:.0f} K of its data)"
    )


@dataclass(frozen=True)
class Reach(Result):
    """The lowest temperature at which a material's σ(T) reaches a target conductivity.

    The temperature rests on the law of one phase, and carries that law's flags, to be shown
    next to it: ``phase``; ``status`` in the words of
    :attr:`~hydrion.transport.sigma_results.SigmaResult.status_text` ('extrapolated by 3 K
    (within the ±20 K margin), order-of-magnitude data'); ``warnings``, the law's own
    (assumed convention, one σ value extrapolated along the reported Ea, beyond the validity
    margin...); ``sources``, the values and references it rests on.
    """

    material_id: str
    target_S_per_cm: float
    direction: str | None
    lowest_temperature_K: float
    phase: str = ""
    status: str = ""
    warnings: tuple[str, ...] = ()
    sources: tuple[dict, ...] = ()

    derived = ("lowest_temperature_C",)

    checks = (positive("target_S_per_cm"),)

    @property
    def lowest_temperature_C(self) -> float:
        return self.lowest_temperature_K + ABSOLUTE_ZERO_C


def reach(
    model: ConductivityModel, target_sigma_S_per_cm, direction: str | None = "heating"
) -> Reach:
    """:func:`lowest_temperature_K` of ``model`` for a target σ, as a result.

    Parameters
    ----------
    model : ConductivityModel
        The material's σ(T) model (:func:`hydrion.transport.conductivity_model`).
    target_sigma_S_per_cm : float or pint.Quantity
        Conductivity to reach (S/cm, or any conductivity unit).
    direction : {"heating", "cooling"} or None
        Branch of a hysteretic transition.

    Returns
    -------
    Reach
        The temperature (K) with the phase, status, warnings and sources of the law it rests
        on (:meth:`ConductivityModel.sigma` there).

    Raises
    ------
    MissingDataError
        No modelled phase reaches the target (150–800 K, below any thermal limit).
    """
    target = float(as_magnitude(target_sigma_S_per_cm, "S/cm", "target_sigma_S_per_cm"))
    lowest = lowest_temperature_K(model, target, direction)
    there = model.sigma(lowest, direction)
    return Reach(
        model.material_id,
        target,
        direction,
        lowest,
        phase=there.phase,
        status=there.status_text,
        warnings=there.warnings,
        sources=there.sources,
    )
