"""Impedance spectra of pellets to ionic conductivity, with impedance.py equivalent circuits.

Circuits (impedance.py syntax, :mod:`hydrion.experiment.eis_circuits`) are evaluated by
impedance.py's own element functions; the fit is a modulus-weighted least-squares in scaled
parameters (logarithms of the positive ones) from several physically guided starting points,
because a single linear-space start (as in ``CustomCircuit.fit``) can stop short of the
optimum when parameters span 15 decades. Without a circuit from the user, one and two
R‖CPE arcs and two ideal arcs with a Warburg (R-p(R,C)-p(R,W)-C), with and without a lead
inductance, are compared by the Bayesian information
criterion (a more complex circuit must lower it by more than 10, "very strong" evidence in
Kass & Raftery, J. Am. Stat. Assoc. 90 (1995) 773); a candidate whose fitted parameters are
not physical (a degenerate arc, :mod:`hydrion.experiment.eis_physical`) is left out of that
choice and listed with the reason, and where every candidate that fits is, the fit is
refused; a lower-BIC candidate with a resistor or inductor known to ±100 % or worse does not
replace a simpler one, is listed with those parameters, and flags the kept R_bulk where it
leaves R_bulk undetermined or gives another. A lead inductance that is not significant (within
its own error, or lowering the BIC by no more than 10 against the same circuit without it,
refitted from the inductive fit's optimum) is dropped under ``--inductive auto``, and a note
says so. The result records the frequencies fitted and why points were left out. Each fit is
reported with its parameter errors, the Kramers–Kronig test of the
spectrum and a runs test of its residuals; an R_bulk
that the fit cannot separate (large error, at a bound, negligible against |Z|, or another
circuit the BIC does not reject giving a different one) is flagged, and so is a σ_total
resting on it.

Each R‖CPE arc gets an effective capacitance (Hsu & Mansfeld, Corrosion 57 (2001) 747:
C = (Q·R^(1−α))^(1/α)) that, normalised to the pellet's cell constant, says whether the
arc is bulk, grain boundary or an interface (classes in ``transport/data``). When no arc is
bulk (its relaxation lies above the measured frequencies, as in fast conductors), the
series resistance is the bulk resistance. σ = L/(R·A).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from hydrion.errors import InputError
from hydrion.experiment.eis_checks import kramers_kronig
from hydrion.experiment.eis_choice import (
    at_noise_level,
    check_agreement,
    choose,
    inductor_insignificance,
    rejection_summary,
    undetermined_reasons,
)
from hydrion.experiment.eis_circuits import Circuit, with_series_inductor
from hydrion.experiment.eis_conductivity import conductivities_of_fit
from hydrion.experiment.eis_fit import CircuitFit, fit_circuit
from hydrion.experiment.eis_physical import nonphysical_reasons
from hydrion.experiment.eis_points import crop, drop_inductive
from hydrion.experiment.eis_result import Candidate, EISResult
from hydrion.experiment.eis_series import (  # re-exported: its old home
    arrhenius_of_series as arrhenius_of_series,
)
from hydrion.experiment.eis_shape import inductive_points
from hydrion.experiment.spectrum_readers import Spectrum
from hydrion.transport.arrhenius import check_positive
from hydrion.units import as_kelvin, as_magnitude

DEFAULT_CIRCUIT = "R0-p(R1,CPE1)-CPE2"
# two arcs with ideal capacitors and a Warburg (R-p(R,C)-p(R,W)-C): fewer parameters than
# the two-CPE circuit, so on a spectrum of that shape its R is not traded against CPE
# exponents fitting rounding noise (pyimpspec's test spectrum, R0 = 100 Ω)
CANDIDATE_CIRCUITS = (
    DEFAULT_CIRCUIT,
    "R0-p(R1,C1)-p(R2,W1)-C2",
    "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
)
INDUCTIVE_MODES = ("auto", "model", "drop", "keep")
# fit-quality bar (a choice of this module, not a literature value):
MAX_RELATIVE_RESIDUAL = 0.05  # accepted RMS residual relative to |Z|


def fit_spectrum(
    spectrum: Spectrum,
    thickness_cm: float,
    area_cm2: float,
    circuit: str | None = None,
    *,
    f_min_Hz: float | None = None,
    f_max_Hz: float | None = None,
    inductive: str = "auto",
    n_starts: int = 4,
    max_relative_residual: float = MAX_RELATIVE_RESIDUAL,
    accept_kk_failure: bool = False,
) -> EISResult:
    """Fit an equivalent circuit to ``spectrum`` and return R and σ = L/(R·A).

    Parameters
    ----------
    spectrum : Spectrum
        Impedance spectrum: frequencies f (Hz) and complex impedance Z (Ω), shape (n,).
    thickness_cm, area_cm2 : float or pint.Quantity
        Pellet thickness L (cm) and electrode area A (cm²), or Quantities in any length and
        area unit.
    circuit : str, optional
        impedance.py circuit string. None (default) tries one and two R‖CPE arcs with a
        blocking-electrode CPE and R-p(R,C)-p(R,W)-C, each with and without a series lead
        inductance, and keeps the simplest one that the BIC does not reject among those with
        physical parameters (see :data:`CANDIDATE_CIRCUITS` and
        :func:`hydrion.experiment.eis_physical.nonphysical_reasons`) and whose resistors and
        inductors are determined (:func:`hydrion.experiment.eis_choice.choose`); a circuit
        given is fitted as asked, with a warning where its parameters are not physical.
    f_min_Hz, f_max_Hz : float or pint.Quantity, optional
        Frequency range to fit (Hz, or frequency Quantities).
    inductive : {"auto", "model", "drop", "keep"}
        Points with Z″ > 0 at the top of the spectrum (lead inductance): 'model' adds a series
        inductor L0 and keeps them, 'drop' leaves them out, 'keep' fits them as they are,
        'auto' models them with the default circuits (dropping a chosen inductor that is not
        significant, :func:`hydrion.experiment.eis_choice.inductor_insignificance`), keeps
        them for a circuit with an inductor and drops them otherwise.
    n_starts : int
        Starting points per circuit.
    max_relative_residual : float
        Largest accepted RMS residual relative to the modulus of Z.
    accept_kk_failure : bool
        For a spectrum that fails the Kramers–Kronig test, lift the residual bar: no circuit
        can describe such data well, and the best physical fit is returned for the user to
        see, with ``kk_failure_accepted`` set where its residual is above
        ``max_relative_residual`` (R_bulk and σ are flagged in any case, see
        :attr:`EISResult.kk_flag`). No effect on a spectrum that passes the test: the circuit,
        not the data, is then what misses. As impedance.py's ``CustomCircuit.fit`` and
        pyimpspec's ``fit_circuit`` fit whatever the test says, leaving the verdict to the user.

    Returns
    -------
    EISResult
        The fit with 1σ parameter errors, the Kramers–Kronig test of the fitted points, the
        candidates compared, the frequency range fitted and why points were left out.

    Raises
    ------
    InputError
        For a bad geometry, option or circuit (also --fmin above --fmax), a spectrum without
        resistance (Z′ ≤ 0 at every point), when no circuit fits within
        ``max_relative_residual`` (unless ``accept_kk_failure`` lifts it), and when every
        candidate circuit that does has non-physical parameters.
    UnitError
        An argument given in a wrong dimension (named in the message).
    """
    L = float(
        check_positive(as_magnitude(thickness_cm, "cm", "thickness_cm"), "pellet thickness (cm)")
    )
    A = float(check_positive(as_magnitude(area_cm2, "cm**2", "area_cm2"), "electrode area (cm²)"))
    if f_min_Hz is not None:
        f_min_Hz = as_magnitude(f_min_Hz, "Hz", "f_min_Hz")
    if f_max_Hz is not None:
        f_max_Hz = as_magnitude(f_max_Hz, "Hz", "f_max_Hz")
    if inductive not in INDUCTIVE_MODES:
        raise InputError(f"inductive must be one of {INDUCTIVE_MODES}, not {inductive!r}")
    f, Z, notes = crop(spectrum, f_min_Hz, f_max_Hz)
    # why points are left out, for the table (the notes say it in full)
    dropped_because = ["outside --fmin/--fmax"] if notes else []
    if circuit is None:
        circuits = list(CANDIDATE_CIRCUITS)
        if inductive in ("auto", "model"):
            circuits += [with_series_inductor(c) for c in CANDIDATE_CIRCUITS]
        if inductive == "model":
            circuits = circuits[len(CANDIDATE_CIRCUITS) :]
    else:
        circuits = [with_series_inductor(circuit) if inductive == "model" else circuit]
    has_inductor = all(Circuit(c).inductors() for c in circuits)
    f, Z, left_out, because = drop_inductive(
        spectrum.name, f, Z, inductive, bool(circuit), has_inductor
    )
    notes += left_out
    dropped_because += because
    kk = kramers_kronig(f, Z)
    bar = math.inf if accept_kk_failure and not kk.passed else max_relative_residual
    fits: list[CircuitFit] = []
    # why each compared circuit is not physical; a circuit from the user is not judged
    rejected: dict[str, tuple[str, ...]] = {}
    if circuit is None:  # candidates with more parameters than frequencies are left out
        circuits = [c for c in circuits if len(Circuit(c).names) < f.size] or circuits[:1]
    for text in sorted(circuits, key=lambda c: len(Circuit(c).names)):
        if any(at_noise_level(fit, kk) and not rejected[fit.model.text] for fit in fits):
            break  # a simpler physical circuit already describes the data to their noise
        if fit := fit_circuit(Circuit(text), f, Z, n_starts):
            fits.append(fit)
            rejected[fit.model.text] = nonphysical_reasons(fit, f) if circuit is None else ()
    physical = [fit for fit in fits if not rejected[fit.model.text]]
    best = choose(physical, bar)
    if best is not None and circuit is None and inductive == "auto" and best.model.inductors():
        best, why = _without_insignificant_inductor(best, fits, rejected, f, Z, n_starts, bar)
        if why:
            notes.append(why)
            physical = [fit for fit in fits if not rejected[fit.model.text]]
    if best is None and inductive == "auto" and inductive_points(Z):
        # the inductive points could not be modelled: fit without them, and say so
        tried = " or ".join(fit.model.text for fit in fits) or " or ".join(circuits)
        rms = min((fit.rms for fit in fits), default=math.inf)
        if choose(fits, max_relative_residual):
            summary = rejection_summary(fits, rejected)
            why = f"{tried}: no fit within the residual bar is physical, {summary}"
        else:
            why = (
                f"{tried}: residual {100 * rms:.2g} % of |Z|, above "
                f"{100 * max_relative_residual:.0f} %"
            )
        result = fit_spectrum(
            spectrum,
            L,
            A,
            circuit,
            f_min_Hz=f_min_Hz,
            f_max_Hz=f_max_Hz,
            inductive="drop",
            n_starts=n_starts,
            max_relative_residual=max_relative_residual,
            accept_kk_failure=accept_kk_failure,
        )
        note = (
            f"the {inductive_points(Z)} inductive point(s) could not be fitted with a series "
            f"inductor ({why}); fitted without them (--inductive auto)"
        )
        return replace(result, warnings=(note, *result.warnings))
    if best is None and choose(fits, bar):
        raise InputError(
            f"{spectrum.name}: every circuit that fits has non-physical parameters "
            f"({rejection_summary(fits, rejected)}); "
            "crop the spectrum (--fmin/--fmax) or pass a circuit (--circuit)"
        )
    if best is None:
        rms = min((fit.rms for fit in fits), default=math.inf)
        if not kk.passed:
            why = (
                f"; it fails the Kramers–Kronig test ({kk.failure}): noise, drift or "
                "artefacts; check the file, crop it (--fmin/--fmax), pass another circuit, or "
                "pass --accept-kk-failure to see the best fit with every number flagged"
            )
        else:
            why = "; check the file, crop it (--fmin/--fmax) or pass another circuit" + (
                " (--accept-kk-failure does not apply: the spectrum passes the Kramers–Kronig "
                "test, so the circuit, not the data, misses)"
                if accept_kk_failure
                else ""
            )
        raise InputError(
            f"{spectrum.name} cannot be fitted with {' or '.join(circuits)} "
            f"(residual {100 * rms:.0f} % of |Z|, above {100 * max_relative_residual:.0f} %)"
            f"{why}"
        )
    candidates = tuple(
        Candidate(
            fit.model.text,
            fit.rms,
            fit.bic,
            fit.runs_z,
            rejected[fit.model.text],
            undetermined_reasons(fit),
        )
        for fit in fits
    )
    if circuit is not None and (reasons := nonphysical_reasons(best, f)):
        notes.append(
            f"{best.model.text} fits with non-physical parameters ({'; '.join(reasons)}): "
            "a part of the circuit the spectrum does not show"
        )
    Z_min = float(np.min(np.abs(Z)))
    result = conductivities_of_fit(best, spectrum, L, A, kk, notes, Z_min, inductive_points(Z) > 0)
    result = check_agreement(result, best, physical, spectrum, L, A, kk, Z_min)
    if best.rms > max_relative_residual:  # kept only because accept_kk_failure lifted the bar
        result = replace(
            result,
            kk_failure_accepted=True,
            warnings=(
                *result.warnings,
                f"fitted anyway (--accept-kk-failure): residual {100 * best.rms:.2g} % of |Z|, "
                f"above the {100 * max_relative_residual:.0f} % bar, on data that fail the "
                f"Kramers–Kronig test ({kk.failure}); every number of this fit is flagged",
            ),
        )
    return replace(
        result,
        candidates=candidates,
        frequency_range_Hz=(float(f.min()), float(f.max())),
        points_used=int(f.size),
        points_dropped=spectrum.frequency_Hz.size - int(f.size),
        dropped_because=tuple(dropped_because),
    )


def _without_insignificant_inductor(
    best: CircuitFit,
    fits: list[CircuitFit],
    rejected: dict[str, tuple[str, ...]],
    f: np.ndarray,
    Z: np.ndarray,
    n_starts: int,
    max_relative_residual: float,
) -> tuple[CircuitFit, str | None]:
    """``best`` without its series inductor where the inductor is not significant
    (:func:`hydrion.experiment.eis_choice.inductor_insignificance`), with the note that says
    so; ``best`` and None otherwise. The circuit without it is refitted from ``best``'s
    optimum (a candidate fitted from generic starts can stop short of it, which would credit
    the inductor with the difference); ``fits`` and ``rejected`` are updated in place."""
    name = best.model.inductors()[0]
    text = best.model.text.removeprefix(f"{name}-")
    start = np.delete(best.params, best.model.names.index(name))
    earlier = next((fit for fit in fits if fit.model.text == text), None)
    tries = [fit_circuit(Circuit(text), f, Z, n_starts, start), earlier]
    twin = min((fit for fit in tries if fit is not None), key=lambda x: x.bic, default=None)
    if twin is None:
        return best, None
    why = inductor_insignificance(best, twin)
    reasons = nonphysical_reasons(twin, f)
    if why is None or reasons or twin.rms > max_relative_residual:
        return best, None
    if earlier is not None:
        fits.remove(earlier)
    fits.append(twin)
    rejected[twin.model.text] = reasons
    return twin, f"{why}: not significant, dropped (--inductive auto); kept {text}"


def synthetic_spectrum(
    parameters,
    frequency_Hz,
    circuit: str = DEFAULT_CIRCUIT,
    noise: float = 0.0,
    seed: int = 0,
    temperature_K: float | None = None,
) -> Spectrum:
    """A spectrum of ``circuit`` with relative Gaussian noise on Z' and Z'' (tests, tutorials).

    Parameters
    ----------
    parameters : sequence of float
        Circuit parameters in the circuit's own units (Ω, S·s^α, H), in impedance.py order.
    frequency_Hz : array_like or pint.Quantity, shape (n,)
        Frequencies (Hz, or any frequency unit).
    circuit : str
        impedance.py circuit string.
    noise : float
        Relative standard deviation of the noise on Z' and Z'' (times |Z|).
    seed : int
        Seed of the noise.
    temperature_K : float or pint.Quantity, optional
        Temperature attached to the spectrum (K, or a temperature Quantity, °C included).

    Returns
    -------
    Spectrum
        f (Hz) and Z (Ω, complex), shape (n,).

    Examples
    --------
    >>> s = synthetic_spectrum([10.0, 1000.0, 1e-9, 0.9, 1e-6, 0.8], [1e6, 1e3, 1.0])
    >>> s.impedance_ohm.shape
    (3,)
    """
    f = np.asarray(as_magnitude(frequency_Hz, "Hz", "frequency_Hz"), dtype=float)
    if temperature_K is not None:
        temperature_K = as_kelvin(temperature_K, "temperature_K")
    Z = Circuit(circuit)(parameters, f)
    if noise:
        rng = np.random.default_rng(seed)
        Z = Z + noise * np.abs(Z) * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    return Spectrum(f, Z, "synthetic", temperature_K)
