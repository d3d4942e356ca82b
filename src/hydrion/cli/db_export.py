"""``hydrion db export``: every reported value of the materials (one row each) or every
reported cell performance, as CSV or JSON, streamed.

The rows come from :meth:`~hydrion.kb.tables.Tables.export_rows`, a page of records at a
time. The table's columns are those of all its rows, in the order they first appear, so
they are known only after the last row: the rows go to a spool file (one pickle each) as
the columns are collected, and are then read back and written out. Memory does not grow
with the number of records.

A file (``--out``) is written under a temporary name beside it and renamed over it once
complete: a full disk or a kill leaves no half-written file, and a file already there as it
was. A target that is not a regular file (``/dev/stdout``, a FIFO) is written in place.
"""

from __future__ import annotations

import contextlib
import csv
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, TextIO

import typer

from hydrion.cli.db_list import Kind
from hydrion.cli.json_stream import indented_json
from hydrion.cli.output import check_output_file, console, to_jsonable
from hydrion.errors import OutputError
from hydrion.kb import open_kb


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="csv or json.")] = (
        ExportFormat.csv
    ),
    out: Annotated[
        str | None, typer.Option(metavar="FILE", help="File to write (default: stdout).")
    ] = None,
    kind: Annotated[Kind | None, typer.Option(help="Only this kind.")] = None,
) -> None:
    """Export materials (one row per value) or cells as CSV or JSON."""
    if out is not None:
        check_output_file(out)
    rows = open_kb().export_rows(kind.value if kind else None)
    write = write_json if format is ExportFormat.json else write_csv
    with tempfile.TemporaryFile(prefix="hydrion-export-") as spool:
        columns, count = spooled(rows, spool)
        with opened(out) as stream:
            write(stream, columns, unspooled(spool))
            if out is None:
                stream.write("\n")
    if out is not None:
        console.print(f"wrote {count} rows to {out}", markup=False)


def spooled(rows: Iterable[dict], spool: IO[bytes]) -> tuple[list[str], int]:
    """Write each row to ``spool`` (one pickle each); return the columns of all rows, in the
    order they first appear, and the number of rows. The spool is left at its start."""
    columns: dict[str, None] = {}
    count = 0
    for row in rows:
        columns.update(dict.fromkeys(row))
        pickle.dump(row, spool, pickle.HIGHEST_PROTOCOL)
        count += 1
    spool.seek(0)
    return list(columns), count


def unspooled(spool: IO[bytes]) -> Iterator[dict]:
    """The rows :func:`spooled` wrote, in order."""
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - the spool this process just wrote
        except EOFError:
            return


def write_csv(stream: TextIO, columns: list[str], rows: Iterable[dict]) -> None:
    """A header of ``columns``, then one line per row: a missing value is an empty field, a
    list is written as its items joined by '; ', a number as Python writes it (repr)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        for key, value in row.items():
            if isinstance(value, list):
                row[key] = "; ".join(map(str, value))
        writer.writerow(list(map(row.get, columns)))


def write_json(stream: TextIO, columns: list[str], rows: Iterable[dict]) -> None:
    """A list of objects, one per row, each with every column (null where the row has none),
    written as :func:`~hydrion.cli.output.print_json` writes the whole list (floats at 12
    significant digits)."""
    opening = "[\n  "
    for row in rows:
        item = {c: to_jsonable(row[c]) if c in row else None for c in columns}
        stream.write(opening + indented_json(item, 1))
        opening = ",\n  "
    stream.write("[]" if opening == "[\n  " else "\n]")


@contextlib.contextmanager
def opened(out: str | None) -> Iterator[TextIO]:
    """The stream to write the export to: stdout, or the file ``out`` (see the module's
    docstring); an error writing the file raises :class:`~hydrion.errors.OutputError`."""
    if out is None:
        yield sys.stdout
        return
    path = Path(out)
    try:
        if path.exists() and not path.is_file():  # a device or a pipe: written in place
            with path.open("w", encoding="utf-8", newline="") as stream:
                yield stream
        else:  # through a symbolic link, to the file it names
            with _replacing(Path(os.path.realpath(path))) as stream:
                yield stream
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot write ({exc.strerror})") from None


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[TextIO]:
    """A temporary file beside ``path`` that replaces it once written and closed, with the
    permissions of the file it replaces (a new file: those ``open`` gives); removed if
    anything fails."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            os.fchmod(handle, mode)
            yield stream
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
