"""Areal capacity, N/P, Wh/kg and Wh/L of a stack from numbers (the arithmetic of
:mod:`hydrion.cell.stack`, whose docstring states the conventions). Works on floats or numpy
arrays, so a whole family of designs is evaluated in one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from hydrion.errors import InputError

UM_PER_CM = 1e4
LEVELS = ("active", "electrode", "stack")
# What mass and volume each level counts, shown next to its Wh/kg and Wh/L.
LEVEL_BASIS = {
    "active": "positive active material + only the negative active mass the reaction consumes "
    "(N/P = 1; against Li, the stoichiometric Li alone), crystal volumes",
    "electrode": "both electrode layers as built (composite with electrolyte, carbon, pores; "
    "negative at the design N/P)",
    "stack": "electrodes + separator + both current collectors",
}


@dataclass(frozen=True)
class ElectrodeFormulation:
    """An electrode layer: weight fractions (active, electrolyte, carbon) and porosity.

    A foil is ``ElectrodeFormulation(1, 0, 0, 0)``. ``by="volume"`` reads the fractions as
    solid volume fractions and converts them to weight fractions with the part densities.
    """

    active: float
    electrolyte: float = 0.0
    carbon: float = 0.0
    porosity: float = 0.0
    by: Literal["weight", "volume"] = "weight"

    def check(self, label: str) -> None:
        fractions = (self.active, self.electrolyte, self.carbon)
        if any(f < 0 or f > 1 for f in fractions) or not self.active > 0:
            raise InputError(f"{label} fractions must lie in 0..1 with a positive active share")
        if abs(sum(fractions) - 1.0) > 1e-6:
            raise InputError(
                f"{label} {self.by} fractions add up to {sum(fractions):.4g}, not 1 "
                f"(active {self.active}, electrolyte {self.electrolyte}, carbon {self.carbon})"
            )
        if not 0 <= self.porosity < 1:
            raise InputError(f"{label} porosity {self.porosity} must lie in 0..1 (exclusive of 1)")

    def weight_fractions(self, densities: tuple[float, float, float]) -> tuple[float, ...]:
        """Weight fractions (active, electrolyte, carbon) given the three densities in g/cm³."""
        fractions = (self.active, self.electrolyte, self.carbon)
        if self.by == "weight":
            return fractions
        masses = [f * rho for f, rho in zip(fractions, densities, strict=True)]
        return tuple(m / sum(masses) for m in masses)


FOIL = ElectrodeFormulation(1.0)


def stack_metrics(
    *,
    q_pos_mAh_per_g,
    v_pos_V,
    rho_pos_g_per_cm3,
    w_pos_active,
    w_pos_electrolyte,
    w_pos_carbon,
    porosity_pos,
    loading_pos_mg_per_cm2,
    rho_electrolyte_g_per_cm3,
    rho_carbon_g_per_cm3,
    separator_thickness_cm,
    separator_relative_density,
    q_neg_mAh_per_g,
    v_neg_V,
    rho_neg_g_per_cm3,
    w_neg_active,
    w_neg_electrolyte,
    w_neg_carbon,
    porosity_neg,
    np_ratio,
    collector_pos_thickness_cm,
    collector_pos_rho_g_per_cm3,
    collector_neg_thickness_cm,
    collector_neg_rho_g_per_cm3,
) -> dict[str, np.ndarray]:
    """Stack figures per cm² from numbers or broadcastable numpy arrays.

    Every argument is keyword-only, with its unit in its name; arrays broadcast, so a family of
    designs is evaluated in one call. Conventions: :mod:`hydrion.cell.stack`.

    Parameters
    ----------
    q_pos_mAh_per_g, q_neg_mAh_per_g : float or numpy.ndarray
        Specific capacities of the positive and negative active materials (mAh/g).
    v_pos_V, v_neg_V : float or numpy.ndarray
        Average potentials vs the ion's metal (V).
    rho_pos_g_per_cm3, rho_neg_g_per_cm3, rho_electrolyte_g_per_cm3, rho_carbon_g_per_cm3 : float
        Densities of the active materials, electrolyte and carbon (g/cm³).
    w_pos_active, w_pos_electrolyte, w_pos_carbon : float or numpy.ndarray
        Weight fractions of the positive composite (sum 1).
    w_neg_active, w_neg_electrolyte, w_neg_carbon : float or numpy.ndarray
        Weight fractions of the negative composite (sum 1).
    porosity_pos, porosity_neg : float or numpy.ndarray
        Pore volume fractions of the two electrodes, in [0, 1).
    loading_pos_mg_per_cm2 : float or numpy.ndarray
        Positive active loading (mg/cm²).
    separator_thickness_cm : float or numpy.ndarray
        Electrolyte layer thickness (cm).
    separator_relative_density : float or numpy.ndarray
        Density of the electrolyte layer relative to the bulk electrolyte.
    np_ratio : float or numpy.ndarray
        Negative-to-positive capacity ratio N/P.
    collector_pos_thickness_cm, collector_neg_thickness_cm : float
        Current-collector thicknesses (cm).
    collector_pos_rho_g_per_cm3, collector_neg_rho_g_per_cm3 : float
        Current-collector densities (g/cm³).

    Returns
    -------
    dict of str to float or numpy.ndarray
        Areal capacity (mAh/cm²), voltage (V), energy (mWh/cm²), layer thicknesses (cm) and
        masses (mg/cm²), and ``{level}_Wh_per_kg``, ``{level}_Wh_per_L`` at the levels
        'active', 'electrode' and 'stack' (:data:`LEVEL_BASIS` says what each counts).
    """

    def solid_density(w_a, rho_a, w_e, w_c):
        return 1.0 / (w_a / rho_a + w_e / rho_electrolyte_g_per_cm3 + w_c / rho_carbon_g_per_cm3)

    capacity = loading_pos_mg_per_cm2 * q_pos_mAh_per_g / 1000.0
    voltage = v_pos_V - v_neg_V
    energy_mWh = capacity * voltage
    mass_pos = loading_pos_mg_per_cm2 / w_pos_active
    thick_pos = (
        mass_pos
        / 1000.0
        / (
            solid_density(w_pos_active, rho_pos_g_per_cm3, w_pos_electrolyte, w_pos_carbon)
            * (1.0 - porosity_pos)
        )
    )
    loading_neg = np_ratio * capacity / q_neg_mAh_per_g * 1000.0
    mass_neg = loading_neg / w_neg_active
    thick_neg = (
        mass_neg
        / 1000.0
        / (
            solid_density(w_neg_active, rho_neg_g_per_cm3, w_neg_electrolyte, w_neg_carbon)
            * (1.0 - porosity_neg)
        )
    )
    mass_sep = separator_thickness_cm * rho_electrolyte_g_per_cm3 * separator_relative_density * 1e3
    mass_cc = 1e3 * (
        collector_pos_thickness_cm * collector_pos_rho_g_per_cm3
        + collector_neg_thickness_cm * collector_neg_rho_g_per_cm3
    )
    active_neg = capacity / q_neg_mAh_per_g * 1000.0  # at N/P = 1
    masses = {
        "active": loading_pos_mg_per_cm2 + active_neg,
        "electrode": mass_pos + mass_neg,
    }
    masses["stack"] = masses["electrode"] + mass_sep + mass_cc
    thicknesses = {
        "active": loading_pos_mg_per_cm2 / 1000.0 / rho_pos_g_per_cm3
        + active_neg / 1000.0 / rho_neg_g_per_cm3,
        "electrode": thick_pos + thick_neg,
    }
    thicknesses["stack"] = (
        thicknesses["electrode"]
        + separator_thickness_cm
        + collector_pos_thickness_cm
        + collector_neg_thickness_cm
    )
    out = {
        "areal_capacity_mAh_per_cm2": capacity,
        "average_voltage_V": voltage,
        "energy_mWh_per_cm2": energy_mWh,
        "positive_thickness_cm": thick_pos,
        "negative_thickness_cm": thick_neg,
        "positive_mass_mg_per_cm2": mass_pos,
        "negative_mass_mg_per_cm2": mass_neg,
        "separator_mass_mg_per_cm2": mass_sep,
        "collector_mass_mg_per_cm2": mass_cc,
    }
    for level in LEVELS:
        out[f"{level}_Wh_per_kg"] = energy_mWh / masses[level] * 1000.0
        out[f"{level}_Wh_per_L"] = energy_mWh / thicknesses[level]
        out[f"{level}_mass_mg_per_cm2"] = masses[level]
        out[f"{level}_thickness_cm"] = thicknesses[level]
    return out
