"""Build the HTML report: run every registered section and render one self-contained page.

Each figure is drawn once, as a PNG at :data:`hydrion.report.section.PNG_DPI` written under
``figures/`` and embedded in ``index.html`` (so the page stands alone); with ``svg=True``
each is also written as SVG (vector, for papers) and the page inlines the SVG instead. A
section that fails is reported in the page with its error instead of stopping the whole
report.

Sections are independent, so on Linux with more than one CPU they are built in parallel by
forked worker processes: each section in one process, except those in ``SPLIT``, whose
parts (the transport section's figures, half the report's time; the cells' stacks and
simulations) are spread over the workers and joined in their order, the longest tasks
(``FIRST``) started first; the page is the same as when the sections are built one after
the other. The warnings a section gives
are shown by the calling process, each distinct one once.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

from jinja2 import Environment, PackageLoader, select_autoescape

from hydrion import __version__
from hydrion.errors import HydrionError, OutputError
from hydrion.kb import KnowledgeBase, open_kb
from hydrion.report.section import PNG_DPI, Section, joined, rendering
from hydrion.report.sections import FIRST, SECTIONS, SPLIT
from hydrion.results import Result

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ReportResult(Result):
    """Where the report went and what it holds (what ``hydrion report --json`` prints).

    ``sections`` are the slugs of the sections built, in page order; ``failed`` maps each
    section that failed to its one-line reason; ``figures`` are the PNG files written, one per
    figure, and ``svg_figures`` the SVG files (only when the report was built with ``svg``).
    ``status`` ('complete', or 'failed sections') and ``figure_count`` are derived from them.
    """

    derived: ClassVar[tuple[str, ...]] = ("status", "figure_count")

    index: Path
    sections: list[str]
    failed: dict[str, str]
    figures: list[Path]
    svg_figures: list[Path] = field(default_factory=list)

    @property
    def status(self) -> str:
        """'complete' when every section was built, else 'failed sections'."""
        return "failed sections" if self.failed else "complete"

    @property
    def figure_count(self) -> int:
        """Number of figures (each written as PNG, and also as SVG in ``svg_figures``)."""
        return len(self.figures)


# (message, category, filename, line) of a warning a section gave, to be shown by the caller
Caught = tuple[str, type[Warning], str, int]
# a section's outcome: (the section, or the one-line reason it failed; its warnings)
Outcome = tuple[Section | str, list[Caught]]

_worker_kb: KnowledgeBase | None = None  # the knowledge base the sections of this process read
# What every task imports (matplotlib, pymatgen.core, the σ models and their plots): imported
# by the parent before forking, so that no worker imports it again (matplotlib 0.5 CPU s, the
# rest 0.15 s: saved in each worker beyond the first; the parent's import is serial wall time,
# as each worker's was, so the wall time is unchanged). The SVG backend (2 ms) only with svg.
PRELOAD: tuple[str, ...] = (
    "hydrion.plots.canvas",
    "pymatgen.core",
    "hydrion.transport.kb_models",
    "hydrion.plots.arrhenius",
    "hydrion.electrode",
)


def _build_section(task: str, kb: KnowledgeBase) -> Section:
    """A whole section (``task`` is its module name) or one part of it ("module:part")."""
    module_name, _, part = task.partition(":")
    module = importlib.import_module(module_name)
    return module.build_part(kb, part) if part else module.build(kb)


def _tasks(names: list[str]) -> dict[str, list[str]]:
    """The tasks of each section: the parts of a section listed in ``SPLIT`` (its module's
    ``parts()``), else the whole section."""
    return {
        name: [f"{name}:{part}" for part in importlib.import_module(name).parts()]
        if name in SPLIT
        else [name]
        for name in names
    }


def _order(names: list[str], tasks: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(section, task) in the order the workers start them: the longest tasks (``FIRST``)
    first, then whole sections, then the parts of split ones: the many small tasks last keep
    every worker busy to the end (the report takes as long as its busiest worker)."""
    return sorted(
        ((name, task) for name in names for task in tasks[name]),
        key=lambda item: (
            FIRST.index(item[1]) if item[1] in FIRST else len(FIRST),
            len(tasks[item[0]]) > 1,
        ),
    )


def _joined(outcomes: list[Outcome]) -> Outcome:
    """A section's outcome from those of its parts: the first failure, else the parts
    joined; the warnings of all parts."""
    caught = [warning for _, warnings_ in outcomes for warning in warnings_]
    failures = [outcome for outcome, _ in outcomes if isinstance(outcome, str)]
    if failures:
        return failures[0], caught
    return joined([outcome for outcome, _ in outcomes if isinstance(outcome, Section)]), caught


def _start_worker(kb: KnowledgeBase | None) -> None:
    """Give this process its knowledge base: ``kb``, else its own (the caller opened one
    already and showed its warnings; a forked process does not share its database handles).
    A worker ignores SIGINT: a Ctrl-C reaches every process of the terminal's foreground
    group, and a worker interrupted inside the pool's queues could leave the parent waiting
    for it forever (2 of 9 interrupts did, outside check V1); the parent stops the workers
    (:func:`_stop_workers`)."""
    global _worker_kb
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if kb is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kb = open_kb()
    _worker_kb = kb


def _run_section(task: str, svg: bool) -> Outcome:
    """Build one section or part of one, its figures rendered as PNG (and SVG if ``svg``);
    a HydrionError or ImportError is its failure, anything else a bug."""
    assert _worker_kb is not None, "_start_worker gives the process its knowledge base first"
    with warnings.catch_warnings(record=True) as caught, rendering(svg=svg):
        try:
            section: Section | str = _build_section(task, _worker_kb)
        except (HydrionError, ImportError) as exc:
            section = " ".join(str(exc).split())
    return section, [(str(w.message), w.category, w.filename, w.lineno) for w in caught]


def _worker_count() -> int:
    """Processes to build sections with: one per CPU this process may use (at most one per
    section) on Linux, where workers are forked; elsewhere 1 (forking is unsafe on macOS)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(len(SECTIONS), len(os.sched_getaffinity(0))))


def _outcomes(
    kb: KnowledgeBase, own_kb: bool, progress: Progress | None, svg: bool
) -> Iterator[tuple[str, Outcome]]:
    """(module name, outcome) of every section as it finishes; in parallel where possible."""
    names = list(SECTIONS)
    if progress:
        progress(names[0].rsplit(".", 1)[-1], 1, len(names))
    workers = _worker_count()
    if workers == 1:
        _start_worker(kb)
        for number, name in enumerate(names, start=1):
            if progress and number > 1:
                progress(name.rsplit(".", 1)[-1], number, len(names))
            yield name, _run_section(name, svg)
        return
    for module in PRELOAD:  # imported once, for all workers, not once in each
        importlib.import_module(module)
    tasks = _tasks(names)
    order = _order(names, tasks)
    context = multiprocessing.get_context("fork")  # workers inherit the imported modules
    worker_kb = None if own_kb else kb
    results: dict[str, Outcome] = {}
    done = 0
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(worker_kb,)
    )
    try:
        pending = {pool.submit(_run_section, task, svg): (name, task) for name, task in order}
        for future in as_completed(pending):
            name, task = pending[future]
            results[task] = future.result()
            if any(t not in results for t in tasks[name]):
                continue
            done += 1
            yield name, _joined([results[t] for t in tasks[name]])
            left = [n for n in names if any(t not in results for t in tasks[n])]
            if progress and left:
                progress(left[0].rsplit(".", 1)[-1], done + 1, len(names))
    except BaseException:  # a Ctrl-C, a closed generator, a failure: no worker is left behind
        _stop_workers(pool)
        raise
    pool.shutdown()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel the tasks not started and end the workers now, without waiting for the tasks
    they run (the report is abandoned; a worker writes no file, its parent does).

    ``ProcessPoolExecutor`` has no public way to end its workers before Python 3.14
    (``terminate_workers``); its ``_processes`` (pid -> process) is read for that, and where a
    later Python lacks it the workers end when their task does."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # None after shutdown
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _show(caught: list[Caught], shown: dict) -> None:
    """Show a section's warnings in this process; ``shown`` keeps each distinct one once."""
    for message, category, filename, lineno in caught:
        warnings.warn_explicit(message, category, filename, lineno, registry=shown)


def build_report(
    out_dir: Path,
    kb: KnowledgeBase | None = None,
    progress: Progress | None = None,
    *,
    svg: bool = False,
) -> ReportResult:
    """Write the HTML report (``index.html``) and its figures (``figures/*.png``, and
    ``figures/*.svg`` with ``svg``).

    Every section of :data:`hydrion.report.sections.SECTIONS` runs; one that fails is shown
    in the page with its error, and named in ``failed``.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder to write into (created if missing).
    kb : KnowledgeBase, optional
        Default :func:`hydrion.kb.open_kb`.
    progress : callable, optional
        Called with (section name, number, total) before each section.
    svg : bool, default False
        Also render every figure as SVG (vector, for papers): written as ``figures/<slug>.svg``
        and inlined in the page in place of the PNG. Off, each figure is drawn once, as PNG.

    Returns
    -------
    ReportResult
        The page, the sections built, the failed sections with their errors, the figure
        files written.

    Raises
    ------
    OutputError
        Before any section runs, when ``out_dir`` cannot be a folder: empty, a file, below a
        file (``notes.txt/sub``), or not writable.
    """
    out_dir = Path(out_dir)
    figures_dir = _prepare(out_dir)
    own_kb = kb is None
    kb = kb or open_kb()
    outcomes: dict[str, Section | str] = {}
    shown: dict = {}
    for module_name, (outcome, caught) in _outcomes(kb, own_kb, progress, svg):
        _show(caught, shown)
        outcomes[module_name] = outcome
    sections: list[Section] = []
    failed: dict[str, str] = {}
    for module_name in SECTIONS:  # in their order, whichever finished first
        outcome = outcomes[module_name]
        if isinstance(outcome, str):
            failed[module_name.rsplit(".", 1)[-1]] = outcome
        else:
            sections.append(replace(outcome, notes=list(dict.fromkeys(outcome.notes))))
    written, written_svg = [], []
    for section in sections:
        for figure in section.figures:
            path = figures_dir / f"{figure.slug}.png"
            _write(path, figure.png)
            written.append(path)
            if figure.svg is not None:
                path = figures_dir / f"{figure.slug}.svg"
                _write(path, figure.svg.encode("utf-8"))
                written_svg.append(path)
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
            png_dpi=PNG_DPI,
            svg=svg,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )
    index = out_dir / "index.html"
    _write(index, html.encode("utf-8"))
    return ReportResult(
        index=index,
        sections=[s.slug for s in sections],
        failed=failed,
        figures=written,
        svg_figures=written_svg,
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
