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
from hydrion.result_checks import at_least_zero, ordered, positive, uncertainty
from hydrion.results import Result


@dataclass(frozen=True)
class Arc(Result):
    """One R‖CPE arc: resistance (Ω), effective capacitance (F) and what it is."""

    resistor: str
    capacitor: str
    R_ohm: float
    R_err_ohm: float
    C_eff_F: float
    C_normalised_F_per_cm: float
    assignment: str

    checks = (uncertainty("R_err_ohm"),)


@dataclass(frozen=True)
class Candidate(Result):
    """A circuit tried on the spectrum: its residual (RMS relative to |Z|) and BIC, why it was
    left out of the choice where its fitted parameters are not physical
    (:func:`hydrion.experiment.eis_physical.nonphysical_reasons`), and its resistors and
    inductors known to ±100 % or worse (``undetermined``, which keeps a circuit from
    replacing a simpler one whatever its BIC, :func:`hydrion.experiment.eis_choice.choose`)."""

    circuit: str
    relative_residual: float
    bic: float
    runs_z: float
    rejected: tuple[str, ...] = ()
    undetermined: tuple[str, ...] = ()


@dataclass(frozen=True)
class EISResult(Result):
    """Fitted circuit and the conductivities it gives (σ in S/cm, 1σ errors from the fit).

    ``R_bulk_ill_determined`` is True when R_bulk's relative error exceeds
    :data:`ILL_DETERMINED` or a check (structured residuals, a merged arc, a failed
    Kramers–Kronig test, R_bulk at a fit bound or negligible against |Z|, an equally good
    circuit with a different R_bulk, a circuit the BIC prefers that does not determine it) says
    the fit cannot separate it; σ_bulk is then not a
    clean value. ``sigma_total_ill_determined`` is True when the whole fit is unreliable or
    the ill-determined R_bulk is more than a tenth of R_total. ``kk_failure_accepted`` is True
    for a fit kept above the residual bar because its spectrum fails the Kramers–Kronig test
    and the user asked to see it (``accept_kk_failure`` of
    :func:`hydrion.experiment.eis.fit_spectrum`); :meth:`flag` says what every number of a
    fit on such data carries.
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
    # why points were left out of the fit ('--fmin/--fmax', 'inductive points (Z'' > 0)', ...)
    dropped_because: tuple[str, ...] = ()
    temperature_K: float | None = None
    source: str = ""
    label: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    kk_failure_accepted: bool = False

    derived = ("name", "kk_flag")

    checks = (
        positive("thickness_cm", "area_cm2"),
        positive("frequency_range_Hz", missing=True),
        ordered("frequency_range_Hz"),
        uncertainty("R_bulk_err_ohm"),
        at_least_zero("relative_residual", "points_used", "points_dropped"),
    )

    @property
    def name(self) -> str:
        base = self.source.rsplit("/", 1)[-1] or "the spectrum"
        return f"{base} ({self.label})" if self.label else base

    @property
    def kk_flag(self) -> str:
        """'data fail the Kramers–Kronig check: residual 2.7 % > 1 %' where the spectrum
        fails the test (every value of the fit then carries it), '' where it passes or was
        not tested."""
        if self.kk is None or self.kk.passed:
            return ""
        if self.kk.residual_rms > self.kk.threshold:
            why = f"residual {100 * self.kk.residual_rms:.2g} % > {100 * self.kk.threshold:.0f} %"
        else:
            why = f"residual signs in runs (runs test z = {self.kk.runs_z:.1f})"
        return f"data fail the Kramers–Kronig check: {why}"

    def flag(self, ill_determined: bool) -> str:
        """The flag written after a value of this fit (R_bulk, σ): the Kramers–Kronig failure
        where the spectrum fails the test, else "ill-determined" where ``ill_determined``.

        Parameters
        ----------
        ill_determined : bool
            Whether the value is ill-determined (``R_bulk_ill_determined`` for R_bulk and
            σ_bulk, ``sigma_total_ill_determined`` for σ_total).

        Returns
        -------
        str
            ' (data fail the Kramers–Kronig check: ...)', ' (ill-determined)' or ''.
        """
        if self.kk_flag:
            return f" ({self.kk_flag})"
        return " (ill-determined)" if ill_determined else ""

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
