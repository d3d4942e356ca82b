"""Deferred imports (issue 12, start-up speed): a deferred module runs on first use, the hull
commands print the same with and without deferral, and nothing is deferred outside them."""

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import ModuleType

import pytest

from hydrion.cli.deferred_imports import (
    UNUSED_BY_HULL_COMMANDS,
    _DeferredModule,
    deferred_imports,
)

# --- the mechanism, on a small package of our own (so the real libraries stay untouched) ---

_PROBE = "h1probe_events"  # a plain module the probe package reports to when its code runs


@pytest.fixture
def probe_package(tmp_path, monkeypatch):
    """``h1probe`` (a package) with a submodule ``sub``; each records when its code runs."""
    (tmp_path / f"{_PROBE}.py").write_text("ran = []\n")
    package = tmp_path / "h1probe"
    package.mkdir()
    (package / "__init__.py").write_text(
        f"import {_PROBE}\n{_PROBE}.ran.append(__name__)\nVALUE = 42\n"
    )
    (package / "sub.py").write_text(
        f"import {_PROBE}\n{_PROBE}.ran.append(__name__)\ndef twice(x):\n    return 2 * x\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in ("h1probe.sub", "h1probe", _PROBE):
        sys.modules.pop(name, None)


def _ran() -> list[str]:
    return sys.modules[_PROBE].ran if _PROBE in sys.modules else []


def test_a_deferred_module_runs_on_first_attribute_access(probe_package):
    with deferred_imports(["h1probe"]):
        import h1probe
    assert _ran() == []
    assert h1probe.VALUE == 42
    assert _ran() == ["h1probe"]
    assert type(h1probe) is ModuleType  # a plain module again
    assert h1probe.__loader__.__class__.__name__ == "SourceFileLoader"  # its own loader back
    assert h1probe.VALUE == 42 and _ran() == ["h1probe"]  # runs once


def test_import_defers_a_package_and_its_submodule(probe_package):
    # the import statement reads h1probe.sub's __spec__ and the import of h1probe.sub reads
    # h1probe's __path__: both answered without running code (LazyLoader alone would run it)
    with deferred_imports(["h1probe", "h1probe.sub"]):
        import h1probe.sub
    assert _ran() == []
    assert sys.modules["h1probe.sub"].twice(21) == 42
    assert _ran() == ["h1probe.sub"]
    assert h1probe.VALUE == 42
    assert _ran() == ["h1probe.sub", "h1probe"]


def test_import_as_defers_the_submodule_and_runs_the_package(probe_package):
    # ``import a.b as c`` takes b as an attribute of a: a runs, b stays deferred
    with deferred_imports(["h1probe", "h1probe.sub"]):
        import h1probe.sub as sub
    assert _ran() == ["h1probe"]
    assert sub.twice(2) == 4
    assert _ran() == ["h1probe", "h1probe.sub"]


def test_from_package_import_submodule_defers_the_submodule(probe_package):
    with deferred_imports(["h1probe.sub"]):
        from h1probe import sub
    assert _ran() == ["h1probe"]
    assert sub.twice(2) == 4
    assert _ran() == ["h1probe", "h1probe.sub"]


def test_from_module_import_name_loads_the_module(probe_package):
    with deferred_imports(["h1probe"]):
        from h1probe import VALUE
    assert VALUE == 42
    assert _ran() == ["h1probe"]


def test_a_package_that_imports_its_own_submodule_runs(tmp_path, monkeypatch):
    # while the package runs, ``from . import sub`` reads the package: it must not run again
    package = tmp_path / "h1selfref"
    package.mkdir()
    (package / "__init__.py").write_text("from . import sub\nVALUE = sub.HALF * 2\n")
    (package / "sub.py").write_text("HALF = 21\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with deferred_imports(["h1selfref"]):
            import h1selfref
        assert "h1selfref.sub" not in sys.modules
        assert h1selfref.VALUE == 42
        assert h1selfref.sub is sys.modules["h1selfref.sub"]
    finally:
        sys.modules.pop("h1selfref.sub", None)
        sys.modules.pop("h1selfref", None)


def test_threads_touching_a_deferred_module_at_once_all_see_it_run_once(tmp_path, monkeypatch):
    # the module takes a while to run: the other threads must wait for it, not read it half-run
    (tmp_path / "h1slow.py").write_text(
        f"import time\nimport {_PROBE}\n{_PROBE}.ran.append(__name__)\n"
        "time.sleep(0.2)\nVALUE = 42\n"
    )
    (tmp_path / f"{_PROBE}.py").write_text("ran = []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with deferred_imports(["h1slow"]):
            import h1slow
        start = threading.Barrier(4)
        seen: list[object] = []

        def read() -> None:
            start.wait()
            try:
                seen.append(h1slow.VALUE)
            except AttributeError as exc:
                seen.append(exc)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen == [42] * 4
        assert _ran() == ["h1slow"]
    finally:
        sys.modules.pop("h1slow", None)
        sys.modules.pop(_PROBE, None)


def test_nothing_is_deferred_outside_the_block_and_the_finder_is_removed(probe_package):
    before = list(sys.meta_path)
    with deferred_imports(["h1probe.sub"]):
        assert len(sys.meta_path) == len(before) + 1
    assert sys.meta_path == before
    import h1probe.sub  # noqa: F401

    assert _ran() == ["h1probe", "h1probe.sub"]


def test_no_names_changes_nothing():
    before = list(sys.meta_path)
    with deferred_imports([]):
        assert sys.meta_path == before


# --- the real modules, in two fresh interpreters ---
# One runs the hull commands with deferral and then draws with the pyplot they left deferred;
# the other first uses the library (which defers nothing), then runs the same commands with
# deferral switched off. Two processes instead of four: ~4 s of CPU instead of ~6 s.

_HULL_ARGVS = (["electrode", "MgH2"], ["window", "LiBH4"], ["compat", "LiBH4", "TiS2", "--json"])
_MARK = "=== "  # starts each part of a process's stdout: "=== name"

_RUN_HULL_COMMANDS = """
import contextlib, io, sys
from types import ModuleType
import hydrion.cli.deferred_imports as deferred
from hydrion.cli.main import main
if {switch_off}:
    deferred.UNUSED_BY_HULL_COMMANDS = ()
print("=== commands")
for argv in {argvs!r}:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main(argv)
        except SystemExit as exc:
            assert not exc.code, (argv, exc.code)
    print(out.getvalue())
still_deferred = [
    name for name in {names!r}
    if name in sys.modules and type(sys.modules[name]) is not ModuleType
]
print("=== still deferred")
print(" ".join(still_deferred))
"""

_DRAW_WITH_DEFERRED_PYPLOT = """
print("=== pyplot")
import io
import matplotlib.pyplot as plt
print(type(plt) is not ModuleType)  # imported by pymatgen, not run yet
fig, ax = plt.subplots()
ax.plot([0, 1], [1, 0])
png = io.BytesIO()
fig.savefig(png, format="png")
print(type(plt) is ModuleType, png.getvalue()[:4] == b"\\x89PNG", len(fig.axes))
import palettable.colorbrewer.diverging as diverging
print(diverging.RdBu_3.hex_colors)
"""

_USE_THE_LIBRARY = """
import sys
from types import ModuleType
import hydrion.cli.main
from hydrion.electrode import analyse_electrode
from hydrion.stability.window import check_ion
import pymatgen.analysis.phase_diagram
analyse_electrode("MgH2")
print("=== library")
plt = sys.modules["matplotlib.pyplot"]
print(type(plt) is ModuleType, "subplots" in vars(plt))
print("hydrion.cli.deferred_imports" in sys.modules)
print([type(f).__name__ for f in sys.meta_path if "Defer" in type(f).__name__])
"""


def _python(code: str, user_db: Path) -> dict[str, str]:
    """Run ``code`` in a fresh interpreter (this user database, pyplot headless); its stdout,
    by part."""
    env = {**os.environ, "COLUMNS": "200", "MPLBACKEND": "Agg", "HYDRION_USER_DB": str(user_db)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    parts = done.stdout.split(f"\n{_MARK}")
    return dict(part.removeprefix(_MARK).partition("\n")[::2] for part in parts if part)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The stdout parts of the two processes: 'deferred' and 'library, then plain'."""
    user_db = tmp_path_factory.mktemp("deferral") / "user.sqlite"

    def hull_commands(switch_off: bool) -> str:
        names = UNUSED_BY_HULL_COMMANDS
        return _RUN_HULL_COMMANDS.format(switch_off=switch_off, argvs=_HULL_ARGVS, names=names)

    return {
        "deferred": _python(hull_commands(False) + _DRAW_WITH_DEFERRED_PYPLOT, user_db),
        "plain": _python(_USE_THE_LIBRARY + hull_commands(True), user_db),
    }


def test_hull_commands_print_the_same_with_and_without_deferral(runs):
    deferred, plain = runs["deferred"], runs["plain"]
    assert deferred["commands"] == plain["commands"]
    assert "MgH2 + 2Li -> Mg + 2LiH" in deferred["commands"]
    assert '"electrolyte"' in deferred["commands"]
    # the deferral happened: these were imported (by pymatgen) and never run
    assert {"matplotlib.pyplot", "scipy.interpolate", "palettable"} <= set(
        deferred["still deferred"].split()
    )
    assert plain["still deferred"].split() == []


def test_deferred_pyplot_draws_when_touched(runs):
    assert runs["deferred"]["pyplot"].split("\n")[:3] == [
        "True",
        "True True 1",
        "['#EF8A62', '#F7F7F7', '#67A9CF']",
    ]


def test_the_library_defers_nothing(runs):
    assert runs["plain"]["library"].split("\n")[:3] == ["True True", "False", "[]"]


def test_in_process_run_leaves_the_import_system_as_it_was(run_cli):
    before = list(sys.meta_path)
    code, out, _ = run_cli("electrode", "MgH2")
    assert code == 0 and "2037" in out
    assert sys.meta_path == before
    # what the run imported and left unused stays deferred in this process, and runs when used
    left = [name for name, module in sys.modules.items() if type(module) is _DeferredModule]
    assert set(left) <= set(UNUSED_BY_HULL_COMMANDS)
    for name in left:
        assert sys.modules[name].__name__ == name
        assert type(sys.modules[name]) is ModuleType
