"""What an impedance spectrum's shape says before any fit: its inductive top and the
starting values of a circuit fit.

:func:`inductive_points` and :func:`inductive_artefacts` count the points at the top of a
spectrum with Z″ > 0 (lead inductance, or points outside the instrument's bandwidth).
:func:`starting_points` gives physically guided starting values for a compiled
:class:`~hydrion.experiment.eis_circuits.Circuit`, each in the unit of its element
(impedance.py's unit strings): L from Im Z/ω at the highest frequency, R from the real-axis
intercepts, C and CPE Q from the apex frequency of each arc and from the low-frequency Z″ and
slope, Warburg coefficients from the low-frequency Z″·√ω.
"""

from __future__ import annotations

import math

import numpy as np

from hydrion.experiment.eis_circuits import Circuit, element_kind


def inductive_points(Z: np.ndarray) -> int:
    """How many points at the top of a spectrum (frequencies decreasing) have Z″ > 0.

    Parameters
    ----------
    Z : numpy.ndarray
        Shape (n_points,), complex impedance in Ω, highest frequency first.

    Returns
    -------
    int
        Number of leading inductive points (all points where none is capacitive).
    """
    capacitive = np.flatnonzero(Z.imag <= 0)
    return int(capacitive[0]) if capacitive.size else int(Z.size)


ARTEFACT_DEPARTURE = 0.5  # relative departure of Z′ beyond which an inductive point is an artefact


def inductive_artefacts(Z: np.ndarray) -> int:
    """How many points at the top of a spectrum (frequencies decreasing) are artefacts that
    no series lead inductance explains: inductive points (Z″ > 0) whose Z′ departs from that
    of the first capacitive point by more than ``ARTEFACT_DEPARTURE`` of it.

    A series L–R has a frequency-independent Z′, so the inductive points of lead inductance
    share the Z′ of the start of the first arc; a point far off it (e.g. Z′ = 1.1 Ω against
    9.2 Ω at the instrument's top frequency of 1 MHz) is outside the instrument's bandwidth.

    Parameters
    ----------
    Z : numpy.ndarray
        Shape (n_points,), complex impedance in Ω, highest frequency first.

    Returns
    -------
    int
        Number of leading points to drop (0 where there are no inductive points or no
        capacitive one).

    Notes
    -----
    hydrion's own rule.
    """
    top = inductive_points(Z)
    if top == 0 or top == Z.size:
        return 0
    reference = float(Z.real[top])
    departs = np.abs(Z.real[:top] - reference) > ARTEFACT_DEPARTURE * abs(reference)
    return int(np.argmin(departs)) if not departs.all() else top


def _valley(Z: np.ndarray) -> int:
    """Index (frequencies decreasing) of the foot between the arcs and the electrode spike.

    Among the local minima of −Z″ (the last point counts if −Z″ falls towards it), those
    within 15° of the flattest phase; of these the most resistive. With none, the last point.
    """
    height, phase = -Z.imag, np.degrees(np.abs(np.angle(Z)))
    inner = np.arange(1, Z.size - 1)
    minima = inner[(height[inner] <= height[inner - 1]) & (height[inner] <= height[inner + 1])]
    if height[-1] <= height[-2]:
        minima = np.append(minima, Z.size - 1)
    if not minima.size:
        return Z.size - 1
    flat = minima[phase[minima] <= phase[minima].min() + 15.0]
    return int(flat[np.argmax(Z.real[flat])])


def _low_frequency_slope(f: np.ndarray, Z: np.ndarray) -> float:
    """Exponent α of Z″ ∝ ω^−α over the last three points, in [0.5, 1]; 0.8 where −Z″ does
    not rise towards low frequency (no electrode spike measured)."""
    tail = slice(-3, None)
    x, y = np.log(f[tail]), np.log(np.maximum(np.abs(Z.imag[tail]), 1e-300))
    slope = np.polyfit(x, y, 1)[0] if np.ptp(x) > 0 else 0.0
    return float(np.clip(-slope, 0.5, 1.0)) if slope < 0 else 0.8


def starting_points(circuit: Circuit, f: np.ndarray, Z: np.ndarray, n_starts: int) -> list:
    """Starting parameter vectors for ``circuit`` on (f, Z).

    The spectrum runs from high to low frequency. The first start puts the arc(s) at the apex
    of −Z″; the others spread them over the measured decades. Guesses are physically guided
    (see the module docstring): L from Im Z/ω at the top frequency, R from real-axis
    intercepts, C and CPE Q from each arc's apex frequency and from the low-frequency Z″ and
    slope.

    Parameters
    ----------
    circuit : Circuit
        The compiled circuit.
    f : numpy.ndarray
        Shape (n_points,), frequencies in Hz, decreasing.
    Z : numpy.ndarray
        Shape (n_points,), complex impedance in Ω.
    n_starts : int
        How many starting vectors.

    Returns
    -------
    list of numpy.ndarray
        ``n_starts`` vectors of shape (n_parameters,), in impedance.py's parameter order and
        units (Ω, F, H, Ω⁻¹·s^α, ...).

    Notes
    -----
    hydrion's own heuristics.
    """
    omega = 2 * math.pi * f
    top = inductive_points(Z)
    L_guess = Z.imag[0] / omega[0] if top else 1e-2 * abs(Z[0]) / omega[0]
    Zc = Z[top:] if Z.size - top >= 3 else Z
    fc = f[top:] if Z.size - top >= 3 else f
    valley = _valley(Zc)
    r_low = float(np.max(Zc.real))
    r_floor = 1e-6 * float(np.max(np.abs(Zc)))  # keeps R > 0 where Z′ is 0 (no arc)
    r_high = max(float(Zc.real[0]), r_floor)
    arcs = circuit.arcs()
    top_arc = int(np.argmax(-Zc.imag[: valley + 1]))
    apex = float(fc[top_arc])
    # a semicircle's apex lies at half its width: this also sizes an arc cut off at f_min
    width = max(float(Zc.real[valley]) - r_high, 2 * (float(Zc.real[top_arc]) - r_high))
    r_arc = max(width, 1e-3 * r_low, r_floor) / max(len(arcs), 1)
    decades = np.logspace(np.log10(f.min()), np.log10(f.max()), max(n_starts, 2))
    apex_choices = [apex, *decades[::-1]][:n_starts]
    alpha_low = _low_frequency_slope(f, Z)
    w_low, z_low = float(omega[-1]), max(abs(float(Z.imag[-1])), 1e-12)
    series = circuit.series_elements()
    first_series_R = next((n for n in series if element_kind(n) == "R"), None)
    starts = []
    for choice in apex_choices:
        guess: dict[str, float] = {}
        for position, (resistor, capacitor) in enumerate(arcs):
            f_arc = choice / 10 ** (2 * position)
            guess[resistor] = r_arc
            if element_kind(capacitor) == "CPE":
                guess[f"{capacitor}_0"] = (2 * math.pi * f_arc) ** -0.9 / r_arc
                guess[f"{capacitor}_1"] = 0.9
            else:
                guess[capacitor] = 1.0 / (2 * math.pi * f_arc * r_arc)
        for name in series:
            kind = element_kind(name)
            if kind == "CPE":
                guess[f"{name}_0"] = 1.0 / (
                    z_low * w_low**alpha_low * math.sin(alpha_low * math.pi / 2)
                )
                guess[f"{name}_1"] = alpha_low
            elif kind == "C":
                guess[name] = 1.0 / (w_low * z_low)
        if first_series_R:
            guess[first_series_R] = r_high
        point = [
            guess.get(name, _generic_guess(name, unit, L_guess, r_arc, z_low, w_low, choice))
            for name, unit in zip(circuit.names, circuit.units, strict=True)
        ]
        starts.append(np.array(point, dtype=float))
    return starts


def _generic_guess(name, unit, L_guess, r_arc, z_low, w_low, f_arc) -> float:
    """A start for an element not placed by the spectrum's shape, from its unit."""
    kind = element_kind(name)
    if kind == "L":
        return max(L_guess, 1e-15)
    if kind == "W":  # semi-infinite Warburg, Z = A_W (1 − j)/√ω
        return z_low * math.sqrt(w_low)
    if unit == "":
        return 0.8
    if unit == "sec":
        return 1.0 / w_low if kind in ("Wo", "Ws") else 1.0 / (2 * math.pi * f_arc)
    if unit.startswith("Ohm^-1") or unit == "F":
        return 1.0 / (w_low * z_low)
    if unit.startswith("H"):
        return max(L_guess, 1e-15)
    return r_arc
