"""What ``hydrion cell design`` answers: the stack's figures, what they are sensitive to, and
(with ``--temperature``) its ohmic rate limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import ClassVar

from hydrion.cell.limits import RateLimit
from hydrion.cell.stack import StackResult
from hydrion.cell.studies import Sensitivity

#: inputs of a design that ``StackDesign.default`` fills from ``cell/data/defaults.yaml``
DEFAULTED_INPUTS = (
    "positive_composite",  # weight fractions active, electrolyte, carbon
    "positive_porosity",
    "areal_capacity_mAh_per_cm2",  # the sizing, where no loading or thickness is given
    "separator_thickness_um",
    "separator_relative_density",
    "np_ratio",
    "negative_composite",  # a dense foil
    "positive_collector",
    "negative_collector",
)


@dataclass(frozen=True)
class DesignReport(StackResult):
    """Every field of :class:`~hydrion.cell.stack.StackResult`, with the sensitivity studies
    (separator thickness, active fraction; none for a half cell), the rate limits at the asked
    temperature (None without one) and, where σ(T) of the electrolyte is not modelled, why
    there are none (``limits_error``). The CLI's ``--json`` is this object's ``as_dict()``.
    ``ohmic_drop_reachable`` flags each ohmic drop of the limits: False where j·ASR reaches
    the cell voltage, so no such current can flow and the drop (V) is no voltage the cell
    shows. ``assumed`` names the inputs taken from the design defaults
    (``cell/data/defaults.yaml``: design choices, not measurements) because the caller gave
    none: :data:`DEFAULTED_INPUTS`, with the allowed ohmic drop ('allowed_drop_V')."""

    studies: tuple[Sensitivity, ...] = ()
    limits: RateLimit | None = None
    limits_error: str | None = None
    assumed: tuple[str, ...] = ()

    derived: ClassVar[tuple[str, ...]] = (*StackResult.derived, "ohmic_drop_reachable")

    @property
    def ohmic_drop_reachable(self) -> tuple[bool, ...] | None:
        """Per C-rate of the limits, whether its ohmic drop stays below the average cell
        voltage (V); None without rate limits."""
        if self.limits is None:
            return None
        return tuple(bool(v < self.average_voltage_V) for v in self.limits.ohmic_drop_V)

    @classmethod
    def of(
        cls,
        result: StackResult,
        studies: Sequence[Sensitivity] = (),
        limits: RateLimit | None = None,
        limits_error: str | None = None,
        assumed: Sequence[str] = (),
    ) -> DesignReport:
        """``result`` with its studies, rate limits and defaulted inputs beside it."""
        unknown = set(assumed) - {*DEFAULTED_INPUTS, "allowed_drop_V"}
        if unknown:
            raise ValueError(f"not a defaulted design input: {sorted(unknown)}")
        own = {f.name: getattr(result, f.name) for f in fields(result) if f.init}
        return cls(
            **own,
            studies=tuple(studies),
            limits=limits,
            limits_error=limits_error,
            assumed=tuple(assumed),
        )
