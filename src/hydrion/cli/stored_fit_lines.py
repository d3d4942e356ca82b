"""What ``hydrion db show`` prints of the impedance and Arrhenius fits stored in the user
database (``hydrion eis --store``, ``hydrion arrhenius fit --store``): a line naming each fit
(kind, key, date stored, file, material), then one line per spectrum or Arrhenius line with
its temperature, units and the law's convention."""

from __future__ import annotations

from typing import Any

from hydrion.cli.output import console, format_celsius, format_sci
from hydrion.kb.sheet import plus_minus


def print_stored_fits(fits: tuple[dict[str, Any], ...]) -> None:
    """The stored fits, as :func:`hydrion.kb.stored_fits.stored_fits` gives them; nothing
    where there are none."""
    for fit in fits:
        for line in fit_lines(fit):
            console.print(line, highlight=False, markup=False)


def fit_lines(fit: dict[str, Any]) -> list[str]:
    """The lines of one stored fit: its heading, then its spectra or laws (indented)."""
    date = fit["stored_at"].replace("T", " ")[:16] + " UTC"
    material = f", with {fit['material']}" if fit.get("material") else ""
    if fit["kind"] == "eis_fit":
        lines = [f"{fit['kind']} {fit['key']!r} (user, hydrion eis --store, {date}{material}):"]
        lines += [f"  {_spectrum_text(s)}" for s in fit["spectra"]]
        if fit.get("arrhenius") is not None:
            lines += [f"  Arrhenius of the series: {t}" for t in _law_texts(fit["arrhenius"])]
        return lines
    lines = [
        f"{fit['kind']} {fit['key']!r} (user, hydrion arrhenius fit --store, {date}{material}), "
        f"from {fit['file']}:"
    ]
    for law in fit["fits"]:
        branch = f" ({law['direction']})" if law.get("direction") else ""
        lines += [f"  Arrhenius{branch}: {text}" for text in _law_texts(law)]
    return lines


def _flag(ill_determined: bool) -> str:
    return " (ill-determined)" if ill_determined else ""


def _spectrum_text(spectrum: dict[str, Any]) -> str:
    """'F4.csv at 25.0 °C (thickness 0.1 cm, area 1 cm², circuit): R_bulk = …' for one spectrum."""
    temperature = spectrum.get("temperature_K")
    at = f"at {format_celsius(temperature)}" if temperature is not None else "(T not given)"
    ill_bulk = bool(spectrum.get("R_bulk_ill_determined"))
    ill_total = bool(spectrum.get("sigma_total_ill_determined"))
    return (
        f"{spectrum['source']} {at} (thickness {spectrum['thickness_cm']:g} cm, "
        f"area {spectrum['area_cm2']:g} cm², {spectrum['circuit']}): "
        f"R_bulk = {plus_minus(spectrum['R_bulk_ohm'], spectrum['R_bulk_err_ohm'])} Ω"
        f"{_flag(ill_bulk)}; σ_bulk = {_sigma(spectrum, 'bulk')} S/cm{_flag(ill_bulk)}; "
        f"σ_total = {_sigma(spectrum, 'total')} S/cm{_flag(ill_total)}"
    )


def _sigma(spectrum: dict[str, Any], which: str) -> str:
    value, error = spectrum[f"sigma_{which}_S_per_cm"], spectrum[f"sigma_{which}_err_S_per_cm"]
    return f"{format_sci(value)} ± {format_sci(error, 1)}"


def _law_texts(stored: dict[str, Any]) -> list[str]:
    """One text per line of a stored Arrhenius fit (its convention, Ea, prefactor, range and
    points), or the one of a VFT fit."""
    from hydrion.cli.arrhenius import LAW_FORM
    from hydrion.kb.stored_fits import fit_result
    from hydrion.transport.fit_results import ArrheniusFit

    fit = fit_result(stored)
    if not isinstance(fit, ArrheniusFit):
        law = fit.law
        return [
            f"VFT law σ = A·exp(−B/(T − T0)), B = {law.B_K:.0f} ± {fit.B_err_K:.0f} K, "
            f"T0 = {law.T0_K:.0f} ± {fit.T0_err_K:.0f} K, A = {law.A_S_per_cm:.3g} S/cm, "
            f"{len(fit.residuals_log10)} points"
        ]
    texts = []
    for index, segment in enumerate(fit.segments):
        text = (
            f"{fit.model} law {LAW_FORM[fit.convention]} ({fit.convention} convention), "
            f"Ea = {segment.ea_text()}, prefactor {segment.law.prefactor:.3g} "
            f"{segment.law.prefactor_unit}, {format_celsius(segment.T_min_K)} – "
            f"{format_celsius(segment.T_max_K)}, {segment.n_points} points"
        )
        if index == 1 and fit.transition_K is not None:
            text += (
                f", above the transition at {format_celsius(fit.transition_K)}"
                f" ± {fit.transition_err_K:.1f} K"
            )
        texts.append(text)
    return texts
