"""Nernst–Einstein conversion between ionic conductivity and diffusivity.

σ = n·(z·e)²·D* / (H_R·k·T), with n the mobile-ion concentration, z its charge number, D* the
tracer diffusivity and H_R = D*/D_σ the Haven ratio (1, the default, assumes
uncorrelated hops). Units: σ in S/cm, D in cm²/s, n in cm⁻³.
"""

from __future__ import annotations

from scipy import constants

from hydrion.chem.formula import molar_mass_g_per_mol, parse_formula
from hydrion.errors import InputError
from hydrion.transport.arrhenius import check_positive

ION_CHARGE = {"Li": 1, "Na": 1, "K": 1, "Mg": 2, "Ca": 2}


def carrier_concentration_per_cm3(formula: str, density_g_per_cm3: float, ion: str) -> float:
    """Mobile ions per cm³: ρ·N_A/M × (ions per formula unit), every ``ion`` counted mobile."""
    rho = float(check_positive(density_g_per_cm3, "density (g/cm³)"))
    per_formula = float(parse_formula(formula)[ion])
    if per_formula <= 0:
        raise InputError(f"{formula} contains no {ion}")
    return rho * constants.N_A / molar_mass_g_per_mol(formula) * per_formula


def _charge(ion: str) -> int:
    if ion not in ION_CHARGE:
        raise InputError(f"no charge number known for ion {ion!r}; use one of {sorted(ION_CHARGE)}")
    return ION_CHARGE[ion]


def _conversion_factor(
    temperature_K: float, carrier_concentration_per_cm3: float, ion: str, haven_ratio: float
) -> float:
    """σ/D* in (S/cm)/(cm²/s)."""
    T = float(check_positive(temperature_K, "temperature (K)"))
    n = float(check_positive(carrier_concentration_per_cm3, "carrier concentration (cm⁻³)"))
    haven = float(check_positive(haven_ratio, "Haven ratio"))
    return n * (_charge(ion) * constants.e) ** 2 / (haven * constants.k * T)


def sigma_from_diffusivity(
    D_cm2_per_s: float,
    temperature_K: float,
    carrier_concentration_per_cm3: float,
    ion: str = "Li",
    haven_ratio: float = 1.0,
) -> float:
    """Ionic conductivity in S/cm from the tracer diffusivity D* in cm²/s."""
    D = float(check_positive(D_cm2_per_s, "diffusivity (cm²/s)"))
    return D * _conversion_factor(temperature_K, carrier_concentration_per_cm3, ion, haven_ratio)


def diffusivity_from_sigma(
    sigma_S_per_cm: float,
    temperature_K: float,
    carrier_concentration_per_cm3: float,
    ion: str = "Li",
    haven_ratio: float = 1.0,
) -> float:
    """Tracer diffusivity D* in cm²/s from the ionic conductivity in S/cm."""
    sigma = float(check_positive(sigma_S_per_cm, "conductivity (S/cm)"))
    return sigma / _conversion_factor(
        temperature_K, carrier_concentration_per_cm3, ion, haven_ratio
    )
