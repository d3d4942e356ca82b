"""``hydrion cycling FILE --mass ...``: per-cycle capacity, CE, retention and energy."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.options import check_store
from hydrion.cli.output import JSON_OPTION_HELP, console, print_json, print_table, save_figure, say
from hydrion.errors import InputError
from hydrion.units import parse_positive, parse_temperature_C


def _fmt(value: float | None, digits: int = 1) -> str:
    """At least ``digits`` decimals and 4 significant figures (5.086, 44352.0, 0.0123)."""
    if value is None:
        return ""
    if value == 0 or not math.isfinite(value):
        return f"{value:.{digits}f}"
    return f"{value:.{max(digits, 3 - math.floor(math.log10(abs(value))))}f}"


def _per_gram(cycle, name: str) -> str:
    """A per-gram cell (capacity in mAh/g or energy in mWh/g) of ``cycle``, flagged where the
    summary found it impossible (:attr:`~hydrion.experiment.cycling.CycleSummary.impossible`)."""
    text = _fmt(getattr(cycle, name))
    return f"{text} (impossible: check --mass)" if name in cycle.impossible else text


def _ce(cycle) -> str:
    """The CE cell of a cycle: two decimals, or why there is none."""
    if not cycle.complete:
        return "incomplete"
    return _fmt(cycle.coulombic_efficiency_percent, 2)


def cycling(
    file: Annotated[
        Path,
        typer.Argument(
            help="Cycling file: EC-Lab .mpt/.mpr, Arbin, Neware, Maccor, Novonix or PEC "
            "export, or a CSV with units in its headers."
        ),
    ],
    mass: Annotated[str, typer.Option(help="Active mass, e.g. '2.5 mg'.")],
    instrument: Annotated[
        str | None,
        typer.Option(
            help="Override the format read from the file: biologic, arbin, neware, maccor, "
            "novonix, pec or csv."
        ),
    ] = None,
    current_unit: Annotated[
        str | None,
        typer.Option(help="Unit of a current column whose header names none: A, mA or uA."),
    ] = None,
    charge_sign: Annotated[
        int,
        typer.Option(help="+1 if charge current is positive in the file (BioLogic), -1 otherwise."),
    ] = 1,
    reference_cycle: Annotated[int, typer.Option(help="Cycle retention refers to.")] = 1,
    plot: Annotated[Path | None, typer.Option(help="Write a figure (png, svg, pdf).")] = None,
    store: Annotated[
        str | None,
        typer.Option(
            help="Store the summary in the user database as a cell with this id (needs "
            "--cathode, --electrolyte, --anode and --temperature)."
        ),
    ] = None,
    cathode: Annotated[str | None, typer.Option(help="Cathode of the stored cell.")] = None,
    electrolyte: Annotated[str | None, typer.Option(help="Electrolyte of the cell.")] = None,
    anode: Annotated[str | None, typer.Option(help="Anode of the stored cell.")] = None,
    ion: Annotated[str, typer.Option(help="Working ion: Li, Na or Mg.")] = "Li",
    temperature: Annotated[str | None, typer.Option(help="Test temperature, e.g. '120 C'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Summarise a galvanostatic cycling file (capacity per gram of the active mass)."""
    from hydrion.experiment.cycling import read_cycling, summarise
    from hydrion.experiment.cycling_record import cell_record, store_cell

    mass_mg = parse_positive(mass, "mg")
    record, kb = None, None
    if ion not in ("Li", "Na", "Mg"):
        raise InputError(f"--ion must be Li, Na or Mg, not {ion!r}")
    check_store(store, None)
    if store:  # check everything before reading or writing anything
        needed = {
            "--cathode": cathode,
            "--electrolyte": electrolyte,
            "--anode": anode,
            "--temperature": temperature,
        }
        missing = [flag for flag, value in needed.items() if not value]
        if missing:
            raise InputError(f"--store needs {', '.join(missing)}")
    data = read_cycling(file, charge_sign, instrument, current_unit)
    summary = summarise(data, mass_mg, reference_cycle)
    if store:
        from hydrion.kb import open_kb

        kb = open_kb()
        assert cathode and electrolyte and anode and temperature  # checked before reading
        record = cell_record(
            summary, store, cathode, electrolyte, anode, ion, parse_temperature_C(temperature), kb
        )
    if plot is not None and not summary.cycles:
        summary = replace(summary, warnings=(*summary.warnings, f"no cycles: {plot} not written"))
    elif plot is not None:
        from hydrion.plots.cell import cycling_figure

        figure = cycling_figure(data, summary)
        save_figure(figure, plot, dpi=120)
    if record is not None:
        store_cell(kb, record)
    if as_json:
        from hydrion.experiment.cycling_record import CyclingReport

        print_json(CyclingReport.of(summary, record.id if record else None))
        return
    if not summary.cycles:  # a file has cycles wherever current flows
        console.print(
            f"{file.name} ({summary.instrument}): no cycles: no current flows in this file",
            highlight=False,
        )
    else:
        _print_cycles(file, summary)
    for note in summary.notes:
        say(note, style="dim")
    for warning in summary.warnings:
        say(("warning:", "yellow"), f" {warning}")
    if record is not None:
        console.print(f"stored as cell {record.id!r} in the user database", highlight=False)


def _print_cycles(file: Path, summary) -> None:
    """The summary line (cycles, first step, CE definition) and one table row per cycle."""
    console.print(
        f"{file.name} ({summary.instrument}): {len(summary.cycles)} "
        f"cycle{'' if len(summary.cycles) == 1 else 's'}, first step "
        f"{summary.first_step}; CE = {summary.ce_definition}",
        highlight=False,
    )
    print_table(
        None,
        [
            "cycle",
            "discharge (mAh/g)",
            "charge (mAh/g)",
            "CE (%)",
            "retention (%)",
            "V dis (V)",
            "V ch (V)",
            "E dis (mWh/g)",
        ],
        [
            (
                c.cycle,
                _per_gram(c, "discharge_mAh_per_g"),
                _per_gram(c, "charge_mAh_per_g"),
                _ce(c),
                _fmt(c.retention_percent),
                _fmt(c.discharge_voltage_V, 3),
                _fmt(c.charge_voltage_V, 3),
                _per_gram(c, "discharge_energy_mWh_per_g"),
            )
            for c in summary.cycles
        ],
    )
