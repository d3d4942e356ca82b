"""A deferred module whose code fails on first use is forgotten, as a failed import is."""

import importlib
import sys

import pytest

from hydrion.cli.deferred_imports import deferred_imports


@pytest.fixture
def broken_package(tmp_path, monkeypatch):
    """``f7broken`` (a package) whose submodule ``sub`` raises after binding ``HALF``."""
    package = tmp_path / "f7broken"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "sub.py").write_text("HALF = 21\nraise RuntimeError('sub failed')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in ("f7broken.sub", "f7broken"):
        sys.modules.pop(name, None)


def test_a_failing_deferred_module_leaves_sys_modules_and_its_package(broken_package):
    with deferred_imports(["f7broken.sub"]):
        import f7broken.sub
    module = f7broken.sub
    with pytest.raises(RuntimeError, match="sub failed"):
        module.HALF  # noqa: B018 - the first use runs the module's code
    assert "f7broken.sub" not in sys.modules
    assert "sub" not in vars(sys.modules["f7broken"])
    # the next import runs it again and fails with its own error, not an AttributeError
    with pytest.raises(RuntimeError, match="sub failed"):
        import f7broken.sub  # noqa: F401


def test_after_a_failure_a_fixed_module_imports(broken_package):
    with deferred_imports(["f7broken.sub"]):
        import f7broken.sub
    with pytest.raises(RuntimeError):
        f7broken.sub.twice  # noqa: B018
    (broken_package / "sub.py").write_text("HALF = 21\nWHOLE = 42\n")  # recompiled
    importlib.invalidate_caches()
    import f7broken.sub as fixed

    assert fixed.WHOLE == 42 and sys.modules["f7broken.sub"] is fixed
