"""What ``hydrion db show`` prints of the impedance and Arrhenius fits stored in the user
database (``hydrion eis --store``, ``hydrion arrhenius fit --store``): a line naming each fit
(kind, key, date stored, file, material), then one line per spectrum or Arrhenius line with
its temperature, units and the law's convention."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hydrion.cli.output import console, format_celsius, format_sci
from hydrion.kb.sheet import plus_minus

if TYPE_CHECKING:
    from hydrion.experiment.eis_result import EISResult
    from hydrion.transport.fit_results import ArrheniusFit
    from hydrion.transport.vft import VFTFit


def print_stored_fits(fits: tuple[dict[str, Any], ...]) -> None:
    """Print the stored fits, each as :func:`fit_lines` gives it; nothing where there are none.

    Parameters
    ----------
    fits : tuple of dict
        The fits as :func:`hydrion.kb.stored_fits.stored_fits` gives them (each payload with
        its ``kind``, ``key`` and ``stored_at``).

    Returns
    -------
    None

    Raises
    ------
    InputError
        A fit that does not read back as the results its command stores
        (:func:`~hydrion.kb.stored_fits.stored_fits` has left those out).
    """
    for fit in fits:
        for line in fit_lines(fit):
            console.print(line, highlight=False, markup=False)


def fit_lines(fit: dict[str, Any]) -> list[str]:
    """The lines of one stored fit: its heading, then its spectra or laws (indented), each
    read back through its result class.

    Parameters
    ----------
    fit : dict
        One fit as :func:`hydrion.kb.stored_fits.stored_fits` gives it: ``kind``
        ('eis_fit' or 'arrhenius_fit'), ``key``, ``stored_at`` (ISO 8601, UTC), optionally
        ``material``, and the command's payload (``files`` and ``spectra``, with an
        ``arrhenius`` law of the series; or ``file`` and ``fits``).

    Returns
    -------
    list of str
        The heading (kind, key, command, date stored in UTC, material, file), then one line
        per spectrum (temperature in °C, thickness in cm, area in cm², R_bulk in Ω, σ in S/cm
        with its 1σ error and flags: ill-determined, or the Kramers–Kronig failure of its data)
        or per Arrhenius line (convention, Ea in eV, prefactor with its unit, range in °C,
        points).

    Raises
    ------
    InputError
        The payload does not read back as the results its command stores.
    """
    from hydrion.kb.stored_fits import FIT_KINDS, read_back

    results = read_back(fit["kind"], fit)
    date = stored_date(fit["stored_at"])
    material = f", with {fit['material']}" if fit.get("material") else ""
    stored = f"{fit['kind']} {fit['key']!r} (user, {FIT_KINDS[fit['kind']]}, {date}{material})"
    if fit["kind"] == "eis_fit":
        lines = [f"{stored}:"]
        lines += [f"  {_spectrum_text(s)}" for s in results.spectra]
        if results.series is not None:
            lines += [f"  Arrhenius of the series: {t}" for t in _law_texts(results.series)]
        return lines
    lines = [f"{stored}, from {fit['file']}:"]
    for direction, law in results.laws:
        branch = f" ({direction})" if direction else ""
        lines += [f"  Arrhenius{branch}: {text}" for text in _law_texts(law)]
    return lines


def stored_date(stored_at: str) -> str:
    """'2026-11-30 04:41 UTC': the minute a fit was stored, from its ``stored_at`` (ISO 8601,
    UTC)."""
    return stored_at.replace("T", " ")[:16] + " UTC"


def print_replaced(kind: str, key: str, stored_at: str | None) -> None:
    """Print "replaced the arrhenius_fit stored under 'KEY' on DATE" where ``--store`` replaced
    a fit (``stored_at``: when that one was stored, ISO 8601, UTC); nothing where it did not."""
    if stored_at is not None:
        console.print(
            f"replaced the {kind} stored under {key!r} on {stored_date(stored_at)}",
            highlight=False,
            markup=False,
        )


def _spectrum_text(spectrum: EISResult) -> str:
    """'F4.csv at 25.0 °C (thickness 0.1 cm, area 1 cm², circuit): R_bulk = …' for one spectrum."""
    temperature = spectrum.temperature_K
    at = f"at {format_celsius(temperature)}" if temperature is not None else "(T not given)"
    ill_bulk, ill_total = spectrum.R_bulk_ill_determined, spectrum.sigma_total_ill_determined
    sigma_bulk = _sigma(spectrum.sigma_bulk_S_per_cm, spectrum.sigma_bulk_err_S_per_cm)
    sigma_total = _sigma(spectrum.sigma_total_S_per_cm, spectrum.sigma_total_err_S_per_cm)
    return (
        f"{spectrum.source} {at} (thickness {spectrum.thickness_cm:g} cm, "
        f"area {spectrum.area_cm2:g} cm², {spectrum.circuit}): "
        f"R_bulk = {plus_minus(spectrum.R_bulk_ohm, spectrum.R_bulk_err_ohm)} Ω"
        f"{spectrum.flag(ill_bulk)}; σ_bulk = {sigma_bulk} S/cm{spectrum.flag(ill_bulk)}; "
        f"σ_total = {sigma_total} S/cm{spectrum.flag(ill_total)}"
        + (
            f"; fitted above the residual bar (--accept-kk-failure, residual "
            f"{100 * spectrum.relative_residual:.2g} %)"
            if spectrum.kk_failure_accepted
            else ""
        )
    )


def _sigma(value: float, error: float) -> str:
    return f"{format_sci(value)} ± {format_sci(error, 1)}"


def _law_texts(fit: ArrheniusFit | VFTFit) -> list[str]:
    """One text per line of an Arrhenius fit (its convention, Ea, prefactor, range and
    points), or the one of a VFT fit."""
    from hydrion.transport.arrhenius import LAW_FORM
    from hydrion.transport.fit_results import ArrheniusFit

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
