"""Lazy package exports (PEP 562): a package names what it offers, and a submodule is
imported only when one of its names is first used, so ``import hydrion.transport.limits``
does not pull in scipy or pymatgen through the package's ``__init__``.

An export may share its submodule's name (``hydrion.cell.stack_metrics``, the function, in
the submodule ``stack_metrics``): importing the submodule then does not replace the
package's attribute with the module, as Python's import system otherwise would.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


def lazy_exports(
    package: str, exports: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` for ``package``.

    ``exports`` maps each public name to the submodule (relative to ``package``, e.g.
    ``"fitting"``) that defines it. An unknown name raises ``AttributeError`` as usual.
    """

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        importlib.import_module(package).__dict__[name] = value  # later lookups are direct
        return value

    def __dir__() -> list[str]:
        return sorted({*importlib.import_module(package).__dict__, *exports})

    class Package(ModuleType):
        def __setattr__(self, name: str, value: Any) -> None:
            if isinstance(value, ModuleType) and exports.get(name) == name:
                value = getattr(value, name)  # the export, not the submodule named like it
            super().__setattr__(name, value)

    sys.modules[package].__class__ = Package
    return __getattr__, __dir__, sorted(exports)
