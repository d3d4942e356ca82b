"""Equivalent circuits in impedance.py syntax: compiled once, with starting values per element.

:class:`Circuit` evaluates a circuit string (``L0-R0-p(R1,CPE1)-CPE2``) with impedance.py's
own element functions (MIT) and knows its parts: series resistors, parallel R‖C/CPE arcs,
inductors. :func:`starting_points` gives physically guided starting values, each in the unit
of its element (impedance.py's unit strings): L from Im Z/ω at the highest frequency, R from
the real-axis intercepts, C and CPE Q from the apex frequency of each arc and from the
low-frequency Z″ and slope, Warburg coefficients from the low-frequency Z″·√ω.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from hydrion.errors import InputError

_PARAM = re.compile(r"([A-Za-z]+)(\d+)(?:_(\d+))?")
_GROUP = re.compile(r"p\(([^()]*)\)")


def element_kind(name: str) -> str:
    """The kind of a parameter or element name ('CPE1_0' → 'CPE').

    Parameters
    ----------
    name : str
        An impedance.py element or parameter name ('R0', 'CPE1_0', 'Wo2_1').

    Returns
    -------
    str
        'R', 'C', 'CPE', 'L', 'Wo', ...; ``name`` itself where it is no such name.
    """
    match = _PARAM.fullmatch(name)
    return match.group(1) if match else name


@lru_cache(maxsize=1)
def impedance_py_elements() -> dict:
    """impedance.py's element functions (``models/circuits/elements.py``, NumPy only).

    The module is loaded from its file, without running ``impedance.models.circuits``'s
    ``__init__``, which imports matplotlib and the fitting code (≈ 0.6 s at every start).

    Returns
    -------
    dict
        Element name ('R', 'CPE', ...) to its impedance function, as impedance.py registers them.

    Raises
    ------
    hydrion.errors.InputError
        If impedance.py (extra ``hydrion[eis]``) is not installed or its elements file is missing.

    Notes
    -----
    Element definitions: impedance.py (https://github.com/ECSHackWeek/impedance.py, MIT).
    """
    name = "impedance.models.circuits.elements"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.find_spec("impedance")
        if spec is None or not spec.submodule_search_locations:
            raise InputError("impedance fits need impedance.py: pip install 'hydrion[eis]'")
        path = Path(spec.submodule_search_locations[0], "models", "circuits", "elements.py")
        elements = importlib.util.spec_from_file_location("_hydrion_impedance_elements", path)
        if elements is None or elements.loader is None:
            raise InputError(f"impedance.py's circuit elements are missing: {path}")
        module = importlib.util.module_from_spec(elements)
        elements.loader.exec_module(module)
    return module.circuit_elements


@lru_cache(maxsize=1)
def _fast_elements() -> dict:
    return {key: _unchecked(fn) for key, fn in impedance_py_elements().items()}


class _Parser:
    """impedance.py circuit syntax: elements joined by '-' in series, ``p(a,b,...)`` in
    parallel; an element is a type and a number (``R0``, ``CPE1``, ``Wo1``)."""

    _TOKEN = re.compile(r"p\(|[(),-]|[A-Za-z]+_?\d+")

    def __init__(self, text: str, elements: dict):
        self.tokens = self._TOKEN.findall(text)
        if "".join(self.tokens) != text:
            raise InputError(f"cannot read circuit {text!r}")
        self.position, self.elements = 0, elements
        self.names: list[str] = []
        self.units: list[str] = []
        self.seen: set[str] = set()

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise InputError("the circuit ends too early")
        self.position += 1
        return token

    def series(self) -> str:
        parts = [self.term()]
        while self._peek() == "-":
            self._take()
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else f"s([{','.join(parts)}])"

    def term(self) -> str:
        token = self._take()
        if token == "p(":
            parts = [self.series()]
            while self._peek() == ",":
                self._take()
                parts.append(self.series())
            if self._take() != ")":
                raise InputError("a parallel group p(...) is not closed")
            return f"p([{','.join(parts)}])"
        kind = token.rstrip("0123456789").rstrip("_")
        if not hasattr(self.elements.get(kind), "num_params") or token in self.seen:
            what = "repeated" if token in self.seen else "unknown"
            raise InputError(f"{what} circuit element {token!r}")
        self.seen.add(token)
        function = self.elements[kind]
        count = function.num_params
        first = len(self.names)
        self.names += [token] if count == 1 else [f"{token}_{i}" for i in range(count)]
        self.units += list(function.units)
        arguments = ",".join(f"P[{first + i}]" for i in range(count))
        return f"{kind}([{arguments}],F)"


class Circuit:
    """An impedance.py circuit string compiled once for fast evaluation."""

    def __init__(self, circuit: str):
        self.text = circuit.replace(" ", "")
        self._elements = _fast_elements()
        parser = _Parser(self.text, impedance_py_elements())
        try:
            expression = parser.series()
            if parser._peek() is not None:
                raise InputError(f"unexpected {parser._peek()!r}")
        except InputError as exc:
            raise InputError(f"cannot read circuit {circuit!r}: {exc}") from None
        self.names: tuple[str, ...] = tuple(parser.names)
        self.units: tuple[str, ...] = tuple(parser.units)
        self._code = compile(expression, "<circuit>", "eval")

    def __call__(self, parameters, frequency_Hz: np.ndarray) -> np.ndarray:
        """Complex impedance in Ω."""
        values = eval(self._code, self._elements, {"P": list(parameters), "F": frequency_Hz})
        return np.asarray(values, dtype=complex)

    @property
    def exponent_mask(self) -> np.ndarray:
        """True for dimensionless exponents (CPE α), fitted linearly in [0, 1]."""
        return np.array([unit == "" for unit in self.units])

    def arcs(self) -> list[tuple[str, str]]:
        """(resistor, capacitive element) of every parallel group holding one R and one C or
        CPE (``p(R1,CPE1)``, ``p(R2-Wo1,C2)``).

        Returns
        -------
        list of tuple of (str, str)
            Element names, in the order the groups appear in the circuit.
        """
        found = []
        for group in _GROUP.findall(self.text):
            parts = re.split(r"[,-]", group)
            resistors = [p for p in parts if element_kind(p) == "R"]
            capacitors = [p for p in parts if element_kind(p) in ("C", "CPE")]
            if len(resistors) == 1 and len(capacitors) == 1:
                found.append((resistors[0], capacitors[0]))
        return found

    def series_elements(self) -> list[str]:
        """Elements outside any parallel group, in order.

        Returns
        -------
        list of str
            Element names ('L0', 'R0', 'CPE2').
        """
        depth, names, token = 0, [], ""
        for char in self.text + "-":
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            if depth == 0 and char == "-":
                if _PARAM.fullmatch(token):
                    names.append(token)
                token = ""
            elif depth == 0 and char not in "()":
                token += char
            else:
                token = ""
        return names

    def series_resistors(self) -> list[str]:
        """Resistors outside any parallel group.

        Returns
        -------
        list of str
            Their element names, in order.
        """
        return [name for name in self.series_elements() if element_kind(name) == "R"]

    def inductors(self) -> list[str]:
        """Names of the inductors (impedance.py 'L' elements).

        Returns
        -------
        list of str
            Their parameter names, in order.
        """
        return [name for name in self.names if element_kind(name) == "L"]


def _unchecked(element):
    """impedance.py's element function without its per-call type check of every frequency
    (a Python loop that dominates the fit time); the arguments here are checked arrays."""
    for cell in getattr(element, "__closure__", None) or ():
        inner = cell.cell_contents
        if callable(inner) and getattr(inner, "__name__", None) == element.__name__:
            return inner
    return element


def with_series_inductor(circuit: str) -> str:
    """``circuit`` with a lead inductance in series in front (``L0-...``), unless it has one.

    Parameters
    ----------
    circuit : str
        A circuit in impedance.py syntax.

    Returns
    -------
    str
        The circuit text, with ``L<n>-`` in front (n the lowest free index) where it had no
        inductor.

    Raises
    ------
    hydrion.errors.InputError
        If the circuit string is not a valid circuit (:class:`Circuit`).
    """
    model = Circuit(circuit)
    if model.inductors():
        return model.text
    used = {int(m.group(2)) for m in map(_PARAM.fullmatch, model.names) if m and m.group(1) == "L"}
    index = next(i for i in range(len(used) + 1) if i not in used)
    return f"L{index}-{model.text}"


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
    r_high = max(float(Zc.real[0]), 1e-6 * float(np.max(np.abs(Zc))))
    arcs = circuit.arcs()
    top_arc = int(np.argmax(-Zc.imag[: valley + 1]))
    apex = float(fc[top_arc])
    # a semicircle's apex lies at half its width: this also sizes an arc cut off at f_min
    width = max(float(Zc.real[valley]) - r_high, 2 * (float(Zc.real[top_arc]) - r_high))
    r_arc = max(width, 1e-3 * r_low) / max(len(arcs), 1)
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
