"""``hydrion db``: list, show, query, export, add and reindex knowledge-base records.

The group. ``list``, ``show`` and ``query`` are in modules of their own
(:mod:`~hydrion.cli.db_list`, :mod:`~hydrion.cli.db_show`, :mod:`~hydrion.cli.db_query`);
``export``, ``add`` and ``reindex`` are here.
"""

from __future__ import annotations

import json
import warnings
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.db_list import Kind, list_records
from hydrion.cli.db_query import query
from hydrion.cli.db_show import show
from hydrion.cli.options import JsonOption
from hydrion.cli.output import check_output_file, console, print_json, to_jsonable, write_output
from hydrion.errors import HydrionWarning, InputError
from hydrion.kb import open_kb

app = typer.Typer(help="Query and extend the knowledge base.", no_args_is_help=True)
app.command("list")(list_records)
app.command("show")(show)
app.command("query")(query)


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command("export")
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
    kb = open_kb()
    if kind is Kind.cell:
        frame = kb.cells_frame()
    else:
        materials = kb.materials(kind.value if kind else None, predictions=True)
        frames = [kb.values_frame(m).assign(id=m.id, name=m.name, kind=m.kind) for m in materials]
        frame = _concat(frames)
    if format is ExportFormat.json:  # not DataFrame.to_json, which rounds to 10 decimals
        text = json.dumps(
            to_jsonable(frame.to_dict(orient="records")), indent=2, ensure_ascii=False
        )
    else:
        flat = frame.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
        text = flat.to_csv(index=False)
    if out is None:
        print(text)
    else:
        write_output(out, text)
        console.print(f"wrote {len(frame)} rows to {out}", markup=False)


def _concat(frames):
    import pandas as pd

    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame()
    combined = pd.concat(frames, ignore_index=True)
    leading = ["id", "name", "kind"]
    return combined[leading + [c for c in combined.columns if c not in leading]]


@app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="YAML or JSON file with one or more records.")],
    as_json: JsonOption = False,
) -> None:
    """Add your own materials or cells to the user database (all or nothing)."""
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", HydrionWarning)
        kb = open_kb()
    if kb.user_db_error is not None:  # one line: the database cannot take the records
        raise kb.user_db_error
    for warning in caught:
        warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    records = kb.add_file(file)
    if as_json:
        from hydrion.kb.added import AddedRecords

        print_json(AddedRecords(tuple(r.id for r in records), str(kb.user_store.path)))
        return
    shown = ", ".join(r.id for r in records[:10]) + (", ..." if len(records) > 10 else "")
    console.print(f"added {len(records)} record(s) to {kb.user_store.path}: {shown}", markup=False)


@app.command("reindex")
def reindex() -> None:
    """Rebuild the index of your materials and cells from the stored records (one
    transaction): for records another program wrote into the user database."""
    from hydrion.kb.store import UserStore, user_db_path

    store = UserStore(user_db_path())
    if store.reader() is None:
        raise InputError(f"no user database at {store.path}; nothing to reindex")
    indexed, unindexed = store.reindex()
    console.print(
        f"reindexed {store.path}: {indexed} record(s) indexed, {unindexed} left out "
        "(listed with the reason by every command)",
        markup=False,
    )
