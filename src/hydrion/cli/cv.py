"""``hydrion cv``: the apparent stability window of a cyclic (or linear-sweep) voltammogram,
optionally stored with a material."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_json, say
from hydrion.errors import InputError


def _sweep_words(result) -> str:
    """Which sweeps and thresholds a window came from ('no anodic sweep' where there is none)."""
    sides = []
    for name, number, used in (
        ("anodic", result.anodic_sweep, result.anodic_threshold_mA_per_cm2),
        ("cathodic", result.cathodic_sweep, result.cathodic_threshold_mA_per_cm2),
    ):
        sides.append(
            f"{name} sweep {number} at {used:.3g} mA/cm²" if number else f"no {name} sweep"
        )
    return ", ".join(sides)


def cv(
    path: Annotated[
        Path,
        typer.Argument(
            help="CV/LSV file (CSV/TSV, EC-Lab .mpt/.mpr, Gamry .DTA): potential and current."
        ),
    ],
    threshold: Annotated[
        str, typer.Option("--threshold", help="Current-density threshold, e.g. '0.01 mA cm-2'.")
    ] = "0.01 mA cm-2",
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="MATERIAL",
            help="Store the window in the user database under this material.",
        ),
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Electrode area if the file gives a current.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Rest potential to grow the window from.")
    ] = None,
    ion: Annotated[
        str, typer.Option("--ion", help="Li, Na or Mg (reference of the potentials).")
    ] = "Li",
    sweep: Annotated[
        int, typer.Option("--sweep", help="Read the N-th anodic and cathodic sweep (default 1).")
    ] = 1,
    cycle: Annotated[
        int | None,
        typer.Option("--cycle", help="Keep only this cycle of the file's cycle column first."),
    ] = None,
    as_json: JsonOption = False,
    material: Annotated[
        str | None, typer.Option("--material", hidden=True, help="Old spelling of --store.")
    ] = None,
) -> None:
    """Apparent stability window from a cyclic voltammogram, optionally stored with a material."""
    from hydrion.experiment.cv import (
        apparent_window,
        edges_below_metal,
        store_window,
        with_file_reference,
    )
    from hydrion.experiment.cv_files import read_cv
    from hydrion.stability.window import check_ion
    from hydrion.units import parse_area_cm2, parse_quantity, parse_voltage_V

    check_ion(ion)
    named = store or material
    material = None
    if named:  # refuse an unknown material before reading anything
        from hydrion.kb import open_kb

        material = open_kb().material(named).id
    limit = parse_quantity(threshold, "mA/cm^2").to("mA/cm^2").magnitude
    area_cm2 = parse_area_cm2(area) if area else None
    e, j = read_cv(path, area_cm2, cycle)
    if start and not e.min() <= parse_voltage_V(start) <= e.max():
        raise InputError(
            f"--start {start} is outside the file's potentials "
            f"({e.min():.3g}–{e.max():.3g} V); give a potential the scan passes"
        )
    result = with_file_reference(
        apparent_window(e, j, limit, parse_voltage_V(start) if start else None, sweep), path, ion
    )
    payload = result.as_dict()
    if material:
        from hydrion.kb import open_kb

        payload = store_window(open_kb().user_store, material, result)
    if as_json:
        print_json(payload)
        return
    low = f"{'≤' if result.low_is_scan_limit else ''}{result.low_V:.2f}"
    high = f"{'≥' if result.high_is_scan_limit else ''}{result.high_V:.2f}"
    below = edges_below_metal(result)
    low += " (below 0 V: unphysical)" if "low" in below else ""
    high += " (below 0 V: unphysical)" if "high" in below else ""
    console.print(
        f"apparent window {low}–{high} V vs {result.reference} ({_sweep_words(result)})",
        highlight=False,
    )
    console.print(f"reference: {result.reference_source}; file: {path}", highlight=False)
    if material:
        console.print(
            f"stored with {material} in the user database (kind 'window'); see it with "
            f"hydrion db show {named}",
            highlight=False,
        )
    for note in result.notes:
        say(("note:", "yellow"), f" {note}")
