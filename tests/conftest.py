"""Shared test set-up: every test gets its own empty user database and a headless backend."""

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# No timed assertions in tests: hypothesis's deadline (200 ms per example) is one, and the first
# run in a fresh clone (bytecode compiled, caches built while the first examples run) can pass it.
settings.register_profile("hydrion", deadline=None)
settings.load_profile("hydrion")

_TEST_NUMBER = itertools.count()
_SESSION_CACHE: dict[str, str | None] = {}
#: Environment variables the tests set (HYDRION_CACHE_DIR) or clear (COLUMNS) for the session.
_SESSION_ENV = ("HYDRION_CACHE_DIR", "COLUMNS")


def pytest_configure(config: pytest.Config) -> None:
    """Point HYDRION_CACHE_DIR at a folder of this session and clear COLUMNS, before collection.

    Collecting the tests already loads the curated records, which writes their cache; without
    this it went to the user's own cache folder. Subprocesses of the tests inherit it built.
    COLUMNS is cleared so that the CLI's tables are as wide as for a pipe (200 columns) whatever
    the terminal: pytest-xdist's workers get COLUMNS=80, which wrapped the tables that tests
    read. A test that needs a width sets COLUMNS itself (monkeypatch).
    """
    _SESSION_CACHE["folder"] = tempfile.mkdtemp(prefix="hydrion-tests-")
    for name in _SESSION_ENV:
        _SESSION_CACHE[name] = os.environ.pop(name, None)
    os.environ["HYDRION_CACHE_DIR"] = str(Path(_SESSION_CACHE["folder"]) / "cache")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's cache folder and restore HYDRION_CACHE_DIR and COLUMNS."""
    folder = _SESSION_CACHE.pop("folder", None)
    if folder is None:
        return
    for name in _SESSION_ENV:
        previous = _SESSION_CACHE.pop(name, None)
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous
    shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """Run in one process when the command line names single tests (``file.py::test``).

    pyproject's ``-n auto`` starts a worker per core, each collecting its own copy (~10 s on
    CI's machine); for a test or two that is slower than running them here. Otherwise None:
    pytest-xdist counts the cores.
    """
    return 0 if config.args and all("::" in arg for arg in config.args) else None


@pytest.fixture(scope="session")
def session_folder(tmp_path_factory) -> Path:
    """One folder for the session's user databases."""
    return tmp_path_factory.mktemp("hydrion")


@pytest.fixture(autouse=True)
def user_db(session_folder: Path, monkeypatch) -> Path:
    """Point HYDRION_USER_DB at a fresh file so no test touches the real one.

    A new file name in the session's folder, not a ``tmp_path`` per test: pytest numbers
    those by listing every earlier one (~2 ms a test at 2000 tests). The curated cache is
    the session's (see :func:`pytest_configure`), never the user's: it is keyed by its
    content, and subprocesses then find it built instead of validating the YAML again each.
    """
    path = session_folder / f"user-{next(_TEST_NUMBER)}.sqlite"
    monkeypatch.setenv("HYDRION_USER_DB", str(path))
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


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's ``../shared`` folder (cases and corpus); skip where a clone lacks it
    (session-scoped, so module fixtures can read shared files once)."""
    if not (SHARED / "cases").is_dir():
        pytest.skip(f"{SHARED} is absent: the shared cases and corpus live beside the repository")
    return SHARED


@pytest.fixture
def md_result():
    """Make an MLIP-MD result of one run as ``md analyse`` gives it (made-up test values).

    ``md_result(T, sigma, seed)``: a LiBH4 P63mc run at ``T`` K with σ = ``sigma`` S/cm
    (±10 %), D_tracer 1e-6 cm²/s, Haven ratio 0.5; ``model`` names the MLIP, ``msd_A2`` the
    mean-square displacement at the end (below ~1 Å², ballistic), ``estimator`` how σ was
    estimated ("blocks" or "kinisi"), ``tau_ps`` the anion reorientation time (±5 %, or none).
    Used by the tests that store predictions (atomistic) and show them (report).
    """
    from hydrion.atomistic.analysis import Estimate, TransportResult

    def make(
        T: float,
        sigma: float,
        seed: int,
        model: str = "sevennet-0",
        msd_A2: float = 25.0,
        estimator: str = "blocks",
        tau_ps: float | None = None,
    ) -> TransportResult:
        estimate = Estimate(sigma, 0.1 * sigma, 5)
        return TransportResult(
            path=f"T{T:g}-{seed}.extxyz",
            temperature_K=T,
            ion="Li",
            simulated_time_ps=20.0,
            n_atoms=96,
            D_tracer_cm2_per_s=Estimate(1e-6, 1e-7, 5),
            D_sigma_cm2_per_s=estimate,
            haven_ratio=0.5,
            sigma_S_per_cm=estimate,
            rotation_tau_ps=None if tau_ps is None else Estimate(tau_ps, 0.05 * tau_ps, 5),
            paddle_wheel_index=1.2,
            hops=3,
            metadata={
                "estimator": estimator,
                "model": {"model": model, "backend": "sevenn", "backend_version": "0.13.0"},
                "structure": {"structure": "libh4-p63mc", "phase": "P63mc", "doi": "10.1016/x"},
                "formula": "LiBH4",
                "settings": {"seed": seed, "production_steps": 40000, "timestep_fs": 0.5},
            },
            msd_end_A2=msd_A2,
        )

    return make


@pytest.fixture
def made_up_electrolyte():
    """Make a made-up Li electrolyte with only the given values at 25 °C (no σ(T) law).

    ``made_up_electrolyte((sigma_S_per_cm, precision), ...)``: id 'made-up', each value cited
    as review reference 1, 2, ... in turn. Used by the tests of the one "model, else measured
    value" path (transport screening) and of the cell's σ that goes through it.
    """
    from hydrion.kb.records import Conductivity, Material
    from hydrion.sources import Source

    def make(*values: tuple[float, str]) -> Material:
        return Material(
            id="made-up",
            name="MadeUp",
            kind="electrolyte",
            ions=["Li"],
            family="BH4",
            formula="LiBH4",
            conductivities=[
                Conductivity(
                    sigma_S_per_cm=sigma,
                    temperature_C=25,
                    precision=precision,
                    source=Source(kind="review_table", refs=[ref]),
                )
                for ref, (sigma, precision) in enumerate(values, start=1)
            ],
        )

    return make
