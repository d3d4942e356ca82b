"""What a cell simulation is asked and what it returns: half- and full-cell setups (units
coerced from pint Quantities), the simulated curve, the accepted C-rates and the simulation
settings of ``cell/data/simulation.yaml``. No PyBaMM here (:mod:`hydrion.cell.simulate` runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import InputError
from hydrion.result_checks import at_least_zero, positive
from hydrion.results import FloatArray, Result
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin, as_magnitude


@lru_cache(maxsize=1)
def settings() -> dict:
    """Simulation settings (``cell/data/simulation.yaml``): name -> value."""
    items = bundled_yaml("hydrion.cell.data", "simulation.yaml").items()
    return {name: entry["value"] for name, entry in items}


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
    diffusivity_flag: str = ""  # short flag beside the capacity ('D borrowed at 120 °C, ...')

    def __post_init__(self) -> None:
        _coerce_units(self)


@dataclass(frozen=True, eq=False)
class SimulatedCurve(Result):
    """One simulated half-cycle: capacity (mAh/g of active material) and voltage (V).

    ``warnings`` explain every assumed, borrowed or extrapolated input; ``sigma_flag`` and
    ``diffusivity_flag`` are their short forms, to print beside σ and beside the capacity
    ('extrapolated (+120 K)', 'D borrowed at 120 °C, not corrected'; '' where nothing is).
    """

    label: str
    direction: str
    c_rate: float
    temperature_K: float
    capacity_mAh_per_g: FloatArray
    voltage_V: FloatArray
    sigma_S_per_cm: float
    warnings: tuple[str, ...] = ()
    sources: tuple[dict, ...] = ()
    sigma_flag: str = ""
    diffusivity_flag: str = ""

    derived = ("temperature_C", "final_capacity_mAh_per_g")
    same_length = ("capacity_mAh_per_g", "voltage_V")

    checks = (
        positive("c_rate"),
        at_least_zero("capacity_mAh_per_g"),
    )

    @property
    def temperature_C(self) -> float:
        return self.temperature_K + ABSOLUTE_ZERO_C

    @property
    def final_capacity_mAh_per_g(self) -> float:
        return float(self.capacity_mAh_per_g[-1]) if self.capacity_mAh_per_g.size else 0.0


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


# C-rates the simulation accepts: C/1000 (a 1000 h step) to 100 C (36 s), beyond which a
# continuum half-cell model and PyBaMM's step text ('Discharge at 100C') are meaningless
MIN_C_RATE, MAX_C_RATE = 1e-3, 100.0


def check_c_rate(c_rate: float) -> float:
    """``c_rate`` (1/h) if within [MIN_C_RATE, MAX_C_RATE], else a one-line InputError."""
    if not MIN_C_RATE <= c_rate <= MAX_C_RATE:
        raise InputError(
            f"C-rate must be between {MIN_C_RATE:g} C and {MAX_C_RATE:g} C, got {c_rate:g}"
        )
    return c_rate
