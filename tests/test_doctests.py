"""The examples in hydrion's docstrings run (doctest), as ``pytest --doctest-modules`` would
run them; only modules whose source holds an example are imported."""

import doctest
import importlib
from pathlib import Path

import pytest

import hydrion

ROOT = Path(hydrion.__file__).parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        if ">>> " in path.read_text(encoding="utf-8"):
            parts = path.relative_to(ROOT.parent).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_examples_are_found():
    assert len(_modules_with_examples()) >= 5


@pytest.mark.parametrize("name", _modules_with_examples())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    tests = [t for t in finder.find(module, name) if t.examples]
    assert tests, f"{name} mentions '>>> ' but has no example doctest can find"
    for test in tests:
        for example in test.examples:
            assert "+SKIP" not in example.source and not (example.options.get(doctest.SKIP)), (
                f"{test.name}: an example that never runs"
            )
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) of {name} failed (output above)"
