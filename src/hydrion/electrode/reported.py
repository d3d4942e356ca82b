"""What the knowledge base reports about an electrode's voltages, to show beside computed ones.

The review's Table 2 gives one average voltage per electrode (e.g. 0.25 V for LiAlH4 and the
alanates) and its text the measured plateaus (LiAlH4: 0.78, 0.27 and 0.15 V [133]); hydrion
computes equilibrium steps. The two answer different questions (a measured, polarised
discharge against a thermodynamic average), so both are shown, each with its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from hydrion.electrode.electrode_result import ElectrodeResult
from hydrion.electrode.profile import PairedEnergy
from hydrion.errors import InputError, UnknownRecordError
from hydrion.results import Result


@dataclass(frozen=True)
class ReportedVoltage(Result):
    """A reported average or plateau voltage (V vs the working-ion metal) with its refs."""

    voltage_V: float
    kind: str  # 'average' (Table 2) or 'plateau' (measured)
    step: str | None
    refs: tuple[int, ...]
    source_kind: str  # 'review_table', 'review_text', ...

    def describe(self) -> str:
        """'0.25 V average, review Table 2 [132,133]' or '0.78 V measured plateau, 3LiAlH4 + ...
        [133]'."""
        what = "measured plateau" if self.kind == "plateau" else self.kind
        where = ", review Table 2" if self.source_kind == "review_table" else ""
        step = f", {self.step}" if self.step else ""
        refs = ",".join(map(str, self.refs))
        return f"{self.voltage_V:g} V {what}{where}{step} [{refs}]"


def reported_voltages(formula: str, ion: str, kb) -> list[ReportedVoltage]:
    """The knowledge base's average and plateau voltages of ``formula`` against ``ion``.

    ``kb`` is a :class:`hydrion.kb.KnowledgeBase`. Empty where the material is not on record
    or was not measured with that ion (the review's voltages are against its own ion).
    """
    try:
        material = kb.material(formula)
    except (UnknownRecordError, InputError):
        return []
    if ion not in material.ions:
        return []
    return [
        ReportedVoltage(v.voltage_V, v.kind, v.step, tuple(v.source.refs), str(v.source.kind or ""))
        for v in material.voltages
    ]


@dataclass(frozen=True)
class ElectrodeReport(ElectrodeResult):
    """What ``hydrion electrode FORMULA`` answers: the computed conversion (every field of
    :class:`~hydrion.electrode.electrode_result.ElectrodeResult`), the voltages the knowledge base
    reports for it, and (with ``--cathode``) the pairing with a cathode.

    The CLI's ``--json`` is this object's :meth:`~hydrion.results.Result.as_dict`, so
    ``ElectrodeReport.from_dict(json.loads(output))`` reads it back.
    """

    reported_voltages: tuple[ReportedVoltage, ...] = ()
    paired: PairedEnergy | None = None

    @classmethod
    def of(
        cls,
        result: ElectrodeResult,
        reported: Sequence[ReportedVoltage] = (),
        paired: PairedEnergy | None = None,
    ) -> ElectrodeReport:
        """``result`` with the reported voltages and the pairing beside it."""
        own = {f.name: getattr(result, f.name) for f in fields(result) if f.init}
        return cls(**own, reported_voltages=tuple(reported), paired=paired)
