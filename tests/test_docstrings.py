"""Every function a subpackage exports has a NumPy-style docstring (the API reference site
renders them with ``docstring_style: numpy``): a Parameters section where it takes any, and
a Returns section."""

import importlib
import inspect

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


def _exported_functions():
    for name in SUBPACKAGES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", None) or dir(module):
            if attr.startswith("_"):
                continue
            obj = inspect.unwrap(getattr(module, attr))
            if inspect.isfunction(obj) and obj.__module__.startswith("hydrion"):
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
