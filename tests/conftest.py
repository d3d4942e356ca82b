"""Shared test set-up: every test gets its own empty user database and a headless backend."""

import itertools
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

_TEST_NUMBER = itertools.count()


@pytest.fixture(scope="session")
def session_folder(tmp_path_factory) -> Path:
    """One folder for the session's user databases and its curated-records cache."""
    return tmp_path_factory.mktemp("hydrion")


@pytest.fixture(autouse=True)
def user_db(session_folder: Path, monkeypatch) -> Path:
    """Point HYDRION_USER_DB at a fresh file so no test touches the real one.

    A new file name in the session's folder, not a ``tmp_path`` per test: pytest numbers
    those by listing every earlier one (~2 ms a test at 2000 tests). The curated cache is
    shared by the session, never the user's: it is keyed by its content, and subprocesses
    then find it built instead of validating the YAML again each.
    """
    path = session_folder / f"user-{next(_TEST_NUMBER)}.sqlite"
    monkeypatch.setenv("HYDRION_USER_DB", str(path))
    monkeypatch.setenv("HYDRION_CACHE_DIR", str(session_folder / "cache"))
    return path


@pytest.fixture
def run_cli(capsys):
    """Run the hydrion CLI in-process; return (exit code, stdout, stderr)."""
    from hydrion.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """The project's ``../shared`` folder (cases and corpus); skip where a clone lacks it."""
    if not (SHARED / "cases").is_dir():
        pytest.skip(f"{SHARED} is absent: the shared cases and corpus live beside the repository")
    return SHARED
