"""Every function a subpackage exports has a NumPy-style docstring (the API reference site
renders them with ``docstring_style: numpy``): a Parameters section where it takes any, and
a Returns section. For the subpackages whose reference page documents their submodules
(``docs/reference/*.md``), every public function of those modules is checked."""

import importlib
import inspect
import pkgutil

import pytest

SUBPACKAGES = [
    "hydrion.units",
    "hydrion.chem",
    "hydrion.kb",
    "hydrion.transport",
    "hydrion.electrode",
    "hydrion.stability",
    "hydrion.cell",
]

# Modules a reference page documents (mkdocstrings ``show_submodules: true``: a package given
# here stands for itself and all its public submodules), with the functions it shows where
# the page lists ``members`` (None: every public function defined in the module).
DOCUMENTED_MODULES: dict[str, tuple[str, ...] | None] = {
    "hydrion.results": None,
    "hydrion.result_checks": None,
    "hydrion.report.builder": ("build_report",),
    "hydrion.report.section": None,
}
DOCUMENTED_PACKAGES = ["hydrion.experiment", "hydrion.plots", "hydrion.atomistic"]


def _documented_modules():
    yield from DOCUMENTED_MODULES.items()
    for name in DOCUMENTED_PACKAGES:
        package = importlib.import_module(name)
        yield name, None
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                yield info.name, None


def _exported_functions():
    for name in SUBPACKAGES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", None) or dir(module):
            if attr.startswith("_"):
                continue
            obj = inspect.unwrap(getattr(module, attr))
            if inspect.isfunction(obj) and obj.__module__.startswith("hydrion"):
                yield pytest.param(obj, id=f"{name}.{attr}")
    for name, members in _documented_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or (members is not None and attr not in members):
                continue
            obj = inspect.unwrap(value)
            if inspect.isfunction(obj) and obj.__module__ == name:
                yield pytest.param(obj, id=f"{name}.{attr}")


@pytest.mark.parametrize("function", list(_exported_functions()))
def test_exported_function_has_numpy_sections(function):
    doc = inspect.getdoc(function) or ""
    parameters = [p for p in inspect.signature(function).parameters if p not in ("self", "cls")]
    if parameters:
        assert "Parameters\n----------" in doc, "no NumPy 'Parameters' section"
        for parameter in parameters:
            assert parameter in doc, f"parameter {parameter!r} is not documented"
    assert "Returns\n-------" in doc, "no NumPy 'Returns' section"
