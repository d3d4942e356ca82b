"""The report builds its sections in worker processes: same page, same order, warnings once,
bugs still raised. Stand-in sections keep these tests cheap (the real sections have theirs)."""

import os
import sys
import time
import types
import warnings
from pathlib import Path

import pandas as pd
import pytest

from hydrion.errors import HydrionWarning
from hydrion.report import builder
from hydrion.report.builder import build_report
from hydrion.report.section import Section, TableBlock

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only"),
    pytest.mark.filterwarnings("ignore::hydrion.errors.HydrionWarning"),
]


@pytest.fixture
def stand_ins(monkeypatch, tmp_path):
    """Three sections on two workers: 'first' finishes last (it waits for 'third')."""
    monkeypatch.setattr(builder, "SECTIONS", ("x.first", "x.second", "x.third"))
    monkeypatch.setattr(builder, "_worker_count", lambda: 2)
    signal = tmp_path / "third-done"

    def build(module_name, kb):
        name = module_name.rsplit(".", 1)[-1]
        if name == "first":
            deadline = time.monotonic() + 60
            while not signal.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        if name == "third":
            signal.touch()
        warnings.warn("the same caveat from every section", HydrionWarning, stacklevel=1)
        return Section(slug=name, title=name, notes=[str(os.getpid())])

    monkeypatch.setattr(builder, "_build_section", build)
    return signal


def test_sections_keep_their_order_whichever_worker_finishes_first(tmp_path, stand_ins):
    result = build_report(tmp_path / "out")
    assert result.sections == ["first", "second", "third"]
    assert result.failed == {}
    html = (tmp_path / "out" / "index.html").read_text()
    assert html.index('id="first"') < html.index('id="second"') < html.index('id="third"')


def test_sections_run_in_worker_processes(tmp_path, stand_ins, monkeypatch):
    pids: list[str] = []
    real = builder.replace

    def keep(section, **changes):
        pids.extend(section.notes)
        return real(section, **changes)

    monkeypatch.setattr(builder, "replace", keep)
    build_report(tmp_path / "out")
    assert len(pids) == 3 and str(os.getpid()) not in pids


def test_a_warning_given_by_several_sections_is_shown_once(tmp_path, stand_ins):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        build_report(tmp_path / "out")
    texts = [str(w.message) for w in caught if issubclass(w.category, HydrionWarning)]
    assert texts == ["the same caveat from every section"]


def test_a_bug_in_a_section_is_raised_not_reported_as_a_failed_section(tmp_path, monkeypatch):
    monkeypatch.setattr(builder, "SECTIONS", ("x.fine", "x.buggy"))
    monkeypatch.setattr(builder, "_worker_count", lambda: 2)

    def build(module_name, kb):
        if module_name.endswith("buggy"):
            return 1 / 0
        return Section(slug="fine", title="fine")

    monkeypatch.setattr(builder, "_build_section", build)
    with pytest.raises(ZeroDivisionError):
        build_report(Path(tmp_path / "out"))


def test_a_split_sections_parts_are_joined_in_their_order(tmp_path, monkeypatch):
    """The parts of a SPLIT section run as separate tasks; part 'a' finishes last, yet the
    page shows a, b, c in order, with the references of all parts, as one section."""
    module = types.ModuleType("x_split")
    module.parts = lambda: ["a", "b", "c"]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "x_split", module)
    monkeypatch.setattr(builder, "SECTIONS", ("x.whole", "x_split"))
    monkeypatch.setattr(builder, "SPLIT", ("x_split",))
    monkeypatch.setattr(builder, "_worker_count", lambda: 2)
    signal = tmp_path / "c-done"

    def build(task, kb):
        if task == "x.whole":
            return Section(slug="whole", title="whole")
        part = task.split(":")[1]
        if part == "a":
            deadline = time.monotonic() + 60
            while not signal.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        if part == "c":
            signal.touch()
        table = TableBlock(f"part-{part}", pd.DataFrame({"x": [1]}))
        return Section(slug="split", title="split", tables=[table], references=[1])

    monkeypatch.setattr(builder, "_build_section", build)
    result = build_report(tmp_path / "out")
    assert result.sections == ["whole", "split"] and result.failed == {}
    html = (tmp_path / "out" / "index.html").read_text()
    assert html.count('id="split"') == 1
    assert html.index("part-a") < html.index("part-b") < html.index("part-c")


def test_the_longest_tasks_start_first_then_whole_sections_then_parts():
    """FIRST names real parts of split sections; they start before everything else, the
    whole sections next and the remaining parts last (small tasks keep workers busy)."""
    from hydrion.report.sections import FIRST, SECTIONS, SPLIT

    names = list(SECTIONS)
    tasks = builder._tasks(names)
    order = [task for _, task in builder._order(names, tasks)]
    assert sorted(order) == sorted(t for name in names for t in tasks[name])
    assert order[: len(FIRST)] == list(FIRST)
    for task in FIRST:
        module = task.partition(":")[0]
        assert module in SPLIT and task in tasks[module]
    rest = order[len(FIRST) :]
    whole = [t for t in rest if ":" not in t]
    assert rest[: len(whole)] == whole == [n for n in names if n not in SPLIT]
