"""Galvanostatic charge/discharge of solid-state cells with PyBaMM (optional extra ``cell``).

The only module of hydrion that imports PyBaMM. Half cells: PyBaMM's DFN with
``{"working electrode": "positive"}`` (a composite working electrode against Li metal); full
cells: PyBaMM's DFN with two composite electrodes, assembled discharged. The
hydride electrolyte is a single-ion conductor: cation transference number 1, so the
electrolyte concentration stays uniform (no concentration polarisation) and the electrolyte
only adds ohmic loss through σ(T) from :mod:`hydrion.transport`. Separator porosity is 1 (a
dense electrolyte layer); in the composite, the electrolyte volume fraction plays the porosity.

Open-circuit potentials: ``lattice_gas`` parts use U(x) = U0 + (RT/F)·ln((1−x)/x) with the
sourced plateau/average voltage U0 of ``cell/data/materials.yaml`` and x the lithiation
fraction; only U0 is from the literature, the shape is the ideal lattice gas (no interaction
term). ``pybamm`` parts use the published PyBaMM function named in the data file.
Solid diffusion: the diffusivity of each working electrode is FITTED to the review's rate
data (``cell/data/review_cases.yaml``, :mod:`hydrion.cell.calibrate`; the particle radius is an
assumed value); a simulation of an electrode that a review cell calibrates takes that value,
flagged as borrowed when used at another temperature or with another electrolyte. Electrodes
without a calibration, and the exchange-current densities of all, come from the Li-ion
parameter sets named in ``cell/data/simulation.yaml`` and are flagged so. σ(T) is the only
temperature dependence. The C-rate is on the theoretical capacity of the active material.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml

from hydrion.cell.parts import Part, part
from hydrion.electrode.capacity import FARADAY_C_PER_MOL
from hydrion.errors import InputError, MissingDataError, UnknownRecordError
from hydrion.kb.records import CellPerformance
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin, as_magnitude

try:
    import pybamm
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("cell simulation needs PyBaMM: pip install 'hydrion[cell]'") from exc

GAS_CONSTANT = 8.314462618  # J/(mol K), exact SI value


@lru_cache(maxsize=1)
def settings() -> dict:
    """Simulation settings (``cell/data/simulation.yaml``): name -> value."""
    text = resources.files("hydrion.cell.data").joinpath("simulation.yaml").read_text("utf-8")
    return {name: entry["value"] for name, entry in yaml.safe_load(text).items()}


@dataclass(frozen=True)
class HalfCell:
    """A working electrode against the metal, through a dense electrolyte layer."""

    positive: str
    electrolyte: str
    temperature_K: float
    separator_thickness_um: float | None = None
    areal_capacity_mAh_per_cm2: float | None = None
    active_volume_fraction: float | None = None
    electrolyte_volume_fraction: float | None = None
    voltage_window_V: tuple[float, float] | None = None
    sigma_S_per_cm: float | None = None  # given, else σ(T) from the transport module
    diffusivity_m2_per_s: float | None = None  # solid diffusivity, e.g. a calibrated one
    particle_radius_m: float | None = None
    parameter_note: str | None = None  # where the diffusivity comes from, shown with results

    def __post_init__(self) -> None:
        _coerce_units(self)


@dataclass(frozen=True, eq=False)
class SimulatedCurve:
    """One simulated half-cycle: capacity (mAh/g of active material) and voltage (V)."""

    label: str
    direction: str
    c_rate: float
    temperature_K: float
    capacity_mAh_per_g: np.ndarray
    voltage_V: np.ndarray
    sigma_S_per_cm: float
    warnings: tuple[str, ...] = ()
    sources: tuple[dict, ...] = ()

    @property
    def final_capacity_mAh_per_g(self) -> float:
        return float(self.capacity_mAh_per_g[-1]) if self.capacity_mAh_per_g.size else 0.0

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "direction": self.direction,
            "c_rate": self.c_rate,
            "temperature_C": self.temperature_K + ABSOLUTE_ZERO_C,
            "sigma_S_per_cm": self.sigma_S_per_cm,
            "capacity_mAh_per_g": self.final_capacity_mAh_per_g,
            "points": int(self.capacity_mAh_per_g.size),
            "warnings": list(self.warnings),
            "sources": list(self.sources),
        }


def electrolyte_sigma(name: str, temperature_K, kb=None) -> tuple[float, list, list]:
    """σ (S/cm) of a KB electrolyte at T, with sources and warnings.

    Uses the transport module's σ(T) model; where the record has too little data for a model
    but a conductivity measured at this temperature (±0.5 K), that value is used.
    ``temperature_K`` is K or a pint temperature Quantity (°C included).
    """
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    from hydrion.transport.kb_models import conductivity_model

    if kb is None:
        from hydrion.kb import open_kb

        kb = open_kb()
    material = kb.material(name)
    try:
        result = conductivity_model(material).sigma(temperature_K)
        warnings = list(result.warnings)
        if result.status == "extrapolated":
            warnings.append(f"σ of {material.id} extrapolated by {result.extrapolation_K:.0f} K")
        return result.sigma_S_per_cm, list(result.sources), warnings
    except MissingDataError as exc:
        measured = [
            c
            for c in material.conductivities
            if abs(c.temperature_C - ABSOLUTE_ZERO_C - temperature_K) <= 0.5
        ]
        if not measured:
            raise MissingDataError(
                f"{exc}; no σ of {material.id} measured at "
                f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C either"
            ) from None
        record = measured[0]
        source = {
            "value": f"σ = {record.sigma_S_per_cm:g} S/cm at {record.temperature_C:g} °C",
            **record.source.model_dump(mode="json", exclude_none=True),
        }
        return (
            record.sigma_S_per_cm,
            [source],
            [f"σ(T) of {material.id} not modelled; the value measured at this temperature is used"],
        )


def lattice_gas_ocp(plateau_V, temperature_K) -> Callable:
    """U(x) = U0 + (RT/F)·ln((1−x)/x) as a PyBaMM function of the stoichiometry x.

    ``plateau_V`` (V) and ``temperature_K`` (K) may be pint Quantities (°C included).
    """
    plateau_V = float(as_magnitude(plateau_V, "V", "plateau_V"))
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    thermal_V = GAS_CONSTANT * temperature_K / FARADAY_C_PER_MOL

    def ocp(sto):
        return plateau_V + thermal_V * pybamm.log((1 - sto) / sto)

    return ocp


@dataclass(frozen=True)
class _Electrode:
    """What PyBaMM needs of one electrode."""

    id: str
    ocp: Callable
    c_max_mol_per_m3: float
    initial_stoichiometry: float
    plateau_V: float
    own_window_V: tuple[float, float]
    capacity_mAh_per_g: float
    sources: tuple[dict, ...]


def _electrode(working: Part, temperature_K: float, lithiated: bool = False) -> _Electrode:
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
            max(float(values["Lower voltage cut-off [V]"]), _evaluate(ocp(pybamm.Scalar(full)))),
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
    return _Electrode(
        working.id,
        ocp,
        c_max,
        initial,
        plateau,
        working.cutoff_V or own_window,
        capacity,
        sources,
    )


def _fractions(active: float | None, electrolyte: float | None) -> tuple[float, float]:
    defaults = settings()["positive_volume_fractions"]
    active = active or float(defaults["active"])
    electrolyte = electrolyte or float(defaults["electrolyte"])
    if not (0 < active < 1 and 0 < electrolyte < 1 and active + electrolyte <= 1):
        raise InputError("volume fractions must be positive and add up to at most 1")
    return active, electrolyte


def _thickness_m(capacity_Ah_per_m2: float, electrode: _Electrode, active: float) -> float:
    """Electrode thickness holding ``capacity_Ah_per_m2`` over the full stoichiometry range."""
    return capacity_Ah_per_m2 * 3600.0 / (electrode.c_max_mol_per_m3 * FARADAY_C_PER_MOL * active)


def _electrode_values(
    prefix: str, electrode: _Electrode, thickness_m: float, active: float, electrolyte: float
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


def _common_values(setup, nominal_Ah: float, window: tuple[float, float]) -> dict:
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


def _areal_capacity_Ah_per_m2(setup) -> float:
    value = setup.areal_capacity_mAh_per_cm2 or float(settings()["areal_capacity_mAh_per_cm2"])
    if not value > 0:
        raise InputError("areal capacity must be positive")
    return value * 10.0


class _CellModel:
    """A cell set up once (model, parameters, mesh); :meth:`run` solves one rate."""

    first_step = "discharge"

    def _finish_setup(
        self,
        setup,
        kb,
        model,
        values: dict,
        parameter_set: str,
        positive: _Electrode,
        sources: tuple,
    ) -> None:
        if setup.sigma_S_per_cm is not None:
            self.sigma, sigma_sources, warnings = setup.sigma_S_per_cm, [], []
        else:
            self.sigma, sigma_sources, warnings = electrolyte_sigma(
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
        else:
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

    def _steps(self, c_rate: float, both: bool) -> list[str]:
        low, high = self.window_V
        discharge = f"Discharge at {c_rate:g}C until {low:g} V"
        charge = f"Charge at {c_rate:g}C until {high:g} V"
        steps = [discharge, charge] if self.first_step == "discharge" else [charge, discharge]
        return steps if both else steps[:1]

    def run(self, c_rate: float, with_charge: bool = True) -> list[SimulatedCurve]:
        """The first step (and the way back) at ``c_rate``; curves per gram of positive."""
        _check_c_rate(c_rate)
        steps = self._steps(c_rate, with_charge)
        hours = 1.0 / c_rate * 1.5
        experiment = pybamm.Experiment([tuple(steps)], period=f"{hours * 3600 / 200:g} seconds")
        simulation = pybamm.Simulation(
            self.model,
            experiment=experiment,
            parameter_values=self.values.copy(),
            var_pts=self.var_pts,
        )
        try:
            solution = simulation.solve()
        except pybamm.SolverError as exc:
            raise MissingDataError(
                f"PyBaMM did not solve {self.label_stem} at {c_rate:g} C: "
                f"{str(exc).splitlines()[0]}"
            ) from None
        cycles = getattr(solution, "cycles", None)
        cycle = cycles[0] if cycles else None
        solved = [step for step in (cycle.steps if cycle is not None else []) if step is not None]
        if not solved:  # PyBaMM skips a step that starts beyond the cut-off
            return [self._empty_curve(c_rate)]
        curves = []
        for step, text in zip(solved, steps, strict=False):
            throughput = np.abs(
                step["Discharge capacity [A.h]"].entries
                - step["Discharge capacity [A.h]"].entries[0]
            )
            curves.append(
                SimulatedCurve(
                    label=self._label(c_rate),
                    direction=text.split()[0].lower(),
                    c_rate=c_rate,
                    temperature_K=self.setup.temperature_K,
                    capacity_mAh_per_g=throughput * 1000.0 / self.mass_g,
                    voltage_V=step["Voltage [V]"].entries,
                    sigma_S_per_cm=self.sigma,
                    warnings=self.warnings,
                    sources=self.sources,
                )
            )
        return curves

    def _label(self, c_rate: float) -> str:
        return (
            f"{self.label_stem} {c_rate:g} C, {self.setup.temperature_K + ABSOLUTE_ZERO_C:.0f} °C"
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
        )


def _check_window(window: tuple[float, float], ocv: float, first_step: str, what: str) -> None:
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
                )
        self.setup = setup
        self.label_stem = (
            f"{setup.positive}|{setup.electrolyte}"  # the cell, not only its electrode
        )
        electrode = _electrode(part(setup.positive, kb), setup.temperature_K)
        self.window_V = tuple(setup.voltage_window_V or window_from_kb or electrode.own_window_V)
        _check_window(self.window_V, _ocv(electrode), "discharge", electrode.id)
        active, electrolyte = _fractions(
            setup.active_volume_fraction, setup.electrolyte_volume_fraction
        )
        capacity = _areal_capacity_Ah_per_m2(setup)
        values = {
            **_electrode_values(
                "Positive",
                electrode,
                _thickness_m(capacity, electrode, active),
                active,
                electrolyte,
            ),
            **_common_values(setup, capacity * 1e-4, self.window_V),
        }
        self._finish_setup(
            setup,
            kb,
            pybamm.lithium_ion.DFN({"working electrode": "positive"}),
            values,
            settings()["kinetics_parameter_set"],
            electrode,
            electrode.sources,
        )


@dataclass(frozen=True)
class FullCell:
    """Positive | electrolyte | negative composite, assembled discharged (positive lithiated,
    negative empty): the first step is a charge. Both composites take the simulation's
    default volume fractions; the negative holds ``np_ratio`` times the positive capacity.
    Without a window, the positive's window shifted by the negative's plateau is used."""

    positive: str
    negative: str
    electrolyte: str
    temperature_K: float
    np_ratio: float = 1.1
    separator_thickness_um: float | None = None
    areal_capacity_mAh_per_cm2: float | None = None
    voltage_window_V: tuple[float, float] | None = None
    sigma_S_per_cm: float | None = None

    def __post_init__(self) -> None:
        _coerce_units(self)


_SETUP_UNITS = {
    "separator_thickness_um": "um",
    "areal_capacity_mAh_per_cm2": "mAh/cm**2",
    "sigma_S_per_cm": "S/cm",
    "diffusivity_m2_per_s": "m**2/s",
    "particle_radius_m": "m",
}


def _coerce_units(setup) -> None:
    """Turn pint Quantities, strings or numbers of a frozen setup into floats in the unit of
    each field's name (temperature through :func:`hydrion.units.as_kelvin`)."""
    object.__setattr__(setup, "temperature_K", float(as_kelvin(setup.temperature_K)))
    for name, unit in _SETUP_UNITS.items():
        value = getattr(setup, name, None)
        if value is not None:
            object.__setattr__(setup, name, float(as_magnitude(value, unit, name)))


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
        positive = _electrode(part(setup.positive, kb), setup.temperature_K, lithiated=True)
        negative = _electrode(part(setup.negative, kb), setup.temperature_K)
        voltage = positive.plateau_V - negative.plateau_V
        if not voltage > 0:
            raise InputError(
                f"{positive.id} ({positive.plateau_V:g} V) is not above {negative.id} "
                f"({negative.plateau_V:g} V): this pair makes no cell"
            )
        low, high = (v - negative.plateau_V for v in positive.own_window_V)
        self.window_V = tuple(
            setup.voltage_window_V or (max(low, float(settings()["lowest_cutoff_V"])), high)
        )
        ocv = _ocv(positive) - _ocv(negative)
        _check_window(self.window_V, ocv, "charge", self.label_stem)
        active, electrolyte = _fractions(None, None)
        capacity = _areal_capacity_Ah_per_m2(setup)
        values = {
            **_electrode_values(
                "Positive",
                positive,
                _thickness_m(capacity, positive, active),
                active,
                electrolyte,
            ),
            **_electrode_values(
                "Negative",
                negative,
                _thickness_m(setup.np_ratio * capacity, negative, active),
                active,
                electrolyte,
            ),
            **_common_values(setup, capacity * 1e-4, self.window_V),
        }
        self._finish_setup(
            setup,
            kb,
            pybamm.lithium_ion.DFN(),
            values,
            settings()["full_cell_parameter_set"],
            positive,
            positive.sources + negative.sources,
        )
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


def _ocv(electrode: _Electrode) -> float:
    return _evaluate(electrode.ocp(pybamm.Scalar(electrode.initial_stoichiometry)))


def _evaluate(value) -> float:
    """A PyBaMM expression (or number) of one value as a float."""
    value = value.evaluate() if hasattr(value, "evaluate") else value
    return float(np.ravel(value)[0])


# C-rates the simulation accepts: C/1000 (a 1000 h step) to 100 C (36 s), beyond which a
# continuum half-cell model and PyBaMM's step text ('Discharge at 100C') are meaningless
MIN_C_RATE, MAX_C_RATE = 1e-3, 100.0


def _check_c_rate(c_rate: float) -> float:
    """``c_rate`` (1/h) if within [MIN_C_RATE, MAX_C_RATE], else a one-line InputError."""
    if not MIN_C_RATE <= c_rate <= MAX_C_RATE:
        raise InputError(
            f"C-rate must be between {MIN_C_RATE:g} C and {MAX_C_RATE:g} C, got {c_rate:g}"
        )
    return c_rate


def simulate(
    setup: HalfCell | FullCell,
    c_rates,
    kb=None,
    with_charge: bool = True,
    window_from_kb=None,
    progress: Callable[[float], None] | None = None,
):
    """Curves of ``setup`` at each C-rate (model set up once). ``progress`` is told each rate."""
    rates = [_check_c_rate(float(c)) for c in c_rates]
    if not rates:
        raise InputError("give at least one C-rate")
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


@dataclass(frozen=True)
class ReportedPoint:
    """A capacity the review reports for a cell, at a C-rate (on the theoretical capacity).

    ``basis`` is 'reported' for a capacity the review prints, or says how the number was
    derived from what it prints ('derived from reported 24 % loss of 1618 mAh/g at 0.03 C').
    ``cell`` is 'positive|electrolyte' (KB ids), the stem of the simulated curves' labels, so a
    figure puts the point beside its own cell's curves.
    """

    c_rate: float
    temperature_C: float
    capacity_mAh_per_g: float
    description: str
    refs: tuple[int, ...]
    basis: str = "reported"
    cell: str = ""

    @property
    def label(self) -> str:
        """'reported 205 mAh/g at 0.05 C' or 'derived from reported 24 % loss ...: 1230 ...'."""
        if self.basis == "reported":
            return f"reported {self.capacity_mAh_per_g:.0f} mAh/g at {self.c_rate:.3g} C"
        return f"{self.capacity_mAh_per_g:.0f} mAh/g at {self.c_rate:.3g} C, {self.basis}"


@dataclass(frozen=True)
class Calibration:
    """The solid diffusivity of one review cell at one temperature, fitted to reported data.

    ``fitted_to`` lists the reported points (C-rates) the fit used; a point may be a fraction
    of another one (``retained_fraction`` of the capacity at ``of_c_rate``), as the review
    states rate losses ("24 % capacity loss from 0.03 C to 1 C").
    """

    temperature_C: float
    diffusivity_m2_per_s: float
    fitted_to: tuple[dict, ...]
    borrowed_from: str | None = None  # 'TiS2 | LiBH4 | Li at 120 °C': a prediction, not a fit

    def describe(self, points: list[ReportedPoint]) -> str:
        """'D = 3.1e-15 m²/s fitted to 1618 mAh/g at 0.03 C [104]; ...'."""
        if self.borrowed_from is not None:
            return (
                f"solid diffusivity {self.diffusivity_m2_per_s:.3g} m²/s borrowed from "
                f"{self.borrowed_from} (not fitted to this cell: its reported capacities are "
                "predictions; particle radius assumed, cell/data/review_cases.yaml)"
            )
        used = "; ".join(
            f"{p.capacity_mAh_per_g:.0f} mAh/g at {p.c_rate:.3g} C [{', '.join(map(str, p.refs))}]"
            + ("" if p.basis == "reported" else f" ({p.basis})")
            for p in points
        )
        return (
            f"solid diffusivity {self.diffusivity_m2_per_s:.3g} m²/s at "
            f"{self.temperature_C:g} °C fitted to {used} (particle radius assumed, "
            "cell/data/review_cases.yaml)"
        )


@dataclass(frozen=True)
class ReviewCase:
    """A review cell to reproduce: its KB cell id, simulated C-rates, and per temperature
    the solid diffusivity fitted to what the review reports."""

    slug: str
    title: str
    cell_id: str
    c_rates: tuple[float, ...]
    calibrations: tuple[Calibration, ...]

    @property
    def temperatures_C(self) -> tuple[float, ...]:
        return tuple(c.temperature_C for c in self.calibrations)

    def reported(self, kb) -> list[CellPerformance]:
        """What the review reports for this cell (from its knowledge-base record)."""
        return list(kb.cell(self.cell_id).performance)

    def reported_points(self, kb, temperature_C: float) -> list[ReportedPoint]:
        """Reported early-cycle capacities at ``temperature_C`` with a known C-rate (a
        specific current is turned into a C-rate on the working electrode's theoretical
        capacity)."""
        cell = kb.cell(self.cell_id)
        theoretical = part(cell.cathode, kb).capacity_mAh_per_g
        points: dict[tuple[float, float], ReportedPoint] = {}
        for entry in cell.performance:
            if not math.isclose(entry.temperature_C, temperature_C) or (entry.cycle or 1) > 2:
                continue
            rate = entry.c_rate
            if rate is None and entry.specific_current_mA_per_g and theoretical:
                rate = entry.specific_current_mA_per_g / theoretical
            if rate is None or entry.kind == "charge":
                continue
            key = (round(rate, 6), entry.capacity_mAh_per_g)
            points.setdefault(
                key,
                ReportedPoint(
                    rate,
                    temperature_C,
                    entry.capacity_mAh_per_g,
                    entry.describe(),
                    tuple(entry.source.refs),
                    cell=f"{cell.cathode}|{cell.electrolyte}",
                ),
            )
        return sorted(points.values(), key=lambda p: p.c_rate)

    def fit_points(self, kb, calibration: Calibration) -> list[ReportedPoint]:
        """The reported points ``calibration`` is fitted to, resolved from the KB record."""
        reported = self.reported_points(kb, calibration.temperature_C)
        out = []
        for spec in calibration.fitted_to:
            if "retained_fraction" in spec:
                base = _point_at(reported, float(spec["of_c_rate"]), self.cell_id)
                source = spec["source"]
                retained = float(spec["retained_fraction"])
                out.append(
                    ReportedPoint(
                        float(spec["c_rate"]),
                        calibration.temperature_C,
                        base.capacity_mAh_per_g * retained,
                        f"{retained:.0%} of the capacity at {base.c_rate:g} C "
                        f"({spec.get('note', '')})",
                        tuple(source.get("refs", ())),
                        basis=f"derived from reported {100 * (1 - retained):.0f} % loss of "
                        f"{base.capacity_mAh_per_g:.0f} mAh/g at {base.c_rate:g} C"
                        + (f" ({source['page']})" if "page" in source else ""),
                        cell=base.cell,
                    )
                )
            else:
                out.append(_point_at(reported, float(spec["c_rate"]), self.cell_id))
        return out

    def points(self, kb, calibration: Calibration) -> list[tuple[ReportedPoint, str]]:
        """Every reported point at the calibration's temperature with its role: 'fitted',
        then 'check' (not used in the fit) or 'predicted' (D borrowed from another cell)."""
        fitted = self.fit_points(kb, calibration)
        extra = [
            p
            for p in self.reported_points(kb, calibration.temperature_C)
            if not any(math.isclose(p.c_rate, f.c_rate) for f in fitted)
        ]
        unused = "predicted" if calibration.borrowed_from else "check"
        return [(p, "fitted") for p in fitted] + [(p, unused) for p in extra]

    def all_points(self, kb) -> list[ReportedPoint]:
        """Every reported point of the case, at all its temperatures (for figures)."""
        return [p for c in self.calibrations for p, _ in self.points(kb, c)]

    def setup(self, kb, temperature_C: float, diffusivity_m2_per_s: float | None = None):
        """The :class:`HalfCell` of this case at ``temperature_C`` (calibrated diffusivity
        unless ``diffusivity_m2_per_s`` is given, e.g. while fitting)."""
        cell = kb.cell(self.cell_id)
        calibration = next(c for c in self.calibrations if c.temperature_C == temperature_C)
        window = (
            (cell.voltage_low_V, cell.voltage_high_V)
            if cell.voltage_low_V is not None and cell.voltage_high_V is not None
            else None
        )
        note = calibration.describe(self.fit_points(kb, calibration))
        if diffusivity_m2_per_s is not None:
            note = f"solid diffusivity {diffusivity_m2_per_s:.3g} m²/s (trial value of a fit)"
        return HalfCell(
            cell.cathode,
            cell.electrolyte,
            temperature_C - ABSOLUTE_ZERO_C,
            voltage_window_V=window,
            diffusivity_m2_per_s=diffusivity_m2_per_s or calibration.diffusivity_m2_per_s,
            particle_radius_m=float(settings()["particle_radius_m"]),
            parameter_note=note,
        )

    def rates_at(self, kb, temperature_C: float) -> list[float]:
        """The case's C-rates plus every reported rate at ``temperature_C``."""
        reported = [p.c_rate for p in self.reported_points(kb, temperature_C)]
        rates = sorted({*self.c_rates, *reported})
        return [r for i, r in enumerate(rates) if i == 0 or not math.isclose(r, rates[i - 1])]

    def caption(self, kb) -> str:
        """The calibration and what the review reports, for a figure caption."""
        fits = "; ".join(c.describe(self.fit_points(kb, c)) for c in self.calibrations)
        return f"Simulated discharge curves (PyBaMM DFN half cell); {fits}."

    def run(self, kb=None) -> list[SimulatedCurve]:
        kb = _kb(kb)
        try:
            kb.cell(self.cell_id)
        except UnknownRecordError as exc:
            raise MissingDataError(str(exc)) from None
        curves = []
        for temperature_C in self.temperatures_C:
            setup = self.setup(kb, temperature_C)
            curves += simulate(setup, self.rates_at(kb, temperature_C), kb, with_charge=False)
        return curves

    def comparison(self, kb, curves: list[SimulatedCurve]) -> list[dict]:
        """Simulated against reported at every reported point, marking the fitted ones."""
        rows = []
        for calibration in self.calibrations:
            T_K = calibration.temperature_C - ABSOLUTE_ZERO_C
            for point, role in self.points(kb, calibration):
                simulated = capacity_at(curves, point.c_rate, T_K)
                rows.append(
                    {
                        "cell": self.title,
                        "T (°C)": calibration.temperature_C,
                        "C-rate": round(point.c_rate, 4),
                        "reported (mAh/g)": round(point.capacity_mAh_per_g, 1),
                        "reported basis": point.basis,
                        "simulated (mAh/g)": round(simulated, 1),
                        "difference (%)": round(
                            100 * (simulated / point.capacity_mAh_per_g - 1), 1
                        ),
                        "use": role,
                        "refs": ",".join(map(str, point.refs)),
                        "D (m²/s)": f"{calibration.diffusivity_m2_per_s:.3g}",
                    }
                )
        return rows


def calibrated_diffusivity(
    electrode: str, temperature_K, electrolyte: str | None = None, kb=None
) -> tuple[float, str] | None:
    """A solid diffusivity (m²/s) fitted for ``electrode`` in a review cell, with a note saying
    where it comes from; None if no review cell calibrates this electrode.

    The calibration of the same electrode with the same electrolyte is preferred, then the
    one nearest in temperature. Used elsewhere it is borrowed and flagged: D was fitted to one
    cell's rate data and no temperature dependence of D is on record. ``temperature_K`` is K
    or a pint temperature Quantity (°C included).
    """
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    kb = _kb(kb)
    try:
        electrode_id = part(electrode, kb).id
        electrolyte_id = part(electrolyte, kb).id if electrolyte else None
    except UnknownRecordError:
        return None
    options = []
    for case in review_cell_runs():
        cell = kb.cell(case.cell_id)
        if cell.cathode != electrode_id:
            continue
        for calibration in case.calibrations:
            if calibration.borrowed_from:  # only fitted values are lent
                continue
            distance = abs(calibration.temperature_C - (temperature_K + ABSOLUTE_ZERO_C))
            options.append((cell.electrolyte != electrolyte_id, distance, case, calibration))
    if not options:
        return None
    other_electrolyte, distance, case, calibration = min(options, key=lambda o: o[:2])
    same = not other_electrolyte and distance < 0.5
    note = calibration.describe(case.fit_points(kb, calibration))
    if not same:
        note = (
            f"borrowed from {case.title}: {note}; used here at "
            f"{temperature_K + ABSOLUTE_ZERO_C:.0f} °C"
            + (" with another electrolyte" if other_electrolyte else "")
            + " (no temperature or microstructure dependence of D on record: indicative)"
        )
    return calibration.diffusivity_m2_per_s, note


def _point_at(points: list[ReportedPoint], c_rate: float, cell_id: str) -> ReportedPoint:
    for point in points:
        if math.isclose(point.c_rate, c_rate, rel_tol=0.02):
            return point
    raise MissingDataError(f"{cell_id}: no reported capacity at {c_rate:g} C on record")


def _kb(kb):
    if kb is None:
        from hydrion.kb import open_kb

        return open_kb()
    return kb


def review_cell_runs() -> list[ReviewCase]:
    """The review cells to simulate, from ``cell/data/review_cases.yaml``."""
    text = resources.files("hydrion.cell.data").joinpath("review_cases.yaml").read_text("utf-8")
    items = yaml.safe_load(text)
    fitted = {
        (item["slug"], float(c["temperature_C"])): (item["title"], c)
        for item in items
        for c in item["calibrations"]
        if "diffusivity_m2_per_s" in c
    }

    def calibration(entry: dict) -> Calibration:
        if "borrow" in entry:  # a prediction with another cell's fitted diffusivity
            key = (entry["borrow"]["slug"], float(entry["borrow"]["temperature_C"]))
            title, source = fitted[key]
            return Calibration(
                float(entry["temperature_C"]),
                float(source["diffusivity_m2_per_s"]["value"]),
                (),
                f"{title} at {key[1]:g} °C",
            )
        return Calibration(
            float(entry["temperature_C"]),
            float(entry["diffusivity_m2_per_s"]["value"]),
            tuple(entry["fitted_to"]),
        )

    return [
        ReviewCase(
            slug=item["slug"],
            title=item["title"],
            cell_id=item["cell_id"],
            c_rates=tuple(float(r) for r in item["c_rates"]),
            calibrations=tuple(calibration(c) for c in item["calibrations"]),
        )
        for item in items
    ]


def capacity_at(
    curves: list[SimulatedCurve], c_rate: float, temperature_K, direction: str = "discharge"
) -> float:
    """Final capacity of the curve at ``c_rate`` and ``temperature_K`` (NaN if absent).

    ``temperature_K`` is K or a pint temperature Quantity (°C included).
    """
    temperature_K = float(as_kelvin(temperature_K, "temperature_K"))
    for curve in curves:
        if (
            curve.direction == direction
            and math.isclose(curve.c_rate, c_rate)
            and math.isclose(curve.temperature_K, temperature_K)
        ):
            return curve.final_capacity_mAh_per_g
    return float("nan")
