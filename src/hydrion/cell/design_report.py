"""What ``hydrion cell design`` answers: the stack's figures, what they are sensitive to, and
(with ``--temperature``) its ohmic rate limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import ClassVar

from hydrion.cell.limits import RateLimit
from hydrion.cell.stack import StackResult
from hydrion.cell.studies import Sensitivity


@dataclass(frozen=True)
class DesignReport(StackResult):
    """Every field of :class:`~hydrion.cell.stack.StackResult`, with the sensitivity studies
    (separator thickness, active fraction; none for a half cell), the rate limits at the asked
    temperature (None without one) and, where σ(T) of the electrolyte is not modelled, why
    there are none (``limits_error``). The CLI's ``--json`` is this object's ``as_dict()``.
    ``ohmic_drop_reachable`` flags each ohmic drop of the limits: False where j·ASR reaches
    the cell voltage, so no such current can flow and the drop (V) is no voltage the cell
    shows."""

    studies: tuple[Sensitivity, ...] = ()
    limits: RateLimit | None = None
    limits_error: str | None = None

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
    ) -> DesignReport:
        """``result`` with its studies and rate limits beside it."""
        own = {f.name: getattr(result, f.name) for f in fields(result) if f.init}
        return cls(**own, studies=tuple(studies), limits=limits, limits_error=limits_error)
