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


@pytest.mark.parametrize("package", PACKAGES)
def test_a_submodule_imported_first_does_not_hide_the_export_named_like_it(package):
    script = (
        "import importlib, sys, types\n"
        f"package = importlib.import_module({package!r})\n"
        "shared = [n for n, m in package._EXPORTS.items() if n == m]\n"
        "for name in shared:\n"
        "    importlib.import_module(f'{package.__name__}.{name}')\n"
        "hidden = [n for n in shared if isinstance(getattr(package, n), types.ModuleType)]\n"
        "print(len(shared), hidden)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.split(" ", 1)[1].strip() == "[]", done.stdout + done.stderr
