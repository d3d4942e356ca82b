import pandas as pd
import pytest

from hydrion.errors import MissingDataError
from hydrion.report import builder
from hydrion.report.builder import build_report
from hydrion.report.section import Section, TableBlock


@pytest.mark.slow
def test_report_is_a_self_contained_page_with_figures(tmp_path):
    result = build_report(tmp_path / "out")
    html = result.index.read_text()
    assert result.failed == {}
    assert result.sections == [
        "knowledge-base",
        "transport",
        "predictions",
        "stability",
        "electrodes",
        "cells",
    ]
    assert '<img src="data:image/png;base64,' in html and "Table 1" in html
    assert "<svg" not in html and result.svg_figures == []  # PNG only unless svg=True
    assert result.figure_count == html.count("<img ") >= 30
    assert all(path.exists() for path in result.figures)


@pytest.fixture
def broken_transport(monkeypatch):
    """A two-section report whose transport section raises, as a broken model would; the
    other section is a one-table stand-in (the real sections are built by the slow test
    above and tested on their own), so the failure path stays cheap to run."""
    monkeypatch.setattr(
        builder,
        "SECTIONS",
        ("hydrion.report.sections.knowledge_base", "hydrion.report.sections.transport"),
    )

    def build(module_name, kb):
        if ".transport" in module_name:  # the whole section or any of its parts
            raise MissingDataError("no conductivity law for LiBH4")
        table = TableBlock("Table 1", pd.DataFrame({"material": ["LiBH4"]}))
        return Section(slug="knowledge-base", title="Knowledge base", tables=[table])

    monkeypatch.setattr(builder, "_build_section", build)


def test_a_failed_section_is_named_with_its_error(tmp_path, broken_transport):
    result = build_report(tmp_path / "out")
    assert result.sections == ["knowledge-base"]
    assert result.failed == {"transport": "no conductivity law for LiBH4"}
    assert "no conductivity law for LiBH4" in result.index.read_text()


def test_report_command_exits_non_zero_naming_the_failed_section(
    tmp_path, broken_transport, run_cli
):
    code, out, err = run_cli("report", "--out", str(tmp_path / "out"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("hydrion: error: 1 report section(s) failed")
    assert "section transport: no conductivity law for LiBH4" in lines[0]
    assert (tmp_path / "out" / "index.html").exists() and "wrote" in out


def test_report_json_still_lists_the_failure_and_exits_non_zero(
    tmp_path, broken_transport, run_cli
):
    code, out, err = run_cli("report", "--out", str(tmp_path / "out"), "--json")
    assert code == 2 and '"transport"' in out and "section transport" in err
