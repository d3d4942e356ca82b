"""Physical constants and charge numbers of ions, in one place.

The constants are the exact values that define the SI since 2019 (BIPM, *The International
System of Units*, 9th edition, 2019; CODATA 2018, doi:10.1103/RevModPhys.93.025010), and
the Faraday and gas constants follow from them exactly (F = N_A·e, R = N_A·k). They are
written here rather than read from :mod:`scipy.constants`, whose import parses the whole
CODATA table (about 0.2 s at start-up); ``tests/test_constants.py`` checks every value
against :mod:`scipy.constants`.
"""

from __future__ import annotations

from typing import Literal, get_args

from hydrion.errors import InputError

# SI defining constants (exact by definition).
ELEMENTARY_CHARGE_C = 1.602176634e-19
BOLTZMANN_J_PER_K = 1.380649e-23
AVOGADRO_PER_MOL = 6.02214076e23

# Exact consequences of the definitions.
FARADAY_C_PER_MOL = AVOGADRO_PER_MOL * ELEMENTARY_CHARGE_C  # 96485.33212... C/mol
GAS_CONSTANT_J_PER_MOL_K = AVOGADRO_PER_MOL * BOLTZMANN_J_PER_K  # 8.314462618... J/(mol·K)
BOLTZMANN_eV_per_K = BOLTZMANN_J_PER_K / ELEMENTARY_CHARGE_C  # 8.617333262...e-5 eV/K
KJ_PER_MOL_PER_EV = FARADAY_C_PER_MOL / 1000.0  # 1 eV per formula unit = 96.485... kJ/mol

# 0 K in °C: the Celsius scale is defined by T/°C = T/K − 273.15 (SI Brochure, 9th ed.).
ABSOLUTE_ZERO_C = -273.15

# Charge numbers z of the mobile ions hydrion knows (Li+, Na+, K+, Mg2+, Ca2+).
ION_CHARGE: dict[str, int] = {"Li": 1, "Na": 1, "K": 1, "Mg": 2, "Ca": 2}
# Working ions of the cells hydrion analyses (electrodes, stability windows, the knowledge
# base's records, cell parts): the metal counter-electrode is the reference of every potential.
WorkingIon = Literal["Li", "Na", "Mg"]
WORKING_IONS: tuple[str, ...] = get_args(WorkingIon)


def ion_charge(ion: str, *, working: bool = False) -> int:
    """Charge number z of ``ion`` (an element symbol: 'Li' -> 1, 'Mg' -> 2).

    Parameters
    ----------
    ion : str
        Element symbol of the mobile ion.
    working : bool
        Accept only the working ions of cells (:data:`WORKING_IONS`), as electrode and
        stability analyses need.

    Raises
    ------
    InputError
        For an ion outside :data:`ION_CHARGE` (or outside :data:`WORKING_IONS` when
        ``working``).
    """
    known = WORKING_IONS if working else tuple(ION_CHARGE)
    if ion not in known:
        kind = "working ion" if working else "ion"
        raise InputError(f"unknown {kind} {ion!r}; use one of {', '.join(known)}")
    return ION_CHARGE[ion]
