"""What the report writes for its figures: by default each drawn once, as a PNG embedded in
index.html at its physical size; with svg (``--svg``) also SVG files, inlined in the page.
Stand-in sections with one small real figure keep these tests cheap."""

import base64
import json
import re

import pytest

from hydrion.plots.canvas import new_figure
from hydrion.report import builder
from hydrion.report.builder import build_report
from hydrion.report.section import CSS_DPI, PNG_DPI, Section, figure_from_matplotlib


def _section(task: str, kb) -> Section:
    """A section with one figure made and rendered as a section makes it (in its worker)."""
    name = task.rsplit(".", 1)[-1]
    fig = new_figure((4.0, 3.0))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set(xlabel="T / K", ylabel="σ / S cm⁻¹")
    fig.tight_layout()
    figure = figure_from_matplotlib(fig, f"fig-{name}", f"Figure {name}", f"caption of {name}")
    return Section(slug=name, title=name, figures=[figure])


@pytest.fixture(params=[1, 2], ids=["in-process", "workers"])
def stand_ins(request, monkeypatch):
    """Two one-figure sections, built in this process or by two forked workers."""
    monkeypatch.setattr(builder, "SECTIONS", ("x.first", "x.second"))
    monkeypatch.setattr(builder, "_worker_count", lambda: request.param)
    monkeypatch.setattr(builder, "_build_section", _section)


def _img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_by_default_each_figure_is_a_png_embedded_at_its_physical_size(tmp_path, stand_ins):
    result = build_report(tmp_path / "out")
    html = result.index.read_text()
    assert [p.name for p in result.figures] == ["fig-first.png", "fig-second.png"]
    assert result.svg_figures == [] and result.figure_count == 2
    assert sorted(p.name for p in (tmp_path / "out" / "figures").iterdir()) == [
        "fig-first.png",
        "fig-second.png",
    ]
    assert "<svg" not in html
    tags = _img_tags(html)
    assert len(tags) == 2
    png = (tmp_path / "out" / "figures" / "fig-first.png").read_bytes()
    assert f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in tags[0]
    assert 'alt="Figure first"' in tags[0]
    width = int(re.search(r'width="(\d+)"', tags[0]).group(1))
    height = int(re.search(r'height="(\d+)"', tags[0]).group(1))
    width_px = int.from_bytes(png[16:20], "big")
    height_px = int.from_bytes(png[20:24], "big")
    assert width == round(width_px * CSS_DPI / PNG_DPI) and width < 4.0 * CSS_DPI
    assert height == round(height_px * CSS_DPI / PNG_DPI)
    assert 'id="fig-fig-first"' in html and "caption of first" in html
    assert f"PNG images at {PNG_DPI} dpi" in html and "--svg" in html


def test_with_svg_the_figures_are_also_written_and_inlined_as_svg(tmp_path, stand_ins):
    result = build_report(tmp_path / "out", svg=True)
    html = result.index.read_text()
    assert [p.name for p in result.svg_figures] == ["fig-first.svg", "fig-second.svg"]
    assert [p.name for p in result.figures] == ["fig-first.png", "fig-second.png"]
    assert result.figure_count == 2
    svg = result.svg_figures[0].read_text()
    assert svg.startswith("<?xml") and "</svg>" in svg
    assert html.count("<svg") == 2 and "<?xml" not in html and _img_tags(html) == []
    assert "vector graphics (SVG)" in html


def test_report_command_svg_option_and_json_list_what_was_written(tmp_path, stand_ins, run_cli):
    code, out, err = run_cli("report", "--out", str(tmp_path / "out"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [p.rsplit("/", 1)[-1] for p in data["figures"]] == ["fig-first.png", "fig-second.png"]
    assert data["svg_figures"] == [] and data["figure_count"] == 2
    code, out, err = run_cli("report", "--out", str(tmp_path / "vector"), "--svg", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [p.rsplit("/", 1)[-1] for p in data["svg_figures"]] == [
        "fig-first.svg",
        "fig-second.svg",
    ]
    assert all((tmp_path / "vector" / "figures" / name).exists() for name in ("fig-first.svg",))
    code, out, _ = run_cli("report", "--out", str(tmp_path / "plain"))
    assert code == 0 and "2 figures as PNG" in out
    code, out, _ = run_cli("report", "--out", str(tmp_path / "both"), "--svg")
    assert code == 0 and "2 figures as PNG and SVG" in out


def test_help_says_what_the_default_writes_and_how_to_get_vector_figures(run_cli):
    code, out, _ = run_cli("report", "--help")
    text = " ".join(out.split())
    assert code == 0
    assert f"{PNG_DPI} dpi PNG embedded in index.html" in text
    assert "--svg" in text and "vector SVG" in text


def test_report_command_prints_only_its_summary_line_to_a_pipe(tmp_path, stand_ins, run_cli):
    """rich's progress display, stopped on a non-terminal, used to print an empty line first."""
    code, out, _ = run_cli("report", "--out", str(tmp_path / "out"))
    assert code == 0
    assert out.startswith("wrote ") and out.count("\n") == 1


def test_report_command_on_a_terminal_clears_its_progress_bar_before_the_summary(
    tmp_path, stand_ins, run_cli, monkeypatch
):
    from hydrion.cli.output import console

    monkeypatch.setattr(console, "_force_terminal", True)
    monkeypatch.setattr(console, "is_interactive", True)
    code, out, _ = run_cli("report", "--out", str(tmp_path / "out"))
    assert code == 0
    bar, _, summary = out.rpartition("\x1b[2K")  # the bar's line, erased
    assert "report" in bar and "/2" in bar
    assert summary.startswith("wrote ") and summary.count("\n") == 1


def test_report_command_refusing_its_folder_prints_nothing_to_stdout(tmp_path, run_cli):
    (tmp_path / "notes.txt").write_text("mine")
    code, out, err = run_cli("report", "--out", str(tmp_path / "notes.txt" / "sub"))
    assert code == 2 and out == ""
    assert err.startswith("hydrion: error: cannot write the report") and err.count("\n") == 1


def test_report_json_help_names_what_it_replaces(run_cli):
    code, out, _ = run_cli("report", "--help")
    text = " ".join(out.replace("│", " ").split())
    assert code == 0
    assert (
        "--json Print machine-readable JSON (index.html, sections, figures, failures) "
        "instead of the one-line summary." in text
    )
