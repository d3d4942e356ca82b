"""Foundation layering: chem and the provenance module never import the knowledge base."""

import ast
from pathlib import Path

import hydrion

SRC = Path(hydrion.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            modules.add(base)
            modules |= {f"{base}.{alias.name}" for alias in node.names}
    return modules


def _offending(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in _imported_modules(path) if m.startswith(prefixes))


def test_chem_never_imports_kb():
    files = sorted((SRC / "chem").rglob("*.py"))
    assert files, "no chem modules found"
    found = {p.name: _offending(p, ("hydrion.kb",)) for p in files}
    assert not any(found.values()), found


def test_sources_imports_no_other_hydrion_module():
    assert _offending(SRC / "sources.py", ("hydrion",)) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    # the walk must catch the lazy imports hydrion uses, or the tests above prove nothing
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from hydrion.kb.records import Material\n", "utf-8")
    assert _offending(sample, ("hydrion.kb",)) == [
        "hydrion.kb.records",
        "hydrion.kb.records.Material",
    ]
