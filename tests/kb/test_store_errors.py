"""SQLite's errors on the user database, named in one line (kb/store_errors.py)."""

from __future__ import annotations

import resource
import sqlite3

import pytest

from hydrion.errors import DuplicateRecordError, UserDatabaseError
from hydrion.kb.store import UserStore
from hydrion.kb.store_errors import check_size_limit, size_limit_reached, sqlite_error


def _error(name: str, message: str = "failed") -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name
    return error


def test_a_full_disk_is_named_with_enospc(user_db):
    """SQLite reports ENOSPC as SQLITE_FULL (the tmpfs test in test_user_db_safety.py runs
    it for real where mounting is allowed)."""
    store = UserStore(user_db)
    store.put("scratch", "x", {})
    error = store.error_for(_error("SQLITE_FULL", "database or disk is full"))
    assert isinstance(error, UserDatabaseError)
    assert str(error).endswith("cannot grow: the disk is full (ENOSPC); nothing was stored")


@pytest.mark.parametrize(
    ("name", "message", "ending"),
    [
        ("SQLITE_READONLY_DBMOVED", "x", "is read-only; nothing was stored"),
        ("SQLITE_BUSY", "x", "is locked by another program; nothing was stored, try again"),
        (
            "SQLITE_NOTADB",
            "file is not a database",
            "is damaged (file is not a database); hydrion left it as it is",
        ),
        (
            "SQLITE_ERROR",
            "database disk image is malformed",
            "is damaged (database disk image is malformed); hydrion left it as it is",
        ),
        (
            "SQLITE_ERROR",
            "no such table: t",
            "cannot be used (no such table: t); nothing was stored",
        ),
    ],
)
def test_each_cause_is_named_in_one_line(tmp_path, name, message, ending):
    path = tmp_path / "user.sqlite"
    error = sqlite_error(path, _error(name, message))
    assert isinstance(error, UserDatabaseError)
    assert str(error) == f"user database {path} {ending}"


def test_an_integrity_error_is_a_duplicate_record(tmp_path):
    error = sqlite_error(tmp_path / "user.sqlite", sqlite3.IntegrityError("UNIQUE failed"))
    assert isinstance(error, DuplicateRecordError)


def test_the_size_limit_is_reached_within_a_page_of_it(tmp_path, monkeypatch):
    path = tmp_path / "user.sqlite"
    path.write_bytes(b"\0" * 10_000)
    monkeypatch.setattr(resource, "getrlimit", lambda _: (75_536, 75_536))
    assert size_limit_reached(path)  # 10,000 + 65,536 bytes ≥ 75,536
    assert "ulimit -f, 75536 bytes" in str(sqlite_error(path, _error("SQLITE_IOERR_WRITE")))
    monkeypatch.setattr(resource, "getrlimit", lambda _: (75_537, 75_537))
    assert not size_limit_reached(path)
    check_size_limit(path)  # under the limit: writing is allowed
    monkeypatch.setattr(resource, "getrlimit", lambda _: (9_999, 9_999))
    with pytest.raises(UserDatabaseError, match=r"larger than this process may write \(9999"):
        check_size_limit(path)
