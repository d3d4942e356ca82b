"""Theoretical capacities from formulas and Faraday's constant (never stored).

Gravimetric capacity Q = n·F / (3.6·M) in mAh/g, with n electrons per formula unit and M
the molar mass of the pristine (unlithiated) electrode: the anode convention of the review's
Table 2. Volumetric capacity = Q·ρ (mAh/cm³ of pristine electrode).
"""

from __future__ import annotations

from pymatgen.core import Composition

from hydrion.chem.formula import molar_mass_g_per_mol
from hydrion.constants import FARADAY_C_PER_MOL
from hydrion.errors import InputError
from hydrion.units import as_magnitude

COULOMB_PER_MAH = 3.6


def capacity_mAh_per_g(electrons_per_formula: float, molar_mass) -> float:
    """n·F/(3.6·M) in mAh/g for ``electrons_per_formula`` and M in g/mol (or a pint molar-mass
    Quantity in any unit; UnitError for another dimension)."""
    molar_mass = as_magnitude(molar_mass, "g/mol", "molar_mass")
    return electrons_per_formula * FARADAY_C_PER_MOL / (COULOMB_PER_MAH * molar_mass)


def theoretical_capacity_mAh_per_g(
    formula: str | Composition, ions_per_formula: float, charge: int = 1
) -> float:
    """Capacity of an electrode storing ``ions_per_formula`` ions per formula unit.

    Q = n·z·F/(3.6·M), per mass of the formula as written (pristine).

    Parameters
    ----------
    formula : str or pymatgen.core.Composition
        The electrode material.
    ions_per_formula : float
        Ions stored per formula unit, n > 0.
    charge : int
        The ion's charge number z (2 for Mg²⁺).

    Returns
    -------
    float
        Capacity (mAh/g).

    Raises
    ------
    InputError
        A non-positive number of ions.
    FormulaError
        An unreadable formula.

    Examples
    --------
    >>> round(theoretical_capacity_mAh_per_g("TiS2", 1))
    239
    """
    if ions_per_formula <= 0:
        raise InputError(f"ions per formula must be positive, not {ions_per_formula}")
    return capacity_mAh_per_g(ions_per_formula * charge, molar_mass_g_per_mol(formula))
