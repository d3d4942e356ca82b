"""Whether a fitted equivalent circuit is physical (a step of the automatic circuit choice of
:func:`hydrion.experiment.eis.fit_spectrum`).

A candidate with more elements than the spectrum shows can lower the BIC with a degenerate
part: an arc of 10³⁵ F whose relaxation lies 45 decades below the measured frequencies, a CPE
with α → 0 (a resistor), a parameter stopped at its fit bound or known to worse than ±100 %.
Such a part describes nothing in the cell, so the candidate must not win the comparison.

Bounds (choices of this module, not literature values): a lab cell's capacitances lie between
:data:`MIN_CAPACITANCE_F` (below stray capacitance) and :data:`MAX_CAPACITANCE_F` (above any
electrode double layer of a pellet), which brackets the classes of Irvine, Sinclair & West,
Adv. Mater. 2 (1990) 132 (bulk ~1e-12 F/cm to electrochemical reaction ~1e-4 F/cm for
cm-sized pellets); an arc must relax within :data:`WINDOW_DECADES` of the measured
frequencies to be seen in them.
"""

from __future__ import annotations

import math

import numpy as np

from hydrion.experiment.eis_circuits import element_kind
from hydrion.experiment.eis_conductivity import effective_capacitance_F
from hydrion.experiment.eis_fit import CircuitFit

MIN_CAPACITANCE_F = 1e-15
MAX_CAPACITANCE_F = 1.0
MIN_ALPHA = 1e-3  # a CPE exponent at or below this is 0: the element is a resistor
WINDOW_DECADES = 2.0


def nonphysical_reasons(fit: CircuitFit, frequency_Hz: np.ndarray) -> tuple[str, ...]:
    """Why the fitted parameters of ``fit`` describe no lab cell; empty where they may.

    Parameters
    ----------
    fit : CircuitFit
        A fit of :func:`hydrion.experiment.eis_fit.fit_circuit`.
    frequency_Hz : numpy.ndarray
        The fitted frequencies (Hz).

    Returns
    -------
    tuple of str
        One reason per non-physical part: a CPE exponent outside (:data:`MIN_ALPHA`, 1]; in
        an arc, a parameter at its fit bound or with a 1σ error of 100 % or more, a
        capacitance (C, or the effective capacitance of an R‖CPE arc, Hsu & Mansfeld,
        Corrosion 57 (2001) 747) outside [:data:`MIN_CAPACITANCE_F`,
        :data:`MAX_CAPACITANCE_F`], an arc relaxing more than :data:`WINDOW_DECADES` outside
        the measured frequencies.
    """
    values = dict(zip(fit.model.names, fit.params.tolist(), strict=True))
    in_arcs = {element for arc in fit.model.arcs() for element in arc}
    reasons = []
    for name, value, error in zip(fit.model.names, fit.params, fit.errors, strict=True):
        if element_kind(name) == "CPE" and name.endswith("_1") and not MIN_ALPHA < value <= 1.0:
            reasons.append(
                f"{name} = {value:.3g}: a CPE exponent outside ({MIN_ALPHA:g}, 1] "
                "(at or below it the element is a resistor)"
            )
        if name.split("_")[0] not in in_arcs:
            # series parts: an ill-determined R0 or L0 is flagged on the result, and a huge
            # series C is a short (no blocking electrode in the spectrum), not a wrong value
            continue
        if element_kind(name) == "C":
            reasons.extend(_capacitance_reason(name, value))
        if name in fit.at_bound:
            reasons.append(f"{name} = {value:.3g} at its fit bound")
        elif not error < abs(value):
            reasons.append(
                f"{name} = {value:.3g} ± {error:.2g} (±{100 * error / abs(value):.0f} %)"
            )
    f_low, f_high = float(np.min(frequency_Hz)), float(np.max(frequency_Hz))
    for resistor, capacitor in fit.model.arcs():
        R = values[resistor]
        if element_kind(capacitor) == "CPE":
            Q, alpha = values[f"{capacitor}_0"], values[f"{capacitor}_1"]
            if not MIN_ALPHA < alpha <= 1.0:
                continue  # said above
            C = effective_capacitance_F(Q, alpha, R)
            reasons.extend(_capacitance_reason(f"arc {resistor}‖{capacitor}", C))
            tau = (R * Q) ** (1.0 / alpha)
        else:
            tau = R * values[capacitor]
        f_relax = 1.0 / (2 * math.pi * tau) if tau > 0 else math.inf
        if not f_low / 10**WINDOW_DECADES <= f_relax <= f_high * 10**WINDOW_DECADES:
            reasons.append(
                f"arc {resistor}‖{capacitor} relaxes at {f_relax:.2g} Hz, more than "
                f"{WINDOW_DECADES:g} decades outside the measured {f_low:.3g}–{f_high:.3g} Hz"
            )
    return tuple(reasons)


def _capacitance_reason(what: str, capacitance_F: float) -> list[str]:
    if MIN_CAPACITANCE_F <= capacitance_F <= MAX_CAPACITANCE_F:
        return []
    return [
        f"{what}: {capacitance_F:.2g} F, outside the {MIN_CAPACITANCE_F:.0e}–"
        f"{MAX_CAPACITANCE_F:g} F of a lab cell"
    ]
