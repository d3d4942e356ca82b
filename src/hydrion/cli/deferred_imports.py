"""Deferred imports for the CLI: modules that load at import but run only when first used.

Why (issue 12, start-up speed): ``hydrion electrode``, ``window`` and ``compat`` build their
hulls with pymatgen's :class:`~pymatgen.analysis.phase_diagram.PhaseDiagram`, and
``pymatgen.analysis.phase_diagram`` imports ``matplotlib.pyplot``, ``scipy.interpolate`` and
(through ``pymatgen.util.plotting``) ``palettable`` when it loads, for its plotting methods
only; scipy's array-API layer touches ``numpy.f2py``. Importing them is most of those
commands' start-up time, and the commands draw nothing (``electrode --fig10`` does, and gets
the real module on first use).

How: while :func:`deferred_imports` is active, a finder first on ``sys.meta_path`` answers
for the listed module names with the real spec and a loader that creates the module object,
puts it in ``sys.modules`` as usual, and runs its code on the first access to one of its
attributes, the idea of :class:`importlib.util.LazyLoader`. Unlike the standard library's
lazy module, a deferred module answers ``__spec__`` and ``__path__`` without loading: the
``import`` statement reads ``__spec__`` (to see whether the module is still initialising)
and the import system reads a package's ``__path__`` to import its submodules, so with
``LazyLoader`` alone ``import matplotlib.pyplot as plt`` runs pyplot at once.
``from package import name`` still loads the package (it reads ``name``), so only modules
that importers bind as a whole can be deferred (:data:`UNUSED_BY_HULL_COMMANDS`).

Scope: only :func:`hydrion.cli.main.main` uses this, only for single-threaded commands, and
only while it runs; ``import hydrion`` and the library API never defer anything. A module
already imported is not affected, and one imported in the block stays deferred after it
(its code runs when first used). A lock per module lets one thread run it while others
wait, as ``LazyLoader`` does from Python 3.12. A module whose code fails on first use is
removed from ``sys.modules`` (and from its package) before the error propagates, as a failed
import is, so the next import runs it again.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from types import ModuleType
from typing import Any

UNUSED_BY_HULL_COMMANDS: tuple[str, ...] = (
    # pymatgen.analysis.phase_diagram and .interface_reactions (``import ... as plt``) and
    # pymatgen.util.plotting, for their plotting methods
    "matplotlib.pyplot",
    "palettable",
    "palettable.colorbrewer",
    "palettable.colorbrewer.diverging",
    # pymatgen.analysis.phase_diagram (``from scipy import interpolate``), for plots
    "scipy.interpolate",
    # scipy's array-API layer reads every attribute of numpy, which imports these
    "numpy.f2py",
    "numpy.polynomial",
    "numpy.testing",
    "numpy.ctypeslib",
    # scipy.spatial (``from . import transform``): rotations, which a hull does not use
    "scipy.spatial.transform",
    # tabulate (through pymatgen.core.structure): wide-character widths for printed tables
    "wcwidth",
)
"""What :func:`hydrion.cli.main.main` defers for ``electrode``, ``window`` and ``compat``:
modules imported as a whole on their path and not used there (0.4–0.5 s CPU of imports,
measured by ``benchmarks/bench_cli.py``). Which importer binds each name is noted above:
a module imported with ``from module import name`` cannot be deferred."""

_ANSWERED_BEFORE_LOADING = frozenset({"__spec__", "__path__", "__class__"})


class _DeferredModule(ModuleType):
    """A module whose code runs on first access to an attribute other than the import
    system's (``__spec__``, ``__path__``); then it is a plain module again."""

    def __getattribute__(self, name: str) -> Any:
        if name in _ANSWERED_BEFORE_LOADING:
            return ModuleType.__getattribute__(self, name)
        spec = ModuleType.__getattribute__(self, "__spec__")
        deferring = spec.loader
        if isinstance(deferring, _DeferringLoader):
            with deferring.lock:  # another thread waits until the module has run
                # not yet run, and not running in this thread (its own code reads it then)
                if type(self) is _DeferredModule and not deferring.running:
                    deferring.running = True
                    try:
                        deferring.loader.exec_module(self)
                    except BaseException:
                        _forget(self, spec.name)
                        raise
                    finally:
                        spec.loader = deferring.loader
                        ModuleType.__setattr__(self, "__loader__", deferring.loader)
                        object.__setattr__(self, "__class__", ModuleType)
        return ModuleType.__getattribute__(self, name)

    def __delattr__(self, name: str) -> None:
        self.__getattribute__(name)  # run the module, then delete from it
        ModuleType.__delattr__(self, name)


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
        self.lock = threading.RLock()
        self.running = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__class__ = _DeferredModule


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds the listed modules with the other finders and wraps their loaders."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
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
def deferred_imports(names: Iterable[str]) -> Iterator[None]:
    """Defer the code of the modules ``names`` that get imported in this block.

    Parameters
    ----------
    names
        Full module names (``"matplotlib.pyplot"``); a module not imported in the block, or
        imported before it, is left alone. No names: nothing changes.

    A module imported in the block stays deferred after it (its code runs when first used).
    """
    names = frozenset(names)
    if not names:
        yield
        return
    finder = _DeferringFinder(names)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
