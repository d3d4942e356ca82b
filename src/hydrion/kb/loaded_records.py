"""The records a knowledge base holds: curated ones indexed in memory, user ones read from
the user database on demand.

:class:`LoadedRecords` is the part of :class:`~hydrion.kb.knowledge_base.KnowledgeBase` that
opens the two indexes (:mod:`hydrion.kb.index`), reads and validates the user records a
query returns (once per process), and skips, with a :class:`~hydrion.errors.HydrionWarning`
naming it, a user record that is damaged, clashes with a curated record or cites what does
not exist. An older user database without the index is read whole until the next write
migrates it.
"""

from __future__ import annotations

import sqlite3
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

from hydrion.errors import (
    DuplicateRecordError,
    HydrionError,
    HydrionWarning,
    RecordValidationError,
    UserDatabaseError,
)
from hydrion.kb import index
from hydrion.kb.adding import shadowing, unknown_part
from hydrion.kb.cell_records import Cell
from hydrion.kb.curated import Curated, load_curated
from hydrion.kb.index import material_keys
from hydrion.kb.record_files import check_refs
from hydrion.kb.records import Material
from hydrion.kb.references import Reference
from hydrion.kb.store import UserStore, user_db_path
from hydrion.kb.user_schema import stored_record

TABLE_OF_KIND = {"material": "materials", "cell": "cells"}  # record kind -> its index table
_REMEDY = "correct or delete the stored row, then run `hydrion db reindex`"


_TEMPLATE_LOCK = threading.Lock()
_templates: dict[int, tuple[Curated, sqlite3.Connection, dict[str, str]]] = {}


def _curated_index(curated: Curated) -> tuple[sqlite3.Connection, dict[str, str]]:
    """A new in-memory index of the curated records, and their lookup keys (key -> id).

    Both are built once per set of curated records (one per process: :func:`load_curated` is
    cached) and copied for each knowledge base, which then adds its user records to its own
    copy: building took 3.6 ms per :func:`~hydrion.kb.open_kb`, the copy (SQLite's backup
    API) 0.06 ms. Nothing of the user database is ever part of the template. The keys are the
    template's own: copy them before adding to them.
    """
    with _TEMPLATE_LOCK:
        held = _templates.get(id(curated))
        if held is None or held[0] is not curated:
            template = sqlite3.connect(":memory:", check_same_thread=False)
            index.create(template)
            records: list[Material | Cell] = [*curated.materials.values(), *curated.cells.values()]
            index.insert(template, records, "curated", reduce=False)
            template.commit()
            keys = {key: m.id for m in curated.materials.values() for key in material_keys(m)}
            _templates.clear()  # only the current curated records' template is kept
            held = _templates[id(curated)] = (curated, template, keys)
        copy = sqlite3.connect(":memory:")
        index.add_functions(copy)
        held[1].backup(copy)
        return copy, held[2]


class LoadedRecords:
    """Curated and user records in memory, found through the two indexes; mixed into the
    knowledge base."""

    def __init__(self, user_db: Path | None = None):
        self._curated = load_curated()
        self.references: dict[int, Reference] = self._curated.references
        self.user_store = UserStore(user_db or user_db_path())
        self.skipped: list[str] = []
        """Why stored user records were left out (each also issued as a HydrionWarning)."""
        self.user_db_error: HydrionError | None = None
        """Why the user database could not be read at all (its records are then left out)."""
        self._open()

    # -- opening -----------------------------------------------------------------------

    def _open(self) -> None:
        """Index the curated records in memory and open the user database beside them."""
        curated = self._curated
        self._materials: dict[str, Material] = dict(curated.materials)
        self._cells: dict[str, Cell] = dict(curated.cells)
        self._origin = dict.fromkeys((*self._materials, *self._cells), "curated")
        self._index, keys = _curated_index(curated)
        self._keys = dict(keys)
        self._bad: set[tuple[str, str]] = set()
        self._user_indexed = False
        try:
            if self.user_store.indexed:
                self._user_indexed = True
                self._skip_clashes_with_curated()
                for kind, key, reason in self.user_store.unindexed():
                    self._skip_user(kind, key, f"{reason}; not indexed, skipped ({_REMEDY})")
                missing = self.user_store.missing_from_index()
                if missing:
                    self._skip(
                        f"user database {self.user_store.path}: {missing} stored record(s) "
                        "have no index row (written by another program?) and are not used; "
                        "run `hydrion db reindex`"
                    )
            else:  # an older file: read whole, as it is (the next write migrates it)
                for kind in ("material", "cell"):
                    for key, text in self.user_store.query(
                        "SELECT key, payload FROM records WHERE kind = ? ORDER BY added_at, key",
                        (kind,),
                    ):
                        self._accept(kind, key, text, ())
        except sqlite3.Error as exc:  # from the indexed lookups of the curated ids
            self._lose_user_db(self.user_store.error_for(exc))
        except UserDatabaseError as exc:
            self._lose_user_db(exc)

    def _skip(self, message: str) -> None:
        if message in self.skipped:  # once per knowledge base, also when reopened
            return
        self.skipped.append(message)
        warnings.warn(message, HydrionWarning, stacklevel=4)

    def _skip_user(self, kind: str, key: str, why: str) -> None:
        self._bad.add((kind, key))
        self._skip(f"user database {self.user_store.path} ({kind} {key!r}): {why}")

    def _lose_user_db(self, exc: HydrionError) -> None:
        self.user_db_error = exc
        read = [key for key, origin in self._origin.items() if origin == "user"]
        if self._user_indexed:  # the records read so far stay found by the in-memory index
            held = [self._materials.get(key) or self._cells[key] for key in read]
            index.insert(self._index, held, "user", reduce=False)
        self._user_indexed = False
        if not read:
            self._skip(f"{exc}; only the curated records are used")
            return
        shown = ", ".join(read[:3]) + (f" and {len(read) - 3} more" if len(read) > 3 else "")
        self._skip(
            f"{exc}; its records that could not be read are left out "
            f"(those read before are used: {shown})"
        )

    def _skip_clashes_with_curated(self) -> None:
        """Skip user records that reuse a curated id, name or alias (e.g. written before an
        upgrade added that record): indexed lookups of the curated ids and keys only."""
        curated_ids = [*self._curated.materials, *self._curated.cells]
        for kind, table in TABLE_OF_KIND.items():
            for record_id in sorted(index.present(self._user_db(), table, curated_ids)):
                self._skip_user(kind, record_id, f"record {record_id!r} already exists; skipped")
        for key, owner in index.owners(self._user_db(), self._keys):
            if owner not in self._origin:
                self._skip_user(
                    "material",
                    owner,
                    f"record {owner!r}: name or alias {key!r} is already {self._keys[key]!r}; "
                    "aliases may not shadow another material; skipped",
                )

    def _user_db(self) -> sqlite3.Connection:
        connection = self.user_store.reader()
        assert connection is not None  # only called while the user database is indexed
        return connection

    # -- reading user records -------------------------------------------------------------

    def _user_rows(self, sql: str, params: Sequence) -> list[tuple]:
        """Rows of a query on the user database's index; none where it cannot be read."""
        if not self._user_indexed:
            return []
        try:
            return self.user_store.query(sql, tuple(params))
        except UserDatabaseError as exc:
            self._lose_user_db(exc)
            return []

    def _load_user(self, kind: str, ids: list[str]) -> None:
        """Read and check the user records of this kind with these ids, once each."""
        loaded = self._materials if kind == "material" else self._cells
        wanted = [i for i in dict.fromkeys(ids) if i not in loaded and (kind, i) not in self._bad]
        for part in index.chunks(wanted):
            marks = index.placeholders(part)
            if kind == "material":  # the formula as indexed was checked when it was stored
                sql = (
                    "SELECT r.key, r.payload, m.formula FROM records r JOIN materials m "  # noqa: S608
                    f"ON m.id = r.key WHERE r.kind = 'material' AND r.key IN ({marks})"
                )
            else:
                sql = (
                    "SELECT key, payload, NULL FROM records "  # noqa: S608
                    f"WHERE kind = 'cell' AND key IN ({marks})"
                )
            for key, text, formula in self._user_rows(sql, part):
                self._accept(kind, key, text, (formula,) if formula else ())

    def _accept(self, kind: str, key: str, text: str, trusted: tuple) -> None:
        """Validate one stored user record and add it, or skip it with a warning."""
        label = f"user database {self.user_store.path} ({kind} {key!r})"
        try:
            record = stored_record(kind, key, text, label, trusted)
            self._check_new(record, label)
        except (RecordValidationError, DuplicateRecordError) as exc:
            self._bad.add((kind, key))
            self._skip(f"{exc}; skipped")
            return
        if isinstance(record, Material):
            self._materials[key] = record
        else:
            self._cells[key] = record
        self._origin[key] = "user"
        if isinstance(record, Material):
            self._keys.update(dict.fromkeys(material_keys(record), key))
        if not self._user_indexed:
            index.insert(self._index, [record], "user", reduce=False)

    def _check_new(self, record: Material | Cell, origin: str) -> None:
        """Refuse a user record whose id, name or aliases are taken, or which cites unknowns."""
        if record.id in self._materials or record.id in self._cells:
            raise DuplicateRecordError(f"{origin}: record {record.id!r} already exists")
        check_refs([record], self.references, origin)
        if isinstance(record, Cell):
            for part in ("cathode", "electrolyte", "anode"):
                if not self._is_material(getattr(record, part)):
                    raise unknown_part(origin, record, part)
            return
        for key in material_keys(record):
            owner = self._keys.get(key)
            if owner is not None and owner != record.id:
                raise shadowing(origin, record.id, key, owner)

    def _is_material(self, material_id: str) -> bool:
        """Whether a material with this id is curated or a user record that loads."""
        if material_id not in self._materials:
            self._load_user("material", [material_id])
        return material_id in self._materials

    def _find(self, kind: str, sql: str, params: list | tuple) -> list:
        """The records whose ids an index query returns, curated and user, in id order."""
        ids = [row[0] for row in self._index.execute(sql, params)]
        user_ids = [row[0] for row in self._user_rows(sql, params)]
        user_ids = [i for i in user_ids if self._origin.get(i) != "curated"]
        self._load_user(kind, user_ids)
        loaded = self._materials if kind == "material" else self._cells
        return [loaded[i] for i in sorted(set(ids) | set(user_ids)) if i in loaded]

    def _curated_rows(self, sql: str, params: list | tuple) -> list[tuple]:
        """Rows of a query on the in-memory index of the curated records."""
        return self._index.execute(sql, params).fetchall()

    def _index_rows(self, sql: str, params: list | tuple) -> list[tuple]:
        """Rows (material id first) of a query on both indexes, of records that load."""
        rows = self._index.execute(sql, params).fetchall()
        user = [
            row for row in self._user_rows(sql, params) if self._origin.get(row[0]) != "curated"
        ]
        self._load_user("material", [row[0] for row in user])
        return rows + [row for row in user if self._origin.get(row[0]) == "user"]
