"""Deferred imports (issue 12, start-up speed): a deferred module runs on first use, the hull
commands print the same with and without deferral, and nothing is deferred outside them."""

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import FunctionType, ModuleType

import pytest

from hydrion.cli.deferred_imports import (
    NAMES_UNUSED_BY_HULL_COMMANDS,
    UNUSED_BY_HULL_COMMANDS,
    StandIn,
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
    assert _ran() == ["h1probe", "h1probe.sub"]  # the package first, as imports order them
    assert h1probe.VALUE == 42
    assert _ran() == ["h1probe", "h1probe.sub"]


def test_import_as_defers_the_submodule_and_the_package(probe_package):
    # ``import a.b as c`` takes b as an attribute of a: a deferred a answers its submodule
    with deferred_imports(["h1probe", "h1probe.sub"]):
        import h1probe.sub as sub
    assert _ran() == []
    assert sub.twice(2) == 4
    assert _ran() == ["h1probe", "h1probe.sub"]


def test_from_deferred_package_import_listed_submodule_runs_neither(probe_package):
    # ``from matplotlib import cm``: the package imports the listed submodule, deferred
    with deferred_imports(["h1probe", "h1probe.sub"]):
        from h1probe import sub
    assert _ran() == []
    assert sub is sys.modules["h1probe.sub"]
    assert sub.twice(3) == 6
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


def test_a_listed_name_is_a_stand_in_until_first_called(probe_package):
    with deferred_imports(["h1probe", "h1probe.sub"], [("h1probe.sub", "twice")]):
        from h1probe.sub import twice
    assert _ran() == []
    assert type(twice) is StandIn
    assert repr(twice) == "<stand-in for h1probe.sub.twice>"
    assert twice(21) == 42
    assert _ran() == ["h1probe", "h1probe.sub"]
    assert twice.__name__ == "twice"  # attributes come from the real function
    assert twice(2) == 4 and _ran() == ["h1probe", "h1probe.sub"]  # the module ran once
    import h1probe.sub

    assert type(h1probe.sub.twice) is FunctionType  # the module holds the real one


def test_an_attribute_read_resolves_a_stand_in(probe_package):
    with deferred_imports(["h1probe"], [("h1probe", "VALUE")]):
        from h1probe import VALUE
    assert _ran() == []
    assert VALUE.real == 42
    assert _ran() == ["h1probe"]


def test_one_stand_in_per_name(probe_package):
    with deferred_imports(["h1probe", "h1probe.sub"], [("h1probe.sub", "twice")]):
        from h1probe.sub import twice
        from h1probe.sub import twice as again
    assert twice is again


def test_after_the_block_an_import_gets_the_real_name(probe_package):
    with deferred_imports(["h1probe", "h1probe.sub"], [("h1probe.sub", "twice")]):
        import h1probe.sub  # noqa: F401
    assert _ran() == []
    from h1probe.sub import twice

    assert type(twice) is FunctionType
    assert _ran() == ["h1probe", "h1probe.sub"]


def test_code_run_on_first_use_imports_normally_and_gets_real_names(tmp_path, monkeypatch):
    # h1lib's code takes h1lib.base's class and subclasses it: it must get the class, not a
    # stand-in, and its import of a listed module must run that module, not defer it
    (tmp_path / f"{_PROBE}.py").write_text("ran = []\n")
    package = tmp_path / "h1lib"
    package.mkdir()
    (package / "__init__.py").write_text(
        f"import {_PROBE}\n{_PROBE}.ran.append(__name__)\n"
        "from h1lib.base import Base\nimport h1lib.extra\n"
        "class Child(Base):\n    pass\n"
    )
    (package / "base.py").write_text(
        f"import {_PROBE}\n{_PROBE}.ran.append(__name__)\nclass Base:\n    pass\n"
    )
    (package / "extra.py").write_text(f"import {_PROBE}\n{_PROBE}.ran.append(__name__)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = ["h1lib", "h1lib.base", "h1lib.extra"]
    try:
        with deferred_imports(names, [("h1lib", "Child"), ("h1lib.base", "Base")]):
            from h1lib import Child

            assert _ran() == []
            assert Child.mro()[1] is sys.modules["h1lib.base"].Base  # runs h1lib: real classes
            assert _ran() == ["h1lib", "h1lib.base", "h1lib.extra"]
            import h1lib

            assert type(h1lib.base.Base) is type
            assert type(sys.modules["h1lib.extra"]) is ModuleType
    finally:
        for name in [*names, _PROBE]:
            sys.modules.pop(name, None)


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
    deferred.DEFERRED["hull"] = ((), ())
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

# where each listed name is bound on the hull commands' path (``from module import name``)
_IMPORTER_OF = {
    ("scipy.optimize", "linear_sum_assignment"): "pymatgen.core.structure_matcher",
    ("scipy.optimize", "minimize"): "pymatgen.analysis.phase_diagram",
    ("matplotlib.cm", "ScalarMappable"): "pymatgen.analysis.phase_diagram",
    ("matplotlib.colors", "LinearSegmentedColormap"): "pymatgen.analysis.phase_diagram",
    ("matplotlib.colors", "Normalize"): "pymatgen.analysis.phase_diagram",
    ("matplotlib.font_manager", "FontProperties"): "pymatgen.analysis.phase_diagram",
    ("tqdm", "tqdm"): "pymatgen.analysis.phase_diagram",
    ("pandas", "DataFrame"): "pymatgen.analysis.interface_reactions",
    ("plotly.graph_objects", "Figure"): "pymatgen.analysis.interface_reactions",
    ("plotly.graph_objects", "Scatter"): "pymatgen.analysis.interface_reactions",
    ("scipy.spatial.distance", "euclidean"): "scipy.spatial._geometric_slerp",
    ("scipy.linalg", "orthogonal_procrustes"): "scipy.spatial._procrustes",
}

# Each listed name used as its importer uses it, after the commands: pymatgen's functions
# that call them (a drawing, the SLSQP phase-separation energy, a linear assignment, an
# interface-reaction table and plotly figure) and scipy's. The energies (eV per formula unit)
# are made up: a test of the import machinery, not of chemistry.
_CALL_THROUGH_STAND_INS = f"""
print("=== bound")
import importlib
for (module, name), importer in {_IMPORTER_OF!r}.items():
    print(module, name, type(getattr(importlib.import_module(importer), name)).__name__)
print("=== calls")
import io
import scipy.spatial
from pymatgen.core import Composition
import pymatgen.analysis.interface_reactions as irm
import pymatgen.analysis.phase_diagram as pdm
import pymatgen.core.structure_matcher as sm
made_up = [("Li", 0), ("B", 0), ("H2", 0), ("LiH", -1.0), ("LiBH4", -3.0), ("LiB", -0.4)]
entries = [pdm.PDEntry(Composition(formula), energy) for formula, energy in made_up]
diagram = pdm.PhaseDiagram(entries)
ax = pdm.PDPlotter(diagram, backend="matplotlib").get_plot()
png = io.BytesIO()
ax.figure.savefig(png, format="png")
print(png.getvalue()[:4] == b"\\x89PNG", len(ax.lines), sorted(t.get_text() for t in ax.texts))
cmap = pdm.LinearSegmentedColormap.from_list("two", ["#005500", "#FF0000"])
mappable = pdm.ScalarMappable(norm=pdm.Normalize(vmin=-0.06, vmax=0.06), cmap=cmap)
print(mappable.to_rgba([-0.03, 0.03]).round(6).tolist())
print(pdm.FontProperties(weight="bold", size=13).get_weight())
print(round(diagram.get_phase_separation_energy(entries[4]), 6))
print(list(pdm.tqdm([1, 2], disable=True)))
print(sm.get_linear_assignment_solution([[4, 1, 3], [2, 0, 5], [3, 2, 2]]))
reactivity = irm.InterfacialReactivity(
    Composition("LiH"), Composition("B"), diagram, norm=True, use_hull_energy=True
)
print(reactivity.get_dataframe().round(6).to_csv())
figure = reactivity.plot(backend="plotly")
print(type(figure).__name__, [trace.mode for trace in figure.data])
print(scipy.spatial.geometric_slerp([1, 0], [0, 1], [0.5]).round(6).tolist())
print(round(scipy.spatial.procrustes([[0, 0], [1, 0], [0, 1]], [[0, 0], [2, 0.1], [0, 2]])[2], 9))
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

    deferred = hull_commands(False) + _DRAW_WITH_DEFERRED_PYPLOT + _CALL_THROUGH_STAND_INS
    return {
        "deferred": _python(deferred, user_db),
        "plain": _python(_USE_THE_LIBRARY + hull_commands(True) + _CALL_THROUGH_STAND_INS, user_db),
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


def test_every_listed_name_is_bound_as_a_stand_in_where_the_commands_import_it(runs):
    assert set(_IMPORTER_OF) == set(NAMES_UNUSED_BY_HULL_COMMANDS)
    assert {module for module, _ in NAMES_UNUSED_BY_HULL_COMMANDS} <= set(UNUSED_BY_HULL_COMMANDS)
    deferred = runs["deferred"]["bound"].split("\n")[: len(_IMPORTER_OF)]
    plain = runs["plain"]["bound"].split("\n")[: len(_IMPORTER_OF)]
    assert deferred == [f"{module} {name} StandIn" for module, name in _IMPORTER_OF]
    assert not [line for line in plain if line.endswith("StandIn")]


def test_every_stand_in_works_as_the_real_name(runs):
    deferred, plain = runs["deferred"]["calls"], runs["plain"]["calls"]
    assert deferred == plain
    lines = deferred.split("\n")
    assert lines[0].startswith("True ")  # a PNG of the phase diagram, drawn with matplotlib
    assert lines[2] == "bold"
    # LiBH4 (-3/6 eV/atom) below its best split without it, LiH + B + 1.5 H2 (-1/6 eV/atom)
    assert lines[3] == "-0.333333"
    assert lines[5] == "(array([1, 0, 2]), np.float64(5.0))"


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


_FIG10 = """
import sys
import hydrion.cli.deferred_imports as deferred
from hydrion.cli.main import main
if sys.argv[2] == "off":
    deferred.DEFERRED["hull"] = ((), ())
try:
    main(["electrode", "--fig10", sys.argv[1]])
except SystemExit as exc:
    assert not exc.code, exc.code
"""


@pytest.mark.slow
def test_fig10_draws_the_same_png_with_and_without_deferral(tmp_path):
    # matplotlib is deferred, unrun, when the figure's modules import: they run it (fresh
    # processes: the test process has matplotlib loaded already)
    env = {**os.environ, "MPLBACKEND": "Agg", "HYDRION_USER_DB": str(tmp_path / "user.sqlite")}
    for switch in ("on", "off"):
        done = subprocess.run(
            [sys.executable, "-c", _FIG10, str(tmp_path / f"{switch}.png"), switch],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    drawn = (tmp_path / "on.png").read_bytes()
    assert drawn[:4] == b"\x89PNG"
    assert drawn == (tmp_path / "off.png").read_bytes()
