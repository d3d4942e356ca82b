"""The user database: the user's own records in a SQLite file, queried where they lie.

The file (``$HYDRION_USER_DB``, default ``$XDG_DATA_HOME/hydrion/user.sqlite``) lives
outside the package, so upgrades keep it. Every write is one SQLite transaction
(``BEGIN IMMEDIATE``, so concurrent writers queue): a refused, killed or full-disk batch
leaves the file as it was. Materials and cells are indexed in the same transaction
(:mod:`hydrion.kb.index`), so a lookup reads only the rows it asks for. The file format,
its version and the migrations are in :mod:`hydrion.kb.user_schema`; a file that is not
hydrion's is never modified. What a SQLite failure means for the file (one line each) and
the file size limit are in :mod:`hydrion.kb.store_errors`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from hydrion.errors import (
    DuplicateRecordError,
    HydrionError,
    HydrionWarning,
    RecordValidationError,
    UserDatabaseError,
)
from hydrion.kb import index, user_schema
from hydrion.kb.cell_records import Cell
from hydrion.kb.record_files import parse_record
from hydrion.kb.records import Material
from hydrion.kb.store_errors import check_size_limit, file_size_limit, sqlite_error
from hydrion.kb.user_schema import APPLICATION_ID, RECORD_KINDS

USER_DB_ENV = "HYDRION_USER_DB"
_UNOPENED = object()


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
    """A SQLite store of the user's own records, one JSON payload per (kind, key).

    ``kind`` separates record types: 'material' and 'cell' hold KB records (validated and
    indexed when written); analyses keep their own kinds (e.g. 'arrhenius_fit', 'window',
    'cell_summary').

    Reads never modify the file; they share one connection, checked when first opened.
    Writes are one transaction each. A damaged, read-only, full, newer or foreign database
    raises :class:`~hydrion.errors.UserDatabaseError` with one line saying which; a stored
    payload that is not JSON is skipped with a :class:`~hydrion.errors.HydrionWarning`
    naming it.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.skipped: list[str] = []
        """Stored payloads left out because they are not JSON (each also warned about)."""
        self._reader: sqlite3.Connection | None | object = _UNOPENED
        self._closer: weakref.finalize | None = None
        self.version: int | None = None
        """The schema version of the file as read (None: no database yet)."""

    # -- errors -----------------------------------------------------------------------

    def error_for(self, exc: sqlite3.Error) -> HydrionError:
        """The one-line hydrion error for a SQLite error on this database
        (:func:`~hydrion.kb.store_errors.sqlite_error`)."""
        return sqlite_error(self.path, exc)

    # -- reading ----------------------------------------------------------------------

    def reader(self) -> sqlite3.Connection | None:
        """The connection reads go through (None while no database exists), opened once.

        Opening checks the header, the schema and the first page of every table and index
        (:func:`~hydrion.kb.user_schema.probe`); nothing is written.
        """
        if self._reader is _UNOPENED:
            self._reader = self._open_reader()
            if self._reader is not None:  # sqlite3 connections sit in a reference cycle:
                # close this one with the store, not whenever the garbage collector runs
                self._closer = weakref.finalize(self, self._reader.close)
        return self._reader  # type: ignore[return-value]

    def _open_reader(self) -> sqlite3.Connection | None:
        application_id = user_schema.check_header(self.path)
        if application_id is None:
            return None
        # read-only, except where a killed writer left its journal in hydrion's own file:
        # then read-write, so that SQLite rolls it back (another program's file: never)
        journal = self.path.with_name(self.path.name + "-journal")
        writable = os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        hot = writable and application_id == APPLICATION_ID and journal.exists()
        mode = "rw" if hot else "ro"
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        try:
            connection = sqlite3.connect(uri, uri=True, timeout=30)
            index.add_functions(connection)
        except sqlite3.Error as exc:
            raise self.error_for(exc) from None
        try:
            self.version = user_schema.schema_version(connection, self.path)
            if self.version is not None:
                user_schema.probe(connection)
                return connection
        except sqlite3.Error as exc:
            connection.close()
            if hot and file_size_limit() is not None:
                raise user_schema.problem(
                    self.path,
                    "has an unfinished write that cannot be rolled back under this process's "
                    "file size limit (ulimit -f); run hydrion once without the limit to "
                    "recover it",
                ) from None
            raise self.error_for(exc) from None
        except BaseException:
            connection.close()
            raise
        connection.close()
        return None

    @property
    def indexed(self) -> bool:
        """Whether the file as read has the index of its materials and cells (version ≥ 2)."""
        return self.reader() is not None and (self.version or 0) >= 2

    def close(self) -> None:
        """Close the read connection (a later read opens it again)."""
        if self._closer is not None:
            self._closer()
            self._closer = None
        self._reader = _UNOPENED

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read everything in this block from one state of the file: one SQLite read
        transaction (``BEGIN DEFERRED`` … ``COMMIT``), so that a count and the rows it counts,
        or the pages of a long listing, agree while another process writes.

        A writer's commit waits (up to its 30 s busy timeout) until the block ends. Nested
        blocks and a database that does not exist or cannot be read change nothing (the
        reads report their own errors).
        """
        try:
            connection = self.reader()
        except UserDatabaseError:
            connection = None
        if connection is None or connection.in_transaction:
            yield
            return
        try:
            connection.execute("BEGIN DEFERRED")
        except sqlite3.Error:
            yield
            return
        try:
            yield
        finally:
            with suppress(sqlite3.Error):  # a read transaction has nothing to lose
                connection.execute("COMMIT")

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """All rows of one SQL query on the database (none while it does not exist).

        Raises :class:`~hydrion.errors.UserDatabaseError` where the file cannot be read.
        """
        connection = self.reader()
        if connection is None:
            return []
        try:
            return connection.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self.error_for(exc) from None

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
        rows = self.query("SELECT payload FROM records WHERE kind = ? AND key = ?", (kind, key))
        return self._decode(kind, key, rows[0][0]) if rows else None

    def items(self, kind: str) -> list[tuple[str, dict]]:
        """All (key, payload) pairs of one kind, oldest first (undecodable ones skipped)."""
        rows = self.query(
            "SELECT key, payload FROM records WHERE kind = ? ORDER BY added_at, key", (kind,)
        )
        decoded = [(key, self._decode(kind, key, text)) for key, text in rows]
        return [(key, payload) for key, payload in decoded if payload is not None]

    def unindexed(self) -> list[tuple[str, str, str]]:
        """(kind, key, reason) of stored rows a migration could not index."""
        if not self.indexed:
            return []
        return self.query("SELECT kind, key, reason FROM unindexed ORDER BY kind, key", ())

    def missing_from_index(self) -> int:
        """How many stored materials and cells have neither an index row nor an ``unindexed``
        row (written behind hydrion's back): a count comparison, no record is read."""
        if not self.indexed:
            return 0
        (missing,) = self.query(
            "SELECT (SELECT count(*) FROM records WHERE kind IN ('material', 'cell')) "
            "- (SELECT count(*) FROM materials) - (SELECT count(*) FROM cells) "
            "- (SELECT count(*) FROM unindexed)",
            (),
        )[0]
        return max(missing, 0)

    def orphan_index_rows(self) -> int:
        """How many index rows (materials and cells) have no stored record (the record was
        deleted behind hydrion's back): listings read only the index, so they would list
        those. Two indexed anti-joins, no record is read."""
        if not self.indexed:
            return 0
        (orphans,) = self.query(
            "SELECT (SELECT count(*) FROM materials m WHERE NOT EXISTS (SELECT 1 FROM records "
            "r WHERE r.kind = 'material' AND r.key = m.id)) + (SELECT count(*) FROM cells c "
            "WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = 'cell' AND r.key = c.id))",
            (),
        )[0]
        return orphans

    # -- writing ----------------------------------------------------------------------

    def reindex(self) -> tuple[int, int]:
        """Rebuild the index from the stored records in one transaction (see
        :func:`~hydrion.kb.user_schema.reindex`); returns (indexed, unindexed) counts.

        Raises :class:`~hydrion.errors.UserDatabaseError` where the database cannot take
        the write (nothing is changed then).
        """
        with self._writing() as connection:
            user_schema.reindex(connection)
            counts = connection.execute(
                "SELECT (SELECT count(*) FROM materials) + (SELECT count(*) FROM cells), "
                "(SELECT count(*) FROM unindexed)"
            ).fetchone()
        return counts[0], counts[1]

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, on a database created or migrated as needed.

        Commits when the block ends normally; rolls back on any exception, so a refused
        batch stores nothing. Concurrent writers wait up to 30 s for each other.
        """
        application_id = user_schema.check_header(self.path)
        exists = application_id is not None
        if application_id == 0:  # hydrion's before versioning, or another program's: look first
            self.reader()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            blocking = next((p for p in self.path.parents if p.is_file()), None)
            if blocking is not None:
                raise user_schema.problem(
                    self.path, f"cannot be created: {blocking} is a file, not a folder"
                ) from None
            raise user_schema.problem(self.path, f"cannot be created ({exc.strerror})") from None
        if exists and not os.access(self.path, os.W_OK):
            raise user_schema.problem(self.path, "is read-only; nothing was stored")
        if exists:
            check_size_limit(self.path)
        try:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise self.error_for(exc) from None
        try:
            connection.execute("BEGIN IMMEDIATE")
            version = user_schema.schema_version(connection, self.path)
            if version is not None:
                user_schema.check_integrity(connection, self.path)
            user_schema.create_or_migrate(connection, version)
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            self._roll_back(connection)
            raise self.error_for(exc) from None
        except BaseException:
            self._roll_back(connection)
            raise
        finally:
            connection.close()
            self.close()  # the next read sees the file as it is now

    @staticmethod
    def _roll_back(connection: sqlite3.Connection) -> None:
        if connection.in_transaction:
            # where ROLLBACK itself fails, SQLite rolls the journal back on the next open
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")

    def put_records(
        self,
        rows: Iterable[tuple[str, str, dict | Material | Cell]],
        replace: bool = False,
        check: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        """Store (kind, key, payload) rows of any kinds in one transaction; all or nothing.

        Payloads of the 'material' and 'cell' kinds are records (or dicts validated as
        records here, :class:`~hydrion.errors.RecordValidationError` otherwise) and are
        indexed in the same transaction. ``check``, when given, is called inside the
        transaction (before any insert) with its connection, and may raise to refuse the
        batch: concurrent writers queue, so what it sees stays true until the commit.

        Raises :class:`~hydrion.errors.DuplicateRecordError` naming the first key already
        stored (unless ``replace``), and :class:`~hydrion.errors.UserDatabaseError` when the
        database cannot take the write; either way nothing of the batch is stored.
        """
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        with self._writing() as connection:
            if check is not None:
                check(connection)
            for kind, key, payload in rows:
                record = _record(kind, key, payload) if kind in RECORD_KINDS else None
                if replace:
                    if record is not None:  # the index holds materials and cells only
                        index.remove(connection, kind, key)
                    connection.execute(
                        "DELETE FROM unindexed WHERE kind = ? AND key = ?", (kind, key)
                    )
                elif connection.execute(
                    "SELECT 1 FROM records WHERE kind = ? AND key = ?", (kind, key)
                ).fetchall():
                    raise DuplicateRecordError(
                        f"a {kind} {key!r} is already in {self.path}; nothing was stored"
                    )
                if record is not None:
                    payload = record.model_dump(mode="json", exclude_none=True)
                    index.insert(connection, [record], "user")
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


def _record(kind: str, key: str, payload: dict | Material | Cell) -> Material | Cell:
    """The record a 'material' or 'cell' row stores, validated; refuse a mismatch."""
    label = f"{kind} {key!r}"
    record = payload if isinstance(payload, Material | Cell) else parse_record(payload, label, 0)
    if (kind == "cell") != isinstance(record, Cell) or record.id != key:
        raise RecordValidationError(f"{label}: the payload is not the {kind} {key!r}")
    return record
