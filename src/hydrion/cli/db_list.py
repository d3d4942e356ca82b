"""``hydrion db list``: the materials (or cells) of the knowledge base, a table or JSON.

Long listings are streamed (:func:`~hydrion.cli.db_table.print_long_table`,
:func:`~hydrion.cli.json_stream.print_json_streamed`): the records are read a page at a
time, never all held. Stored MD predictions are listed in a group of their own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from hydrion.cli.db_table import print_long_table
from hydrion.cli.json_stream import print_json_streamed
from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_table
from hydrion.kb import open_kb
from hydrion.kb.predicted import is_prediction

if TYPE_CHECKING:
    from hydrion.kb.cell_records import Cell
    from hydrion.kb.knowledge_base import KnowledgeBase
    from hydrion.kb.listing import MaterialRow

TABLE_LIMIT = 200
"""Materials (or cells) the table of ``db list`` shows unless --all (the rest are counted)."""


class Kind(StrEnum):
    electrolyte = "electrolyte"
    electrode = "electrode"
    counter_electrode = "counter_electrode"
    cell = "cell"


class Ion(StrEnum):
    Li = "Li"
    Na = "Na"
    Mg = "Mg"


def list_records(
    kind: Annotated[Kind | None, typer.Option(help="Record kind.")] = None,
    ion: Annotated[Ion | None, typer.Option(help="Working ion.")] = None,
    family: Annotated[str | None, typer.Option(help="Family, e.g. closo-borate.")] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Show every record, not the first {TABLE_LIMIT}.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List materials (or cells with --kind cell); --json lists every one."""
    kb = open_kb()
    # one read of the user database: the count in the title and the rows (read twice for
    # --all, a page at a time) agree while another process writes
    with kb.user_store.snapshot():
        _list(kb, kind, ion.value if ion else None, family, show_all, as_json)


def _list(
    kb: KnowledgeBase,
    kind: Kind | None,
    ion_value: str | None,
    family: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    from hydrion.kb.listing import MaterialListing, material_rows, warn_orphan_rows

    warn_orphan_rows(kb)
    if kind is Kind.cell:
        _list_cells(kb, ion_value, show_all, as_json)
        return
    kind_value = kind.value if kind else None

    def every() -> Iterator[MaterialRow]:
        return material_rows(kb, kind_value, ion_value, family)

    if as_json:  # every row, predictions included (each names itself one), one at a time
        head = MaterialListing(kind=kind_value, ion=ion_value, family=family, materials=())
        print_json_streamed(head, "materials", every())
        return
    predicted: list[MaterialRow] = []
    columns = ["id", "name", "kind", "ions", "family", "formula"]

    def cells(rows: Iterable[MaterialRow]) -> Iterator[tuple]:
        return (tuple(getattr(row, column) for column in columns) for row in rows)

    if show_all:  # streamed: the rows are read twice, never held

        def measured_cells() -> Iterator[tuple]:
            predicted.clear()  # each pass collects the predictions again
            return cells(_measured(every(), predicted))

        print_long_table(lambda count: f"{count} materials", columns, measured_cells)
    else:
        measured = _measured(every(), predicted)
        shown = list(itertools.islice(measured, TABLE_LIMIT))
        more = sum(1 for _ in measured)
        print_table(f"{len(shown) + more} materials", columns, cells(shown))
        if more:
            console.print(f"{more} more; use --all or --json", markup=False)
    if predicted:  # their own group: a prediction is not a measurement
        print_table(
            f"{len(predicted)} MD predictions (user database; predicted, not measured)",
            columns,
            cells(predicted),
        )


def _list_cells(kb: KnowledgeBase, ion: str | None, show_all: bool, as_json: bool) -> None:
    """The cells: every one for --json and --all, streamed (the records are read a page at a
    time, never all held); else the first :data:`TABLE_LIMIT` and a count of the rest, read
    from the index (the records of the rest are never read)."""
    from hydrion.kb.listing import CellListing

    if as_json:
        print_json_streamed(CellListing(ion, ()), "cells", kb.cell_records(ion))
        return
    columns = ["id", "cell", "mAh/g (max)", "T (°C)", "refs"]
    if show_all:
        rows = [_cell_row(cell) for cell in kb.cell_records(ion)]
        print_long_table(lambda count: f"{count} cells", columns, rows.__iter__)
        return
    shown = [_cell_row(cell) for cell in itertools.islice(kb.cell_records(ion), TABLE_LIMIT)]
    more = 0
    if len(shown) == TABLE_LIMIT:
        last = shown[-1][0]
        more = sum(1 for cell_id in kb.cell_ids(ion) if cell_id > last)
    print_table(f"{len(shown) + more} cells", columns, shown)
    if more:
        console.print(f"{more} more; use --all or --json", markup=False)


def _cell_row(cell: Cell) -> tuple:
    """A cell's row of the table: its best reported capacity, at what temperature, and the
    references behind it."""
    best = max(cell.performance, key=lambda p: p.capacity_mAh_per_g)
    refs = ",".join(str(r) for r in best.source.refs)
    return (cell.id, cell.label, f"{best.capacity_mAh_per_g:g}", best.temperature_C, refs)


def _measured(rows: Iterator[MaterialRow], predicted: list[MaterialRow]) -> Iterator[MaterialRow]:
    """The rows of measured records; those of stored MD predictions go to ``predicted``."""
    for row in rows:
        if is_prediction(row.name):
            predicted.append(row)
        else:
            yield row
