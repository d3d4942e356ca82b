"""``hydrion db``: list, show, query, export and add knowledge-base records."""

from __future__ import annotations

import itertools
import json
import math
import sys
import warnings
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hydrion.cli.db_table import print_long_table
from hydrion.cli.output import (
    JSON_OPTION_HELP,
    check_output_file,
    console,
    print_json,
    print_table,
    say,
    to_jsonable,
    write_output,
)
from hydrion.errors import HydrionWarning, InputError
from hydrion.kb import open_kb
from hydrion.kb.predicted import is_prediction
from hydrion.kb.records import PROPERTY_LABELS, Conductivity
from hydrion.results import Result, encode

if TYPE_CHECKING:
    from hydrion.kb.knowledge_base import KnowledgeBase
    from hydrion.kb.listing import MaterialRow

app = typer.Typer(help="Query and extend the knowledge base.", no_args_is_help=True)

TABLE_LIMIT = 200
"""Materials the table of ``db list`` shows unless --all (the rest are counted)."""

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


class Kind(StrEnum):
    electrolyte = "electrolyte"
    electrode = "electrode"
    counter_electrode = "counter_electrode"
    cell = "cell"


class Ion(StrEnum):
    Li = "Li"
    Na = "Na"
    Mg = "Mg"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command("list")
def list_records(
    kind: Annotated[Kind | None, typer.Option(help="Record kind.")] = None,
    ion: Annotated[Ion | None, typer.Option(help="Working ion.")] = None,
    family: Annotated[str | None, typer.Option(help="Family, e.g. closo-borate.")] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Show every material, not the first {TABLE_LIMIT}.")
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
    from hydrion.kb.listing import CellListing, MaterialListing, material_rows, warn_orphan_rows

    warn_orphan_rows(kb)
    if kind is Kind.cell:  # streamed: the records are read a page at a time, never all held
        if as_json:
            _print_json_streamed(CellListing(ion_value, ()), "cells", kb.cell_records(ion_value))
            return
        rows = []
        for cell in kb.cell_records(ion_value):
            best = max(cell.performance, key=lambda p: p.capacity_mAh_per_g)
            rows.append(
                (
                    cell.id,
                    cell.label,
                    f"{best.capacity_mAh_per_g:g}",
                    best.temperature_C,
                    ",".join(str(r) for r in best.source.refs),
                )
            )
        columns = ["id", "cell", "mAh/g (max)", "T (°C)", "refs"]
        print_long_table(lambda count: f"{count} cells", columns, rows.__iter__)
        return
    kind_value = kind.value if kind else None

    def every() -> Iterator[MaterialRow]:
        return material_rows(kb, kind_value, ion_value, family)

    if as_json:  # every row, predictions included (each names itself one), one at a time
        head = MaterialListing(kind=kind_value, ion=ion_value, family=family, materials=())
        _print_json_streamed(head, "materials", every())
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


def _measured(rows: Iterator[MaterialRow], predicted: list[MaterialRow]) -> Iterator[MaterialRow]:
    """The rows of measured records; those of stored MD predictions go to ``predicted``."""
    for row in rows:
        if is_prediction(row.name):
            predicted.append(row)
        else:
            yield row


def _print_json_streamed(head: Result, field: str, items: Iterable[Any]) -> None:
    """Print ``head`` as :func:`print_json` would, with its (empty) tuple ``field`` holding
    ``items``, written one at a time: the text is that of the whole result, and memory does
    not grow with the number of items."""
    text = json.dumps(to_jsonable(head), indent=2, ensure_ascii=False)
    marker = f"\n  {json.dumps(field)}: []"
    before, found, after = text.partition(marker)
    if not found or marker in after:
        raise ValueError(f"{type(head).__name__}.{field} is not an empty top-level list")
    sys.stdout.write(before + marker[:-1])
    opening = "\n    "
    for item in items:
        sys.stdout.write(opening + _indented(to_jsonable(encode(item))))
        opening = ",\n    "
    sys.stdout.write(("]" if opening == "\n    " else "\n  ]") + after + "\n")


_SCALARS = (str, int, float, bool, type(None))
_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every value


def _indented(value: Any) -> str:
    """``json.dumps(value, indent=2)`` at the depth of a top-level list's item (4 spaces).

    A flat dict (a listing row) is written key by key with the C encoder: 50,000 rows
    through the indenting encoder, which is pure Python, take seconds."""
    if isinstance(value, dict) and value and all(isinstance(v, _SCALARS) for v in value.values()):
        pairs = (f"{_JSON_TEXT(k)}: {_JSON_TEXT(v)}" for k, v in value.items())
        return "{\n      " + ",\n      ".join(pairs) + "\n    }"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Name, id, alias or formula.")],
    as_json: JsonOption = False,
) -> None:
    """Every stored value of a material, each with its source and DOI."""
    from hydrion.kb.sheet import material_sheet, value_text

    sheet = material_sheet(open_kb(), name)
    if as_json:
        print_json(sheet)
        return
    material = sheet.material
    say(
        (material.name, "bold"),
        f"  ({material.id}, {material.kind}, {'/'.join(material.ions)}, {material.family})",
    )
    if material.formula:
        console.print(f"formula: {material.formula}", markup=False)
    if material.description:
        console.print(material.description, markup=False)
    not_used = {(v["sigma_S_per_cm"], v["temperature_C"]): v["reason"] for v in sheet.not_used}
    notes: list[str] = []
    rows = []
    for field, value in material.values():
        text = value_text(material, value)
        if value.note:
            notes.append(" ".join(value.note.split()))
            text += f" (note {len(notes)})"
        if isinstance(value, Conductivity) and (
            reason := not_used.get((value.sigma_S_per_cm, value.temperature_C))
        ):
            notes.append(f"not used by hydrion sigma or db query: {reason}")
            text += f" (doubtful, note {len(notes)})"
        rows.append((PROPERTY_LABELS[field], text, _source_label(value.source)))
    if sheet.table_density is not None:
        density = sheet.table_density
        rows.append(
            (
                "density",
                f"{density.describe()} (density table, chem/data/densities.yaml)",
                _source_label(density.source),
            )
        )
    print_table(None, ["property", "value", "source"], rows)
    _print_notes(notes)
    for window in sheet.cv_windows:
        console.print(
            f"CV window (user, hydrion cv --store): "
            f"{'≤' if window.get('low_is_scan_limit') else ''}{window['low_V']:.2f}–"
            f"{'≥' if window.get('high_is_scan_limit') else ''}{window['high_V']:.2f} "
            f"V vs {window['reference']}, from {window['file']}",
            highlight=False,
            markup=False,
        )
    for reference in sheet.references:
        console.print(
            f"[{reference.number}] {reference.citation}{reference.doi_text}",
            highlight=False,
            markup=False,
        )


def _print_notes(notes: Iterable[str]) -> None:
    """'note 1: text' under a table, for the values marked '(note 1)' in it."""
    for number, note in enumerate(notes, start=1):
        console.print(f"note {number}: {note}", highlight=False, markup=False)


def _source_label(source) -> str:
    where = [f"[{','.join(map(str, source.refs))}]"] if source.refs else []
    where += [f"doi:{source.doi}"] if source.doi else []
    where += [source.citation] if source.citation and not source.doi else []
    return f"{' '.join(where)} {source.kind}"


@app.command("query")
def query(
    sigma_min: Annotated[
        str | None, typer.Option("--sigma-min", help="Minimum conductivity, e.g. '1 mS/cm'.")
    ] = None,
    at: Annotated[str, typer.Option("--at", help="Temperature for --sigma-min.")] = "25 C",
    tolerance: Annotated[
        float, typer.Option(help="Accept stored values within ± this many K of --at.")
    ] = 5.0,
    window_min: Annotated[
        str | None, typer.Option("--window-min", help="Minimum oxidation limit, e.g. '4 V'.")
    ] = None,
    method: Annotated[
        str | None, typer.Option(help="Window method: experimental or theoretical.")
    ] = None,
    modelled: Annotated[
        bool,
        typer.Option(
            "--modelled", help="Filter on σ(T) modelled from the records, not stored values."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Filter materials by conductivity at a temperature or by window."""
    if sigma_min is None and window_min is None:
        raise InputError("give --sigma-min (with --at) or --window-min")
    if method not in (None, "experimental", "theoretical"):
        raise InputError(f"--method must be experimental or theoretical, not {method!r}")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise InputError(f"--tolerance must be a finite number of K ≥ 0, not {tolerance}")
    from hydrion.kb.query import (
        material_query,
        stored_conductivity_left_out,
        stored_conductivity_matches,
        window_matches,
    )
    from hydrion.units import (  # pint: only for this command
        ABSOLUTE_ZERO_C,
        parse_conductivity_S_per_cm,
        parse_temperature_C,
        parse_voltage_V,
    )

    kb = open_kb()
    asked: dict[str, Any] = {}
    if sigma_min is not None:
        minimum = parse_conductivity_S_per_cm(sigma_min)
        temperature_C = parse_temperature_C(at)
        asked |= {"min_sigma_S_per_cm": minimum, "temperature_C": temperature_C}
        asked |= {"tolerance_K": tolerance, "modelled": modelled}
        if modelled:
            from hydrion.transport.screening import screened_matches

            temperature_K = temperature_C - ABSOLUTE_ZERO_C
            asked["conductivity"] = screened_matches(
                kb, temperature_K, minimum, tolerance_K=tolerance
            )
        else:
            asked["conductivity"] = stored_conductivity_matches(
                kb, minimum, temperature_C, tolerance
            )
            asked["left_out"] = stored_conductivity_left_out(kb, minimum, temperature_C, tolerance)
    if window_min is not None:
        minimum_V = parse_voltage_V(window_min)
        asked |= {"min_high_V": minimum_V, "method": method}
        asked["window"] = window_matches(kb, minimum_V, method)
    result = material_query(kb, **asked)
    if as_json:
        print_json(result)
        return
    tables = {
        "conductivity": (result.conductivity, _MODELLED if modelled else _STORED),
        "window": (result.window, _WINDOW),
    }
    for key, (matches, columns) in tables.items():
        if matches is None:
            continue
        notes = [f"{match.name}: {match.note}" for match in matches if match.note]
        marks = iter(range(1, len(notes) + 1))
        rows = [
            [_query_cell(match, column) for column in columns]
            + ([f"note {next(marks)}" if match.note else None] if notes else [])
            for match in matches
        ]
        print_table(
            f"{key}: {len(matches)} matches", [*columns, *(["note"] if notes else [])], rows
        )
        _print_notes(notes)
        if key == "conductivity":  # the stored σ that pass the bar but are not counted
            for line in result.left_out:
                console.print(line, highlight=False, markup=False)


def _query_cell(match: Any, column: str) -> Any:
    """A cell of a query table: a stored σ with its precision as the one σ formatter writes
    it ('~0.01 S/cm', '>1e-05 S/cm'; a modelled σ as computed), references as '[93]', a
    window's reference electrode as 'vs Na/Na+', others as stored."""
    value = getattr(match, column)
    if column == "sigma_S_per_cm" and match.precision is not None:
        from hydrion.kb.records import format_sigma

        return format_sigma(value, match.precision)
    if column == "refs":
        return f"[{','.join(map(str, sorted(set(value))))}]"
    return f"vs {value}" if column == "reference" else value


_STORED = [
    *("id", "name", "kind", "family", "sigma_S_per_cm", "temperature_C", "precision", "phase"),
    "refs",
]
_MODELLED = ["id", "name", "family", "sigma_S_per_cm", "phase", "status", "extrapolation_K", "refs"]
_WINDOW = ["id", "name", "family", "low_V", "high_V", "reference", "method", "refs"]


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
