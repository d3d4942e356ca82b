"""The tutorials in docs/tutorials/ run: their ```python blocks are executed in order, in one
namespace per page, in a scratch folder (each page asserts its own results)."""

import re
from pathlib import Path

import pytest

TUTORIALS = Path(__file__).resolve().parents[2] / "docs" / "tutorials"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
SLOW = {"cell_from_kb.md"}  # a PyBaMM simulation


def code_of(page: Path) -> str:
    """The page's python blocks joined in order (line numbers kept for tracebacks)."""
    text = page.read_text(encoding="utf-8")
    lines = ["" for _ in range(text.count("\n") + 1)]
    for match in _BLOCK.finditer(text):
        first = text[: match.start(1)].count("\n")
        for i, line in enumerate(match.group(1).splitlines()):
            lines[first + i] = line
    return "\n".join(lines)


def _pages():
    if not TUTORIALS.is_dir():
        return []
    return [
        pytest.param(page, id=page.stem, marks=[pytest.mark.slow] if page.name in SLOW else [])
        for page in sorted(TUTORIALS.glob("*.md"))
    ]


def test_code_blocks_are_found():
    pages = sorted(TUTORIALS.glob("*.md"))
    assert len(pages) >= 3
    for page in pages:
        assert _BLOCK.search(page.read_text(encoding="utf-8")), page.name


@pytest.mark.parametrize("page", _pages())
def test_tutorial_runs(page: Path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    code = compile(code_of(page), str(page), "exec")
    namespace = {"__name__": "__tutorial__"}
    exec(code, namespace)  # noqa: S102 - the project's own tutorial code
    import matplotlib.pyplot as plt

    plt.close("all")
