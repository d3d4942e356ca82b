"""``hydrion arrhenius fit``: σ(T) data fitted to one Arrhenius line, two split at a
transition, or a VFT law; the table of fitted laws is shared with ``hydrion eis``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.options import JsonOption, MaterialOption, PlotOption, StoreOption, check_store
from hydrion.cli.output import console, format_celsius, print_json, print_table, save_figure

arrhenius_app = typer.Typer(help="Fit conductivity data to Arrhenius laws.", no_args_is_help=True)


class ConventionChoice(StrEnum):
    sigma = "sigma"
    sigmaT = "sigmaT"


class ModelChoice(StrEnum):
    auto = "auto"
    single = "single"
    piecewise = "piecewise"
    vft = "vft"


@arrhenius_app.command("fit")
def arrhenius_fit(
    file: Annotated[Path, typer.Argument(help="CSV with T (unit in header) and σ columns.")],
    convention: Annotated[
        ConventionChoice | None,
        typer.Option(
            help="Fit σ or σT (always honoured). Unset: σ, or σT where only σT is straight."
        ),
    ] = None,
    model: Annotated[
        ModelChoice, typer.Option(help="Law to fit; auto tests for a transition.")
    ] = ModelChoice.auto,
    bootstrap: Annotated[
        int, typer.Option(min=0, help="Bootstrap draws for extra uncertainties.")
    ] = 0,
    t_unit: Annotated[
        str | None, typer.Option("--T-unit", help="Unit of a unitless T column.")
    ] = None,
    sigma_unit: Annotated[str | None, typer.Option(help="Unit of a unitless σ column.")] = None,
    store: StoreOption = None,
    material: MaterialOption = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit σ(T) data to one Arrhenius line or two split at a transition (chosen by BIC)."""
    from hydrion.experiment.conductivity_tables import read_conductivity_table
    from hydrion.transport import fit_arrhenius, fit_vft

    check_store(store, material)
    table = read_conductivity_table(file, t_unit, sigma_unit)
    groups: dict[str, list[int]] = {}
    for index, branch in enumerate(table.direction):
        groups.setdefault(branch or "", []).append(index)
    fits = []
    for branch, rows in groups.items():
        T, s = table.temperature_K[rows], table.sigma_S_per_cm[rows]
        if model is ModelChoice.vft:
            fits.append((branch, fit_vft(T, s)))
        else:
            fits.append(
                (
                    branch,
                    fit_arrhenius(
                        T, s, convention and convention.value, model.value, bootstrap=bootstrap
                    ),
                )
            )
    payload = {
        "file": str(file),
        "fits": [{"direction": b or None, **f.as_dict()} for b, f in fits],
    }
    if plot and model is not ModelChoice.vft:
        from hydrion.plots.arrhenius import fit_figure

        save_figure(fit_figure(fits, title=file.name), plot, dpi=150)
    replaced = None
    if store:
        from hydrion.cli.stored_fit_lines import print_replaced
        from hydrion.kb import open_kb
        from hydrion.kb.stored_fits import store_fit

        kb = open_kb()
        if material:
            payload["material"] = kb.material(material).id
        replaced = store_fit(kb.user_store, "arrhenius_fit", store, payload)
    if as_json:
        from hydrion.transport.fit_report import ArrheniusFitReport

        directions = tuple(b or None for b, _ in fits)
        report = ArrheniusFitReport(str(file), tuple(f for _, f in fits), directions, replaced)
        print_json(report)
        return
    print_fits(fits)
    if store:
        console.print(f"stored as arrhenius_fit {store!r}")
        print_replaced("arrhenius_fit", store, replaced)


def _convention_cell(fit) -> str:
    """The law's convention, flagged where the fit chose it or the data curve in it (the
    fit's warning, printed as a note below the table, says why)."""
    from hydrion.transport.arrhenius import LAW_FORM

    if fit.convention_flag is None:
        return LAW_FORM[fit.convention]
    return f"{LAW_FORM[fit.convention]} ({fit.convention_flag}: see note)"


def print_fits(fits) -> None:
    """Table of fitted laws, (direction, fit) pairs (also used by ``hydrion eis`` for a
    series)."""
    from hydrion.transport import ArrheniusFit

    rows = []
    for branch, fit in fits:
        if not isinstance(fit, ArrheniusFit):
            law = fit.law
            rows.append(
                (
                    branch,
                    "VFT",
                    f"B = {law.B_K:.0f} ± {fit.B_err_K:.0f} K",
                    f"T0 = {law.T0_K:.0f} ± {fit.T0_err_K:.0f} K",
                    "",
                    "",
                    "VFT",
                )
            )
            continue
        for index, seg in enumerate(fit.segments):
            where = f"{format_celsius(seg.T_min_K)} – {format_celsius(seg.T_max_K)}"
            transition = ""
            if index == 1:
                transition = f"{format_celsius(fit.transition_K)} ± {fit.transition_err_K:.1f} K"
            rows.append(
                (
                    branch,
                    fit.model,
                    seg.ea_text(unit=False),
                    f"{seg.law.prefactor:.3g} {seg.law.prefactor_unit}",
                    where,
                    transition,
                    _convention_cell(fit),
                )
            )
    print_table(
        "Arrhenius fit",
        ("direction", "model", "Ea (eV)", "prefactor", "range", "transition", "convention"),
        rows,
    )
    for branch, fit in fits:
        for warning in getattr(fit, "warnings", ()):
            console.print(f"note{f' ({branch})' if branch else ''}: {warning}")
