"""What an impedance fit returns: the fitted circuit, its arcs and the conductivities it gives
(:class:`EISResult`), and the candidate circuits compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from hydrion.experiment.eis_checks import KKResult
from hydrion.experiment.eis_circuits import (
    Circuit,
)


@dataclass(frozen=True)
class Arc:
    """One R‖CPE arc: resistance (Ω), effective capacitance (F) and what it is."""

    resistor: str
    capacitor: str
    R_ohm: float
    R_err_ohm: float
    C_eff_F: float
    C_normalised_F_per_cm: float
    assignment: str


@dataclass(frozen=True)
class Candidate:
    """A circuit tried on the spectrum: its residual (RMS relative to |Z|) and BIC."""

    circuit: str
    relative_residual: float
    bic: float
    runs_z: float


@dataclass(frozen=True)
class EISResult:
    """Fitted circuit and the conductivities it gives (σ in S/cm, 1σ errors from the fit).

    ``R_bulk_ill_determined`` is True when R_bulk's relative error exceeds
    :data:`ILL_DETERMINED` or a check (structured residuals, a merged arc, a failed
    Kramers–Kronig test, R_bulk at a fit bound or negligible against |Z|, an equally good
    circuit with a different R_bulk) says the fit cannot separate it; σ_bulk is then not a
    clean value. ``sigma_total_ill_determined`` is True when the whole fit is unreliable or
    the ill-determined R_bulk is more than a tenth of R_total.
    """

    circuit: str
    parameters: dict[str, float]
    errors: dict[str, float]
    units: dict[str, str]
    arcs: tuple[Arc, ...]
    R_bulk_ohm: float
    R_bulk_err_ohm: float
    R_total_ohm: float
    sigma_bulk_S_per_cm: float
    sigma_bulk_err_S_per_cm: float
    sigma_total_S_per_cm: float
    sigma_total_err_S_per_cm: float
    thickness_cm: float
    area_cm2: float
    relative_residual: float
    R_bulk_ill_determined: bool = False
    sigma_total_ill_determined: bool = False
    kk: KKResult | None = None
    candidates: tuple[Candidate, ...] = ()
    frequency_range_Hz: tuple[float, float] = (math.nan, math.nan)
    points_used: int = 0
    points_dropped: int = 0
    temperature_K: float | None = None
    source: str = ""
    label: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        base = self.source.rsplit("/", 1)[-1] or "the spectrum"
        return f"{base} ({self.label})" if self.label else base

    def predict(self, frequency_Hz) -> np.ndarray:
        """Impedance of the fitted circuit in Ω."""
        return Circuit(self.circuit)(list(self.parameters.values()), np.asarray(frequency_Hz))

    def impedance_py_circuit(self):
        """The fit as an impedance.py ``CustomCircuit`` (for its plots and predictions)."""
        from impedance.models.circuits import CustomCircuit

        model = CustomCircuit(self.circuit, initial_guess=list(self.parameters.values()))
        model.parameters_ = np.array(list(self.parameters.values()))
        model.conf_ = np.array(list(self.errors.values()))
        return model

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "label": self.label,
            "temperature_K": self.temperature_K,
            "circuit": self.circuit,
            "parameters": {
                k: {"value": v, "err": self.errors[k], "unit": self.units[k]}
                for k, v in self.parameters.items()
            },
            "arcs": [a.__dict__ for a in self.arcs],
            "R_bulk_ohm": self.R_bulk_ohm,
            "R_bulk_err_ohm": self.R_bulk_err_ohm,
            "R_bulk_ill_determined": self.R_bulk_ill_determined,
            "sigma_total_ill_determined": self.sigma_total_ill_determined,
            "R_total_ohm": self.R_total_ohm,
            "sigma_bulk_S_per_cm": self.sigma_bulk_S_per_cm,
            "sigma_bulk_err_S_per_cm": self.sigma_bulk_err_S_per_cm,
            "sigma_total_S_per_cm": self.sigma_total_S_per_cm,
            "sigma_total_err_S_per_cm": self.sigma_total_err_S_per_cm,
            "thickness_cm": self.thickness_cm,
            "area_cm2": self.area_cm2,
            "relative_residual": self.relative_residual,
            "kramers_kronig": self.kk.to_dict() if self.kk else None,
            "candidates": [c.__dict__ for c in self.candidates],
            "frequency_range_Hz": list(self.frequency_range_Hz),
            "points_used": self.points_used,
            "points_dropped": self.points_dropped,
            "warnings": list(self.warnings),
        }
