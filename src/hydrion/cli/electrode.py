"""``hydrion electrode``: conversion pathway, capacity, voltages and swelling of a hydride."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.output import JSON_OPTION_HELP, console, print_json, print_table, save_figure, say
from hydrion.errors import InputError, MissingDataError
from hydrion.units import parse_temperature_K


def electrode(
    formula: Annotated[
        str | None, typer.Argument(help="Electrode formula or knowledge-base name, e.g. MgH2.")
    ] = None,
    ion: Annotated[str, typer.Option(help="Working ion: Li, Na or Mg.")] = "Li",
    alloying: Annotated[
        bool, typer.Option("--alloying", help="Add the alloying steps (Al -> AlLi, Mg -> MgLi_x).")
    ] = False,
    path: Annotated[
        list[str] | None,
        typer.Option(
            "--path",
            help="Explicit step, repeatable, e.g. --path '3LiAlH4 + 6Li -> Li3AlH6 + 2Al + 6LiH'.",
        ),
    ] = None,
    convention: Annotated[
        str, typer.Option(help="gibbs298 (ΔfH − T·S°) or enthalpy (ΔfH only, 0 K-like).")
    ] = "gibbs298",
    temperature: Annotated[
        str, typer.Option(help="Temperature with its unit, e.g. '298 K' or '120 C'.")
    ] = "298.15 K",
    cathode: Annotated[
        str | None,
        typer.Option(help="Pair with this knowledge-base cathode (e.g. TiS2): specific energy."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write the voltage profile to this file.")
    ] = None,
    fig10: Annotated[
        Path | None,
        typer.Option(help="Write the review's Fig. 10 (KB electrodes + --add formulas) here."),
    ] = None,
    add: Annotated[
        list[str] | None, typer.Option("--add", help="Extra formula for --fig10, repeatable.")
    ] = None,
) -> None:
    """Compute the conversion of a hydride electrode, or draw Fig. 10 with --fig10."""
    if fig10 is not None:
        given = {"FORMULA": formula, "--cathode": cathode, "--path": path, "--plot": plot}
        if ignored := [name for name, value in given.items() if value]:
            raise InputError(
                f"--fig10 draws the knowledge base's electrodes and the --add formulas; "
                f"it takes no {', '.join(ignored)} (add a formula with --add FORMULA)"
            )
        _fig10(fig10, add or [], ion, as_json)
        return
    if add:
        raise InputError("--add adds a formula to --fig10; give --fig10 FILE too")
    if formula is None:
        raise InputError("give an electrode formula (e.g. MgH2) or --fig10 FILE")
    if _is_composite(formula):
        _composite(formula, ion, convention, as_json)
        return
    from hydrion.electrode import analyse_electrode

    result = analyse_electrode(
        formula,
        ion=ion,
        alloying=alloying,
        path=path or None,
        convention=convention,
        temperature_K=parse_temperature_K(temperature),
    )
    if plot is not None:
        if result.profile is None:
            reasons = result.missing_data or [w for w in result.warnings if "0 V" in w]
            raise MissingDataError(
                "cannot draw the profile: " + "; ".join(reasons or ("voltages missing",))
            )
        from hydrion.plots.electrode import profile_figure

        save_figure(profile_figure([result]), plot)
    paired = None
    if cathode is not None:
        from hydrion.electrode.profile import pair_with_cathode
        from hydrion.kb import open_kb

        paired = pair_with_cathode(result, open_kb().material(cathode))
    reported = _reported(formula, ion)
    if as_json:
        from hydrion.electrode.reported import ElectrodeReport

        print_json(ElectrodeReport.of(result, reported, paired))
        return
    _render(result)
    if reported:
        console.print(
            f"reported (knowledge base, vs {ion}), beside the computed equilibrium values above:",
            highlight=False,
        )
        for entry in reported:
            console.print(f"  {entry.describe()}", highlight=False)
    if paired is not None:
        console.print(
            f"with {paired.cathode}: {paired.cell_voltage_V:.2f} V, "
            f"{paired.specific_energy_Wh_per_kg:.0f} Wh/kg of active materials "
            f"(per kg of {paired.mass_basis})",
            highlight=False,
        )


def _reported(formula: str, ion: str) -> list:
    from hydrion.electrode.reported import reported_voltages
    from hydrion.kb import open_kb

    return reported_voltages(formula, ion, open_kb())


def _is_composite(name: str) -> bool:
    from hydrion.electrode.composite import table2_composite
    from hydrion.errors import UnknownRecordError

    try:
        table2_composite(name)
    except UnknownRecordError:
        return False
    return True


def _composite(name: str, ion: str, convention: str, as_json: bool) -> None:
    from hydrion.electrode import analyse_composite
    from hydrion.kb import open_kb

    result = analyse_composite(name, ion=ion, convention=convention, kb=open_kb())
    if as_json:
        print_json(result)
        return
    refs = ", ".join(f"[{r}]" for r in result.reported_voltage_refs)
    say((result.name, "bold"), f" (composite) with {result.ion}")
    console.print(
        f"capacity {result.capacity_mAh_per_g:.0f} mAh/g (conversion, composite mass); "
        f"average {_fmt(result.average_voltage_V)} V computed ({result.convention}, "
        "components converted separately); "
        f"reported average {_fmt(result.reported_average_voltage_V)} V {refs}",
        highlight=False,
    )
    if result.reported_capacity_mAh_per_g is not None:
        table_refs = ", ".join(f"[{r}]" for r in result.reported_capacity_refs)
        console.print(
            f"Table 2 (reported): {result.reported_capacity_mAh_per_g:.0f} mAh/g {table_refs}",
            highlight=False,
        )
    if result.capacity_discrepancy:
        console.print(f"note: {result.capacity_discrepancy}", style="yellow", highlight=False)
    console.print(f"definition: {result.definition}", style="dim", highlight=False)
    for message in result.warnings:
        console.print(f"note: {message}", style="yellow", highlight=False)


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}g}"


def _render(result) -> None:
    uphill = result.uphill_step
    headline = result.overall_reaction
    if uphill is not None and not result.steps:
        headline = (
            f"no conversion above 0 V ({uphill.reaction} is uphill, E = {uphill.voltage_V:.3f} V)"
        )
    elif uphill is not None:
        taken = sum(s.ions_transferred for s in result.steps if s.kind == "conversion")
        headline += f" (formal; above 0 V it stops at {taken:.3g} {result.ion} per f.u.)"
    if result.implausible_products:
        headline += f" (⚠ implausible product: {', '.join(result.implausible_products)}; see note)"
    say((result.formula, "bold"), f" with {result.ion}: {headline}")
    rows = [
        (
            s.reaction,
            s.kind + (" ≠ observed" if s.differs_from_observed else ""),
            f"{s.ions_transferred:.3g}",
            f"{s.capacity_mAh_per_g:.0f}",
            _fmt(s.voltage_V) + _entropy_mark(s),
        )
        for s in result.steps
    ]
    if uphill is not None:
        rows.append(
            (
                uphill.reaction,
                "uphill: path ends",
                f"{uphill.ions_transferred:.3g}",
                f"(0 of {uphill.capacity_mAh_per_g:.0f})",
                f"{uphill.voltage_V:.3f}" + _entropy_mark(uphill),
            )
        )
    print_table(
        f"Pathway ({_title_convention(result)})",
        ["step", "kind", f"{result.ion} per f.u.", "mAh/g", "E (V)"],
        rows,
    )
    marked = [s for s in (*result.steps, *([uphill] if uphill else [])) if _entropy_mark(s)]
    for s in marked:
        console.print(f"{_entropy_mark(s).strip()} {_entropy_footnote(s)}", highlight=False)
    if result.observed_path is not None:
        for line in result.observed_path.summary:
            console.print(f"≠ {line}", style="yellow", highlight=False)
    conversion = [s for s in result.steps if s.kind == "conversion"]
    average_mark = " †" if any(s.estimated_entropy for s in conversion) else ""
    vol = result.volumetric_capacity_mAh_per_cm3
    console.print(
        f"capacity {result.capacity_mAh_per_g:.0f} mAh/g (conversion, pristine mass)"
        + (f" ({result.uphill_uncertain})" if result.uphill_uncertain else "")
        + f", {_fmt(vol, 4)} mAh/cm3; H {result.hydrogen_wt_percent:.2f} wt%"
        f"; average {_fmt(result.average_voltage_V)} V{average_mark}; volume change "
        f"{_fmt(result.volume_change_percent)} %",
        highlight=False,
    )
    for message in result.energy_basis_notes:
        console.print(f"basis: {message}", highlight=False)
    for message in result.missing_data:
        console.print(f"missing: {message}", style="yellow", highlight=False)
    for message in result.warnings:
        console.print(f"note: {message}", style="dim", highlight=False)


def _title_convention(result) -> str:
    """The convention as the user should read it: conditions of gibbs298, none for enthalpy."""
    if result.convention == "enthalpy":
        return "enthalpy: ΔfH only, no entropy term, so no temperature dependence"
    return f"gibbs298: ΔfH − T·S° at {result.temperature_K:.2f} K, p(H2) = 1 bar"


def _entropy_mark(step) -> str:
    """' ‡' where ΔrS = 0 by construction, ' †' where ΔrG uses an estimated S°, else ''."""
    if step.entropy_cancels:
        return " ‡"
    return " †" if step.estimated_entropy else ""


def _entropy_footnote(step) -> str:
    phases = ", ".join(step.estimated_entropy)
    text = f"{step.reaction}: ΔrG uses the estimated S° of {phases}"
    if step.entropy_cancels:
        text += (
            "; every compound of the step has an estimated S°, so ΔrS = 0 by construction and "
            "the gibbs298 value equals the enthalpy value"
        )
    return text


def _fig10(target: Path, extra: list[str], ion: str, as_json: bool) -> None:
    from hydrion.electrode.fig10 import (
        Fig10Result,
        added_hydrides,
        capacity_points,
        knowledge_base_electrodes,
        record_densities,
    )
    from hydrion.kb import open_kb
    from hydrion.plots.electrode import fig10_figure

    kb = open_kb()
    entries = knowledge_base_electrodes(kb) + added_hydrides(extra)
    points, skipped = capacity_points(entries, ion, record_densities(kb))
    if not points:
        raise MissingDataError("no electrode with a formula and a density to plot")
    save_figure(fig10_figure(points, ion=ion), target, "--fig10")
    if as_json:
        print_json(Fig10Result(str(target), ion, tuple(points), tuple(skipped)))
        return
    console.print(f"wrote {target} ({len(points)} hydrides)", highlight=False)
    for p in points:
        if p.flagged:
            console.print(
                f"flagged {p.label}: {p.status} (E = {p.lowest_voltage_V:.3f} V, {p.convention})",
                style="yellow",
                highlight=False,
            )
    for message in skipped:
        console.print(f"skipped {message}", style="yellow", highlight=False)
