"""What a σ(T) model returns: σ at one temperature with its status, uncertainty, stored values
and sources (:class:`SigmaResult`), or σ on a temperature grid (:class:`SigmaGrid`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hydrion.kb.references import Reference
from hydrion.result_checks import at_least_zero, ordered, uncertainty
from hydrion.results import BoolArray, FloatArray, Result, TextArray
from hydrion.transport.phase_laws import VALIDITY_MARGIN_K
from hydrion.units import ABSOLUTE_ZERO_C

Status = Literal["interpolated", "extrapolated"]


@dataclass(frozen=True)
class SigmaResult(Result):
    """σ at one temperature from the phase's law, with its uncertainty and the stored values there.

    ``status`` is 'interpolated' only between the law's data (its σ values and the range its
    Ea was reported for) and 'extrapolated' beyond them; ``extrapolation_K`` is the distance
    from the data (0 inside). The validity margin (data ± :data:`VALIDITY_MARGIN_K`) only
    decides how loud the warning is. ``stored`` lists reported values at this temperature
    (±0.5 K), shown next to the model. ``assumed_direction`` is the branch taken inside a
    thermal hysteresis when none was asked for. ``sigma_err_basis`` says what
    ``sigma_err_log10`` rests on ('assumed: hydrion's uncertainty for …',
    :meth:`~hydrion.transport.phase_laws.PhaseModel.uncertainty_basis`), the flag shown next
    to it.
    """

    material_id: str
    name: str
    temperature_K: float
    sigma_S_per_cm: float
    sigma_err_log10: float
    phase: str
    status: Status
    extrapolation_K: float
    validity_K: tuple[float, float]
    precision: str
    direction: str | None
    law: dict
    stored: tuple[dict, ...]
    sources: tuple[dict, ...]
    warnings: tuple[str, ...] = ()
    assumed_direction: str | None = None
    # the review's references (citation, DOI) behind ``sources``
    cited: tuple[Reference, ...] = ()
    sigma_err_basis: str = ""

    derived = ("temperature_C",)

    checks = (
        uncertainty("sigma_err_log10"),
        at_least_zero("extrapolation_K", "validity_K"),
        ordered("validity_K"),
    )

    @property
    def temperature_C(self) -> float:
        return self.temperature_K + ABSOLUTE_ZERO_C

    @property
    def status_text(self) -> str:
        """e.g. 'extrapolated by 35 K (beyond the ±20 K validity margin), order-of-magnitude
        data' or 'interpolated, heating branch assumed (inside the hysteresis)'."""
        text: str = self.status
        if self.status == "extrapolated":
            v_low, v_high = self.validity_K
            inside = v_low <= self.temperature_K <= v_high
            text += f" by {self.extrapolation_K:.0f} K" + (
                f" (within the ±{VALIDITY_MARGIN_K:g} K margin)"
                if inside
                else f" (beyond the ±{VALIDITY_MARGIN_K:g} K validity margin)"
            )
        if self.assumed_direction:
            text += f", {self.assumed_direction} branch assumed (inside the hysteresis)"
        if self.precision != "exact":
            text += f", {self.precision.replace('_', '-')} data"
        return text


@dataclass(frozen=True)
class SigmaGrid(Result):
    """σ on a temperature grid in one call: arrays of the same length as ``temperature_K``.

    ``sigma_S_per_cm`` is NaN where the phase at that temperature has no law (``phase`` says
    which one). ``extrapolation_K`` is the distance from the data of the law (0 inside);
    ``extrapolated`` is True beyond the data, and ``status`` says it in the words of
    :attr:`SigmaResult.status` ('interpolated', 'extrapolated'; '' where no law).
    ``precision`` is each point's law precision ('exact', 'order_of_magnitude'...; '' where no
    law). ``warnings`` are the grid's flags, each as :attr:`SigmaResult.warnings` gives them
    for one temperature (assumed convention, sources that disagree), plus how many points lie
    beyond the validity margin or inside a hysteresis (heating assumed) and where σ is NaN.
    """

    material_id: str
    temperature_K: FloatArray
    sigma_S_per_cm: FloatArray
    sigma_err_log10: FloatArray
    phase: TextArray
    extrapolated: BoolArray
    extrapolation_K: FloatArray
    direction: str | None
    status: TextArray
    precision: TextArray
    warnings: tuple[str, ...] = ()

    same_length = (
        "temperature_K",
        "sigma_S_per_cm",
        "sigma_err_log10",
        "phase",
        "extrapolated",
        "extrapolation_K",
        "status",
        "precision",
    )

    checks = (
        uncertainty("sigma_err_log10"),
        at_least_zero("extrapolation_K"),
    )
