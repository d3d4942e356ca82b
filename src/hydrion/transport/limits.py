"""What a conductivity means for a cell: area-specific resistance and required σ."""

from __future__ import annotations

import math

from scipy.optimize import brentq

from hydrion.errors import InputError, MissingDataError
from hydrion.transport.arrhenius import check_positive
from hydrion.transport.kb_models import ConductivityModel
from hydrion.units import ABSOLUTE_ZERO_C


def area_specific_resistance_ohm_cm2(sigma_S_per_cm: float, thickness_cm: float) -> float:
    """Ohmic ASR = L/σ in Ω·cm² of an electrolyte layer ``thickness_cm`` thick."""
    sigma = float(check_positive(sigma_S_per_cm, "conductivity (S/cm)"))
    return float(check_positive(thickness_cm, "thickness (cm)")) / sigma


def minimum_sigma_S_per_cm(
    current_density_mA_per_cm2: float, thickness_cm: float, max_drop_V: float
) -> float:
    """Smallest σ in S/cm keeping the ohmic drop j·L/σ of the layer at or below ``max_drop_V``."""
    j = float(check_positive(current_density_mA_per_cm2, "current density (mA/cm²)")) * 1e-3
    L = float(check_positive(thickness_cm, "thickness (cm)"))
    return j * L / float(check_positive(max_drop_V, "allowed ohmic drop (V)"))


def lowest_temperature_K(
    model: ConductivityModel,
    target_sigma_S_per_cm: float,
    direction: str | None = "heating",
    T_min_K: float = 150.0,
    T_max_K: float = 800.0,
) -> float:
    """Lowest temperature in K (searched in [T_min_K, T_max_K]) where σ ≥ target.

    σ(T) is piecewise: each phase with a law is searched between its transition bounds, so a
    transition that jumps over the target gives the transition temperature. Phases without
    data are skipped, and the search stops at the material's melting or decomposition
    temperature. Raises MissingDataError if no modelled phase reaches the target.
    """
    target = float(check_positive(target_sigma_S_per_cm, "target conductivity (S/cm)"))
    if not 0 < T_min_K < T_max_K:
        raise InputError("the search range needs 0 < T_min_K < T_max_K")
    if model.thermal_limit is not None:  # no σ above melting or decomposition
        T_max_K = min(T_max_K, model.thermal_limit.temperature_K)
    bounds_attr = "cooling_K" if direction == "cooling" else "heating_K"
    edges = [T_min_K, *(getattr(t, bounds_attr) for t in model.transitions), T_max_K]
    for phase, low, high in zip(model.phases, edges[:-1], edges[1:], strict=True):
        low, high = max(low, T_min_K), min(high - 1e-9, T_max_K)
        if phase not in model.laws or low >= high:
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
        f"and {T_max_K + ABSOLUTE_ZERO_C:.0f} °C in its modelled phases"
    )
