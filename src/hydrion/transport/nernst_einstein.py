"""Nernst–Einstein conversion between ionic conductivity and diffusivity.

σ = n·(z·e)²·D* / (H_R·k·T), with n the mobile-ion concentration, z its charge number, D* the
tracer diffusivity and H_R = D*/D_σ the Haven ratio (1, the default, assumes
uncorrelated hops). Units: σ in S/cm, D in cm²/s, n in cm⁻³; every argument also takes a pint
Quantity in any unit of its kind, and σ, D and T take arrays (the result is then an array).
"""

from __future__ import annotations

import numpy as np

from hydrion.chem.formula import molar_mass_g_per_mol, parse_formula
from hydrion.constants import AVOGADRO_PER_MOL, BOLTZMANN_J_PER_K, ELEMENTARY_CHARGE_C, ion_charge
from hydrion.errors import InputError
from hydrion.transport.arrhenius import check_positive
from hydrion.units import as_kelvin, as_magnitude


def carrier_concentration_per_cm3(formula: str, density_g_per_cm3: float, ion: str) -> float:
    """Mobile-ion concentration n = ρ·N_A/M × (ions per formula unit).

    Parameters
    ----------
    formula : str
        Formula of the conductor, e.g. ``"LiBH4"``.
    density_g_per_cm3 : float or pint.Quantity
        Density ρ (g/cm³, or any density unit).
    ion : str
        The mobile ion, e.g. ``"Li"``; every such ion in the formula is counted mobile.

    Returns
    -------
    float
        n (cm⁻³).

    Raises
    ------
    FormulaError
        An unreadable formula.
    InputError
        The formula holds no ``ion``, or ρ is not positive.

    Examples
    --------
    >>> f"{carrier_concentration_per_cm3('LiBH4', 0.666, 'Li'):.3e}"
    '1.841e+22'
    """
    rho = float(check_positive(as_magnitude(density_g_per_cm3, "g/cm**3", "density"), "density"))
    per_formula = float(parse_formula(formula)[ion])
    if per_formula <= 0:
        raise InputError(f"{formula} contains no {ion}")
    return rho * AVOGADRO_PER_MOL / molar_mass_g_per_mol(formula) * per_formula


def _conversion_factor(
    temperature_K, carrier_concentration_per_cm3, ion: str, haven_ratio: float
) -> np.ndarray:
    """σ/D* in (S/cm)/(cm²/s)."""
    T = check_positive(as_kelvin(temperature_K, "temperature_K"), "temperature (K)")
    n = as_magnitude(carrier_concentration_per_cm3, "cm**-3", "carrier concentration")
    n = check_positive(n, "carrier concentration (cm⁻³)")
    haven = float(check_positive(haven_ratio, "Haven ratio"))
    return n * (ion_charge(ion) * ELEMENTARY_CHARGE_C) ** 2 / (haven * BOLTZMANN_J_PER_K * T)


def sigma_from_diffusivity(
    D_cm2_per_s,
    temperature_K,
    carrier_concentration_per_cm3,
    ion: str = "Li",
    haven_ratio: float = 1.0,
) -> float | np.ndarray:
    """Ionic conductivity from the tracer diffusivity (Nernst–Einstein).

    σ = n·(z·e)²·D* / (H_R·k·T).

    Parameters
    ----------
    D_cm2_per_s : float or array_like or pint.Quantity
        Tracer diffusivity D* (cm²/s, or any diffusivity unit).
    temperature_K : float or array_like or pint.Quantity
        Temperature (K, or a temperature Quantity, °C included).
    carrier_concentration_per_cm3 : float or pint.Quantity
        Mobile-ion concentration n (cm⁻³); see :func:`carrier_concentration_per_cm3`.
    ion : str
        The mobile ion; sets the charge number z.
    haven_ratio : float
        H_R = D*/D_σ; 1 assumes uncorrelated hops.

    Returns
    -------
    float or numpy.ndarray
        σ (S/cm), an array for array inputs.

    Raises
    ------
    UnitError
        An argument in a wrong dimension.
    InputError
        A value that is not positive.
    """
    D = check_positive(as_magnitude(D_cm2_per_s, "cm**2/s", "D_cm2_per_s"), "diffusivity (cm²/s)")
    return _scalar(
        D * _conversion_factor(temperature_K, carrier_concentration_per_cm3, ion, haven_ratio)
    )


def diffusivity_from_sigma(
    sigma_S_per_cm,
    temperature_K,
    carrier_concentration_per_cm3,
    ion: str = "Li",
    haven_ratio: float = 1.0,
) -> float | np.ndarray:
    """Tracer diffusivity from the ionic conductivity (Nernst–Einstein, inverted).

    D* = σ·H_R·k·T / (n·(z·e)²).

    Parameters
    ----------
    sigma_S_per_cm : float or array_like or pint.Quantity
        Ionic conductivity σ (S/cm, or any conductivity unit).
    temperature_K : float or array_like or pint.Quantity
        Temperature (K, or a temperature Quantity, °C included).
    carrier_concentration_per_cm3 : float or pint.Quantity
        Mobile-ion concentration n (cm⁻³); see :func:`carrier_concentration_per_cm3`.
    ion : str
        The mobile ion; sets the charge number z.
    haven_ratio : float
        H_R = D*/D_σ; 1 assumes uncorrelated hops.

    Returns
    -------
    float or numpy.ndarray
        D* (cm²/s), an array for array inputs.

    Raises
    ------
    UnitError
        An argument in a wrong dimension.
    InputError
        A value that is not positive.
    """
    sigma = as_magnitude(sigma_S_per_cm, "S/cm", "sigma_S_per_cm")
    sigma = check_positive(sigma, "conductivity (S/cm)")
    return _scalar(
        sigma / _conversion_factor(temperature_K, carrier_concentration_per_cm3, ion, haven_ratio)
    )


def _scalar(value: np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(value) == 0 else value
