"""Equivalent circuits in impedance.py syntax, compiled once for fast evaluation.

:class:`Circuit` evaluates a circuit string (``L0-R0-p(R1,CPE1)-CPE2``) with impedance.py's
own element functions (MIT) and knows its parts: series resistors, parallel R‖C/CPE arcs,
inductors. Starting values for fitting a circuit to a spectrum are in
:mod:`hydrion.experiment.eis_shape`.
"""

from __future__ import annotations

import importlib.util
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
