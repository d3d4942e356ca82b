"""``hydrion eis``: impedance spectra of a pellet fitted to equivalent circuits, its
conductivity, and the Arrhenius law of a temperature series."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hydrion.cli.arrhenius import print_fits
from hydrion.cli.options import JsonOption, MaterialOption, PlotOption, StoreOption, check_store
from hydrion.cli.output import (
    console,
    format_celsius,
    format_sci,
    print_json,
    print_table,
    save_figure,
)
from hydrion.errors import InputError
from hydrion.units import parse_area_cm2, parse_length_cm, parse_temperature_K

if TYPE_CHECKING:
    from hydrion.experiment.eis_result import Candidate, EISResult
    from hydrion.transport.fitting import ArrheniusFit


class InductiveChoice(StrEnum):
    auto = "auto"
    model = "model"
    drop = "drop"
    keep = "keep"


def eis(
    files: Annotated[
        list[Path],
        typer.Argument(help="Spectra: CSV/TSV, .mpt, .mpr, .DTA, .z, .par, .xlsx, .ids, ..."),
    ],
    thickness: Annotated[str, typer.Option(help="Pellet thickness, e.g. '1 mm'.")],
    area: Annotated[str, typer.Option(help="Electrode area, e.g. '0.785 cm2'.")],
    temperature: Annotated[
        list[str] | None,
        typer.Option(help="Temperature of each file, in order (repeat the option)."),
    ] = None,
    circuit: Annotated[
        str | None,
        typer.Option(help="impedance.py circuit string; default: one or two arcs, ± L, by BIC."),
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option(help="Force a reader (csv, biologic, mpr, gamry, zplot, autolab, ...)."),
    ] = None,
    loop: Annotated[
        list[int] | None,
        typer.Option(
            metavar="N", help="Spectrum (loop) of a multi-spectrum file, from 1 (repeatable)."
        ),
    ] = None,
    fmin: Annotated[
        str | None, typer.Option("--fmin", help="Lowest frequency, e.g. '1 Hz'.")
    ] = None,
    fmax: Annotated[
        str | None, typer.Option("--fmax", help="Highest frequency, e.g. '1 MHz'.")
    ] = None,
    inductive: Annotated[
        InductiveChoice,
        typer.Option(
            help="High-frequency points with Z'' > 0: model (series L), drop, keep; auto "
            "(default) models them and drops an L that is not significant."
        ),
    ] = InductiveChoice.auto,
    accept_kk_failure: Annotated[
        bool,
        typer.Option(
            "--accept-kk-failure",
            help="Fit a spectrum that fails the Kramers–Kronig test even where no circuit "
            "fits it within the residual bar, instead of refusing it; every number is then "
            "flagged (text, --json and --store).",
        ),
    ] = False,
    store: StoreOption = None,
    material: MaterialOption = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit impedance spectra of a pellet and give its conductivity (Arrhenius fit for a series)."""
    from hydrion.experiment.eis import MAX_RELATIVE_RESIDUAL, fit_spectrum
    from hydrion.experiment.eis_choice import MIN_DELTA_BIC
    from hydrion.experiment.spectrum_readers import read_spectra
    from hydrion.units import parse_quantity

    check_store(store, material)
    L, A = parse_length_cm(thickness), parse_area_cm2(area)
    f_min, f_max = (
        float(parse_quantity(q, "Hz", "Hz").to("Hz").magnitude) if q else None for q in (fmin, fmax)
    )
    temperatures = [parse_temperature_K(t) for t in temperature or []]
    if temperatures and len(temperatures) != len(files):
        raise InputError(
            f"{len(temperatures)} --temperature values for {len(files)} files; "
            "give one per file or none"
        )
    spectra = []
    for index, file in enumerate(files):
        found = read_spectra(file, instrument, temperatures[index] if temperatures else None)
        for number in loop or []:
            if not 1 <= number <= len(found):
                raise InputError(
                    f"{file.name} holds {len(found)} spectra; --loop {number} is not among them"
                )
        spectra += [found[n - 1] for n in loop] if loop else found
    results = [
        fit_spectrum(
            s,
            L,
            A,
            circuit,
            f_min_Hz=f_min,
            f_max_Hz=f_max,
            inductive=inductive.value,
            accept_kk_failure=accept_kk_failure,
        )
        for s in spectra
    ]
    series: ArrheniusFit | None = None
    series_notes: tuple[str, ...] = ()
    if len(temperatures) >= 3 and len(results) == len(files):
        from hydrion.experiment.eis_series import arrhenius_of_series

        series, series_notes = arrhenius_of_series(results)
    if plot:
        from hydrion.plots.impedance import nyquist_figure

        save_figure(nyquist_figure(list(zip(spectra, results, strict=True))), plot, dpi=150)
    replaced = None
    if store:
        from hydrion.cli.stored_fit_lines import print_replaced
        from hydrion.kb import open_kb
        from hydrion.kb.stored_fits import store_fit

        kb = open_kb()
        payload = {
            "files": [str(f) for f in files],
            "thickness_cm": L,
            "area_cm2": A,
            "spectra": [r.as_dict() for r in results],
            "arrhenius": series.as_dict() if series is not None else None,
            "arrhenius_warnings": list(series_notes),
        }
        if material:
            payload["material"] = kb.material(material).id
        replaced = store_fit(kb.user_store, "eis_fit", store, payload)  # one transaction
    if as_json:
        from hydrion.experiment.eis_series import EISReport

        print_json(EISReport(tuple(results), series, tuple(series_notes), replaced))
        return
    rows = [
        (
            f"{r.name}\n{_fitted_range(r)}",
            format_celsius(r.temperature_K),
            r.circuit,
            f"{r.R_bulk_ohm:.4g} ± {r.R_bulk_err_ohm:.2g}" + r.flag(r.R_bulk_ill_determined),
            f"{format_sci(r.sigma_total_S_per_cm)} ± {format_sci(r.sigma_total_err_S_per_cm, 1)}"
            + r.flag(r.sigma_total_ill_determined),
            format_sci(r.sigma_bulk_S_per_cm) + r.flag(r.R_bulk_ill_determined),
            f"{100 * r.relative_residual:.2g} %"
            + (
                f" (above the {100 * MAX_RELATIVE_RESIDUAL:.0f} % bar)"
                if r.kk_failure_accepted
                else ""
            ),
            "—"
            if r.kk is None
            else f"{100 * r.kk.residual_rms:.2g} %" + ("" if r.kk.passed else " (fails)"),
        )
        for r in results
    ]
    print_table(
        "Impedance fits",
        (
            "spectrum, fitted f (Hz)",
            "T",
            "circuit",
            "R bulk (Ω)",
            "σ total (S/cm)",
            "σ bulk (S/cm)",
            "residual",
            "KK",
        ),
        rows,
    )
    for r in results:
        if len(r.candidates) > 1:
            kept = next(c for c in r.candidates if c.circuit == r.circuit)
            tried = ", ".join(
                f"{c.circuit} ({100 * c.relative_residual:.2g} %, BIC {c.bic:.0f}"
                + _why_not_kept(c, kept)
                + ")"
                for c in r.candidates
            )
            within = (
                f"(none within the {100 * MAX_RELATIVE_RESIDUAL:.0f} % bar: lifted by "
                "--accept-kk-failure)"
                if r.kk_failure_accepted
                else f"within {100 * MAX_RELATIVE_RESIDUAL:.0f} % of |Z|"
            )
            console.print(
                f"{r.name}: compared {tried}; kept {r.circuit} (rule: the simplest physical "
                f"circuit {within}, replaced by one that lowers the BIC by more than "
                f"{MIN_DELTA_BIC:g} with its R and L known better than ±100 %)",
                markup=False,
            )
        for warning in r.warnings:
            console.print(f"{r.name}: {warning}", markup=False)
    if series:
        print_fits([("", series)])
    for note in series_notes:
        console.print(f"Arrhenius: {note}", markup=False)
    if store:
        console.print(f"stored as eis_fit {store!r}", markup=False)
        print_replaced("eis_fit", store, replaced)


def _fitted_range(result: EISResult) -> str:
    """The frequencies fitted, the points used and why others were left out."""
    low, high = (
        f"{x:.2g}".replace("e+0", "e").replace("e+", "e") for x in result.frequency_range_Hz
    )
    total = result.points_used + result.points_dropped
    if not result.points_dropped:
        return f"{low}–{high}, all {total} points"
    because = ", ".join(result.dropped_because) or "see notes"
    return f"{low}–{high}, {result.points_used} of {total} points (others: {because})"


def _why_not_kept(candidate: Candidate, kept: Candidate) -> str:
    """Why a compared circuit was not kept, where the BIC alone does not say."""
    if candidate.rejected:
        return f"; rejected, not physical: {'; '.join(candidate.rejected)}"
    if candidate is not kept and candidate.undetermined and candidate.bic < kept.bic:
        return f"; not kept although its BIC is lower: {'; '.join(candidate.undetermined)}"
    return ""
