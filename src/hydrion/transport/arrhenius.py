"""Temperature laws of ionic conductivity: Arrhenius (σ or σT convention) and VFT.

Conventions, stated because papers mix them:

* ``"sigma"``:  σ(T) = σ0 · exp(−Ea / kT), prefactor σ0 in S/cm;
* ``"sigmaT"``: σ(T)·T = A · exp(−Ea / kT), prefactor A in S·K/cm.

The same data give activation energies that differ by about kT (≈ 0.03 eV near room
temperature) between the two conventions, so every law carries its convention.
Vogel–Fulcher–Tammann, σ(T) = A · exp(−B / (T − T0)), is for polymer and glassy electrolytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from hydrion.constants import BOLTZMANN_eV_per_K
from hydrion.errors import InputError
from hydrion.result_checks import at_least_zero, finite, positive
from hydrion.results import Result
from hydrion.units import as_kelvin, as_magnitude

ArrheniusForm = Literal["sigma", "sigmaT"]
CONVENTIONS: tuple[str, ...] = ("sigma", "sigmaT")

#: how each convention writes its law (the CLI's tables and ``hydrion db show``)
LAW_FORM: dict[str, str] = {
    "sigma": "σ = σ0·exp(−Ea/kT)",
    "sigmaT": "σT = A·exp(−Ea/kT)",
}


def check_convention(convention: str) -> ArrheniusForm:
    """Return ``convention`` if it is 'sigma' or 'sigmaT', else raise InputError."""
    if convention not in CONVENTIONS:
        raise InputError(f"convention must be 'sigma' or 'sigmaT', not {convention!r}")
    return convention  # type: ignore[return-value]


def check_positive(values, what: str) -> np.ndarray:
    """Values as a float array; InputError if any is not a finite positive number."""
    array = np.asarray(values, dtype=float)
    if array.size == 0:
        raise InputError(f"no {what} given")
    bad = ~np.isfinite(array) | (array <= 0)
    if bad.any():
        raise InputError(f"{what} must be finite and positive; got {array[bad][0]!r}")
    return array


def log_response(temperature_K, sigma_S_per_cm, convention: ArrheniusForm) -> np.ndarray:
    """ln σ ('sigma') or ln(σT) ('sigmaT'): the quantity that is linear in 1/T.

    ``temperature_K`` (K) and ``sigma_S_per_cm`` (S/cm) may be pint Quantities in any unit
    of their dimension (°C included); UnitError names the one of a wrong dimension.
    """
    T = np.asarray(as_kelvin(temperature_K, "temperature_K"), dtype=float)
    sigma = np.asarray(as_magnitude(sigma_S_per_cm, "S/cm", "sigma_S_per_cm"), dtype=float)
    return np.log(sigma * T) if convention == "sigmaT" else np.log(sigma)


def inverse_kT(temperature_K) -> np.ndarray:
    """1/(kT) in eV⁻¹: the abscissa on which −Ea is the slope.

    ``temperature_K`` is K (number or array) or a pint temperature Quantity (°C included).
    """
    T = np.asarray(as_kelvin(temperature_K, "temperature_K"), dtype=float)
    return 1.0 / (BOLTZMANN_eV_per_K * T)


@dataclass(frozen=True)
class ArrheniusLaw(Result):
    """One thermally activated regime: Ea in eV, prefactor in S/cm ('sigma') or S·K/cm."""

    Ea_eV: float
    prefactor: float
    convention: ArrheniusForm = "sigma"

    derived = ("prefactor_unit",)

    checks = (
        finite("Ea_eV"),
        positive("prefactor"),
    )

    @property
    def prefactor_unit(self) -> str:
        return "S K/cm" if self.convention == "sigmaT" else "S/cm"

    def sigma(self, temperature_K):
        """σ in S/cm at ``temperature_K`` (K as float or array, or a pint temperature)."""
        T = np.asarray(as_kelvin(temperature_K, "temperature_K"), dtype=float)
        value = self.prefactor * np.exp(-self.Ea_eV * inverse_kT(T))
        if self.convention == "sigmaT":
            value = value / T
        return float(value) if value.ndim == 0 else value

    @classmethod
    def through_point(
        cls, temperature_K: float, sigma_S_per_cm: float, Ea_eV: float, convention: ArrheniusForm
    ) -> ArrheniusLaw:
        """The law of activation energy ``Ea_eV`` passing through one measured point."""
        ln_prefactor = float(log_response(temperature_K, sigma_S_per_cm, convention))
        return cls(
            Ea_eV, math.exp(ln_prefactor + Ea_eV * float(inverse_kT(temperature_K))), convention
        )


@dataclass(frozen=True)
class VFTLaw(Result):
    """Vogel–Fulcher–Tammann: σ = A·exp(−B/(T − T0)); A in S/cm, B and T0 in K."""

    A_S_per_cm: float
    B_K: float
    T0_K: float

    derived = ("model",)

    checks = (
        positive("A_S_per_cm"),
        at_least_zero("B_K", "T0_K"),
    )

    @property
    def model(self) -> str:
        """'VFT' (tells this law from an Arrhenius one in JSON)."""
        return "VFT"

    def sigma(self, temperature_K):
        """σ in S/cm at ``temperature_K`` (K or pint); refuses T ≤ T0 (no meaning there)."""
        T = np.asarray(as_kelvin(temperature_K, "temperature_K"), dtype=float)
        if np.any(T <= self.T0_K):
            raise InputError(f"VFT law is undefined at or below T0 = {self.T0_K:.1f} K")
        value = self.A_S_per_cm * np.exp(-self.B_K / (T - self.T0_K))
        return float(value) if value.ndim == 0 else value

    def apparent_Ea_eV(self, temperature_K: float) -> float:
        """Local slope −d ln σ / d(1/kT) = k·B·T²/(T − T0)² in eV."""
        T = float(temperature_K)
        return BOLTZMANN_eV_per_K * self.B_K * T**2 / (T - self.T0_K) ** 2
