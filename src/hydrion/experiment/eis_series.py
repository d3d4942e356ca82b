"""What ``hydrion eis FILES`` answers: one fit per spectrum and, for a temperature series,
the Arrhenius fit of their conductivities."""

from __future__ import annotations

from dataclasses import dataclass

from hydrion.constants import ABSOLUTE_ZERO_C
from hydrion.errors import InputError
from hydrion.experiment.eis_result import EISResult
from hydrion.results import Result
from hydrion.transport.fitting import ArrheniusFit


@dataclass(frozen=True)
class EISReport(Result):
    """The fits of the spectra of one ``hydrion eis`` call.

    ``arrhenius`` is the fit of σ(T) over the spectra (three temperatures or more, else None)
    and ``arrhenius_warnings`` what it needs said. The CLI's ``--json`` is this object's
    :meth:`~hydrion.results.Result.as_dict`, so ``EISReport.from_dict`` reads it back.
    ``replaced`` is when the fit this call's ``--store`` replaced was stored (ISO 8601, UTC),
    None where it replaced none.
    """

    spectra: tuple[EISResult, ...]
    arrhenius: ArrheniusFit | None = None
    arrhenius_warnings: tuple[str, ...] = ()
    replaced: str | None = None


def arrhenius_of_series(results) -> tuple[ArrheniusFit | None, tuple[str, ...]]:
    """Arrhenius law of σ_total over a temperature series of fits, from clean values only.

    σ_total values flagged ill-determined are left out (an unreliable point can turn the
    slope over); a fit with Ea ≤ 0 is flagged as unphysical for thermally activated ionic
    conduction.

    Parameters
    ----------
    results : sequence of EISResult
        Fits of :func:`hydrion.experiment.eis.fit_spectrum`, each with its ``temperature_K``.

    Returns
    -------
    tuple of (ArrheniusFit or None, tuple of str)
        The law (:func:`hydrion.transport.fit_arrhenius`), or None where fewer clean points
        than it needs are left, and notes.

    Raises
    ------
    InputError
        A result without a temperature.
    """
    from hydrion.transport import fit_arrhenius
    from hydrion.transport.line_fits import MIN_POINTS_PER_LINE

    if any(r.temperature_K is None for r in results):
        raise InputError("an Arrhenius fit needs the temperature of every spectrum")
    clean = [r for r in results if not r.sigma_total_ill_determined]
    notes = []
    left_out = [r for r in results if r.sigma_total_ill_determined]
    if left_out:
        names = ", ".join(
            f"{r.name} at {r.temperature_K + ABSOLUTE_ZERO_C:.4g} °C" for r in left_out
        )
        notes.append(f"σ_total ill-determined, left out of the Arrhenius fit: {names}")
    temperatures = {r.temperature_K for r in clean}
    if len(clean) < MIN_POINTS_PER_LINE or len(temperatures) < 2:
        notes.append(
            f"no Arrhenius fit: {len(clean)} clean σ_total value(s) left, "
            f"{MIN_POINTS_PER_LINE} at two or more temperatures needed"
        )
        return None, tuple(notes)
    fit = fit_arrhenius([r.temperature_K for r in clean], [r.sigma_total_S_per_cm for r in clean])
    for segment in fit.segments:
        if not segment.Ea_eV > 0:
            notes.append(
                f"Ea = {segment.Ea_eV:.3g} eV ≤ 0: unphysical for thermally activated ionic "
                "conduction; check the temperatures given and the fits"
            )
    return fit, tuple(notes)
