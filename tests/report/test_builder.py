from hydrion.report.builder import build_report


def test_report_is_a_self_contained_page_with_figures(tmp_path):
    result = build_report(tmp_path / "out")
    html = result.index.read_text()
    assert "knowledge-base" in result.sections
    assert "<svg" in html and "Table 1" in html
    assert all(path.exists() for path in result.figures)
