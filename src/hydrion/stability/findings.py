"""What experiments found for an electrolyte against an electrode (a part of
:mod:`hydrion.stability.compatibility`): the curated findings and mitigations of
``data/compatibility.yaml`` with their sources, and the knowledge-base cells made of the pair
(directly, or through a composite electrode whose active phase it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import RecordValidationError, UnknownRecordError
from hydrion.kb.cell_records import Cell
from hydrion.kb.records import Material
from hydrion.results import Result
from hydrion.sources import Source

Outcome = Literal["cycles", "fails", "degrades"]


class Mitigation(BaseModel):
    """Something that made a pair work, as reported."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    formula: str | None = None
    finding: str
    source: Source


class Finding(BaseModel):
    """An experimental finding on one electrolyte | electrode pair."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    electrolyte: str
    electrode: str
    outcome: Outcome | None = None
    finding: str
    source: Source
    mitigations: list[Mitigation] = []


@lru_cache(maxsize=1)
def curated_findings() -> tuple[Finding, ...]:
    """The findings bundled in ``stability/data/compatibility.yaml``."""
    items = bundled_yaml("hydrion.stability.data", "compatibility.yaml") or []
    findings = []
    for index, item in enumerate(items):
        try:
            findings.append(Finding.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            raise RecordValidationError(
                f"compatibility.yaml: #{index}: {where}: {error['msg']}"
            ) from None
    return tuple(findings)


@dataclass(frozen=True)
class CellEvidence(Result):
    """A knowledge-base cell that puts the electrolyte against the electrode.

    ``via`` names the composite electrode of the cell when the queried electrode is its
    active phase (e.g. Nb2O5-MgH2 for MgH2), else None.
    """

    cell: Cell
    electrode: str
    via: str | None = None

    former_modules = ("hydrion.stability.compatibility",)  # before the split (files keep it)


def active_formulas(material: Material) -> set[str]:
    """Reduced formulas of the phases that store the ion: the formula, or active components."""
    from hydrion.chem.formula import parse_formula

    if material.formula:
        return {parse_formula(material.formula).reduced_formula}
    return {
        parse_formula(c.formula).reduced_formula
        for c in material.components
        if c.formula and c.role == "active"
    }


def cells_on_record(
    kb, electrolyte: Material, electrode: Material, ion: str | None = None
) -> tuple[CellEvidence, ...]:
    """Knowledge-base cells with this electrolyte and this electrode (or a composite of it).

    With ``ion``, only cells of that working ion.

    A cell counts when its cathode or anode is the electrode itself, or a composite electrode
    (no formula of its own) whose active phase has the electrode's formula.
    """
    if kb is None:
        return ()
    wanted = active_formulas(electrode) if electrode.formula else set()
    found = []
    for cell in kb.cells(material=electrolyte.id):
        if cell.electrolyte != electrolyte.id or (ion is not None and cell.ion != ion):
            continue
        for side in (cell.cathode, cell.anode):
            if side == electrode.id:
                found.append(CellEvidence(cell, side))
                break
            if not wanted:
                continue
            try:
                other = kb.material(side)
            except UnknownRecordError:
                continue
            if not other.formula and wanted & active_formulas(other):
                found.append(CellEvidence(cell, side, via=other.name))
                break
    return tuple(sorted(found, key=lambda e: (e.via is not None, e.cell.id)))
