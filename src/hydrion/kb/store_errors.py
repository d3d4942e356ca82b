"""What a failure of the user database means, in one line: SQLite's errors named for the
user (read-only, full disk, file size limit, locked, damaged), and the file size limit
(``ulimit -f``) a write must stay under to be undone.

SQLite reports the cause in ``sqlite_errorname`` (Python ≥ 3.11); a process over its file
size limit gets EFBIG (Python ignores SIGXFSZ), which SQLite reports as a full database or
an I/O error, so the sizes of the file and its journal tell the two apart.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hydrion.errors import DuplicateRecordError, HydrionError
from hydrion.kb.user_schema import problem

_PAGE_MARGIN = 65536
"""Bytes within which a file counts as at the size limit: SQLite writes a page (64 kB at
most) at a time."""


def sqlite_error(path: Path, exc: sqlite3.Error) -> HydrionError:
    """The one-line hydrion error for a SQLite error on the user database at ``path``.

    Parameters
    ----------
    path : pathlib.Path
        The user database file.
    exc : sqlite3.Error
        The error SQLite raised.

    Returns
    -------
    HydrionError
        :class:`~hydrion.errors.DuplicateRecordError` for an integrity error (a key already
        stored), else a :class:`~hydrion.errors.UserDatabaseError` naming the cause:
        read-only, file size limit reached, disk full (ENOSPC), locked, damaged, or SQLite's
        own message.
    """
    name = getattr(exc, "sqlite_errorname", "")
    if isinstance(exc, sqlite3.IntegrityError):
        return DuplicateRecordError(f"a record with one of these ids is already in {path}")
    if name.startswith("SQLITE_READONLY"):
        return problem(path, "is read-only; nothing was stored")
    if (name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")) and size_limit_reached(path):
        return problem(
            path,
            f"cannot grow: the file size limit (ulimit -f, {file_size_limit()} bytes) was "
            "reached; nothing was stored",
        )
    if name == "SQLITE_FULL":
        return problem(path, "cannot grow: the disk is full (ENOSPC); nothing was stored")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return problem(path, "is locked by another program; nothing was stored, try again")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in str(exc):
        return problem(path, f"is damaged ({exc}); hydrion left it as it is")
    return problem(path, f"cannot be used ({exc}); nothing was stored")


def file_size_limit() -> int | None:
    """The largest file this process may write (``ulimit -f``) in bytes; None: no limit."""
    try:
        import resource
    except ImportError:  # not on this platform (Windows): no such limit
        return None
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return None if limit == resource.RLIM_INFINITY else limit


def size_limit_reached(path: Path) -> bool:
    """Whether a write failed at the file size limit: the database at ``path`` or its
    journal is within a page (64 kB at most) of it."""
    limit = file_size_limit()
    if limit is None:
        return False
    journal = path.with_name(path.name + "-journal")
    sizes = [p.stat().st_size for p in (path, journal) if p.exists()]
    return any(size + _PAGE_MARGIN >= limit for size in sizes)


def check_size_limit(path: Path) -> None:
    """Refuse to write a file larger than this process may write (``ulimit -f``): a ROLLBACK
    writes the journalled pages back where they were, so a failed batch could not be undone
    beyond the limit. Under the limit, a batch that outgrows it is rolled back byte-identical.

    Raises
    ------
    UserDatabaseError
        The database at ``path`` is larger than the limit; nothing was stored.
    """
    limit = file_size_limit()
    if limit is not None and path.stat().st_size > limit:
        raise problem(
            path,
            f"is larger than this process may write ({limit} bytes, ulimit -f); nothing was stored",
        )
