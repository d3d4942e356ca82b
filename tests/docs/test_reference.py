"""The API reference pages (docs/reference): in the site's navigation, naming real modules.

``mkdocs build --strict`` in ``.ci/run`` renders them; this fast check fails first when a page
is left out of the navigation or names a module that no longer exists."""

import importlib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs" / "reference").glob("*.md"))


def _nav_pages(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [page for item in node for page in _nav_pages(item)]
    if isinstance(node, dict):
        return [page for value in node.values() for page in _nav_pages(value)]
    return []


def test_every_reference_page_is_in_the_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = set(_nav_pages(config["nav"]))
    assert [p.name for p in PAGES if f"reference/{p.name}" not in nav] == []


def test_results_and_report_have_reference_pages():
    directives = {
        page.stem: re.findall(r"^::: ([\w.]+)", page.read_text(encoding="utf-8"), re.M)
        for page in PAGES
    }
    # the Result base first; the checks from_dict runs on what it reads back beside it
    assert directives["results"] == [
        "hydrion.results",
        "hydrion.result_checks",
        "hydrion.result_reading",
    ]
    assert "hydrion.report.builder" in directives["report"]
    for modules in directives.values():
        for module in modules:
            importlib.import_module(module)
