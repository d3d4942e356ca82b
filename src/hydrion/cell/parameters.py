"""PyBaMM parameter entries of a cell, from its parts and setup: electrode data, electrode
thickness from the areal capacity, volume fractions, geometry and window, and the
electrolyte's σ(T). Plain arithmetic on numbers; :mod:`hydrion.cell.simulate` hands the
entries to PyBaMM.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hydrion.cell.setups import settings
from hydrion.constants import FARADAY_C_PER_MOL
from hydrion.errors import InputError
from hydrion.units import as_kelvin

# What a σ known only as a bound makes of a simulated cell: σ enters only as the ohmic loss,
# which falls as σ rises, so the simulated cell bounds the real one from the other side.
_BOUND_MEANING = {
    "upper_bound": "σ is only known as an upper bound: the simulated cell is a best case",
    "lower_bound": "σ is only known as a lower bound: the simulated cell is a worst case",
}


def electrolyte_sigma(name: str, temperature_K, kb=None) -> tuple[float, list, list, str]:
    """σ of a knowledge-base electrolyte at a temperature, with sources, warnings and a flag.

    Parameters
    ----------
    name
        The electrolyte's id, name or alias in the knowledge base.
    temperature_K
        Temperature: a number in K or a pint temperature Quantity (°C included).
    kb
        The knowledge base to read (default: :func:`hydrion.kb.open_kb`).

    Returns
    -------
    tuple
        σ (S/cm), the source entries it rests on, the warnings that explain it, and a short
        flag to print beside the number ('extrapolated (+120 K)', 'lower bound'; '' for a
        value within the data of its model or measured at the temperature).

    Raises
    ------
    MissingDataError
        Where there is neither a σ(T) model nor a σ measured within 0.5 K.

    Source: the package's one "model, else measured value" path,
    :func:`hydrion.transport.screening.sigma_for_screening`, with a measurement counting only
    at the temperature itself (0.5 K). Where it lists a bound, the value is used and the
    warnings say which side of the real cell the simulation lies on.
    """
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    from hydrion.transport.screening import sigma_for_screening
    from hydrion.transport.sigma_points import MEASURED_TOLERANCE_K

    if kb is None:
        from hydrion.kb import open_kb

        kb = open_kb()
    material = kb.material(name)
    value = sigma_for_screening(material, temperature_K, tolerance_K=MEASURED_TOLERANCE_K)
    warnings = list(value.warnings)
    flags = []
    if not value.modelled:
        warnings.append(f"σ(T) of {material.id} not modelled: {value.status}")
    elif value.extrapolation_K > 0:
        warnings.append(f"σ of {material.id} extrapolated by {value.extrapolation_K:.0f} K")
        flags.append(f"extrapolated (+{value.extrapolation_K:.0f} K)")
    if value.bound is not None:
        warnings.append(_BOUND_MEANING[value.bound])
        flags.append(value.bound.replace("_", " "))
    return value.sigma_S_per_cm, list(value.sources), warnings, "; ".join(flags)


@dataclass(frozen=True)
class ElectrodeData:
    """What PyBaMM needs of one electrode."""

    id: str
    ocp: Callable
    c_max_mol_per_m3: float
    initial_stoichiometry: float
    plateau_V: float
    own_window_V: tuple[float, float]
    capacity_mAh_per_g: float
    sources: tuple[dict, ...]


def volume_fractions(active: float | None, electrolyte: float | None) -> tuple[float, float]:
    defaults = settings()["positive_volume_fractions"]
    active = active or float(defaults["active"])
    electrolyte = electrolyte or float(defaults["electrolyte"])
    if not (0 < active < 1 and 0 < electrolyte < 1 and active + electrolyte <= 1):
        raise InputError("volume fractions must be positive and add up to at most 1")
    return active, electrolyte


def thickness_m(capacity_Ah_per_m2: float, electrode: ElectrodeData, active: float) -> float:
    """Electrode thickness holding ``capacity_Ah_per_m2`` over the full stoichiometry range."""
    return capacity_Ah_per_m2 * 3600.0 / (electrode.c_max_mol_per_m3 * FARADAY_C_PER_MOL * active)


def electrode_values(
    prefix: str, electrode: ElectrodeData, thickness_m: float, active: float, electrolyte: float
) -> dict:
    name = prefix.lower()
    return {
        f"{prefix} electrode OCP [V]": electrode.ocp,
        f"Maximum concentration in {name} electrode [mol.m-3]": electrode.c_max_mol_per_m3,
        f"Initial concentration in {name} electrode [mol.m-3]": (
            electrode.initial_stoichiometry * electrode.c_max_mol_per_m3
        ),
        f"{prefix} electrode thickness [m]": thickness_m,
        f"{prefix} electrode active material volume fraction": active,
        f"{prefix} electrode porosity": electrolyte,
    }


def common_values(setup, nominal_Ah: float, window: tuple[float, float]) -> dict:
    """Electrolyte, geometry (1 cm²), temperature and window entries shared by all cells."""
    separator_um = setup.separator_thickness_um or float(settings()["separator_thickness_um"])
    if not separator_um > 0:
        raise InputError("separator thickness must be positive")
    T = setup.temperature_K
    return {
        "Separator porosity": 1.0,
        "Separator thickness [m]": separator_um * 1e-6,
        "Cation transference number": 1.0,
        "Thermodynamic factor": 1.0,
        "Electrode height [m]": 0.01,
        "Electrode width [m]": 0.01,
        "Nominal cell capacity [A.h]": nominal_Ah,
        "Current function [A]": nominal_Ah,
        "Ambient temperature [K]": T,
        "Initial temperature [K]": T,
        "Reference temperature [K]": T,
        "Lower voltage cut-off [V]": window[0],
        "Upper voltage cut-off [V]": window[1],
        "Open-circuit voltage at 0% SOC [V]": window[0],
        "Open-circuit voltage at 100% SOC [V]": window[1],
    }


def areal_capacity_Ah_per_m2(setup) -> float:
    value = setup.areal_capacity_mAh_per_cm2 or float(settings()["areal_capacity_mAh_per_cm2"])
    if not value > 0:
        raise InputError("areal capacity must be positive")
    return value * 10.0


def check_window(window: tuple[float, float], ocv: float, first_step: str, what: str) -> None:
    low, high = window
    if not low < high:
        raise InputError(f"voltage window {low:g}–{high:g} V is empty")
    if first_step == "discharge" and not low < ocv:
        raise InputError(
            f"{what} starts at {ocv:.2f} V, below the lower cut-off {low:g} V: nothing to discharge"
        )
    if first_step == "charge" and not ocv < high:
        raise InputError(
            f"{what} starts at {ocv:.2f} V, above the upper cut-off {high:g} V: nothing to charge"
        )
