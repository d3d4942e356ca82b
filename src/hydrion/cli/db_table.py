"""A long table (``db list --all``) printed row by row, exactly as rich prints it whole.

rich measures every cell before it draws a table, so a table of 100,000 rows holds 600,000
cell objects (355 MB, 30 s). Here the rows are read twice from their source: the first pass
counts them and keeps, for each column, the two cells that set rich's measure of it (the
widest cell and the one with the longest word); rich then lays out a table of only those
cells, which has the same column widths, and draws the title, header and bottom edge. The
second pass writes each row: a row whose cells fit their columns on one line as rich would
(plain text padded to the width), any other row (wrapped, tabs, control characters) drawn
by rich in a one-row table of those widths. Memory does not grow with the rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from hydrion.cli.output import _cell_text as cell_text
from hydrion.cli.output import console

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_BATCH = 2000  # rows written per write call


def print_long_table(
    title: Callable[[int], str],
    columns: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Any]]],
) -> int:
    """Print a table of the rows ``rows()`` yields, as :func:`print_table` would.

    Parameters
    ----------
    title : callable
        Gives the title from the number of rows (known after the first pass).
    columns : sequence of str
        Column headers.
    rows : callable
        Returns a fresh iterable of the rows each time it is called (it is called twice;
        both calls must give the same rows).

    Returns
    -------
    int
        The number of rows printed.
    """
    count, widest = _measure(columns, rows())
    if count == 0:
        table = _table(title(0), columns, None)
        console.print(table)
        return 0
    sample = [list(row) for row in widest]
    lines = _render(_table(title(count), columns, None, sample))
    head_end = next(i for i, line in enumerate(lines) if "┡" in _ANSI.sub("", line))
    top = next(line for line in lines if "┏" in _ANSI.sub("", line))
    widths = [len(part) for part in _ANSI.sub("", top).strip()[1:-1].split("┳")]
    write = console.file.write
    write("".join(line + "\n" for line in lines[: head_end + 1]))
    batch: list[str] = []
    for row in rows():
        batch.append(_row_line(columns, widths, row))
        if len(batch) >= _BATCH:
            write("".join(batch))
            batch.clear()
    write("".join(batch) + lines[-1] + "\n")
    return count


def _measure(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[int, list[list[str]]]:
    """Count the rows and keep the cells that set each column's measure (rich's
    ``Table._measure_column``: the largest minimum and the largest maximum width of any
    cell), each in a row of its own with the other cells empty."""
    most = [(-1, "") for _ in columns]  # (max width, cell) per column
    longest_word = [(-1, "") for _ in columns]  # (min width, cell)
    count = 0
    for row in rows:
        count += 1
        for i, cell in enumerate(row):
            text = cell_text(cell)
            low, high = _cell_measure(text)
            if high > most[i][0]:
                most[i] = (high, text)
            if low > longest_word[i][0]:
                longest_word[i] = (low, text)
    sample = []
    for i in range(len(columns)):
        for _, text in (most[i], longest_word[i]):
            sample.append(["" if j != i else text for j in range(len(columns))])
    return count, sample


def _cell_measure(text: str) -> tuple[int, int]:
    """rich's (minimum, maximum) width of a cell (``Text.__rich_measure__``)."""
    if text.isprintable():  # no control codes to strip, no line breaks, only ' ' separates
        width = len if text.isascii() else cell_len  # ASCII: one cell per character
        high = width(text)
        words = text.split()
        return (max(map(width, words)) if words else high), high
    measure = Text(text).__rich_measure__(console, console.options)
    return measure.minimum, measure.maximum


def _table(
    title: str | None,
    columns: Sequence[str],
    widths: Sequence[int] | None,
    rows: Iterable[Sequence[Any]] = (),
) -> Table:
    """The table :func:`~hydrion.cli.output.print_table` draws (fixed column widths where
    ``widths``, padding included, are given)."""
    table = Table(title=Text(title) if title else None, show_lines=False, header_style="bold")
    for i, column in enumerate(columns):
        table.add_column(column, overflow="fold", width=None if widths is None else widths[i] - 2)
    for row in rows:
        table.add_row(*(Text(cell_text(cell)) for cell in row))
    return table


def _render(table: Table) -> list[str]:
    """The lines rich prints for ``table`` on this console (styles included on a terminal).

    Split at newlines only: a cell may hold U+2028, U+0085 or another character that
    ``str.splitlines`` breaks at, which rich prints inside its line where the cell fits.
    """
    with console.capture() as captured:
        console.print(table)
    return captured.get().removesuffix("\n").split("\n")


def _row_line(columns: Sequence[str], widths: Sequence[int], row: Sequence[Any]) -> str:
    """One row's lines (newline-terminated) in columns of these widths (padding included)."""
    texts = [cell_text(cell) for cell in row]
    sizes = [len(t) if t.isascii() else cell_len(t) for t in texts]
    if all(t.isprintable() for t in texts) and all(
        size <= w - 2 for size, w in zip(sizes, widths, strict=True)
    ):
        cells = (t + " " * (w - 2 - n) for t, n, w in zip(texts, sizes, widths, strict=True))
        return "│ " + " │ ".join(cells) + " │\n"
    lines = _render(_table(None, columns, widths, [row]))
    start = next(i for i, line in enumerate(lines) if "┡" in _ANSI.sub("", line))
    return "".join(line + "\n" for line in lines[start + 1 : -1])
