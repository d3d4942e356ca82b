"""Reported values as table rows: one dict per value of a material, one per performance of a
cell, with the value's source.

These are the rows of :meth:`~hydrion.kb.tables.Tables.values_frame`,
:meth:`~hydrion.kb.tables.Tables.cells_frame` and of ``hydrion db export``
(:meth:`~hydrion.kb.tables.Tables.export_rows`), built without pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hydrion.kb.references import Reference, describe_source

if TYPE_CHECKING:
    from hydrion.kb.cell_records import Cell
    from hydrion.kb.records import Material

RECORD_COLUMNS = ("id", "name", "kind")
"""The columns that name the material in each exported row of its values."""


def value_rows(material: Material, references: dict[int, Reference]) -> list[dict]:
    """Every reported value of a material, one dict each, in the record's order.

    Parameters
    ----------
    material : Material
        The record.
    references : dict of int to Reference
        The review's reference list, to resolve the DOIs of ``refs``.

    Returns
    -------
    list of dict
        ``property`` (the record's field, e.g. 'conductivities'), the value's fields that are
        set (e.g. ``sigma_S_per_cm`` in S/cm, ``temperature_C`` in °C), then ``refs``
        (review reference numbers), ``dois``, ``citation``, ``source_kind`` and ``note``.
    """
    rows = []
    for field, value in material.values():
        source = describe_source(value.source, references)
        rows.append(
            {
                "property": field,
                **value.model_dump(exclude={"source", "note"}, exclude_none=True),
                "refs": source.get("refs", []),
                "dois": source.get("dois", []) + ([source["doi"]] if "doi" in source else []),
                "citation": source.get("citation"),
                "source_kind": source["kind"],
                "note": value.note,
            }
        )
    return rows


def material_export_rows(material: Material, references: dict[int, Reference]) -> list[dict]:
    """The rows of :func:`value_rows`, each led by the material's ``id``, ``name`` and
    ``kind``; a value's own field of one of those names (a voltage's ``kind``: average or
    plateau) is written as ``value_<name>`` (``value_kind``), so that neither hides the
    other."""
    named = dict(zip(RECORD_COLUMNS, (material.id, material.name, material.kind), strict=True))
    return [
        named | {f"value_{k}" if k in named else k: v for k, v in row.items()}
        for row in value_rows(material, references)
    ]


def performance_rows(cell: Cell) -> list[dict]:
    """Every reported performance of a cell, one dict each.

    Returns
    -------
    list of dict
        ``cell``, ``cathode``, ``electrolyte``, ``anode`` (material ids), ``ion``, every field
        of :class:`~hydrion.kb.cell_records.CellPerformance` but its source and note (None
        where not reported; capacity in mAh/g, temperature in °C...), and ``refs`` (review
        reference numbers).
    """
    parts = {
        "cell": cell.id,
        "cathode": cell.cathode,
        "electrolyte": cell.electrolyte,
        "anode": cell.anode,
        "ion": cell.ion,
    }
    return [
        parts | entry.model_dump(exclude={"source", "note"}) | {"refs": entry.source.refs}
        for entry in cell.performance
    ]
