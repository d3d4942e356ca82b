"""Build the HTML report: run every registered section and render one self-contained page.

Figures are inlined as SVG (so ``index.html`` stands alone) and also written as PNG files
under ``figures/`` for papers and slides. A section that fails is reported in the page
with its error instead of stopping the whole report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from hydrion import __version__
from hydrion.errors import HydrionError, OutputError
from hydrion.kb import KnowledgeBase, open_kb
from hydrion.report.section import Section
from hydrion.report.sections import SECTIONS

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ReportResult:
    """Where the report went and what it holds."""

    index: Path
    sections: list[str]
    failed: dict[str, str]
    figures: list[Path]


def _build_section(module_name: str, kb: KnowledgeBase) -> Section:
    module = importlib.import_module(module_name)
    return module.build(kb)


def build_report(
    out_dir: Path, kb: KnowledgeBase | None = None, progress: Progress | None = None
) -> ReportResult:
    """Write ``index.html`` and ``figures/*.png`` into ``out_dir``.

    Raises :class:`~hydrion.errors.OutputError` (before any section runs) when ``out_dir``
    cannot be a folder: empty, a file, below a file (``notes.txt/sub``), or not writable.
    """
    out_dir = Path(out_dir)
    figures_dir = _prepare(out_dir)
    kb = kb or open_kb()
    sections: list[Section] = []
    failed: dict[str, str] = {}
    for number, module_name in enumerate(SECTIONS, start=1):
        if progress:
            progress(module_name.rsplit(".", 1)[-1], number, len(SECTIONS))
        try:
            section = _build_section(module_name, kb)
            sections.append(replace(section, notes=list(dict.fromkeys(section.notes))))
        except (HydrionError, ImportError) as exc:
            failed[module_name.rsplit(".", 1)[-1]] = " ".join(str(exc).split())
    written = []
    for section in sections:
        for figure in section.figures:
            path = figures_dir / f"{figure.slug}.png"
            _write(path, figure.png)
            written.append(path)
    cited = sorted({ref for section in sections for ref in section.references})
    html = (
        _environment()
        .get_template("report.html")
        .render(
            sections=sections,
            failed=failed,
            references=[kb.references[n] for n in cited if n in kb.references],
            review=kb.references[0],
            version=__version__,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )
    index = out_dir / "index.html"
    _write(index, html.encode("utf-8"))
    return ReportResult(
        index=index, sections=[s.slug for s in sections], failed=failed, figures=written
    )


def _prepare(out_dir: Path) -> Path:
    """Create ``out_dir/figures``; refuse (OutputError) a path that cannot be a folder."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"cannot write the report into {out_dir}: {folder} is a file")
    figures_dir = out_dir / "figures"
    try:
        figures_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the report folder {out_dir}: {exc.strerror}") from None
    return figures_dir


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("hydrion.report", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    environment.filters["table_html"] = _table_html
    return environment


def _table_html(frame) -> str:
    return frame.to_html(
        index=False,
        border=0,
        classes="data",
        na_rep="",
        escape=True,
        float_format=lambda x: f"{x:.4g}",
    )
