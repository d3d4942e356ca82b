"""Deferred imports for the CLI: modules that load at import but run only when first used.

Why (issue 12, start-up speed): ``hydrion electrode``, ``window`` and ``compat`` build their
hulls with pymatgen's :class:`~pymatgen.analysis.phase_diagram.PhaseDiagram`, and
``pymatgen.analysis.phase_diagram`` imports matplotlib, ``scipy.interpolate``,
``scipy.optimize`` and (through ``pymatgen.util.plotting``) ``palettable`` when it loads, for
its plotting methods and one solver the hulls do not use; ``interface_reactions`` (``compat``)
adds pandas and plotly's figures; scipy's array-API layer touches ``numpy.f2py``. Importing
them was half of those commands' start-up time, and the commands draw nothing
(``electrode --fig10`` does, and gets the real modules on first use).

How: while :func:`deferred_imports` is active, a finder first on ``sys.meta_path`` answers
for the listed module names with the real spec and a loader that creates the module object,
puts it in ``sys.modules`` as usual, and runs its code on the first access to one of its
attributes, the idea of :class:`importlib.util.LazyLoader`. Until then a deferred module
answers without running:

* ``__spec__`` and ``__path__``, which the import system reads (the ``import`` statement
  reads ``__spec__``, the import of a submodule reads its package's ``__path__``; with
  ``LazyLoader`` alone ``import matplotlib.pyplot as plt`` runs pyplot at once);
* a deferred package, its submodules: one already imported, and one of the listed names,
  which it imports (deferred) when asked, so that ``from matplotlib import cm`` and
  ``import matplotlib.pyplot as plt`` leave ``matplotlib`` unrun;
* a listed ``(module, name)`` pair (:data:`NAMES_UNUSED_BY_HULL_COMMANDS`), a stand-in that
  runs the module and forwards to the real object on its first call or attribute read, so that
  ``from scipy.optimize import minimize`` leaves ``scipy.optimize`` unrun. A stand-in is not
  the object: it is listed only where every importer on the hull commands' path calls it or
  reads its attributes, never subclasses it, checks ``isinstance`` against it or compares it.

Those answers come only from the code that imports under the block (the hull commands'
imports). Code that a deferred module runs on first use imports normally and reads real
attributes (the finder defers nothing then), so the library's own code never meets a stand-in
(matplotlib's ``isinstance(norm, Normalize)`` sees the class). A deferred module runs after
its package, as the import system orders them. One exception: a module not listed, imported
under the block from a package still unrun, runs first and runs the package when it first reads
it. On the hull commands' path that is only ``scipy.linalg.cython_lapack`` (LAPACK's Cython
bindings, which read nothing of ``scipy.linalg``); ``electrode --fig10`` imports matplotlib's
figure modules that way, and draws the same figure, byte for byte. After the block, a deferred
module that was never used still runs on its first use, and a stand-in handed out still works.

``hydrion report`` defers what PyBaMM imports for its symbolic and xarray code
(:data:`UNUSED_BY_PYBAMM_SIMULATIONS`), which its simulations never run: the finder is in
``sys.meta_path`` when the report forks its workers, so they defer them too.

Scope: only :func:`hydrion.cli.main.main` uses this, only for single-threaded commands (the
report's parent runs a thread that only collects its workers' results), and only while it
runs; ``import hydrion`` and the library API never defer anything. A module already imported
is not affected. One lock serialises the deferred modules' code: another
thread that touches a module while it runs waits for it, as with ``LazyLoader`` from Python
3.12. A module whose code fails on first use is removed from ``sys.modules`` (and from its
package) before the error propagates, as a failed import is, so the next import runs it again.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from types import ModuleType
from typing import Any

UNUSED_BY_HULL_COMMANDS: tuple[str, ...] = (
    # pymatgen.analysis.phase_diagram, .interface_reactions and pymatgen.util.plotting import
    # these for their plotting methods: ``import matplotlib.pyplot as plt``, ``from matplotlib
    # import cm, colors``, and the names of NAMES_UNUSED_BY_HULL_COMMANDS
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.cm",
    "matplotlib.colors",
    "matplotlib.font_manager",
    "palettable",
    "palettable.colorbrewer",
    "palettable.colorbrewer.diverging",
    # pymatgen.analysis.phase_diagram (``from scipy import interpolate``), for plots
    "scipy.interpolate",
    # pymatgen.analysis.phase_diagram (``from scipy.optimize import minimize``): one solver
    "scipy.optimize",
    # pymatgen.analysis.phase_diagram (``from tqdm import tqdm``): patched phase diagrams
    "tqdm",
    # pymatgen.analysis.phase_diagram (``import plotly.graph_objects as go``) and
    # .interface_reactions (``from plotly.graph_objects import Figure, Scatter``): plots
    "plotly.graph_objects",
    # pymatgen.analysis.interface_reactions (``from pandas import DataFrame``): a table method
    "pandas",
    # scipy.spatial (``from . import distance``; its _geometric_slerp: ``from
    # scipy.spatial.distance import euclidean``): distances, which a hull does not compute;
    # they bring scipy.special, which parses the docstrings of its functions on import
    "scipy.spatial.distance",
    # scipy.spatial (``from . import transform``): rotations, which a hull does not use
    "scipy.spatial.transform",
    # scipy.spatial._procrustes (``from scipy.linalg import orthogonal_procrustes``): the
    # hull's Qhull calls LAPACK through scipy.linalg.cython_lapack, an extension module that
    # imports without running scipy.linalg's own code (the dense linear algebra functions)
    "scipy.linalg",
    # scipy's array-API layer reads every attribute of numpy, which imports these
    "numpy.f2py",
    "numpy.polynomial",
    "numpy.testing",
    "numpy.ctypeslib",
    # tabulate (through pymatgen.core.structure): wide-character widths for printed tables
    "wcwidth",
)
"""What :func:`hydrion.cli.main.main` defers for ``electrode``, ``window`` and ``compat``:
modules imported on their path and not used there (measured by ``benchmarks/bench_cli.py``).
Which importer binds each name is noted above."""

NAMES_UNUSED_BY_HULL_COMMANDS: tuple[tuple[str, str], ...] = (
    # pymatgen.core.structure_matcher (through pymatgen.core.entries): called in
    # get_linear_assignment_solution only, for StructureMatcher, which the hulls do not use
    ("scipy.optimize", "linear_sum_assignment"),
    # pymatgen.analysis.phase_diagram: called in _get_slsqp_decomp only (phase-separation
    # energies of PhaseDiagram.get_decomp_and_phase_separation_energy), which hydrion never calls
    ("scipy.optimize", "minimize"),
    # pymatgen.analysis.phase_diagram: called, or ``.from_list`` read, in the matplotlib
    # plotting methods only (PDPlotter)
    ("matplotlib.cm", "ScalarMappable"),
    ("matplotlib.colors", "LinearSegmentedColormap"),
    ("matplotlib.colors", "Normalize"),
    ("matplotlib.font_manager", "FontProperties"),
    # pymatgen.analysis.phase_diagram: called in PatchedPhaseDiagram only
    ("tqdm", "tqdm"),
    # pymatgen.analysis.interface_reactions: called in InterfacialReactivity.get_dataframe and
    # its plotly plot only
    ("pandas", "DataFrame"),
    ("plotly.graph_objects", "Figure"),
    ("plotly.graph_objects", "Scatter"),
    # scipy.spatial._geometric_slerp: called in geometric_slerp only
    ("scipy.spatial.distance", "euclidean"),
    # scipy.spatial._procrustes: called in procrustes only
    ("scipy.linalg", "orthogonal_procrustes"),
)
"""Names that importers on the hull commands' path take with ``from module import name``
from a deferred module and only call or read attributes of, never on the commands' own path
(each is called where noted above): they get a stand-in, so the module stays unrun. A
stand-in is not the object (``isinstance`` against it fails): a name is listed only after
reading every use by every importer on the path; a test runs each one through its stand-in."""

UNUSED_BY_PYBAMM_SIMULATIONS: tuple[str, ...] = (
    # pybamm.expression_tree (``import sympy`` in symbol.py and 12 more modules): symbolic
    # printing only (Symbol.to_equation, pybamm.latexify), which a simulation never calls
    "sympy",
    # pybamm.solvers.processed_variable(_computed) (``import xarray as xr``): interpolating a
    # solved variable at other times or positions (``variable(t=...)``); hydrion reads the
    # variables' ``entries`` only
    "xarray",
)
"""What :func:`hydrion.cli.main.main` defers for ``report``: PyBaMM imports these when it
loads (0.7 of its 1.6 CPU s of import) for what the report's simulations never run. The
report's worker processes are forked while the command runs, so they defer them too; the
simulated-against-reported table is the same with and without (a test compares them)."""

DEFERRED: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "hull": (UNUSED_BY_HULL_COMMANDS, NAMES_UNUSED_BY_HULL_COMMANDS),
    "pybamm": (UNUSED_BY_PYBAMM_SIMULATIONS, ()),
}
"""(modules, stand-in names) deferred for each kind of command (``Entry.defers`` in
:mod:`hydrion.cli.main`)."""

_ANSWERED_BEFORE_LOADING = frozenset({"__spec__", "__path__", "__class__"})
_UNRESOLVED = object()
_RUN_LOCK = threading.RLock()
"""Held while a deferred module runs (one for all: a module runs its package first)."""


class _Running(threading.local):
    """How many deferred modules are running in this thread (their imports are not deferred,
    and what they read of a deferred module is real)."""

    depth = 0


_running = _Running()
_ACTIVE: list[_DeferringFinder] = []
"""The finders of the blocks now active, innermost last."""


class StandIn:
    """Stands for ``name`` of a deferred module: on its first call or attribute read, the
    module runs and the real object answers (and every later one)."""

    __slots__ = ("_module_name", "_name", "_target")

    def __init__(self, module_name: str, name: str) -> None:
        self._module_name = module_name
        self._name = name
        self._target: Any = _UNRESOLVED

    def _resolve(self) -> Any:
        if self._target is _UNRESOLVED:
            module = importlib.import_module(self._module_name)
            _run(module)
            self._target = getattr(module, self._name)
        return self._target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._resolve()(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._resolve(), name)

    def __repr__(self) -> str:
        return f"<stand-in for {self._module_name}.{self._name}>"


class _DeferredModule(ModuleType):
    """A module whose code runs on first access to an attribute other than those it answers
    unrun (see the module's docstring); then it is a plain module again."""

    def __getattribute__(self, name: str) -> Any:
        if name in _ANSWERED_BEFORE_LOADING:
            return ModuleType.__getattribute__(self, name)
        deferring = ModuleType.__getattribute__(self, "__spec__").loader
        if isinstance(deferring, _DeferringLoader):
            answer = deferring.answer_unrun(self, name)
            if answer is not None:
                return answer
            deferring.run(self)
        return ModuleType.__getattribute__(self, name)

    def __delattr__(self, name: str) -> None:
        _run(self)  # run the module, then delete from it
        ModuleType.__delattr__(self, name)


def _run(module: ModuleType) -> None:
    """Run ``module``'s code now if it is deferred and has not run."""
    if type(module) is _DeferredModule:
        deferring = ModuleType.__getattribute__(module, "__spec__").loader
        if isinstance(deferring, _DeferringLoader):
            deferring.run(module)


def _forget(module: ModuleType, name: str) -> None:
    """Undo the import of a module whose code failed, as the import system does: out of
    ``sys.modules`` and off its package, so that the next import runs it again (and fails
    with its own error) instead of finding it half-run (an AttributeError)."""
    if sys.modules.get(name) is module:
        del sys.modules[name]
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules.get(parent_name) if parent_name else None
    if parent is not None:  # its namespace, read without running a deferred parent
        namespace = object.__getattribute__(parent, "__dict__")
        if namespace.get(child) is module:
            del namespace[child]


class _DeferringLoader(importlib.abc.Loader):
    """Wraps a module's own loader: creates the module now, runs it on first use. Anything
    else (``get_source``, resource readers) is the module's own loader's."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader
        self.running = False
        self.stand_ins: dict[str, StandIn] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__class__ = _DeferredModule

    def answer_unrun(self, module: _DeferredModule, name: str) -> Any:
        """What an unrun module answers for ``name`` without running (a submodule, a
        stand-in), or None: run it. Only for the importers under an active block (the lists
        of the innermost one, whichever block deferred the module)."""
        if not _ACTIVE or _running.depth or self.running:
            return None
        finder = _ACTIVE[-1]
        module_name = ModuleType.__getattribute__(module, "__spec__").name
        submodule_name = f"{module_name}.{name}"
        namespace = object.__getattribute__(module, "__dict__")
        if submodule_name in finder.names and submodule_name not in sys.modules:
            importlib.import_module(submodule_name)  # deferred, and bound in the namespace
        submodule = namespace.get(name)
        if submodule is not None and sys.modules.get(submodule_name) is submodule:
            return submodule
        if (module_name, name) in finder.stand_in_names:
            return self.stand_ins.setdefault(name, StandIn(module_name, name))
        return None

    def run(self, module: ModuleType) -> None:
        """Run the module's code (after its package's), unless it has run or is running in
        this thread (its own code reads it then); another thread waits until it has run."""
        with _RUN_LOCK:
            if type(module) is not _DeferredModule or self.running:
                return
            spec = ModuleType.__getattribute__(module, "__spec__")
            name = spec.name
            parent = sys.modules.get(name.rpartition(".")[0])
            try:
                if parent is not None:
                    _run(parent)  # as the import system orders them; it may run this one
                if type(module) is not _DeferredModule:
                    return
                self.running = True
                _running.depth += 1
                try:
                    self.loader.exec_module(module)
                finally:
                    _running.depth -= 1
                    self.running = False
                    spec.loader = self.loader
                    ModuleType.__setattr__(module, "__loader__", self.loader)
                    object.__setattr__(module, "__class__", ModuleType)
            except BaseException:
                _forget(module, name)
                raise


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds the listed modules with the other finders and wraps their loaders, for the
    importers under the block (not for the code of a deferred module that runs)."""

    def __init__(self, names: Iterable[str], stand_in_names: Iterable[tuple[str, str]]) -> None:
        self.names = frozenset(names)
        self.stand_in_names = frozenset(stand_in_names)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names or _running.depth:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        # only source and bytecode modules: an extension module runs when it is created
        if isinstance(
            spec.loader,
            importlib.machinery.SourceFileLoader | importlib.machinery.SourcelessFileLoader,
        ):
            spec.loader = _DeferringLoader(spec.loader)
        return spec


@contextlib.contextmanager
def deferred_imports(
    names: Iterable[str], stand_in_names: Iterable[tuple[str, str]] = ()
) -> Iterator[None]:
    """Defer the code of the modules ``names`` that get imported in this block.

    Parameters
    ----------
    names
        Full module names (``"matplotlib.pyplot"``); a module not imported in the block, or
        imported before it, is left alone. No names: nothing changes.
    stand_in_names
        ``(module, name)`` pairs: under the block, ``from module import name`` of a deferred
        ``module`` binds a stand-in instead of running the module (:class:`StandIn`; only for
        names that the importers call or read attributes of).

    A module imported in the block stays deferred after it (its code runs when first used).
    """
    names = frozenset(names)
    if not names:
        yield
        return
    finder = _DeferringFinder(names, stand_in_names)
    sys.meta_path.insert(0, finder)
    _ACTIVE.append(finder)
    try:
        yield
    finally:
        _ACTIVE.remove(finder)
        sys.meta_path.remove(finder)
