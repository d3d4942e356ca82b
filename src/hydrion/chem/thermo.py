"""The bundled thermochemistry table: standard formation data of phases, each with a source.

Data live in ``chem/data/thermo/*.yaml`` (one file per chemical family, so additions
stay reviewable). Each entry is one phase at 298.15 K and 1 bar:

* ``dHf_kJ_per_mol``: standard enthalpy of formation from the elements;
* ``S_J_per_mol_K``: absolute third-law entropy;
* ``dGf_kJ_per_mol``: standard Gibbs energy of formation, where the source gives it;
* ``shomate``: optional NIST Shomate coefficients A..H (t = T/1000 K) for Cp(T), H(T), S(T),
  with their validity range;
* ``derived``: instead of ``dHf_kJ_per_mol``, a published decomposition enthalpy per mol H2
  (``reaction`` with the phase as its only reactant); the loader turns it into ΔfH from
  the products' entries, so the stored number is the published one.

Conventions of :func:`phase_energy_kJ_per_mol` (what reaction energies are built from):

* ``"enthalpy"``: ΔfH(298 K) alone, the 0 K-like choice of DFT papers (ΔS of reaction = 0);
* ``"gibbs298"``: the apparent Gibbs energy ΔfH − T·S° (absolute entropies; the elements'
  terms cancel in any balanced reaction). At T ≠ 298.15 K it uses the Shomate H(T) and S(T)
  where every phase has them, else ΔfH(298) − T·S°(298) (Ulich: ΔCp = 0), with a warning.

Energies are per formula unit as written in ``formula``. A phase the table lacks raises
:class:`~hydrion.errors.MissingDataError` naming it; nothing is guessed.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hydrion.chem.formula import parse_formula
from hydrion.errors import MissingDataError, RecordValidationError
from hydrion.kb.records import Source

THERMO_PACKAGE = "hydrion.chem.data.thermo"
STANDARD_T_K = 298.15
Convention = Literal["gibbs298", "enthalpy"]
CONVENTIONS: tuple[str, ...] = ("gibbs298", "enthalpy")


class Shomate(BaseModel):
    """NIST Shomate coefficients: Cp = A + B t + C t² + D t³ + E/t² (J/mol/K), t = T/1000."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    A: float
    B: float
    C: float
    D: float
    E: float
    F: float
    G: float
    H: float
    T_min_K: float = Field(gt=0)
    T_max_K: float = Field(gt=0)


class Derivation(BaseModel):
    """A published decomposition enthalpy from which ΔfH of the phase is derived."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    reaction: str = Field(description="e.g. 'Na3AlH6 -> 3NaH + Al + 1.5H2'")
    dHr_kJ_per_mol_H2: float = Field(description="reaction enthalpy per mol H2 released")


class ThermoEntry(BaseModel):
    """Standard formation data of one phase at 298.15 K."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    formula: str
    state: Literal["s", "l", "g"] = "s"
    dHf_kJ_per_mol: float | None = None
    S_J_per_mol_K: float | None = Field(None, gt=0)
    dGf_kJ_per_mol: float | None = None
    shomate: Shomate | None = None
    derived: Derivation | None = None
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _has_energy(self) -> ThermoEntry:
        parse_formula(self.formula)
        if self.dHf_kJ_per_mol is None and self.dGf_kJ_per_mol is None and not self.derived:
            raise ValueError("an entry needs dHf_kJ_per_mol, dGf_kJ_per_mol or derived")
        return self

    @property
    def reduced_formula(self) -> str:
        return parse_formula(self.formula).reduced_formula


def _load_file(name: str, text: str) -> list[ThermoEntry]:
    raw = yaml.safe_load(text) or []
    if not isinstance(raw, list):
        raise RecordValidationError(f"{name}: expected a list of thermochemistry entries")
    entries = []
    for index, item in enumerate(raw):
        try:
            entries.append(ThermoEntry.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "entry"
            label = item.get("formula", f"#{index}") if isinstance(item, dict) else f"#{index}"
            raise RecordValidationError(f"{name}: {label}: {field}: {error['msg']}") from None
    return entries


@lru_cache(maxsize=1)
def thermo_table() -> dict[tuple[str, str], ThermoEntry]:
    """All bundled entries, keyed by (reduced formula, state)."""
    table: dict[tuple[str, str], ThermoEntry] = {}
    folder = resources.files(THERMO_PACKAGE)
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml"):
            continue
        for entry in _load_file(path.name, path.read_text(encoding="utf-8")):
            key = (entry.reduced_formula, entry.state)
            if key in table:
                raise RecordValidationError(f"{path.name}: {entry.formula} ({entry.state}) twice")
            table[key] = entry
    return _resolve_derived(table)


_TERM = re.compile(r"^\s*(\d+/\d+|\d*\.?\d+)?\s*(\S+)\s*$")


def _terms(side: str) -> list[tuple[float, str]]:
    terms = []
    for text in side.split(" + "):
        match = _TERM.match(text)
        if not match:
            raise RecordValidationError(f"cannot read the term {text!r} of a derived reaction")
        number = match.group(1)
        if number and "/" in number:
            top, bottom = number.split("/")
            coefficient = float(top) / float(bottom)
        else:
            coefficient = float(number) if number else 1.0
        terms.append((coefficient, match.group(2)))
    return terms


def _resolve_derived(
    table: dict[tuple[str, str], ThermoEntry],
) -> dict[tuple[str, str], ThermoEntry]:
    """Turn each ``derived`` decomposition enthalpy into ΔfH from the products' entries."""
    resolved = dict(table)
    for key, entry in table.items():
        if entry.derived is None or entry.dHf_kJ_per_mol is not None:
            continue
        left, _, right = entry.derived.reaction.partition("->")
        reactants, products = _terms(left), _terms(right)
        if len(reactants) != 1 or parse_formula(reactants[0][1]) != parse_formula(entry.formula):
            raise RecordValidationError(
                f"{entry.formula}: a derived reaction must have the phase as its only reactant"
            )
        enthalpy = 0.0
        n_h2 = 0.0
        for coefficient, formula in products:
            product = _find(resolved, formula)
            if product.dHf_kJ_per_mol is None:
                raise RecordValidationError(f"{entry.formula}: {formula} has no dHf to derive from")
            enthalpy += coefficient * product.dHf_kJ_per_mol
            if parse_formula(formula).reduced_formula == "H2":
                n_h2 += coefficient
        if n_h2 <= 0:
            raise RecordValidationError(f"{entry.formula}: a derived reaction must release H2")
        dHf = (enthalpy - n_h2 * entry.derived.dHr_kJ_per_mol_H2) / reactants[0][0]
        resolved[key] = entry.model_copy(update={"dHf_kJ_per_mol": dHf})
    return resolved


def _find(table: dict[tuple[str, str], ThermoEntry], formula: str) -> ThermoEntry:
    reduced = parse_formula(formula).reduced_formula
    for state in ("s", "l", "g"):
        if (reduced, state) in table:
            return table[(reduced, state)]
    raise RecordValidationError(f"derived entry needs {formula}, which is not in the table")


def lookup(formula: str, state: str | None = None) -> ThermoEntry:
    """The entry for ``formula`` (any state, solid preferred, unless ``state`` is given)."""
    reduced = parse_formula(formula).reduced_formula
    table = thermo_table()
    states = [state] if state else ["s", "l", "g"]
    for candidate in states:
        if (reduced, candidate) in table:
            return table[(reduced, candidate)]
    raise MissingDataError(
        f"no thermodynamic data for {formula}; add it to hydrion/chem/data/thermo/ "
        "or pass your own energies"
    )


def shomate_H_minus_H298_kJ(shomate: Shomate, temperature_K: float) -> float:
    """H(T) − H(298.15 K) in kJ/mol from NIST Shomate coefficients."""
    t = temperature_K / 1000.0
    c = shomate
    return c.A * t + c.B * t**2 / 2 + c.C * t**3 / 3 + c.D * t**4 / 4 - c.E / t + c.F - c.H


def shomate_S_J_per_mol_K(shomate: Shomate, temperature_K: float) -> float:
    """Absolute entropy S(T) in J/mol/K from NIST Shomate coefficients."""
    t = temperature_K / 1000.0
    c = shomate
    return c.A * math.log(t) + c.B * t + c.C * t**2 / 2 + c.D * t**3 / 3 - c.E / (2 * t**2) + c.G


def _elements_entropy(formula: str) -> float:
    """Σ ν·S° of the elements in their standard states that form ``formula`` (J/K)."""
    total = 0.0
    for element, amount in parse_formula(formula).items():
        symbol = element.symbol
        diatomic = symbol in {"H", "N", "O", "F", "Cl"}
        entry = lookup(f"{symbol}2" if diatomic else symbol)
        if entry.S_J_per_mol_K is None:
            raise MissingDataError(f"no entropy S° for the element {entry.formula}")
        total += float(amount) / (2 if diatomic else 1) * entry.S_J_per_mol_K
    return total


def phase_energy_kJ_per_mol(
    entry: ThermoEntry,
    convention: Convention = "gibbs298",
    temperature_K: float = STANDARD_T_K,
    use_shomate: bool = True,
) -> float:
    """Energy of one formula unit for reaction energies (see the module docstring).

    Raises MissingDataError naming the phase and the missing quantity.
    """
    if convention not in CONVENTIONS:
        raise MissingDataError(
            f"unknown energy convention {convention!r}; use one of {CONVENTIONS}"
        )
    enthalpy = entry.dHf_kJ_per_mol
    if convention == "enthalpy":
        if enthalpy is None:
            raise MissingDataError(f"no formation enthalpy for {entry.formula}")
        return enthalpy
    entropy = entry.S_J_per_mol_K
    if enthalpy is None or entropy is None:
        if entry.dGf_kJ_per_mol is not None and abs(temperature_K - STANDARD_T_K) < 1e-6:
            return entry.dGf_kJ_per_mol - STANDARD_T_K * _elements_entropy(entry.formula) / 1e3
        raise MissingDataError(
            f"no entropy S° for {entry.formula} (needed by the gibbs298 convention; "
            "try the enthalpy convention)"
        )
    if use_shomate and entry.shomate is not None and abs(temperature_K - STANDARD_T_K) > 1e-6:
        enthalpy += shomate_H_minus_H298_kJ(entry.shomate, temperature_K)
        entropy = shomate_S_J_per_mol_K(entry.shomate, temperature_K)
    return enthalpy - temperature_K * entropy / 1e3
