"""From a fitted circuit to R_bulk, R_total and σ = L/(R·A), with the checks that flag an
R_bulk the fit cannot separate (a step of :func:`hydrion.experiment.eis.fit_spectrum`).

Each R‖CPE arc gets an effective capacitance (Hsu & Mansfeld, Corrosion 57 (2001) 747:
C = (Q·R^(1−α))^(1/α)) that, normalised to the pellet's cell constant, says whether the arc is
bulk, grain boundary or an interface (Irvine et al. 1990; classes in
``transport/data/capacitance_classes.yaml``). When no arc is bulk, the series resistance is
the bulk resistance. The fit-quality bars below are choices of this module, not literature
values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import InputError
from hydrion.experiment.eis_checks import KKResult
from hydrion.experiment.eis_fit import CircuitFit
from hydrion.experiment.eis_result import Arc, EISResult
from hydrion.experiment.spectrum_readers import Spectrum
from hydrion.units import as_magnitude

NEGLIGIBLE_R = 1e-3  # an R_bulk below this fraction of the smallest |Z| is not measured
ILL_DETERMINED = 0.10  # relative 1σ error of R_bulk above which it is flagged
MIN_ARC_ALPHA = 0.6  # an arc CPE flatter than this merges processes
RUNS_Z_LIMIT = -3.0  # runs-test z below which residuals are structured
STRUCTURE_FLOOR = 0.005  # structured residuals smaller than 0.5 % of |Z| are not flagged
# a residual this many times the Lin-KK one, and above 2 % of |Z| (a misfit seen by eye on
# a Nyquist plot), misses a feature even where too few points show runs of one sign
MISFIT_FACTOR = 5.0
MISFIT_FLOOR = 0.02


@dataclass(frozen=True)
class CapacitanceClass:
    name: str
    max_F_per_cm: float


@lru_cache(maxsize=1)
def capacitance_classes() -> tuple[tuple[CapacitanceClass, ...], dict]:
    """The arc classes by normalised capacitance and their source.

    Returns
    -------
    tuple of (tuple of CapacitanceClass, dict)
        The classes in increasing order of their upper bound C·L/A (F/cm), and the source
        record of ``transport/data/capacitance_classes.yaml`` (Irvine, Sinclair & West,
        Adv. Mater. 2 (1990) 132, doi:10.1002/adma.19900020304).
    """
    data = bundled_yaml("hydrion.transport.data", "capacitance_classes.yaml")
    classes = tuple(CapacitanceClass(c["name"], float(c["max_F_per_cm"])) for c in data["classes"])
    return classes, data["source"]


def classify_capacitance(capacitance_F, thickness_cm, area_cm2) -> str:
    """'bulk', 'grain_boundary', ... from C·L/A in F/cm (Irvine et al. 1990).

    Parameters
    ----------
    capacitance_F : float or pint.Quantity
        The arc's capacitance, F (or a Quantity of capacitance).
    thickness_cm : float or pint.Quantity
        The pellet's thickness, cm (or a Quantity of length); positive.
    area_cm2 : float or pint.Quantity
        The electrode area, cm² (or a Quantity of area); positive.

    Returns
    -------
    str
        The name of the first class whose upper bound the normalised capacitance does not
        exceed (:func:`capacitance_classes`).

    Raises
    ------
    hydrion.errors.UnitError
        For a wrong dimension and a non-positive thickness or area.

    References
    ----------
    Irvine, Sinclair & West, Adv. Mater. 2 (1990) 132, doi:10.1002/adma.19900020304, Table 1.
    """
    capacitance = as_magnitude(capacitance_F, "F", "capacitance_F")
    thickness = as_magnitude(thickness_cm, "cm", "thickness_cm", positive=True)
    normalised = (
        capacitance * thickness / as_magnitude(area_cm2, "cm**2", "area_cm2", positive=True)
    )
    classes, _ = capacitance_classes()
    return next(c.name for c in classes if normalised <= c.max_F_per_cm)


def effective_capacitance_F(Q, alpha: float, R_ohm) -> float:
    """Capacitance of an R‖CPE arc, C = (Q·R^(1−α))^(1/α) (Hsu & Mansfeld 2001).

    Parameters
    ----------
    Q : float or pint.Quantity
        The CPE coefficient in S·s^α (F·s^(α−1)).
    alpha : float
        The CPE exponent, in (0, 1].
    R_ohm : float or pint.Quantity
        The arc's resistance, Ω.

    Returns
    -------
    float
        The effective capacitance, F.

    Raises
    ------
    hydrion.errors.UnitError
        For a Quantity of the wrong dimension.

    References
    ----------
    Hsu & Mansfeld, Corrosion 57 (2001) 747.
    """
    Q = as_magnitude(Q, f"S*s**{float(alpha)!r}", "Q")
    R_ohm = as_magnitude(R_ohm, "ohm", "R_ohm")
    return (Q * R_ohm ** (1.0 - alpha)) ** (1.0 / alpha)


def conductivities_of_fit(
    fit: CircuitFit,
    spectrum: Spectrum,
    L,
    A,
    kk: KKResult,
    notes,
    Z_min_ohm: float,
    inductive_fitted: bool,
) -> EISResult:
    """R_bulk, R_total and σ = L/(R·A) from a fitted circuit, with the checks that flag an R_bulk
    the fit cannot separate.

    Each arc is assigned bulk, grain boundary or an interface by its effective capacitance
    (:func:`effective_capacitance_F`, :func:`classify_capacitance`). R_bulk is the sum of the
    bulk arcs' resistances, else the series resistance; R_total adds the grain-boundary arcs to
    the series resistance. R_bulk is flagged ill-determined for a flattened bulk CPE
    (α < ``MIN_ARC_ALPHA``), a resistor stopped at its fit bound or below ``NEGLIGIBLE_R`` of
    the smallest |Z|, a residual well above the Kramers–Kronig one or structured (runs test),
    a failed Kramers–Kronig test, or a relative 1σ error above ``ILL_DETERMINED``.

    Parameters
    ----------
    fit : CircuitFit
        The fitted circuit.
    spectrum : Spectrum
        The spectrum fitted (its notes, temperature, source and label go to the result).
    L : float
        The pellet's thickness, cm.
    A : float
        The electrode area, cm².
    kk : KKResult
        The Kramers–Kronig test of the spectrum.
    notes : list of str
        Notes on the fit (e.g. points dropped), put in front of the result's warnings.
    Z_min_ohm : float
        The spectrum's smallest modulus |Z|, Ω.
    inductive_fitted : bool
        Whether the fitted points include inductive ones (Z″ > 0): decides how a fitted
        inductor is reported.

    Returns
    -------
    EISResult
        Resistances in Ω, σ and their 1σ errors in S/cm (errors propagated from R), arcs with
        C_eff (F) and C·L/A (F/cm), flags and warnings.

    Raises
    ------
    hydrion.errors.InputError
        If the circuit has no bulk arc and no series resistance.

    Notes
    -----
    The fit-quality bars are hydrion's own choices, not literature values.
    """
    model = fit.model
    values = dict(zip(model.names, fit.params.tolist(), strict=True))
    errs = dict(zip(model.names, fit.errors.tolist(), strict=True))
    arcs = []
    warnings = [*spectrum.notes, *notes]
    ill = False
    for resistor, capacitor in model.arcs():
        R = values[resistor]
        if capacitor.startswith("CPE"):
            alpha = values[f"{capacitor}_1"]
            C = effective_capacitance_F(values[f"{capacitor}_0"], alpha, R)
            if alpha < MIN_ARC_ALPHA and classify_capacitance(C, L, A) == "bulk":
                ill = True
                warnings.append(
                    f"{capacitor} has α = {alpha:.2f}: a flattened arc that probably holds two "
                    "processes; R_bulk is not separated (try a two-arc circuit)"
                )
        else:
            C = values[capacitor]
        arcs.append(
            Arc(resistor, capacitor, R, errs[resistor], C, C * L / A, classify_capacitance(C, L, A))
        )
    series = model.series_resistors()
    R_series = sum(values[name] for name in series)
    R_series_err = math.sqrt(sum(errs[name] ** 2 for name in series))
    bulk = [a for a in arcs if a.assignment == "bulk"]
    electrolyte = [a for a in arcs if a.assignment in ("bulk", "grain_boundary")]
    if bulk:
        R_bulk = sum(a.R_ohm for a in bulk)
        R_bulk_err = math.sqrt(sum(a.R_err_ohm**2 for a in bulk))
        bulk_resistors = [a.resistor for a in bulk]
    else:
        if not series:
            raise InputError(
                f"{model.text} has no bulk arc and no series resistance: "
                "cannot tell the bulk resistance"
            )
        R_bulk, R_bulk_err, bulk_resistors = R_series, R_series_err, series
        warnings.append(
            "no arc with a bulk capacitance: the series resistance is taken as bulk "
            "(its arc lies above the measured frequencies)"
        )
    R_total = R_series + sum(a.R_ohm for a in electrolyte)
    R_total_err = math.sqrt(R_series_err**2 + sum(a.R_err_ohm**2 for a in electrolyte))
    for arc in arcs:
        if arc.assignment not in ("bulk", "grain_boundary"):
            warnings.append(
                f"arc {arc.resistor} ({arc.C_eff_F:.1e} F) looks like "
                f"{_article(arc.assignment)}; not counted in σ"
            )
    for name in model.inductors():
        warnings.append(
            f"lead inductance {name} = {values[name]:.2g} H fitted in series"
            if inductive_fitted
            else f"{name} = {values[name]:.2g} H fitted to the capacitive points only (no point "
            "with Z'' > 0 among those fitted): not a measured lead inductance"
        )
    whole_fit_ill = False
    pinned = [name for name in bulk_resistors if name in fit.at_bound]
    if pinned or R_bulk < NEGLIGIBLE_R * Z_min_ohm:
        ill = True
        why = (
            f"{', '.join(pinned)} stopped at the fit's bound"
            if pinned
            else f"below {NEGLIGIBLE_R:g} of the smallest |Z| ({Z_min_ohm:.3g} Ω)"
        )
        warnings.append(
            f"R_bulk = {R_bulk:.3g} Ω is not determined by the data ({why}): its error bar "
            "means nothing; measure or keep higher frequencies"
        )
    if fit.rms > max(2 * kk.residual_rms, STRUCTURE_FLOOR) and (
        fit.runs_z < RUNS_Z_LIMIT or fit.rms > max(MISFIT_FACTOR * kk.residual_rms, MISFIT_FLOOR)
    ):
        ill = whole_fit_ill = True
        warnings.append(
            f"residual {100 * fit.rms:.2g} % against {100 * kk.residual_rms:.2g} % for the "
            f"Kramers–Kronig fit (runs test z = {fit.runs_z:.1f}): {model.text} misses a "
            "feature of the spectrum, so R_bulk may be wrong"
        )
    if not kk.passed:
        ill = whole_fit_ill = True
        warnings.append(
            f"fails the Kramers–Kronig test ({kk.failure}): "
            "drift or artefacts; no circuit value from it is reliable"
        )
    if not R_bulk_err <= ILL_DETERMINED * R_bulk:
        ill = True
        warnings.append(
            f"R_bulk = {R_bulk:.3g} ± {R_bulk_err:.2g} Ω is ill-determined "
            f"(> {100 * ILL_DETERMINED:.0f} %)"
        )
    # σ_total inherits an ill-determined R_bulk that is a sizeable part of R_total
    total_ill = whole_fit_ill or (ill and R_bulk > 0.1 * R_total)
    if ill:
        warnings.append(
            "σ_bulk is not a clean value (R_bulk ill-determined)"
            + ("; nor is σ_total, which rests on it" if total_ill else "")
        )
    sigma_bulk, sigma_total = L / (R_bulk * A), L / (R_total * A)
    return EISResult(
        circuit=model.text,
        parameters=values,
        errors=errs,
        units=dict(zip(model.names, model.units, strict=True)),
        arcs=tuple(arcs),
        R_bulk_ohm=R_bulk,
        R_bulk_err_ohm=R_bulk_err,
        R_total_ohm=R_total,
        sigma_bulk_S_per_cm=sigma_bulk,
        sigma_bulk_err_S_per_cm=sigma_bulk * R_bulk_err / R_bulk,
        sigma_total_S_per_cm=sigma_total,
        sigma_total_err_S_per_cm=sigma_total * R_total_err / R_total,
        thickness_cm=L,
        area_cm2=A,
        relative_residual=fit.rms,
        R_bulk_ill_determined=ill,
        sigma_total_ill_determined=total_ill,
        kk=kk,
        temperature_K=spectrum.temperature_K,
        source=spectrum.source,
        label=spectrum.label,
        warnings=tuple(warnings),
    )


def _article(assignment: str) -> str:
    words = assignment.replace("_", " ")
    return ("an " if words[0] in "aeiou" else "a ") + words
