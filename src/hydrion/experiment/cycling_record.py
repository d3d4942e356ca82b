"""A summarised cycling test as the user's cell in the knowledge base: one performance entry
per complete cycle (discharge capacity, Coulombic efficiency, retention), stored next to the
review's cells through the knowledge base's own checks.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from hydrion.errors import InputError, UnitError
from hydrion.experiment.cycling import CycleSummary, CyclingSummary
from hydrion.units import ABSOLUTE_ZERO_C, as_magnitude


def cell_record(
    summary: CyclingSummary,
    cell_id: str,
    cathode: str,
    electrolyte: str,
    anode: str,
    ion: str,
    temperature_C,
    kb,
):
    """A knowledge-base :class:`~hydrion.kb.cell_records.Cell` of the user's cell, one performance
    entry per complete cycle (discharge capacity, CE, retention), parts resolved by the KB.

    Parameters
    ----------
    summary : CyclingSummary
        The analysed cycling file (capacities in mAh/g, CE and retention in %).
    cell_id : str
        Id of the new cell record.
    cathode, electrolyte, anode : str
        Knowledge-base materials (id, name or formula).
    ion : str
        The working ion ('Li', 'Na', ...).
    temperature_C : float or pint.Quantity
        The test temperature in °C, or a pint temperature Quantity in any unit (K, °C, °F).
    kb : hydrion.kb.KnowledgeBase
        The knowledge base that resolves the parts.

    Returns
    -------
    hydrion.kb.cell_records.Cell
        The record, its source a 'user' source naming the file and the CE definition.

    Raises
    ------
    hydrion.errors.UnitError
        For a temperature that is not one or is at or below absolute zero.
    hydrion.errors.UnknownRecordError
        For a part the knowledge base does not hold.
    hydrion.errors.InputError
        If the file has no complete discharge to store.
    """
    from hydrion.kb.cell_records import Cell, CellPerformance
    from hydrion.sources import Source

    temperature_C = as_magnitude(temperature_C, "degC", "temperature_C")
    if not temperature_C > ABSOLUTE_ZERO_C:
        raise UnitError(f"temperature_C: {temperature_C} °C is at or below absolute zero")

    parts = [kb.material(name).id for name in (cathode, electrolyte, anode)]
    source = Source(
        kind="user",
        citation=f"cycling file {Path(summary.source).name}",
        note=f"CE = {summary.ce_definition}",
    )
    performance = [
        CellPerformance(
            capacity_mAh_per_g=c.discharge_mAh_per_g,
            kind="discharge",
            cycle=c.cycle,
            temperature_C=temperature_C,
            coulombic_efficiency_percent=_storable(c.coulombic_efficiency_percent),
            retention_percent=_storable(c.retention_percent),
            retention_cycles=_span(c, summary.reference_cycle),
            source=source,
        )
        for c in summary.cycles
        if c.discharge_mAh_per_g
    ]
    if not performance:
        raise InputError("the file has no complete discharge to store")
    return Cell(
        id=cell_id,
        cathode=parts[0],
        electrolyte=parts[1],
        anode=parts[2],
        ion=ion,
        description=f"user cycling data, {len(performance)} cycles",
        performance=performance,
    )


def _storable(percent: float | None) -> float | None:
    """A percentage the cell schema can hold (0 < p <= 100); above 100 it is left out."""
    return percent if percent is not None and 0 < percent <= 100 else None


def _span(cycle: CycleSummary, reference_cycle: int) -> int | None:
    """Cycles a stored retention spans (None where no retention is stored)."""
    if _storable(cycle.retention_percent) and cycle.cycle > reference_cycle:
        return cycle.cycle - reference_cycle
    return None


def store_cell(kb, record) -> None:
    """Store a user cell record next to the review's cells; refused if its id exists.

    Goes through :meth:`~hydrion.kb.KnowledgeBase.add_records`, so the cell is checked
    (id, parts, references) like any record added with ``hydrion db add``.

    Parameters
    ----------
    kb : hydrion.kb.KnowledgeBase
        The knowledge base whose user database receives the record.
    record : hydrion.kb.cell_records.Cell
        The cell, e.g. from :func:`cell_record`.

    Returns
    -------
    None

    Raises
    ------
    hydrion.errors.DuplicateRecordError
        If a record with the cell's id exists.
    hydrion.errors.RecordValidationError
        If the record fails the knowledge base's checks.
    """
    kb.add_records([record], "cycling summary (--store)")


@dataclass(frozen=True)
class CyclingReport(CyclingSummary):
    """What ``hydrion cycling FILE`` answers: the summary (every field of
    :class:`~hydrion.experiment.cycling.CyclingSummary`) and the id of the cell stored from it
    with ``--store`` (None without). The CLI's ``--json`` is this object's ``as_dict()``."""

    stored_cell: str | None = None

    @classmethod
    def of(cls, summary: CyclingSummary, stored_cell: str | None) -> CyclingReport:
        """``summary`` with the id of the cell stored from it."""
        own = {f.name: getattr(summary, f.name) for f in fields(summary) if f.init}
        return cls(**own, stored_cell=stored_cell)
