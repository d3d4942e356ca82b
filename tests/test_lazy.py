"""Lazy package exports: every listed name resolves, and nothing loads before it is used."""

import importlib
import subprocess
import sys

import pytest

PACKAGES = ["hydrion.transport", "hydrion.electrode", "hydrion.cell"]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves_to_its_submodules_object(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        source = importlib.import_module(f"{package}.{module._EXPORTS[name]}")
        assert value is getattr(source, name)
        assert name in dir(module)


def test_an_unknown_name_is_an_attribute_error():
    import hydrion.transport

    with pytest.raises(AttributeError, match="no attribute 'sigma_of'"):
        hydrion.transport.sigma_of  # noqa: B018


def test_importing_a_package_imports_none_of_its_submodules():
    script = "import sys, hydrion.cell; print('hydrion.cell.stack' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "False"
