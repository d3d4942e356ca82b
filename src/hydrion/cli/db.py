"""``hydrion db``: list, show, query, export, add and reindex knowledge-base records.

The group. ``list``, ``show``, ``query`` and ``export`` are in modules of their own
(:mod:`~hydrion.cli.db_list`, :mod:`~hydrion.cli.db_show`, :mod:`~hydrion.cli.db_query`,
:mod:`~hydrion.cli.db_export`); ``add`` and ``reindex`` are here.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.db_export import export
from hydrion.cli.db_list import list_records
from hydrion.cli.db_query import query
from hydrion.cli.db_show import show
from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_json
from hydrion.errors import HydrionWarning, InputError
from hydrion.kb import open_kb

app = typer.Typer(help="Query and extend the knowledge base.", no_args_is_help=True)
app.command("list")(list_records)
app.command("show")(show)
app.command("query")(query)
app.command("export")(export)


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
