"""``hydrion db query``: the materials whose conductivity at a temperature (stored or
modelled) or whose oxidation limit passes a bar, each match with its references."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hydrion.cli.db_show import print_notes
from hydrion.cli.db_table import print_long_table
from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_json
from hydrion.errors import InputError
from hydrion.kb import open_kb

if TYPE_CHECKING:
    from hydrion.kb.query import MaterialQuery


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
        modelled_candidates,
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
            # only the electrolytes whose stored σ could reach the bar are read and modelled,
            # a page at a time: memory holds the matches, not the database
            candidates = modelled_candidates(kb, temperature_K, minimum)
            unmodelled: list[str] = []  # skipped, never failing the query: counted, with why
            asked["conductivity"] = screened_matches(
                kb,
                temperature_K,
                minimum,
                tolerance_K=tolerance,
                materials=candidates,
                unmodelled=unmodelled,
            )
            asked["left_out"] = tuple(unmodelled)
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
        # row by row (a query that every record passes has as many rows as records)
        print_long_table(
            f"{key}: {{}} matches".format,
            [*columns, *(["note"] if notes else [])],
            rows.__iter__,
        )
        print_notes(notes)
        if key == "conductivity":
            _print_left_out(result)


LEFT_OUT_SHOWN = 5
"""Lines of :attr:`~hydrion.kb.query.MaterialQuery.left_out` the table's note shows (--json
lists every one)."""


def _print_left_out(result: MaterialQuery) -> None:
    """Under the σ table: the stored σ that pass the bar but are not counted, or (--modelled)
    how many candidates could not be modelled at the temperature; the first
    :data:`LEFT_OUT_SHOWN` with why."""
    lines = result.left_out
    if result.modelled and lines:
        console.print(
            f"{len(lines)} record(s) could not be modelled at {result.temperature_C:g} °C and "
            "are left out:",
            highlight=False,
        )
    for line in lines[:LEFT_OUT_SHOWN]:
        console.print(line, highlight=False)
    if len(lines) > LEFT_OUT_SHOWN:
        console.print(f"{len(lines) - LEFT_OUT_SHOWN} more; --json lists every one")


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
