"""Electrodes as PyBaMM sees them: open-circuit potentials and the data of each part.

``lattice_gas`` parts use U(x) = U0 + (RT/F)·ln((1−x)/x) with the sourced plateau/average
voltage U0 of ``cell/data/materials.yaml`` and x the lithiation fraction; only U0 is from the
literature, the shape is the ideal lattice gas (no interaction term). ``pybamm`` parts use the
published PyBaMM parameter set named in the data file (its OCP function, maximum and initial
concentrations and cut-offs). The cell models that use them are :mod:`hydrion.cell.simulate`;
with it and :mod:`hydrion.cell.built_simulations`, the modules of hydrion that use PyBaMM
(optional extra ``cell``, imported through :mod:`hydrion.cell.pybamm_import`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from hydrion.cell.parameters import ElectrodeData
from hydrion.cell.parts import Part
from hydrion.cell.pybamm_import import pybamm
from hydrion.cell.setups import settings
from hydrion.constants import FARADAY_C_PER_MOL, GAS_CONSTANT_J_PER_MOL_K
from hydrion.units import as_kelvin, as_magnitude


def lattice_gas_ocp(plateau_V, temperature_K) -> Callable:
    """U(x) = U0 + (RT/F)·ln((1−x)/x) as a PyBaMM function of the stoichiometry x.

    ``plateau_V`` (V) and ``temperature_K`` (K) may be pint Quantities (°C included).
    """
    return _lattice_gas_ocp(
        float(as_magnitude(plateau_V, "V", "plateau_V")),
        float(as_kelvin(temperature_K, "temperature_K")),
    )


@lru_cache(maxsize=64)
def _lattice_gas_ocp(plateau_V: float, temperature_K: float) -> Callable:
    """One function per plateau and temperature, so that cells which share them can share a
    built simulation (:mod:`hydrion.cell.simulate` compares OCP functions by identity)."""
    thermal_V = GAS_CONSTANT_J_PER_MOL_K * temperature_K / FARADAY_C_PER_MOL

    def ocp(sto):
        return plateau_V + thermal_V * pybamm.log((1 - sto) / sto)

    return ocp


def electrode_data(working: Part, temperature_K: float, lithiated: bool = False) -> ElectrodeData:
    """Electrode data of a part; ``lithiated`` starts a lattice-gas electrode filled (x ≈ 1)."""
    s = settings()
    capacity, plateau = working.require_electrochemistry()
    density = working.require_density()
    # c_max = ρ·q/F: the working-ion sites per volume implied by the theoretical capacity
    c_max = density * 1e6 * capacity * 3.6 / FARADAY_C_PER_MOL
    ocp_spec = working.ocp or {"model": "lattice_gas"}
    initial = float(s["initial_stoichiometry"])
    initial = 1.0 - initial if lithiated else initial
    if ocp_spec["model"] == "pybamm":
        values = pybamm.ParameterValues(ocp_spec["parameter_set"])
        ocp = values["Positive electrode OCP [V]"]
        c_max = float(values["Maximum concentration in positive electrode [mol.m-3]"])
        capacity = c_max * FARADAY_C_PER_MOL / (3.6 * density * 1e6)  # the set's full 0..1 range
        if not lithiated:  # the parameter set's charged state
            initial = float(values["Initial concentration in positive electrode [mol.m-3]"]) / c_max
        # the discharge must end before the OCP function runs out at full lithiation
        full = 1.0 - float(s["initial_stoichiometry"])
        own_window = (
            max(float(values["Lower voltage cut-off [V]"]), evaluate(ocp(pybamm.Scalar(full)))),
            float(values["Upper voltage cut-off [V]"]),
        )
    else:
        ocp = lattice_gas_ocp(plateau, temperature_K)
        margin = float(s["window_margin_V"])
        own_window = (max(plateau - margin, float(s["lowest_cutoff_V"])), plateau + margin)
    sources = tuple(
        {"value": f"{working.id} {what}", **src.model_dump(mode="json", exclude_none=True)}
        for what, src in working.sources.items()
    )
    return ElectrodeData(
        working.id,
        ocp,
        c_max,
        initial,
        plateau,
        working.cutoff_V or own_window,
        capacity,
        sources,
    )


def open_circuit_V(electrode: ElectrodeData) -> float:
    """The electrode's open-circuit potential (V) at its initial stoichiometry."""
    return evaluate(electrode.ocp(pybamm.Scalar(electrode.initial_stoichiometry)))


def evaluate(value) -> float:
    """A PyBaMM expression (or number) of one value as a float."""
    value = value.evaluate() if hasattr(value, "evaluate") else value
    return float(np.ravel(value)[0])
