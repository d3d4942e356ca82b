"""``hydrion cell simulate``: galvanostatic curves of a cell, or of the review's cells, with
PyBaMM (optional extra ``cell``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from hydrion.cli.cell_options import check_np, parse_list
from hydrion.cli.options import JsonOption
from hydrion.cli.output import (
    format_sci,
    print_json,
    print_table,
    save_figure,
    say,
)
from hydrion.errors import InputError, MissingDataError
from hydrion.units import ABSOLUTE_ZERO_C, parse_positive, parse_temperature_K


def plot_path(plot: Path | None) -> Path | None:
    """A writable figure path with a png/svg/pdf suffix, checked before any work is done."""
    if plot is None:
        return None
    if not str(plot).strip() or plot.name in ("", ".", ".."):
        raise InputError("--plot needs a file name, e.g. curves.png")
    if plot.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError(f"--plot {str(plot)!r}: give a .png, .svg or .pdf file name")
    if not plot.parent.is_dir():
        raise InputError(f"--plot {str(plot)!r}: folder {str(plot.parent)!r} does not exist")
    return plot


def simulate(
    cathode: Annotated[
        str | None, typer.Option("--cathode", help="Positive (working) electrode id.")
    ] = None,
    electrolyte: Annotated[
        str | None, typer.Option("--electrolyte", help="Electrolyte id.")
    ] = None,
    anode: Annotated[
        str,
        typer.Option(help="'li' for a half cell, else the negative of a full cell (e.g. mgh2)."),
    ] = "li",
    np_ratio: Annotated[float, typer.Option("--np", help="N/P ratio of a full cell.")] = 1.1,
    temperature: Annotated[
        str, typer.Option(help="Temperatures, e.g. '120 C' or '23 C,150 C'.")
    ] = "25 C",
    rates: Annotated[str, typer.Option("--c-rates", help="C-rates, e.g. '0.05,0.2,1'.")] = "0.1,1",
    separator: Annotated[str | None, typer.Option(help="Separator thickness.")] = None,
    areal_capacity: Annotated[str | None, typer.Option(help="e.g. '2 mAh/cm2'.")] = None,
    window: Annotated[str | None, typer.Option(help="Voltage window 'low,high' in V.")] = None,
    sigma: Annotated[
        str | None,
        typer.Option(help="Electrolyte conductivity instead of σ(T) from the knowledge base."),
    ] = None,
    review: Annotated[
        str | None,
        typer.Option(
            help=(
                "Run a review cell instead (calibrated, compared with what the review reports): "
                "tis2-libh4, lto-li4bh43i, s-libh4, s-closo, mgh2-libh4, tis2-li2b12h12, "
                "tis2-li4bh43i or all."
            )
        ),
    ] = None,
    plot: Annotated[Path | None, typer.Option(help="Write the curves (png, svg, pdf).")] = None,
    as_json: JsonOption = False,
    rates_alias: Annotated[
        str | None, typer.Option("--rates", hidden=True, help="Old spelling of --c-rates.")
    ] = None,
) -> None:
    """Simulate galvanostatic discharge/charge with PyBaMM (single-ion solid electrolyte)."""
    try:
        from hydrion.cell.simulate import simulate as run_simulation
    except ImportError as exc:
        raise MissingDataError(str(exc)) from None
    from hydrion.cell.review_cases import review_cell_runs
    from hydrion.cell.setups import FullCell, HalfCell
    from hydrion.kb import open_kb

    check_np(np_ratio)
    plot = plot_path(plot)
    c_rates = parse_list(rates_alias or rates, "C-rates", positive=True)
    kb = open_kb()
    comparison: list[dict] = []
    reported: list = []
    if review is not None:
        cases = {case.slug: case for case in review_cell_runs()}
        if review != "all" and review not in cases:
            raise InputError(f"--review must be one of {', '.join(cases)} or all")
        if cathode or electrolyte:
            raise InputError("--review runs a review cell: leave out --cathode and --electrolyte")
        chosen = [case for slug, case in cases.items() if review in ("all", slug)]

        def review_job(case):
            curves = case.run(kb)
            comparison.extend(case.comparison(kb, curves))
            reported.extend(case.all_points(kb))
            return curves

        jobs = [(case.title, lambda case=case: review_job(case)) for case in chosen]
    else:
        if not (cathode and electrolyte):
            raise InputError("give --cathode and --electrolyte, or --review")
        temperatures = [parse_temperature_K(t) for t in temperature.split(",") if t.strip()]
        if not temperatures:
            raise InputError("--temperature: give at least one temperature, e.g. '25 C'")
        setup_kwargs: dict[str, Any] = {
            "separator_thickness_um": parse_positive(separator, "um") if separator else None,
            "areal_capacity_mAh_per_cm2": parse_positive(areal_capacity, "mAh/cm**2")
            if areal_capacity
            else None,
            "voltage_window_V": _window(window),
            "sigma_S_per_cm": parse_positive(sigma, "S/cm") if sigma else None,
        }

        def make(T: float):
            if anode.strip().lower() == "li":
                return HalfCell(cathode, electrolyte, T, **setup_kwargs)
            return FullCell(cathode, anode, electrolyte, T, np_ratio=np_ratio, **setup_kwargs)

        jobs = [
            (
                f"{cathode} at {T + ABSOLUTE_ZERO_C:.0f} °C",
                lambda T=T: run_simulation(make(T), c_rates, kb),
            )
            for T in temperatures
        ]
    curves = _run_with_progress(jobs)
    if plot is not None:
        from hydrion.plots.cell import simulation_figure

        figure = simulation_figure(
            curves, review or f"{cathode} | {electrolyte} | {anode}", reported, kb=kb
        )
        save_figure(figure, plot, dpi=120)
    if as_json:
        from hydrion.cell.simulation_report import SimulationReport

        print_json(SimulationReport(tuple(curves), tuple(comparison)))
        return
    print_table(
        "Simulated capacity",
        [
            "run",
            "direction",
            "C-rate",
            "T (°C)",
            "σ (S/cm)",
            "capacity (mAh/g of positive active material)",
        ],
        [capacity_row(c) for c in curves],
    )
    if comparison:
        columns = list(comparison[0])
        print_table(
            "Simulated against reported (diffusivity fitted to the 'fitted' points)",
            columns,
            [tuple(str(row[c]) for c in columns) for row in comparison],
        )
    for warning in dict.fromkeys(w for c in curves for w in c.warnings):
        say(("note:", "yellow"), f" {warning}")


def capacity_row(curve) -> tuple[str, ...]:
    """One row of the capacity table: run, direction, C-rate, T (°C), σ (S/cm) with its flag
    (extrapolated, bound, given), capacity (mAh/g) with the flag of the solid diffusivity
    behind it (borrowed, not temperature-corrected, assumed); the notes under the table
    explain each flag."""
    sigma = format_sci(curve.sigma_S_per_cm)
    capacity = f"{curve.final_capacity_mAh_per_g:.1f}"
    return (
        curve.label,
        curve.direction,
        f"{curve.c_rate:.3g}",
        f"{curve.temperature_K + ABSOLUTE_ZERO_C:.0f}",
        f"{sigma} [{curve.sigma_flag}]" if curve.sigma_flag else sigma,
        f"{capacity} [{curve.diffusivity_flag}]" if curve.diffusivity_flag else capacity,
    )


def _window(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    values = parse_list(text, "voltage window")
    if len(values) != 2 or not 0 <= values[0] < values[1]:
        raise InputError("--window takes 'low,high' in V with 0 <= low < high")
    return values[0], values[1]


def _run_with_progress(jobs) -> list:
    """Run simulation jobs with a progress bar on stderr (long runs show where they are)."""
    from rich.console import Console
    from rich.progress import Progress

    curves = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("simulating", total=len(jobs))
        for title, job in jobs:
            progress.update(task, description=f"simulating {title}")
            curves += job()
            progress.advance(task)
    return curves
