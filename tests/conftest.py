"""Shared test set-up: every test gets its own empty user database and a headless backend."""

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def user_db(tmp_path, monkeypatch):
    """Point HYDRION_USER_DB at a fresh file so no test touches the real one."""
    path = tmp_path / "user.sqlite"
    monkeypatch.setenv("HYDRION_USER_DB", str(path))
    monkeypatch.setenv("HYDRION_CACHE_DIR", str(tmp_path / "cache"))  # not the user's cache
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
