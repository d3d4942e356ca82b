"""The user database's file format: what makes a SQLite file hydrion's, its schema version,
and the migrations from older versions.

* A hydrion user database carries ``application_id`` 0x48594452 (b"HYDR") and its schema
  version in ``user_version``. Version 0 is the unstamped file of hydrion before versioning
  (one ``records`` table); version 1 stamped it; version 2 adds the index of the stored
  materials and cells (:mod:`hydrion.kb.index`) and ``unindexed``, the stored rows that
  could not be indexed when an older file was migrated, with the reason (warned about on
  every open); version 3 adds the index of the stored MD predictions by the name of the
  material they predict (:data:`~hydrion.kb.index.PREDICTIONS_INDEX`). Each migration runs
  inside the first write's transaction, so a killed or refused write leaves the file at its
  old version, still readable (a version 2 file is queried the same way, without that index).
* A file without the id is hydrion's only if it holds exactly version 0's table; anything
  else (another program's file, another schema) is refused and never modified.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hydrion.errors import RecordValidationError, UserDatabaseError
from hydrion.kb import index
from hydrion.kb.cell_records import Cell
from hydrion.kb.record_fields import TRUSTED_FORMULAS
from hydrion.kb.record_files import parse_record
from hydrion.kb.records import Material

APPLICATION_ID = 0x48594452  # b"HYDR": marks a SQLite file as hydrion's user database
SCHEMA_VERSION = 3
RECORD_KINDS = ("material", "cell")
SQLITE_HEADER = b"SQLite format 3\x00"
CREATE_RECORDS = (
    "CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL, "
    "added_at TEXT NOT NULL, PRIMARY KEY (kind, key))"
)
# PRAGMA table_info rows (name, type, notnull, pk) of the records table, unchanged since v0.
RECORDS_COLUMNS = [
    ("kind", "TEXT", 1, 1),
    ("key", "TEXT", 1, 2),
    ("payload", "TEXT", 1, 0),
    ("added_at", "TEXT", 1, 0),
]
_CREATE_UNINDEXED = (
    "CREATE TABLE unindexed (kind TEXT NOT NULL, key TEXT NOT NULL, reason TEXT NOT NULL, "
    "PRIMARY KEY (kind, key)) WITHOUT ROWID"
)
_V2_TABLES = {"records", "unindexed", *index.INDEX_TABLES}


def problem(path: Path, text: str) -> UserDatabaseError:
    """The one-line error about the user database at ``path``."""
    return UserDatabaseError(f"user database {path} {text}")


def check_header(path: Path) -> int | None:
    """The application id in the file's header; None while there is no database yet.

    Refuses, without opening it with SQLite, a file that is not a SQLite database or
    that another program has stamped with its own application id.
    """
    if not path.exists():
        return None
    if path.is_dir():
        raise problem(path, "is a folder; set $HYDRION_USER_DB to a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise problem(path, f"cannot be read ({exc.strerror})") from None
    if not header:
        return None
    if not header.startswith(SQLITE_HEADER):
        raise problem(
            path, "is not a SQLite database, so not hydrion's; set $HYDRION_USER_DB to another file"
        )
    if len(header) < 100:
        raise problem(path, "is damaged (its SQLite header is truncated); hydrion left it as it is")
    application_id = int.from_bytes(header[68:72], "big")  # SQLite file format, offset 68
    if application_id not in (0, APPLICATION_ID):
        raise problem(
            path,
            f"belongs to another program (application id {application_id:#x}); "
            "hydrion left it as it is",
        )
    return application_id


def schema_version(connection: sqlite3.Connection, path: Path) -> int | None:
    """The schema version of a hydrion database, None for an empty one; refuse others."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = sorted(
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    )
    if application_id not in (0, APPLICATION_ID):
        raise problem(
            path,
            f"belongs to another program (application id {application_id:#x}); "
            "hydrion left it as it is",
        )
    if application_id == 0 and version == 0 and not tables:
        return None
    columns = [
        (row[1], row[2].upper(), row[3], row[5])
        for row in connection.execute("PRAGMA table_info(records)")
    ]
    if application_id == 0 and (tables != ["records"] or columns != RECORDS_COLUMNS):
        listed = ", ".join(tables) or "none"
        raise problem(
            path,
            f"is not hydrion's (tables: {listed}); hydrion left it as it is, "
            "set $HYDRION_USER_DB to another file",
        )
    if version > SCHEMA_VERSION:
        raise problem(
            path,
            f"was written by a newer hydrion (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade hydrion",
        )
    if columns != RECORDS_COLUMNS:
        raise problem(path, "is damaged: its records table is missing or altered")
    missing = ", ".join(sorted(_V2_TABLES - set(tables)))
    if version >= 2 and missing:
        raise problem(path, f"is damaged: its index tables are missing ({missing})")
    return version


def probe(connection: sqlite3.Connection) -> None:
    """Read the first page path of every table and index (milliseconds, whatever the size).

    A damaged root page raises ``sqlite3.DatabaseError`` here rather than in the middle of
    a command; damage deeper in a large file shows when a query reaches it. The full check
    (``PRAGMA quick_check``, which reads every page) runs inside each write transaction.
    """
    rows = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index') "
        "AND rootpage > 0"
    ).fetchall()
    for kind, name, table, sql in rows:
        hint = "NOT INDEXED" if kind == "table" else f'INDEXED BY "{name}"'
        _, partial, where = (sql or "").partition(" WHERE ")  # a partial index: only with it
        if kind == "index" and partial:
            hint += f" WHERE {where}"
        connection.execute(f'SELECT 1 FROM "{table}" {hint} LIMIT 1').fetchall()  # noqa: S608


def check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a database whose pages fail SQLite's quick check (reads the whole file)."""
    problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise problem(path, f"is damaged ({problems[0]}); hydrion left it as it is")


def create_or_migrate(connection: sqlite3.Connection, version: int | None) -> None:
    """Bring a database (None: a new, empty one) to :data:`SCHEMA_VERSION`, inside the
    caller's write transaction, and stamp it as hydrion's."""
    if version is None:
        connection.execute(CREATE_RECORDS)
        version = 0
    if version == SCHEMA_VERSION:
        return
    if version < 2:  # 0 -> 1 only stamps the file, below; the index made here is version 3's
        _index_stored(connection)
    elif version < 3:
        connection.execute(index.PREDICTIONS_INDEX)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def reindex(connection: sqlite3.Connection) -> None:
    """Rebuild the index of every stored material and cell from the records (inside the
    caller's write transaction), as a migration to version 2 builds it: for records written
    behind hydrion's back, or an index that lost rows."""
    for table in ("unindexed", *index.INDEX_TABLES):
        connection.execute(f'DROP TABLE IF EXISTS "{table}"')
    _index_stored(connection)


def _index_stored(connection: sqlite3.Connection) -> None:
    """Version 1 -> 2: index every stored material (oldest first), then every cell.

    A stored row that is not JSON, breaks the record schema, reuses a curated or another
    record's id, takes a name or alias of a curated or an older stored material, or (a cell)
    names a part that is no curated or indexed material is left out of the index and listed
    in ``unindexed`` with the reason, so it is warned about once with the remedy and never
    indexed.
    """
    from hydrion.kb.curated import load_curated  # the curated records the index must not shadow

    curated = load_curated()
    connection.execute(_CREATE_UNINDEXED)
    index.create(connection)
    rows = connection.execute(
        "SELECT kind, key, payload FROM records WHERE kind IN ('material', 'cell') "
        "ORDER BY kind = 'cell', added_at, key"
    )
    ids: set[str] = {*curated.materials, *curated.cells}
    keys = {key: m.id for m in curated.materials.values() for key in index.material_keys(m)}
    materials = set(curated.materials)
    for kind, key, text in rows.fetchall():
        reason = None
        try:
            record = stored_record(kind, key, text)
        except RecordValidationError as exc:
            reason = str(exc)
        else:
            if key in ids:
                reason = f"its id {key!r} is taken by another record"
            elif isinstance(record, Material):
                taken = keys.keys() & index.material_keys(record)
                if taken:
                    clash = min(taken)
                    reason = f"its name or alias {clash!r} is already {keys[clash]!r}"
            else:
                unknown = [
                    f"{part} {getattr(record, part)!r}"
                    for part in ("cathode", "electrolyte", "anode")
                    if getattr(record, part) not in materials
                ]
                if unknown:
                    reason = f"its {', '.join(unknown)} is no known material"
        if reason is not None:
            connection.execute("INSERT INTO unindexed VALUES (?, ?, ?)", (kind, key, reason))
            continue
        ids.add(key)
        if isinstance(record, Material):
            materials.add(key)
            keys.update(dict.fromkeys(index.material_keys(record), key))
        index.insert(connection, [record], "user")


def stored_record(
    kind: str, key: str, text: str, label: str | None = None, trusted_formulas: tuple = ()
) -> Material | Cell:
    """The record stored as (kind, key, JSON text), validated.

    ``label`` names it in errors (default "stored <kind> <key>"); ``trusted_formulas``
    were checked when the record was stored (see
    :data:`~hydrion.kb.record_fields.TRUSTED_FORMULAS`). Raises
    :class:`~hydrion.errors.RecordValidationError` for text that is not JSON, a record that
    breaks the schema, or one that is not the (kind, key) it is stored as.
    """
    label = label or f"stored {kind} {key!r}"
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        raise RecordValidationError(f"{label} is not JSON") from None
    context = {TRUSTED_FORMULAS: trusted_formulas} if trusted_formulas else None
    record = parse_record(payload, label, 0, context)
    if (kind == "cell") != isinstance(record, Cell) or record.id != key:
        raise RecordValidationError(f"{label}: does not hold a {kind} {key!r}")
    return record
