"""The checks of a batch of user records before and while it is stored (``db add``).

Before the write: each record validated again, then checked against the records already
loaded (curated, and user records read so far) and against the rest of the batch. Inside
the write transaction: checked against every stored user record with indexed lookups, so
a concurrent writer that took an id or a name meanwhile is seen (writers queue).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Container, Mapping
from functools import lru_cache

from hydrion.errors import DuplicateRecordError, FormulaError, InputError, RecordValidationError
from hydrion.kb import index
from hydrion.kb.cell_records import Cell
from hydrion.kb.index import material_keys
from hydrion.kb.record_files import check_refs, parse_record
from hydrion.kb.records import Material
from hydrion.kb.references import Reference

_PARTS = ("cathode", "electrolyte", "anode")


def revalidated(records: object, origin: str) -> list[Material | Cell]:
    """Each record validated again (``model_copy(update=...)`` skips validation).

    Raises :class:`~hydrion.errors.InputError` for something that is not a list of records
    and :class:`~hydrion.errors.RecordValidationError` for a record that breaks the schema.
    """
    if isinstance(records, Material | Cell) or not isinstance(records, list | tuple):
        raise InputError(f"{origin}: give a list of Material or Cell records")
    checked: list[Material | Cell] = []
    for number, record in enumerate(records):
        if not isinstance(record, Material | Cell):
            raise InputError(
                f"{origin}: item #{number} is a {type(record).__name__}, not a Material or Cell"
            )
        checked.append(parse_record(record.model_dump(), origin, number))
    return checked


def kind_of(record: Material | Cell) -> str:
    """The user-database kind of a record: 'material' or 'cell'."""
    return "cell" if isinstance(record, Cell) else "material"


def shadowing(origin: str, record_id: str, key: str, owner: str) -> DuplicateRecordError:
    """The refusal of a name or alias that is already another material's."""
    return DuplicateRecordError(
        f"{origin}: record {record_id!r}: name or alias {key!r} is already {owner!r}; "
        "aliases may not shadow another material"
    )


def unknown_part(origin: str, cell: Cell, part: str) -> RecordValidationError:
    """The refusal of a cell whose cathode, electrolyte or anode is no known material."""
    return RecordValidationError(
        f"{origin}: record {cell.id!r}: {part}: unknown material id {getattr(cell, part)!r}"
    )


def check_batch(
    records: list[Material | Cell],
    origin: str,
    references: dict[int, Reference],
    known: Container[str],
    materials: Container[str],
    keys: Mapping[str, str],
) -> dict[str, set[str]]:
    """Check a batch against the loaded records and itself, before anything is written.

    ``known`` are the loaded record ids, ``materials`` the loaded material ids and ``keys``
    their lookup keys (key -> material id). Refuses (DuplicateRecordError) ids already
    taken and names or aliases of another material, (RecordValidationError) unknown
    reference numbers (invisible and control characters in any text field are refused by
    the records themselves: :func:`hydrion.sources.refused_character`). Returns, by cell id,
    the parts that are neither loaded nor in the batch: :func:`check_stored` looks for them
    in the user database.
    """
    ids: set[str] = set()
    batch_keys: dict[str, str] = {}
    parts: dict[str, set[str]] = {}
    for record in sorted(records, key=lambda r: isinstance(r, Cell)):  # materials first
        if record.id in ids or record.id in known:
            raise DuplicateRecordError(f"{origin}: record {record.id!r} already exists")
        check_refs([record], references, origin)
        ids.add(record.id)
        if isinstance(record, Cell):
            named = {getattr(record, part) for part in _PARTS}
            parts[record.id] = {p for p in named if p not in materials and p not in ids}
            continue
        for key in material_keys(record):
            owner = batch_keys.get(key) or keys.get(key)
            if owner is not None and owner != record.id:
                raise shadowing(origin, record.id, key, owner)
            batch_keys[key] = record.id
        for name in (record.name, *record.aliases):
            owner = curated_formula_owner(name)
            if owner is not None and owner != record.id:
                raise shadowing(origin, record.id, name, owner)
    return parts


@lru_cache(maxsize=1)
def _curated_by_formula() -> dict[str, str]:
    """Reduced formula -> curated material id (the first id where several share one)."""
    from hydrion.kb.curated import load_curated

    owners: dict[str, str] = {}
    for material_id in sorted(load_curated().materials):
        formula = load_curated().materials[material_id].formula
        try:
            owners.setdefault(index.reduced_formula(formula), material_id)
        except FormulaError:  # a curated mixture written in words has no formula key
            continue
    return owners


def curated_formula_owner(name: str) -> str | None:
    """The curated material whose reduced formula ``name`` spells (``Li(BH4)``, ``BH4Li``
    and ``LiBH4`` all spell libh4's), or None where ``name`` is no such formula. Text
    without a capital letter names no element and is answered without pymatgen."""
    if not any(char.isupper() for char in name):
        return None
    try:
        reduced = index.reduced_formula(name)
    except FormulaError:
        return None
    return _curated_by_formula().get(reduced)


def check_stored(
    connection: sqlite3.Connection,
    records: list[Material | Cell],
    parts: dict[str, set[str]],
    origin: str,
) -> None:
    """Inside the write transaction: refuse ids and names the stored records already use,
    and cells whose parts are neither loaded, in the batch, nor stored (indexed lookups)."""
    ids = [record.id for record in records]
    taken: set[str] = set()
    for part in index.chunks(ids):
        taken.update(
            row[0]
            for row in connection.execute(
                "SELECT key FROM records WHERE kind IN ('material', 'cell') "  # noqa: S608
                f"AND key IN ({index.placeholders(part)})",
                part,
            )
        )
    for record_id in ids:
        if record_id in taken:
            raise DuplicateRecordError(
                f"{origin}: record {record_id!r} already exists in the user database; "
                "nothing was stored"
            )
    new_keys = {
        key: record.id
        for record in records
        if isinstance(record, Material)
        for key in material_keys(record)
    }
    for key, owner in sorted(index.owners(connection, new_keys)):
        raise shadowing(origin, new_keys[key], key, owner)
    stored = index.present(connection, "materials", set().union(*parts.values()))
    for record in records:
        if isinstance(record, Cell):
            for part in _PARTS:
                if getattr(record, part) in parts[record.id] - stored:
                    raise unknown_part(origin, record, part)
