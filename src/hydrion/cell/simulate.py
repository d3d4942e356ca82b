"""Galvanostatic charge/discharge of solid-state cells with PyBaMM (optional extra ``cell``).

Half cells: PyBaMM's DFN with ``{"working electrode": "positive"}`` (a composite working
electrode against Li metal); full cells: PyBaMM's DFN with two composite electrodes, assembled
discharged. The hydride electrolyte is a single-ion conductor: cation transference number 1,
so the electrolyte concentration stays uniform (no concentration polarisation) and the
electrolyte only adds ohmic loss through σ(T) from :mod:`hydrion.transport`. Separator
porosity is 1 (a dense electrolyte layer); in the composite, the electrolyte volume fraction
plays the porosity. Open-circuit potentials and electrode data come from
:mod:`hydrion.cell.pybamm_electrodes` (PyBaMM itself through :mod:`hydrion.cell.pybamm_import`).
Solid diffusion: the diffusivity of each working electrode is FITTED to the review's rate
data (``cell/data/review_cases.yaml``, :mod:`hydrion.cell.calibrate`; the particle radius is an
assumed value); a simulation of an electrode that a review cell calibrates takes that value,
flagged as borrowed when used at another temperature or with another electrolyte. Electrodes
without a calibration, and the exchange-current densities of all, come from the Li-ion
parameter sets named in ``cell/data/simulation.yaml`` and are flagged so. σ(T) is the only
temperature dependence. The C-rate is on the theoretical capacity of the active material.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from hydrion.cell.built_simulations import (
    CURRENT,
    STEP_LIMIT,
    built_simulation,
    dfn,
    numeric_inputs,
    starts_beyond_cutoff,
)
from hydrion.cell.parameters import (
    ElectrodeData,
    areal_capacity_Ah_per_m2,
    check_window,
    common_values,
    electrode_values,
    electrolyte_sigma,
    thickness_m,
    volume_fractions,
)
from hydrion.cell.parts import part
from hydrion.cell.pybamm_electrodes import electrode_data, open_circuit_V
from hydrion.cell.pybamm_electrodes import lattice_gas_ocp as lattice_gas_ocp  # its old home
from hydrion.cell.pybamm_import import pybamm
from hydrion.cell.review_cases import calibrated_diffusivity
from hydrion.cell.setups import (
    FullCell,
    HalfCell,
    SimulatedCurve,
    check_c_rate,
    settings,
)
from hydrion.errors import InputError, MissingDataError
from hydrion.units import ABSOLUTE_ZERO_C


class _CellModel:
    """A cell set up once (model, parameters, mesh); :meth:`run` solves one rate."""

    first_step = "discharge"
    setup: HalfCell | FullCell
    label_stem: str
    window_V: tuple[float, float]

    def _finish_setup(
        self,
        setup,
        kb,
        model,
        values: dict,
        parameter_set: str,
        positive: ElectrodeData,
        sources: tuple,
    ) -> None:
        sigma_sources: list[dict]
        warnings: list[str]
        if setup.sigma_S_per_cm is not None:
            self.sigma, sigma_sources, warnings = setup.sigma_S_per_cm, [], []
            self.sigma_flag = "given"
        else:
            self.sigma, sigma_sources, warnings, self.sigma_flag = electrolyte_sigma(
                setup.electrolyte, setup.temperature_K, kb
            )
        if not self.sigma > 0:
            raise InputError("the electrolyte conductivity must be positive")
        self.sources = tuple(sigma_sources) + sources
        self.values = pybamm.ParameterValues(parameter_set)
        self.values.update(values)
        diffusivity = getattr(setup, "diffusivity_m2_per_s", None)
        radius = getattr(setup, "particle_radius_m", None)
        if diffusivity is not None:
            if not diffusivity > 0 or (radius is not None and not radius > 0):
                raise InputError("solid diffusivity and particle radius must be positive")
            self.values.update({"Positive particle diffusivity [m2.s-1]": diffusivity})
            if radius is not None:
                self.values.update({"Positive particle radius [m]": radius})
            note = setup.parameter_note or "solid diffusivity given by the caller"
            self.warnings = tuple(warnings) + (
                f"{note}; exchange-current density from PyBaMM set {parameter_set} (assumed)",
            )
            self.diffusivity_flag = getattr(setup, "diffusivity_flag", "")
        else:
            self.diffusivity_flag = f"D and kinetics assumed (PyBaMM {parameter_set})"
            self.warnings = tuple(warnings) + (
                f"kinetics and solid diffusion from PyBaMM set {parameter_set} (Li-ion "
                "intercalation values, not calibrated to any hydride cell): rate losses are "
                "not those of the real cell",
            )
        self.values.update({"Electrolyte conductivity [S.m-1]": self.sigma * 100.0})
        self.model = model
        self.var_pts = {**model.default_var_pts, **settings()["mesh_points"]}
        self.positive = positive
        self.mass_g = values["Nominal cell capacity [A.h]"] * 1000.0 / positive.capacity_mAh_per_g

    def _directions(self, both: bool) -> tuple[str, ...]:
        """The steps run, in order: the first step, and the way back if ``both``."""
        back = "charge" if self.first_step == "discharge" else "discharge"
        return (self.first_step, back) if both else (self.first_step,)

    def run(self, c_rate: float, with_charge: bool = True) -> list[SimulatedCurve]:
        """The first step (and the way back) at ``c_rate``; curves per gram of positive.

        Each step ends at its cut-off (or after 2 h / C-rate); the output holds about 130
        points per hour / C-rate (200 over 1.5 h / C-rate), as PyBaMM's period setting did.
        """
        check_c_rate(c_rate)
        simulation = built_simulation(
            type(self).__name__,
            self.model,
            self.values,
            self.var_pts,
            self.window_V,
            self._directions(with_charge),
        )
        step_s = 2.0 * 3600.0 / c_rate
        period_s = 1.5 * 3600.0 / c_rate / 200
        t_interp = np.linspace(0.0, step_s, max(round(step_s / period_s) + 1, 2))
        nominal_A = self.values["Nominal cell capacity [A.h]"]
        try:
            solution = simulation.solve(
                inputs={
                    **numeric_inputs(self.values),
                    CURRENT: c_rate * nominal_A,
                    STEP_LIMIT: step_s,
                },
                t_interp=t_interp,
            )
        except pybamm.SolverError as exc:
            why = str(exc).splitlines()[0]
            if starts_beyond_cutoff(exc):  # PyBaMM's text names the steps by their repr
                why = "every step starts beyond its voltage cut-off (initial ohmic drop)"
            raise MissingDataError(
                f"PyBaMM did not solve {self.label_stem} at {c_rate:g} C: {why}"
            ) from None
        cycles = getattr(solution, "cycles", None)
        steps = cycles[0].steps if cycles else [None]
        # PyBaMM skips (None) a step that starts beyond its cut-off
        solved = [
            (step, direction)
            for step, direction in zip(steps, self._directions(with_charge), strict=False)
            if step is not None
        ]
        if not solved or solved[0][1] != self.first_step:
            return [self._empty_curve(c_rate)]
        curves = []
        for step, direction in solved:
            throughput = np.abs(
                step["Discharge capacity [A.h]"].entries
                - step["Discharge capacity [A.h]"].entries[0]
            )
            curves.append(
                SimulatedCurve(
                    label=self._label(c_rate),
                    direction=direction,
                    c_rate=c_rate,
                    temperature_K=self.setup.temperature_K,
                    capacity_mAh_per_g=throughput * 1000.0 / self.mass_g,
                    voltage_V=step["Voltage [V]"].entries,
                    sigma_S_per_cm=self.sigma,
                    warnings=self.warnings,
                    sources=self.sources,
                    sigma_flag=self.sigma_flag,
                    diffusivity_flag=self.diffusivity_flag,
                )
            )
        return curves

    def _label(self, c_rate: float) -> str:
        return (
            f"{self.label_stem} {c_rate:.3g} C, {self.setup.temperature_K + ABSOLUTE_ZERO_C:.0f} °C"
        )

    def _empty_curve(self, c_rate: float) -> SimulatedCurve:
        cutoff = self.window_V[0] if self.first_step == "discharge" else self.window_V[1]
        why = f"at {c_rate:g} C the initial drop already crosses the {cutoff:g} V cut-off"
        return SimulatedCurve(
            self._label(c_rate),
            self.first_step,
            c_rate,
            self.setup.temperature_K,
            np.zeros(1),
            np.array([cutoff]),
            self.sigma,
            self.warnings + (why + ": no capacity",),
            self.sources,
            self.sigma_flag,
            self.diffusivity_flag,
        )


class HalfCellModel(_CellModel):
    """A working electrode against the metal (PyBaMM ``"working electrode": "positive"``)."""

    first_step = "discharge"

    def __init__(self, setup: HalfCell, kb=None, window_from_kb=None):
        if not setup.temperature_K > 0:
            raise InputError("temperature must be above 0 K")
        if setup.diffusivity_m2_per_s is None:
            borrowed = calibrated_diffusivity(
                setup.positive, setup.temperature_K, setup.electrolyte, kb
            )
            if borrowed is not None:
                setup = replace(
                    setup,
                    diffusivity_m2_per_s=borrowed[0],
                    particle_radius_m=float(settings()["particle_radius_m"]),
                    parameter_note=borrowed[1],
                    diffusivity_flag=borrowed[2],
                )
        self.setup = setup
        self.label_stem = (
            f"{setup.positive}|{setup.electrolyte}"  # the cell, not only its electrode
        )
        electrode = electrode_data(part(setup.positive, kb), setup.temperature_K)
        low, high = setup.voltage_window_V or window_from_kb or electrode.own_window_V
        self.window_V = (float(low), float(high))
        check_window(self.window_V, open_circuit_V(electrode), "discharge", electrode.id)
        active, electrolyte = volume_fractions(
            setup.active_volume_fraction, setup.electrolyte_volume_fraction
        )
        capacity = areal_capacity_Ah_per_m2(setup)
        values = {
            **electrode_values(
                "Positive",
                electrode,
                thickness_m(capacity, electrode, active),
                active,
                electrolyte,
            ),
            **common_values(setup, capacity * 1e-4, self.window_V),
        }
        self._finish_setup(
            setup,
            kb,
            dfn(half_cell=True),
            values,
            settings()["kinetics_parameter_set"],
            electrode,
            electrode.sources,
        )


class FullCellModel(_CellModel):
    """A full cell in PyBaMM's DFN (kinetics from the full-cell parameter set of the data)."""

    first_step = "charge"

    def __init__(self, setup: FullCell, kb=None):
        if not setup.temperature_K > 0:
            raise InputError("temperature must be above 0 K")
        if not setup.np_ratio > 0:
            raise InputError("N/P ratio must be positive")
        self.setup = setup
        self.label_stem = f"{setup.positive}|{setup.electrolyte}|{setup.negative}"
        positive = electrode_data(part(setup.positive, kb), setup.temperature_K, lithiated=True)
        negative = electrode_data(part(setup.negative, kb), setup.temperature_K)
        voltage = positive.plateau_V - negative.plateau_V
        if not voltage > 0:
            raise InputError(
                f"{positive.id} ({positive.plateau_V:g} V) is not above {negative.id} "
                f"({negative.plateau_V:g} V): this pair makes no cell"
            )
        low, high = (v - negative.plateau_V for v in positive.own_window_V)
        window = setup.voltage_window_V or (max(low, float(settings()["lowest_cutoff_V"])), high)
        self.window_V = (float(window[0]), float(window[1]))
        ocv = open_circuit_V(positive) - open_circuit_V(negative)
        check_window(self.window_V, ocv, "charge", self.label_stem)
        active, electrolyte = volume_fractions(None, None)
        capacity = areal_capacity_Ah_per_m2(setup)
        values = {
            **electrode_values(
                "Positive",
                positive,
                thickness_m(capacity, positive, active),
                active,
                electrolyte,
            ),
            **electrode_values(
                "Negative",
                negative,
                thickness_m(setup.np_ratio * capacity, negative, active),
                active,
                electrolyte,
            ),
            **common_values(setup, capacity * 1e-4, self.window_V),
        }
        self._finish_setup(
            setup,
            kb,
            dfn(half_cell=False),
            values,
            settings()["full_cell_parameter_set"],
            positive,
            positive.sources + negative.sources,
        )
        kinetics = f"D and kinetics assumed (PyBaMM {settings()['full_cell_parameter_set']})"
        flags = {"Positive": f"positive {kinetics}", "Negative": f"negative {kinetics}"}
        for prefix, electrode_id in (("Positive", setup.positive), ("Negative", setup.negative)):
            borrowed = calibrated_diffusivity(
                electrode_id, setup.temperature_K, setup.electrolyte, kb
            )
            if borrowed is not None:
                self.values.update(
                    {
                        f"{prefix} particle diffusivity [m2.s-1]": borrowed[0],
                        f"{prefix} particle radius [m]": float(settings()["particle_radius_m"]),
                    }
                )
                self.warnings += (f"{prefix.lower()} electrode: {borrowed[1]}",)
                flags[prefix] = f"{prefix.lower()} {borrowed[2] or 'D fitted in a review cell'}"
        self.diffusivity_flag = "; ".join(flags.values())


def simulate(
    setup: HalfCell | FullCell,
    c_rates,
    kb=None,
    with_charge: bool = True,
    window_from_kb=None,
    progress: Callable[[float], None] | None = None,
):
    """Galvanostatic curves of a cell at each C-rate with PyBaMM (the model is set up once).

    Parameters
    ----------
    setup : HalfCell or FullCell
        The cell: part ids, temperature and geometry (:mod:`hydrion.cell.setups`).
    c_rates : sequence of float
        C-rates (1/h on the theoretical capacity of the active material), each within
        [C/1000, 100 C].
    kb : KnowledgeBase, optional
        Knowledge base of the parts and σ(T); default :func:`hydrion.kb.open_kb`.
    with_charge : bool
        Also run the way back after the first step.
    window_from_kb : tuple of float, optional
        Voltage window (V) of a stored cell, used when ``setup`` gives none.
    progress : callable, optional
        Called with each C-rate once it is solved.

    Returns
    -------
    list of SimulatedCurve
        Capacity (mAh per g of positive active material) and voltage (V) per step and rate,
        with σ, the sources and every assumed or borrowed value as a warning.

    Raises
    ------
    InputError
        No C-rate, one out of range, or a setup that makes no cell.
    MissingDataError
        PyBaMM could not solve a rate, or a part lacks data.

    References
    ----------
    PyBaMM: V. Sulzer et al., J. Open Res. Softw. 9 (2021) 14, doi:10.5334/jors.309.
    """
    rates = [check_c_rate(float(c)) for c in c_rates]
    if not rates:
        raise InputError("give at least one C-rate")
    model: _CellModel
    if isinstance(setup, FullCell):
        model = FullCellModel(setup, kb)
    else:
        model = HalfCellModel(setup, kb, window_from_kb)
    curves = []
    for rate in rates:
        curves += model.run(rate, with_charge)
        if progress is not None:
            progress(rate)
    return curves
