"""Loading, validating and storing knowledge-base records.

* Curated records ship as YAML in ``kb/data/materials`` and ``kb/data/cells`` and are
  validated on load; a broken record names its file, record and field.
* The validated curated records are kept, pickled, in the user cache directory
  (``$HYDRION_CACHE_DIR``, default ``$XDG_CACHE_HOME/hydrion``), keyed on hydrion's version
  and a SHA-256 of the data files and of the record schema; a missing, stale or unreadable
  cache is rebuilt from the YAML (C loader), written to a temporary file and moved into
  place with ``os.replace``, so two processes building it at once both leave a whole file.
  The cache holds validated records only, never computed results.
* The user's own records live in a SQLite file (``$HYDRION_USER_DB``, default
  ``$XDG_DATA_HOME/hydrion/user.sqlite``) outside the package, so upgrades keep them.
  Every write is one SQLite transaction (``BEGIN IMMEDIATE``, so concurrent writers queue):
  a refused, killed or full-disk batch leaves the file as it was. The file carries
  hydrion's ``application_id`` and a schema version (``user_version``); older versions are
  migrated on the next write, and a file that is not hydrion's is never modified.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import sqlite3
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hydrion.errors import (
    DuplicateRecordError,
    FileFormatError,
    HydrionError,
    HydrionWarning,
    RecordValidationError,
    UserDatabaseError,
)
from hydrion.kb.records import Cell, Material
from hydrion.kb.references import Reference, load_references

USER_DB_ENV = "HYDRION_USER_DB"
CACHE_DIR_ENV = "HYDRION_CACHE_DIR"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where built
RECORD_KINDS = ("material", "cell")
APPLICATION_ID = 0x48594452  # b"HYDR": marks a SQLite file as hydrion's user database
SCHEMA_VERSION = 1
_SQLITE_HEADER = b"SQLite format 3\x00"
_CREATE_RECORDS = (
    "CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL, "
    "added_at TEXT NOT NULL, PRIMARY KEY (kind, key))"
)
# PRAGMA table_info rows (name, type, notnull, pk) of the records table, unchanged since v0.
_RECORDS_COLUMNS = [
    ("kind", "TEXT", 1, 1),
    ("key", "TEXT", 1, 2),
    ("payload", "TEXT", 1, 0),
    ("added_at", "TEXT", 1, 0),
]
# Statements that take a database from version N to N + 1. Version 0 is the unstamped file
# of hydrion before schema versioning: same table, no application_id; migrating stamps it.
_MIGRATIONS: dict[int, tuple[str, ...]] = {0: ()}


@dataclass(frozen=True)
class Curated:
    """The records shipped with hydrion."""

    materials: dict[str, Material]
    cells: dict[str, Cell]
    references: dict[int, Reference]


def _validation_message(origin: str, label: str, exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "record"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{origin}: record {label}: {field}: {error['msg']}{more}"


def parse_record(item: Any, origin: str, index: int) -> Material | Cell:
    """Validate one raw record (a dict) as a Cell (has 'cathode') or a Material."""
    if not isinstance(item, dict):
        raise RecordValidationError(f"{origin}: record #{index} is not a mapping")
    label = repr(item.get("id", f"#{index}"))
    model = Cell if "cathode" in item else Material
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        raise RecordValidationError(_validation_message(origin, label, exc)) from None


class _RecordFileLoader(yaml.SafeLoader):
    """YAML of users' record files: refuses integers written with a leading zero, which
    YAML 1.1 reads as octal (``temperature_C: 030`` would be 24 °C)."""


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value).replace("_", "")
    if re.fullmatch(r"[-+]?0[0-9]+", text):
        raise FileFormatError(
            f"line {node.start_mark.line + 1}: number {node.value!r} has a leading zero, "
            "which YAML reads as octal; write it without the zero"
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_RecordFileLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def read_record_file(path: Path) -> list[Material | Cell]:
    """Records from a YAML or JSON file holding one record or a list of them.

    Raises :class:`~hydrion.errors.FileFormatError` for a file that cannot be read, is
    not UTF-8, is not YAML/JSON or is nested too deeply, and
    :class:`~hydrion.errors.RecordValidationError` for a record that breaks the schema.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{path.name}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at position "
            f"{exc.start}); save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise FileFormatError(f"cannot read {path}: {exc.strerror}") from None
    try:
        if path.suffix.lower() == ".json":
            raw = json.loads(text)
        else:
            raw = yaml.load(text, Loader=_RecordFileLoader)  # noqa: S506 - a SafeLoader
    except FileFormatError as exc:
        raise FileFormatError(f"{path.name}: {exc}") from None
    except RecursionError:
        raise FileFormatError(f"{path.name}: nested too deeply to be a record file") from None
    except (ValueError, yaml.YAMLError) as exc:  # JSONDecodeError is a ValueError
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FileFormatError(f"{path.name}: not valid YAML/JSON: {first_line}") from None
    if raw is None:
        raise FileFormatError(f"{path.name}: the file holds no records")
    items = raw if isinstance(raw, list) else [raw]
    try:
        return [parse_record(item, path.name, index) for index, item in enumerate(items)]
    except RecursionError:
        raise FileFormatError(f"{path.name}: nested too deeply to be a record file") from None


def _sources(record: Material | Cell) -> list:
    if isinstance(record, Material):
        return [value.source for _, value in record.values()]
    return [entry.source for entry in record.performance]


def check_refs(records: Iterable[Material | Cell], references: dict[int, Reference], origin: str):
    """Refuse sources citing reference numbers that the review's list does not have."""
    for record in records:
        for source in _sources(record):
            unknown = [ref for ref in source.refs if ref not in references]
            if unknown:
                raise RecordValidationError(
                    f"{origin}: record {record.id!r}: source refs {unknown} are not in the "
                    "review's reference list"
                )


def check_cell_parts(cells: Iterable[Cell], material_ids: set[str], origin: str) -> None:
    """Refuse cells whose cathode, electrolyte or anode is not a known material id."""
    for cell in cells:
        for part in ("cathode", "electrolyte", "anode"):
            if getattr(cell, part) not in material_ids:
                raise RecordValidationError(
                    f"{origin}: record {cell.id!r}: {part}: unknown material id "
                    f"{getattr(cell, part)!r}"
                )


def _data_files(folder: str) -> Iterator[tuple[str, str]]:
    root = resources.files("hydrion.kb.data").joinpath(folder)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            yield entry.name, entry.read_text(encoding="utf-8")


def _parse_curated(folder: str) -> list[Material | Cell]:
    records: list[Material | Cell] = []
    for name, text in _data_files(folder):
        raw = yaml.load(text, Loader=_YAML_LOADER) or []
        if not isinstance(raw, list):
            raise RecordValidationError(f"{name}: expected a list of records")
        records.extend(parse_record(item, name, index) for index, item in enumerate(raw))
    return records


@lru_cache(maxsize=1)
def load_curated() -> Curated:
    """Every curated record, validated: from the user cache when it is current (see
    :func:`cached_curated`), else loaded from the YAML files (cached for the process).

    Raises :class:`~hydrion.errors.RecordValidationError` for a broken data file.
    """
    return cached_curated(cache_dir())


def cache_dir() -> Path:
    """Where the compiled curated records go: $HYDRION_CACHE_DIR, else $XDG_CACHE_HOME/hydrion."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hydrion"


def curated_key() -> str:
    """The cache key: hydrion's version and a SHA-256 of every data file and record module."""
    from hydrion import __version__

    digest = hashlib.sha256(__version__.encode())
    data = resources.files("hydrion.kb.data")
    sources = [data.joinpath(name) for name in ("references.yaml",)]
    for folder in ("materials", "cells"):
        sources += sorted(data.joinpath(folder).iterdir(), key=lambda e: e.name)
    package = resources.files("hydrion.kb")
    sources += [package.joinpath(name) for name in ("records.py", "references.py", "store.py")]
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached_curated(folder: Path) -> Curated:
    """The curated records from ``folder``'s cache, rebuilt there if missing, stale or corrupt.

    A cache that cannot be read (truncated, garbage, written by other code) is ignored and
    replaced; a folder that cannot be written leaves the records uncached, never refused.
    """
    key = curated_key()
    path = folder / f"curated-{key}.pickle"
    try:
        with path.open("rb") as handle:
            stored_key, curated = pickle.load(handle)
        if stored_key == key and isinstance(curated, Curated):
            return curated
    except Exception:  # noqa: BLE001 - missing or unreadable (any way): rebuilt, not trusted
        pass
    curated = _validate_curated()
    _write_cache(path, key, curated)
    return curated


def _write_cache(path: Path, key: str, curated: Curated) -> None:
    """Write the cache whole or not at all: a temporary file, then an atomic os.replace."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".curated-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((key, curated), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return
    for old in path.parent.glob("curated-*.pickle"):  # caches of other versions or data
        if old != path:
            with suppress(OSError):
                old.unlink()


def _validate_curated() -> Curated:
    """Load and validate every curated record from the YAML data files."""
    references = load_references()
    materials: dict[str, Material] = {}
    cells: dict[str, Cell] = {}
    for folder, target in (("materials", materials), ("cells", cells)):
        for record in _parse_curated(folder):
            if record.id in target:
                raise RecordValidationError(f"{folder}: record {record.id!r} is defined twice")
            target[record.id] = record
    check_refs([*materials.values(), *cells.values()], references, "curated data")
    check_cell_parts(cells.values(), set(materials), "curated data")
    return Curated(materials=materials, cells=cells, references=references)


def user_db_path() -> Path:
    """Where the user database lives: ``$HYDRION_USER_DB``, else under ``$XDG_DATA_HOME``.

    Returns
    -------
    pathlib.Path
        ``$HYDRION_USER_DB`` if set, else ``$XDG_DATA_HOME/hydrion/user.sqlite`` (default
        ``~/.local/share/hydrion/user.sqlite``).

    Raises
    ------
    UserDatabaseError
        ``$HYDRION_USER_DB`` is set but empty.
    """
    if USER_DB_ENV in os.environ:
        if not os.environ[USER_DB_ENV].strip():
            raise UserDatabaseError(
                f"${USER_DB_ENV} is set but empty; set it to a file or unset it"
            )
        return Path(os.environ[USER_DB_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "hydrion" / "user.sqlite"


class UserStore:
    """A small SQLite key–value store of the user's own records, one JSON payload per key.

    ``kind`` separates record types: 'material' and 'cell' hold KB records; analyses keep
    their own kinds (e.g. 'arrhenius_fit', 'window', 'cell_summary').

    Reads never modify the file. Writes are one transaction each. A damaged, read-only,
    full, newer or foreign database raises :class:`~hydrion.errors.UserDatabaseError`
    with one line saying which; a stored payload that is not JSON is skipped with a
    :class:`~hydrion.errors.HydrionWarning` naming it.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.skipped: list[str] = []
        """Stored payloads left out because they are not JSON (each also warned about)."""

    # -- opening ----------------------------------------------------------------------

    def _error(self, problem: str) -> UserDatabaseError:
        return UserDatabaseError(f"user database {self.path} {problem}")

    def _sqlite_error(self, exc: sqlite3.Error) -> HydrionError:
        name = getattr(exc, "sqlite_errorname", "")
        if isinstance(exc, sqlite3.IntegrityError):
            return DuplicateRecordError(f"a record with one of these ids is already in {self.path}")
        if name.startswith("SQLITE_READONLY"):
            return self._error("is read-only; nothing was stored")
        if name == "SQLITE_FULL":
            return self._error("cannot grow: the disk is full; nothing was stored")
        if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
            return self._error("is locked by another program; nothing was stored, try again")
        if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(exc):
            return self._error(f"is damaged ({exc}); hydrion left it as it is")
        return self._error(f"cannot be used ({exc}); nothing was stored")

    def _check_file(self) -> int | None:
        """The application id in the file's header; None while there is no database yet.

        Refuses, without opening it with SQLite, a file that is not a SQLite database or
        that another program has stamped with its own application id.
        """
        if not self.path.exists():
            return None
        if self.path.is_dir():
            raise self._error("is a folder; set $HYDRION_USER_DB to a file")
        try:
            with self.path.open("rb") as handle:
                header = handle.read(100)
        except OSError as exc:
            raise self._error(f"cannot be read ({exc.strerror})") from None
        if not header:
            return None
        if not header.startswith(_SQLITE_HEADER):
            raise self._error(
                "is not a SQLite database, so not hydrion's; set $HYDRION_USER_DB to another file"
            )
        if len(header) < 100:
            raise self._error(
                "is damaged (its SQLite header is truncated); hydrion left it as it is"
            )
        application_id = int.from_bytes(header[68:72], "big")  # SQLite file format, offset 68
        if application_id not in (0, APPLICATION_ID):
            raise self._error(
                f"belongs to another program (application id {application_id:#x}); "
                "hydrion left it as it is"
            )
        return application_id

    def _schema_version(self, connection: sqlite3.Connection) -> int | None:
        """The schema version of a hydrion database, None for an empty one; refuse others."""
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = sorted(
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        if application_id not in (0, APPLICATION_ID):
            raise self._error(
                f"belongs to another program (application id {application_id:#x}); "
                "hydrion left it as it is"
            )
        if application_id == 0 and version == 0 and not tables:
            return None
        columns = [
            (row[1], row[2].upper(), row[3], row[5])
            for row in connection.execute("PRAGMA table_info(records)")
        ]
        if application_id == 0 and (tables != ["records"] or columns != _RECORDS_COLUMNS):
            listed = ", ".join(tables) or "none"
            raise self._error(
                f"is not hydrion's (tables: {listed}); hydrion left it as it is, "
                "set $HYDRION_USER_DB to another file"
            )
        if version > SCHEMA_VERSION:
            raise self._error(
                f"was written by a newer hydrion (schema {version}, this one reads up to "
                f"{SCHEMA_VERSION}); upgrade hydrion"
            )
        if columns != _RECORDS_COLUMNS:
            raise self._error("is damaged: its records table is missing or altered")
        return version

    def _check_integrity(self, connection: sqlite3.Connection) -> None:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise self._error(f"is damaged ({problems[0]}); hydrion left it as it is")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """A connection for reading (None while no database exists); nothing is written."""
        application_id = self._check_file()
        if application_id is None:
            yield None
            return
        # read-write only on hydrion's own file, so that SQLite can roll back the journal of
        # a killed writer; a file without an id may be another program's: read-only
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        mode = "rw" if writable and application_id == APPLICATION_ID else "ro"
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=30)
        except sqlite3.Error as exc:
            raise self._sqlite_error(exc) from None
        try:
            version = self._schema_version(connection)
            if version is not None:
                self._check_integrity(connection)
            yield connection if version is not None else None
        except sqlite3.Error as exc:
            raise self._sqlite_error(exc) from None
        finally:
            connection.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, on a database created or migrated as needed.

        Commits when the block ends normally; rolls back on any exception, so a refused
        batch stores nothing. Concurrent writers wait up to 30 s for each other.
        """
        application_id = self._check_file()
        exists = application_id is not None
        if application_id == 0:  # hydrion's before versioning, or another program's: look first
            with self._reading():
                pass
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            blocking = next((p for p in self.path.parents if p.is_file()), None)
            if blocking is not None:
                raise self._error(
                    f"cannot be created: {blocking} is a file, not a folder"
                ) from None
            raise self._error(f"cannot be created ({exc.strerror})") from None
        if exists and not os.access(self.path, os.W_OK):
            raise self._error("is read-only; nothing was stored")
        try:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._sqlite_error(exc) from None
        try:
            connection.execute("BEGIN IMMEDIATE")
            version = self._schema_version(connection)
            if version is None:
                connection.execute(_CREATE_RECORDS)
                version = 0
            else:
                self._check_integrity(connection)
            if version < SCHEMA_VERSION:
                for step in range(version, SCHEMA_VERSION):
                    for statement in _MIGRATIONS[step]:
                        connection.execute(statement)
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            self._roll_back(connection)
            raise self._sqlite_error(exc) from None
        except BaseException:
            self._roll_back(connection)
            raise
        finally:
            connection.close()

    @staticmethod
    def _roll_back(connection: sqlite3.Connection) -> None:
        if connection.in_transaction:
            # where ROLLBACK itself fails, SQLite rolls the journal back on the next open
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")

    # -- writing ----------------------------------------------------------------------

    def put_records(
        self,
        rows: Iterable[tuple[str, str, dict]],
        replace: bool = False,
        check: Callable[[list[tuple[str, str, dict]]], None] | None = None,
    ) -> None:
        """Store (kind, key, payload) rows of any kinds in one transaction; all or nothing.

        ``check``, when given, is called inside the transaction (before any insert) with
        every stored (kind, key, payload) row of the 'material' and 'cell' kinds, and may
        raise to refuse the batch: concurrent writers queue, so what it sees stays true.

        Raises :class:`~hydrion.errors.DuplicateRecordError` naming the first key already
        stored (unless ``replace``), and :class:`~hydrion.errors.UserDatabaseError` when the
        database cannot take the write; either way nothing of the batch is stored.
        """
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        with self._writing() as connection:
            if check is not None:
                stored = connection.execute(
                    "SELECT kind, key, payload FROM records WHERE kind IN ('material', 'cell')"
                ).fetchall()
                decoded = [(kind, key, self._decode(kind, key, text)) for kind, key, text in stored]
                check([row for row in decoded if row[2] is not None])
            for kind, key, payload in rows:
                if (
                    not replace
                    and connection.execute(
                        "SELECT 1 FROM records WHERE kind = ? AND key = ?", (kind, key)
                    ).fetchone()
                ):
                    raise DuplicateRecordError(
                        f"a {kind} {key!r} is already in {self.path}; nothing was stored"
                    )
                connection.execute(
                    f"{verb} INTO records (kind, key, payload, added_at) VALUES (?, ?, ?, ?)",
                    (kind, key, json.dumps(payload, ensure_ascii=False), stamp),
                )

    def put_many(self, kind: str, items: Iterable[tuple[str, dict]], replace: bool = False):
        """Store several payloads of one kind in one transaction; all or nothing."""
        self.put_records(((kind, key, payload) for key, payload in items), replace=replace)

    def put(self, kind: str, key: str, payload: dict, replace: bool = True) -> None:
        """Store one payload (replacing an older one with the same key by default)."""
        self.put_many(kind, [(key, payload)], replace=replace)

    # -- reading ----------------------------------------------------------------------

    def _decode(self, kind: str, key: str, text: str) -> dict | None:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            message = f"user database {self.path}: stored {kind} {key!r} is not JSON; skipped"
            self.skipped.append(message)
            warnings.warn(message, HydrionWarning, stacklevel=3)
            return None

    def get(self, kind: str, key: str) -> dict | None:
        """The payload stored under (kind, key), or None."""
        with self._reading() as connection:
            if connection is None:
                return None
            row = connection.execute(
                "SELECT payload FROM records WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        return self._decode(kind, key, row[0]) if row else None

    def items(self, kind: str) -> list[tuple[str, dict]]:
        """All (key, payload) pairs of one kind, oldest first (undecodable ones skipped)."""
        with self._reading() as connection:
            if connection is None:
                return []
            rows = connection.execute(
                "SELECT key, payload FROM records WHERE kind = ? ORDER BY added_at, key", (kind,)
            ).fetchall()
        decoded = [(key, self._decode(kind, key, text)) for key, text in rows]
        return [(key, payload) for key, payload in decoded if payload is not None]
