"""What ``hydrion cell design`` answers: the stack's figures, what they are sensitive to, and
(with ``--temperature``) its ohmic rate limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from hydrion.cell.limits import RateLimit
from hydrion.cell.stack import StackResult
from hydrion.cell.studies import Sensitivity


@dataclass(frozen=True)
class DesignReport(StackResult):
    """Every field of :class:`~hydrion.cell.stack.StackResult`, with the sensitivity studies
    (separator thickness, active fraction; none for a half cell), the rate limits at the asked
    temperature (None without one) and, where σ(T) of the electrolyte is not modelled, why
    there are none (``limits_error``). The CLI's ``--json`` is this object's ``as_dict()``."""

    studies: tuple[Sensitivity, ...] = ()
    limits: RateLimit | None = None
    limits_error: str | None = None

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
