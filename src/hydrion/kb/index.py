"""The SQL index of knowledge-base records: the columns that lookups and filters use.

The same tables index the curated records (an in-memory database built when the knowledge
base opens) and the user's records (inside the user database, written in the same
transaction as the records themselves), so one query text runs on either. Every column a
query filters on is indexed: material id, lookup keys (id, name, aliases), kind, working
ion, family, reduced formula; the material id of each stored conductivity and window; the
parts of each cell; the stored MD predictions, by the name of the material they predict (a
partial index on an expression of the name, so it needs no column of its own). The index
holds what the records say, never computed results (the reduced formula is the record's own
formula, written as pymatgen reduces it).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from hydrion.kb.cell_records import Cell
from hydrion.kb.predicted import PREDICTION_TAG
from hydrion.kb.records import Material, slug

INDEX_TABLES = ("materials", "material_ions", "lookup", "conductivities", "windows", "cells")
# What Python's str.strip() removes (every character whose isspace() is true), so that the
# SQL below reads a prediction's measured name exactly as hydrion.atomistic.stored does.
WHITESPACE_CODEPOINTS = (
    *range(9, 14), *range(28, 33), 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
    8287, 12288,
)  # fmt: skip
_TAG_AT = f"instr(name, '{PREDICTION_TAG}')"  # the tag is a literal: a partial index needs one
IS_PREDICTION = f"{_TAG_AT} > 0"
MEASURED_NAME = (
    f"trim(substr(name, 1, {_TAG_AT} - 1), char({', '.join(map(str, WHITESPACE_CODEPOINTS))}))"
)
PREDICTIONS_INDEX = (
    f"CREATE INDEX materials_predictions ON materials ({MEASURED_NAME}) WHERE {IS_PREDICTION}"
)
INDEX_SCHEMA = (
    "CREATE TABLE materials (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, "
    "family TEXT NOT NULL, formula TEXT, reduced_formula TEXT, ions TEXT NOT NULL, "
    "origin TEXT NOT NULL, review_table TEXT) WITHOUT ROWID",
    "CREATE INDEX materials_kind ON materials (kind)",
    "CREATE INDEX materials_family ON materials (lower(family))",
    "CREATE INDEX materials_reduced_formula ON materials (reduced_formula)",
    PREDICTIONS_INDEX,
    "CREATE TABLE material_ions (ion TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ion, id)) "
    "WITHOUT ROWID",
    "CREATE TABLE lookup (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) "
    "WITHOUT ROWID",
    "CREATE TABLE conductivities (id TEXT NOT NULL, sigma_S_per_cm REAL, temperature_C REAL, "
    "precision TEXT, phase TEXT, direction TEXT)",
    "CREATE INDEX conductivities_id ON conductivities (id)",
    "CREATE TABLE windows (id TEXT NOT NULL, low_V REAL, high_V REAL, method TEXT)",
    "CREATE INDEX windows_id ON windows (id)",
    "CREATE TABLE cells (id TEXT PRIMARY KEY, cathode TEXT NOT NULL, electrolyte TEXT NOT NULL, "
    "anode TEXT NOT NULL, ion TEXT NOT NULL, origin TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX cells_cathode ON cells (cathode)",
    "CREATE INDEX cells_electrolyte ON cells (electrolyte)",
    "CREATE INDEX cells_anode ON cells (anode)",
)
# SQLite allows 32766 parameters per statement (since 3.32); stay far below
_CHUNK = 500

CONDUCTIVITY_QUERY = (
    "SELECT m.id, m.name, m.kind, m.family, c.sigma_S_per_cm, c.temperature_C, c.precision, "
    "c.phase FROM conductivities c JOIN materials m ON m.id = c.id "
    "WHERE c.sigma_S_per_cm >= ? AND abs(c.temperature_C - ?) <= ?"
)
WINDOW_QUERY = (
    "SELECT m.id, m.name, m.family, w.low_V, w.high_V, w.method FROM windows w "
    "JOIN materials m ON m.id = w.id WHERE w.high_V >= ?"
)


def create(connection: sqlite3.Connection) -> None:
    """Create the index tables (in an open transaction, or an in-memory database)."""
    for statement in INDEX_SCHEMA:
        connection.execute(statement)


def lookup_key(text: str) -> str:
    """How a name is compared: lowercase, dashes unified, no whitespace."""
    return "".join(text.lower().replace("–", "-").replace("—", "-").split())


def material_keys(material: Material) -> set[str]:
    """The lookup keys of a material: its id, name, name as an id, and aliases."""
    names = {material.id, slug(material.name), material.name, *material.aliases}
    return {lookup_key(name) for name in names}


@lru_cache(maxsize=4096)
def reduced_formula(formula: str) -> str:
    """pymatgen's reduced formula of a formula (imports pymatgen)."""
    from hydrion.chem.formula import parse_formula

    return parse_formula(formula).reduced_formula


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    """``items`` in slices short enough for one statement's parameters."""
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def placeholders(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items))


def insert(
    connection: sqlite3.Connection,
    records: Iterable[Material | Cell],
    origin: str,
    reduce: bool = True,
) -> None:
    """Index ``records`` with this origin ('curated' or 'user').

    ``reduce`` fills the reduced formula now (pymatgen); the in-memory curated index leaves
    it empty until the first formula lookup (see :func:`fill_reduced_formulas`).
    """
    for record in records:
        if isinstance(record, Cell):
            connection.execute(
                "INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?)",
                (record.id, record.cathode, record.electrolyte, record.anode, record.ion, origin),
            )
            continue
        reduced = reduced_formula(record.formula) if reduce and record.formula else None
        connection.execute(
            "INSERT INTO materials VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.name,
                record.kind,
                record.family,
                record.formula,
                reduced,
                ",".join(record.ions),
                origin,
                record.review_table,
            ),
        )
        connection.executemany(
            "INSERT INTO material_ions VALUES (?, ?)", [(ion, record.id) for ion in record.ions]
        )
        connection.executemany(
            "INSERT INTO lookup VALUES (?, ?)", [(key, record.id) for key in material_keys(record)]
        )
        connection.executemany(
            "INSERT INTO conductivities VALUES (?, ?, ?, ?, ?, ?)",
            [
                (record.id, c.sigma_S_per_cm, c.temperature_C, c.precision, c.phase, c.direction)
                for c in record.conductivities
            ],
        )
        connection.executemany(
            "INSERT INTO windows VALUES (?, ?, ?, ?)",
            [(record.id, w.low_V, w.high_V, w.method) for w in record.windows],
        )


def remove(connection: sqlite3.Connection, kind: str, record_id: str) -> None:
    """Drop the index rows of one 'material' or 'cell' record (before it is stored again).

    Raises ValueError for any other kind: the index holds materials and cells only, and an
    analysis stored under a material's id (a CV 'window', an 'eis_fit') must never take
    that material's rows with it.
    """
    if kind == "cell":
        connection.execute("DELETE FROM cells WHERE id = ?", (record_id,))
        return
    if kind != "material":
        raise ValueError(f"the index holds materials and cells, not {kind!r} rows")
    for table in ("materials", "material_ions", "lookup", "conductivities", "windows"):
        connection.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))  # noqa: S608


def fill_reduced_formulas(connection: sqlite3.Connection) -> None:
    """Fill the reduced formulas left empty (pymatgen), once, before a formula lookup."""
    missing = connection.execute(
        "SELECT id, formula FROM materials WHERE reduced_formula IS NULL AND formula IS NOT NULL"
    ).fetchall()
    connection.executemany(
        "UPDATE materials SET reduced_formula = ? WHERE id = ?",
        [(reduced_formula(formula), material_id) for material_id, formula in missing],
    )


def owners(connection: sqlite3.Connection, keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, material id) of every indexed material known by one of ``keys``."""
    keys = sorted(set(keys))
    found: list[tuple[str, str]] = []
    for part in chunks(keys):
        found += connection.execute(
            f"SELECT key, id FROM lookup WHERE key IN ({placeholders(part)})",  # noqa: S608
            part,
        ).fetchall()
    return found


def present(connection: sqlite3.Connection, table: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the index table ('materials' or 'cells') holds."""
    ids = sorted(set(ids))
    found: set[str] = set()
    for part in chunks(ids):
        found.update(
            row[0]
            for row in connection.execute(
                f"SELECT id FROM {table} WHERE id IN ({placeholders(part)})",  # noqa: S608
                part,
            )
        )
    return found


LOWER_FUNCTION = "hydrion_lower"
"""SQL name of Python's ``str.lower`` on the index connections (:func:`add_functions`)."""
EXP_FUNCTION = "hydrion_exp"
"""SQL name of the exponential on the index connections (:func:`add_functions`; SQLite's own
``exp`` exists only where it was built with its math functions)."""


def add_functions(connection: sqlite3.Connection) -> None:
    """Give a connection the SQL functions the index queries use (:data:`LOWER_FUNCTION`,
    :data:`EXP_FUNCTION`)."""
    connection.create_function(LOWER_FUNCTION, 1, _lower, deterministic=True)
    connection.create_function(EXP_FUNCTION, 1, _exp, deterministic=True)


def _lower(text: str | None) -> str | None:
    return None if text is None else str(text).lower()


def _exp(x: float | None) -> float | None:
    """e**x, infinite where it overflows (NULL stays NULL)."""
    if x is None:
        return None
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def family_condition(family: str, column: str = "family") -> tuple[str, list[str]]:
    """(SQL condition, parameters): ``column`` equals ``family`` ignoring case as ``db show``
    does (Python's ``str.lower``, every script). An ASCII family is compared with SQLite's
    ``lower``, which folds ASCII only, on the index of ``lower(family)``; any other with
    Python's, on every row (SQLite's ``lower`` left 'Ä' and 'ä' apart). The one gap: a stored
    family spelt with the Kelvin sign (U+212A, lower 'k') is not found by an ASCII 'k'."""
    if family.isascii():
        return f"lower({column}) = lower(?)", [family]
    return f"{LOWER_FUNCTION}({column}) = ?", [family.lower()]


def material_query(
    kind: str | None = None, ion: str | None = None, family: str | None = None
) -> tuple[str, list[str]]:
    """(SQL, parameters) for the ids of the materials of this kind, working ion and family
    (case-insensitive, :func:`family_condition`). Values are compared as values, never as
    patterns ('%' matches nothing)."""
    sql = "SELECT id FROM materials WHERE 1=1"
    params: list[str] = []
    if kind:
        sql, params = sql + " AND kind = ?", [*params, kind]
    if ion:
        sql += " AND id IN (SELECT id FROM material_ions WHERE ion = ?)"
        params.append(ion)
    if family:
        condition, values = family_condition(family)
        sql, params = f"{sql} AND {condition}", [*params, *values]
    return sql, params


def prediction_query(
    measured_name: str | None = None, kind: str | None = None, family: str | None = None
) -> tuple[str, list[str]]:
    """(SQL, parameters) for the ids of the stored MD predictions (records named
    '<measured name> [MD prediction <digest>]'), those of the material named exactly
    ``measured_name`` (surrounding whitespace aside) if given, of this kind and family
    (case-insensitive). It runs on the partial index ``materials_predictions``, so it reads
    the prediction rows only, however many other records there are; on a file without that
    index (schema 2) it reads the ``materials`` index rows, never the records."""
    sql = f"SELECT id FROM materials WHERE {IS_PREDICTION}"
    params: list[str] = []
    if measured_name is not None:
        sql, params = f"{sql} AND {MEASURED_NAME} = ?", [*params, measured_name]
    if kind:  # '+': never through the index of all materials of this kind
        sql, params = sql + " AND +kind = ?", [*params, kind]
    if family:
        condition, values = family_condition(family, "+family")
        sql, params = f"{sql} AND {condition}", [*params, *values]
    return sql, params


def cell_query(ion: str | None = None, material_id: str | None = None) -> tuple[str, list[str]]:
    """(SQL, parameters) for the ids of the cells of this ion that contain this material."""
    sql = "SELECT id FROM cells WHERE 1=1"
    params: list[str] = []
    if ion:
        sql, params = sql + " AND ion = ?", [*params, ion]
    if material_id:
        sql += " AND (cathode = ? OR electrolyte = ? OR anode = ?)"
        params += [material_id] * 3
    return sql, params
