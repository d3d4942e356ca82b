"""Loading, validating and storing knowledge-base records.

* Curated records ship as YAML in ``kb/data/materials`` and ``kb/data/cells`` and are
  validated on load; a broken record names its file, record and field.
* The user's own records live in a SQLite file (``$HYDRION_USER_DB``, default
  ``$XDG_DATA_HOME/hydrion/user.sqlite``) outside the package, so upgrades keep them.
  Every write is one SQLite transaction: a refused batch leaves the file as it was.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hydrion.errors import DuplicateRecordError, FileFormatError, RecordValidationError
from hydrion.kb.records import Cell, Material
from hydrion.kb.references import Reference, load_references

USER_DB_ENV = "HYDRION_USER_DB"
RECORD_KINDS = ("material", "cell")


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


def read_record_file(path: Path) -> list[Material | Cell]:
    """Records from a YAML or JSON file holding one record or a list of them."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"cannot read {path}: {exc}") from None
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first_line = str(exc).splitlines()[0]
        raise FileFormatError(f"{path.name}: not valid YAML/JSON: {first_line}") from None
    if raw is None:
        raise FileFormatError(f"{path.name}: the file holds no records")
    items = raw if isinstance(raw, list) else [raw]
    return [parse_record(item, path.name, index) for index, item in enumerate(items)]


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
        raw = yaml.safe_load(text) or []
        if not isinstance(raw, list):
            raise RecordValidationError(f"{name}: expected a list of records")
        records.extend(parse_record(item, name, index) for index, item in enumerate(raw))
    return records


@lru_cache(maxsize=1)
def load_curated() -> Curated:
    """Load and validate every curated record (cached for the process)."""
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
    """Where the user database lives: $HYDRION_USER_DB, else under $XDG_DATA_HOME."""
    if os.environ.get(USER_DB_ENV):
        return Path(os.environ[USER_DB_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "hydrion" / "user.sqlite"


class UserStore:
    """A small SQLite key–value store of the user's own records, one JSON payload per key.

    ``kind`` separates record types: 'material' and 'cell' hold KB records; analyses keep
    their own kinds (e.g. 'arrhenius_fit', 'window', 'cell_summary').
    """

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, "
                "payload TEXT NOT NULL, added_at TEXT NOT NULL, PRIMARY KEY (kind, key))"
            )
        except sqlite3.DatabaseError as exc:
            raise FileFormatError(f"user database {self.path} is not usable: {exc}") from None
        return connection

    def put_many(self, kind: str, items: Iterable[tuple[str, dict]], replace: bool = False):
        """Store several payloads in one transaction; all or nothing."""
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        connection = self._connect()
        try:
            with connection:
                for key, payload in items:
                    connection.execute(
                        f"{verb} INTO records (kind, key, payload, added_at) VALUES (?, ?, ?, ?)",
                        (kind, key, json.dumps(payload, ensure_ascii=False), stamp),
                    )
        except sqlite3.IntegrityError:
            raise DuplicateRecordError(
                f"a {kind} with one of these ids is already in {self.path}"
            ) from None
        finally:
            connection.close()

    def put(self, kind: str, key: str, payload: dict, replace: bool = True) -> None:
        """Store one payload (replacing an older one with the same key by default)."""
        self.put_many(kind, [(key, payload)], replace=replace)

    def get(self, kind: str, key: str) -> dict | None:
        """The payload stored under (kind, key), or None."""
        if not self.path.exists():
            return None
        connection = self._connect()
        try:
            row = connection.execute(
                "SELECT payload FROM records WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        finally:
            connection.close()
        return json.loads(row[0]) if row else None

    def items(self, kind: str) -> list[tuple[str, dict]]:
        """All (key, payload) pairs of one kind, oldest first."""
        if not self.path.exists():
            return []
        connection = self._connect()
        try:
            rows = connection.execute(
                "SELECT key, payload FROM records WHERE kind = ? ORDER BY added_at, key", (kind,)
            ).fetchall()
        finally:
            connection.close()
        return [(key, json.loads(payload)) for key, payload in rows]
