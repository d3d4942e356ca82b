"""``hydrion sigma``, ``hydrion arrhenius fit`` and ``hydrion eis``: ionic transport commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hydrion.cli.output import (
    JSON_OPTION_HELP,
    console,
    format_sci,
    print_json,
    print_table,
    save_figure,
)
from hydrion.errors import InputError
from hydrion.units import (
    ABSOLUTE_ZERO_C,
    parse_area_cm2,
    parse_conductivity_S_per_cm,
    parse_length_cm,
    parse_temperature_K,
)

if TYPE_CHECKING:
    from hydrion.transport.fitting import ArrheniusFit

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Write a figure (.png, .svg, .pdf).")
]

arrhenius_app = typer.Typer(help="Fit conductivity data to Arrhenius laws.", no_args_is_help=True)


class Direction(StrEnum):
    heating = "heating"
    cooling = "cooling"


class ConventionChoice(StrEnum):
    sigma = "sigma"
    sigmaT = "sigmaT"


class ModelChoice(StrEnum):
    auto = "auto"
    single = "single"
    piecewise = "piecewise"
    vft = "vft"


def _celsius(kelvin: float | None) -> str:
    return "" if kelvin is None else f"{kelvin + ABSOLUTE_ZERO_C:.1f} °C"


def _save(fig, path: Path) -> None:
    save_figure(fig, path, dpi=150)


def sigma(
    name: Annotated[str, typer.Argument(help="Material name, id or formula.")],
    temperature: Annotated[
        str | None,
        typer.Option("--temperature", "-T", help="Temperature, e.g. '25C' or '300 K'."),
    ] = None,
    direction: Annotated[
        Direction | None, typer.Option(help="Branch of a hysteretic transition.")
    ] = None,
    reach: Annotated[
        str | None,
        typer.Option(help="Also give the lowest temperature reaching this σ, e.g. '1 mS/cm'."),
    ] = None,
    as_json: JsonOption = False,
    temperature_alias: Annotated[
        str | None, typer.Option("--T", hidden=True, help="Old spelling of --temperature.")
    ] = None,
) -> None:
    """Modelled ionic conductivity of a knowledge-base electrolyte at a temperature.

    The value comes from the phase's Arrhenius law fitted to all its stored values (weighted
    by precision, reported Ea as prior); stored values at this temperature are shown next to it.
    MD predictions stored in the user database (``hydrion md analyse --store``) follow in their
    own block labelled "predicted (MLIP MD, <model>)" (``--json``: key ``predicted``); they
    never enter the fit.
    """
    from hydrion.atomistic.stored import stored_predictions
    from hydrion.cli.atomistic import prediction_rows
    from hydrion.errors import MissingDataError
    from hydrion.kb import open_kb
    from hydrion.transport import conductivity_model
    from hydrion.transport import reach as reach_of
    from hydrion.transport.kb_data import measured_note
    from hydrion.transport.phase_laws import VALIDITY_MARGIN_K
    from hydrion.transport.sigma_points import cited

    temperature = temperature or temperature_alias
    if temperature is None:
        raise InputError("give the temperature with --temperature/-T, e.g. -T 25C")
    T_K = parse_temperature_K(temperature)
    target = parse_conductivity_S_per_cm(reach) if reach else None
    kb = open_kb()
    material = kb.material(name)
    try:
        model = conductivity_model(material)
    except MissingDataError as exc:  # name the value stored here, if any, in the refusal
        raise type(exc)(f"{exc}{measured_note(material, T_K)}") from None
    branch = direction.value if direction else None
    result = model.sigma(T_K, branch)
    reached = reach_of(model, target, branch or "heating") if target is not None else None
    predicted = stored_predictions(kb, material)  # shown beside the model, never fitted
    if as_json:
        payload = result.as_dict()
        if reached:
            payload["reach"] = reached
        if predicted:
            payload["predicted"] = predicted
        print_json(payload)
        return
    law = result.law
    low, high = (_celsius(t) for t in result.validity_K)
    rows = [
        (
            "σ (model)",
            f"{format_sci(result.sigma_S_per_cm)} S/cm at {_celsius(T_K)} "
            f"(± {result.sigma_err_log10:.2f} decade, 1σ)",
        ),
        ("phase", result.phase),
        ("status", result.status_text),
        ("valid", f"{low} – {high} (data ± {VALIDITY_MARGIN_K:g} K, within the phase)"),
        (
            "law",
            f"Ea = {law['Ea_eV']:.3f} ± {law['Ea_err_eV']:.2g} eV, {law['convention']} convention "
            f"({law['basis']})",
        ),
    ]
    rows += [("stored here", s["value"] + cited(s)) for s in result.stored]
    if reached is not None:
        rows.append(
            ("reaches", f"{format_sci(target)} S/cm from {_celsius(reached.lowest_temperature_K)}")
        )
    rows += [("source", s["value"] + cited(s)) for s in result.sources]
    rows += [("warning", w) for w in result.warnings]
    print_table(result.name, ("", ""), rows)
    for prediction in predicted:
        print_table(f"{result.name}: {prediction.label}", ("", ""), prediction_rows(prediction))


@arrhenius_app.command("fit")
def arrhenius_fit(
    file: Annotated[Path, typer.Argument(help="CSV with T (unit in header) and σ columns.")],
    convention: Annotated[
        ConventionChoice, typer.Option(help="Fit σ or σT.")
    ] = ConventionChoice.sigma,
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
    store: Annotated[
        str | None, typer.Option(help="Store the fit in the user database under this key.")
    ] = None,
    material: Annotated[
        str | None, typer.Option(help="Material the stored fit belongs to.")
    ] = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit σ(T) data to one Arrhenius line or two split at a transition (chosen by BIC)."""
    from hydrion.experiment.readers import read_conductivity_table
    from hydrion.transport import fit_arrhenius, fit_vft

    if store is not None and not store.strip():
        raise InputError("--store needs a non-empty key")
    if material and not store:
        raise InputError("--material needs --store KEY")
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
                (branch, fit_arrhenius(T, s, convention.value, model.value, bootstrap=bootstrap))
            )
    payload = {
        "file": str(file),
        "fits": [{"direction": b or None, **f.as_dict()} for b, f in fits],
    }
    if plot and model is not ModelChoice.vft:
        from hydrion.plots.arrhenius import fit_figure

        _save(fit_figure(fits, title=file.name), plot)
    if store:
        from hydrion.kb import open_kb

        kb = open_kb()
        if material:
            payload["material"] = kb.material(material).id
        kb.user_store.put("arrhenius_fit", store, payload)
    if as_json:
        from hydrion.transport.fit_report import ArrheniusFitReport

        directions = tuple(b or None for b, _ in fits)
        print_json(ArrheniusFitReport(str(file), tuple(f for _, f in fits), directions))
        return
    _print_fits(fits, convention.value)
    if store:
        console.print(f"stored as arrhenius_fit {store!r}")


_LAW_FORM = {"sigma": "σ = σ0·exp(−Ea/kT)", "sigmaT": "σT = A·exp(−Ea/kT)"}


def _convention_cell(used: str, asked: str | None) -> str:
    """The law's convention, flagged where the fit chose another than the one asked for."""
    if asked is None or used == asked:
        return _LAW_FORM[used]
    return f"{_LAW_FORM[used]} (not {asked}: see note)"


def _print_fits(fits, asked: str | None = None) -> None:
    """Table of fitted laws; ``asked`` is the convention requested with --convention."""
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
            where = f"{_celsius(seg.T_min_K)} – {_celsius(seg.T_max_K)}"
            transition = ""
            if index == 1:
                transition = f"{_celsius(fit.transition_K)} ± {fit.transition_err_K:.1f} K"
            rows.append(
                (
                    branch,
                    fit.model,
                    f"{seg.Ea_eV:.3f} ± {seg.Ea_err_eV:.2g}"
                    + (
                        f" (bootstrap ± {seg.Ea_err_bootstrap_eV:.2g})"
                        if seg.Ea_err_bootstrap_eV is not None
                        else ""
                    ),
                    f"{seg.law.prefactor:.3g} {seg.law.prefactor_unit}",
                    where,
                    transition,
                    _convention_cell(fit.convention, asked),
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
        typer.Option(help="High-frequency points with Z'' > 0: model (series L), drop, keep."),
    ] = InductiveChoice.auto,
    store: Annotated[
        str | None, typer.Option(help="Store the fits in the user database under this key.")
    ] = None,
    material: Annotated[
        str | None, typer.Option(help="Material the stored fits belong to.")
    ] = None,
    plot: PlotOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit impedance spectra of a pellet and give its conductivity (Arrhenius fit for a series)."""
    from hydrion.experiment.eis import fit_spectrum
    from hydrion.experiment.spectrum_readers import read_spectra
    from hydrion.units import parse_quantity

    if store is not None and not store.strip():
        raise InputError("--store needs a non-empty key")
    if material and not store:
        raise InputError("--material needs --store KEY")
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
        fit_spectrum(s, L, A, circuit, f_min_Hz=f_min, f_max_Hz=f_max, inductive=inductive.value)
        for s in spectra
    ]
    series: ArrheniusFit | None = None
    series_notes: tuple[str, ...] = ()
    if len(temperatures) >= 3 and len(results) == len(files):
        from hydrion.experiment.eis import arrhenius_of_series

        series, series_notes = arrhenius_of_series(results)
    if plot:
        from hydrion.plots.impedance import nyquist_figure

        _save(nyquist_figure(list(zip(spectra, results, strict=True))), plot)
    if store:
        from hydrion.kb import open_kb

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
        kb.user_store.put("eis_fit", store, payload)  # one transaction
    if as_json:
        from hydrion.experiment.eis_series import EISReport

        print_json(EISReport(tuple(results), series, tuple(series_notes)))
        return
    rows = [
        (
            r.name,
            _celsius(r.temperature_K),
            r.circuit,
            f"{r.R_bulk_ohm:.4g} ± {r.R_bulk_err_ohm:.2g}"
            + (" (ill-determined)" if r.R_bulk_ill_determined else ""),
            f"{format_sci(r.sigma_total_S_per_cm)} ± {format_sci(r.sigma_total_err_S_per_cm, 1)}"
            + (" (ill-determined)" if r.sigma_total_ill_determined else ""),
            format_sci(r.sigma_bulk_S_per_cm)
            + (" (ill-determined)" if r.R_bulk_ill_determined else ""),
            f"{100 * r.relative_residual:.2g} %",
            "—"
            if r.kk is None
            else f"{100 * r.kk.residual_rms:.2g} %" + ("" if r.kk.passed else " (fails)"),
        )
        for r in results
    ]
    print_table(
        "Impedance fits",
        (
            "spectrum",
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
            tried = ", ".join(
                f"{c.circuit} ({100 * c.relative_residual:.2g} %, BIC {c.bic:.0f}"
                + (f"; rejected, not physical: {'; '.join(c.rejected)})" if c.rejected else ")")
                for c in r.candidates
            )
            console.print(f"{r.name}: compared {tried}; kept {r.circuit}", markup=False)
        for warning in r.warnings:
            console.print(f"{r.name}: {warning}", markup=False)
    if series:
        _print_fits([("", series)])
    for note in series_notes:
        console.print(f"Arrhenius: {note}", markup=False)
    if store:
        console.print(f"stored as eis_fit {store!r}", markup=False)
