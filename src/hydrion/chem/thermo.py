"""The bundled thermochemistry table: standard formation data of phases, each with a source.

Data live in ``chem/data/thermo/*.yaml`` (one file per chemical family, so additions
stay reviewable). Each entry is one phase at 298.15 K and 1 bar:

* ``dHf_kJ_per_mol``: standard enthalpy of formation from the elements;
* ``S_J_per_mol_K``: absolute third-law entropy;
* ``dGf_kJ_per_mol``: standard Gibbs energy of formation, where the source gives it;
* ``shomate``: optional NIST Shomate coefficients A..H (t = T/1000 K) for Cp(T), H(T), S(T),
  with their validity range;
* ``derived``: instead of ``dHf_kJ_per_mol``, a published reaction enthalpy per mol H2
  released (``reaction`` with the phase on either side, once, and H2 among the products); the
  loader turns it into ΔfH from the other phases' entries, so the stored number is the
  published one;
* ``basis``: what kind of number ΔfH is, so that one phase diagram uses one basis:
  ``experiment`` (calorimetry, handbook; the default for handbook/experiment sources),
  ``dft_anchored`` (a DFT *reaction* enthalpy combined with handbook ΔfH of the other phases,
  i.e. an experiment-anchored correction of the DFT energy), or ``dft_formation`` (a raw 0 K
  DFT formation energy, which does not mix with the other two; see
  :data:`CONSISTENT_BASES`);
* ``ill_determined``: why a value is uncertain (windows report their sensitivity to it).

The Gibbs energy of formation at 298.15 K has one implementation,
:func:`formation_gibbs_kJ_per_mol`: ΔfH − T(S − Σ S_elements) where ΔfH and S are tabulated (so
that it agrees with the Shomate path at other temperatures), else the tabulated ΔfG, with the
elements in their standard states at 298.15 K and 1 bar (H2, N2, O2, F2 and Cl2 gases, Br2
liquid and I2 solid, each as the diatomic molecule: S° per mole of X2, halved per atom).
Without a tabulated S° the entropy is estimated (:func:`entropy_J_per_mol_K`, the method in
:data:`ENTROPY_ESTIMATE`) and every result built on it says so; nothing else is filled in.

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
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hydrion.bundled_yaml import parse_yaml
from hydrion.chem.formula import parse_formula
from hydrion.errors import MissingDataError, RecordValidationError
from hydrion.sources import Source

THERMO_PACKAGE = "hydrion.chem.data.thermo"
STANDARD_T_K = 298.15
ThermoBasis = Literal["gibbs298", "enthalpy"]
CONVENTIONS: tuple[str, ...] = get_args(ThermoBasis)
Basis = Literal["experiment", "dft_anchored", "dft_formation"]
# Bases that share one reference (handbook ΔfH of the elements' compounds) and so mix.
CONSISTENT_BASES: frozenset[str] = frozenset({"experiment", "dft_anchored"})
BASIS_TEXT = {
    "experiment": "calorimetric/handbook",
    "dft_anchored": "DFT reaction enthalpy anchored on handbook data",
    "dft_formation": "raw 0 K DFT formation energy",
}
# How a missing S° is estimated, as shown to the user next to every result that uses it.
ENTROPY_ESTIMATE = (
    "S° not tabulated; estimated as Σ S° of its condensed elements, i.e. ΔfS ≈ −Σ S° of the "
    "gaseous elements bound (solid entropies taken to cancel; for a hydride ΔfS ≈ −S°(H2) per "
    "H2 bound: A. Züttel, Mater. Today 6 (2003) 24, doi:10.1016/S1369-7021(03)00922-2)"
)
# Elements whose standard state is a diatomic molecule, and those that are gases at 298 K.
DIATOMIC_ELEMENTS = frozenset({"H", "N", "O", "F", "Cl", "Br", "I"})
GASEOUS_ELEMENTS = frozenset({"H", "N", "O", "F", "Cl"})


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
    basis: Basis | None = None
    ill_determined: str | None = None
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _has_energy(self) -> ThermoEntry:
        parse_formula(self.formula)
        if self.dHf_kJ_per_mol is None and self.dGf_kJ_per_mol is None and not self.derived:
            raise ValueError("an entry needs dHf_kJ_per_mol, dGf_kJ_per_mol or derived")
        if self.source.kind == "calculation" and self.basis is None:
            raise ValueError("a calculated value needs its basis (dft_anchored or dft_formation)")
        return self

    @property
    def energy_basis(self) -> str:
        """The basis of ΔfH: the stated one, else ``experiment`` (handbook/experiment)."""
        return self.basis or "experiment"

    @property
    def reduced_formula(self) -> str:
        return parse_formula(self.formula).reduced_formula


def _load_file(name: str, text: str) -> list[ThermoEntry]:
    raw = parse_yaml(text) or []
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
    """Turn each ``derived`` reaction enthalpy into ΔfH from the other phases' entries.

    ΔrH = n(H2)·ΔH per H2 = Σ ν ΔfH(products) − Σ ν ΔfH(reactants), solved for the one
    term that is the phase itself.
    """
    resolved = dict(table)
    for key, entry in table.items():
        if entry.derived is None or entry.dHf_kJ_per_mol is not None:
            continue
        left, _, right = entry.derived.reaction.partition("->")
        target = parse_formula(entry.formula)
        own: list[float] = []  # signed coefficients of the phase (+ product, − reactant)
        known = 0.0  # Σ ν ΔfH(products) − Σ ν ΔfH(reactants) over the other phases
        n_h2 = 0.0
        for sign, side in ((-1.0, left), (1.0, right)):
            for coefficient, formula in _terms(side):
                if parse_formula(formula) == target:
                    own.append(sign * coefficient)
                    continue
                other = _find(resolved, formula)
                if other.dHf_kJ_per_mol is None:
                    raise RecordValidationError(
                        f"{entry.formula}: {formula} has no dHf to derive from"
                    )
                known += sign * coefficient * other.dHf_kJ_per_mol
                if sign > 0 and parse_formula(formula).reduced_formula == "H2":
                    n_h2 += coefficient
        if len(own) != 1:
            raise RecordValidationError(
                f"{entry.formula}: a derived reaction must contain the phase exactly once"
            )
        if n_h2 <= 0:
            raise RecordValidationError(f"{entry.formula}: a derived reaction must release H2")
        dHf = (n_h2 * entry.derived.dHr_kJ_per_mol_H2 - known) / own[0]
        resolved[key] = entry.model_copy(update={"dHf_kJ_per_mol": dHf})
    return resolved


def _find(table: dict[tuple[str, str], ThermoEntry], formula: str) -> ThermoEntry:
    reduced = parse_formula(formula).reduced_formula
    for state in ("s", "l", "g"):
        if (reduced, state) in table:
            return table[(reduced, state)]
    raise RecordValidationError(f"derived entry needs {formula}, which is not in the table")


def no_thermo_data(formula: str, table: str = "hydrion's thermochemistry table") -> str:
    """'no thermodynamic data for CaAlH5 (hydrion's thermochemistry table): needed ...': how
    every refusal of a phase missing from a table of energies begins, saying which
    data would be needed (nothing is estimated in their place).

    Parameters
    ----------
    formula : str
        The phase.
    table : str
        The table that lacks it ('bundled table, enthalpy', a user's energies file).

    Returns
    -------
    str
        The message.
    """
    if len(parse_formula(formula).elements) == 1:  # an element: ΔfH° = 0 by definition
        needed = "its standard entropy S° at 298.15 K with its source (its ΔfH° is 0)"
    else:
        needed = (
            "its standard enthalpy of formation ΔfH° at 298.15 K, and its entropy S° or ΔfG° "
            "for the gibbs298 convention, each with its source"
        )
    return f"no thermodynamic data for {formula} ({table}): needed {needed}"


def user_energies_hint() -> str:
    """How a user gives energies the table lacks, for the commands that accept them
    (``hydrion window``, ``hydrion compat``): a JSON file of formation energies or pymatgen
    entries (:mod:`hydrion.stability.user_energies`)."""
    return (
        "give your own in a JSON file (--energies FILE: formation energies or pymatgen "
        "entries, with their source)"
    )


def lookup(formula: str, state: str | None = None) -> ThermoEntry:
    """The entry for ``formula`` (any state, solid preferred, unless ``state`` is given).

    Raises
    ------
    MissingDataError
        The table has no entry for the phase (:func:`no_thermo_data`: what is missing). The
        conversion-electrode analysis, which reads this table, takes no energies of a user's.
    """
    reduced = parse_formula(formula).reduced_formula
    table = thermo_table()
    states = [state] if state else ["s", "l", "g"]
    for candidate in states:
        if (reduced, candidate) in table:
            return table[(reduced, candidate)]
    raise MissingDataError(no_thermo_data(formula))


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


def element_standard_formula(symbol: str) -> str:
    """The formula of an element in its standard state: 'H2', 'I2', 'Li', ..."""
    return f"{symbol}2" if symbol in DIATOMIC_ELEMENTS else symbol


def elements_entropy_J_per_K(formula: str, only_gases: bool = False) -> float:
    """Σ ν·S° of the elements in their standard states that form ``formula`` (J/K per mol).

    ``only_gases`` counts only elements that are gases at 298 K (H2, N2, O2, F2, Cl2).
    Raises MissingDataError naming an element without a tabulated S°.
    """
    total = 0.0
    for element, amount in parse_formula(formula).items():
        symbol = element.symbol
        if only_gases and symbol not in GASEOUS_ELEMENTS:
            continue
        entry = lookup(element_standard_formula(symbol))
        if entry.S_J_per_mol_K is None:
            raise MissingDataError(f"no entropy S° for the element {entry.formula}")
        per_atom = entry.S_J_per_mol_K / parse_formula(entry.formula).num_atoms
        total += float(amount) * per_atom
    return total


def entropy_J_per_mol_K(entry: ThermoEntry) -> tuple[float, bool]:
    """S°(298.15 K) of one formula unit (J/(mol·K)), and whether it was estimated.

    The tabulated S°, else the estimate of :data:`ENTROPY_ESTIMATE`: Σ S° of the elements
    that are condensed at 298 K, i.e. ΔfS ≈ −Σ S°(gaseous elements bound). Every caller shows
    the flag to the user. Raises MissingDataError naming an element without a tabulated S°.
    """
    if entry.S_J_per_mol_K is not None:
        return entry.S_J_per_mol_K, False
    everything = elements_entropy_J_per_K(entry.formula)
    gases = elements_entropy_J_per_K(entry.formula, only_gases=True)
    return everything - gases, True


def formation_gibbs_kJ_per_mol(entry: ThermoEntry) -> tuple[float, bool]:
    """ΔfG°(298.15 K) of one formula unit (kJ/mol), and whether its entropy was estimated.

    ΔfH − T(S° − Σ S°elements) with the tabulated S°, else the tabulated ΔfG, else ΔfH with
    the estimated S° of :func:`entropy_J_per_mol_K` (flagged). Raises MissingDataError for a
    phase with neither ΔfH nor ΔfG.
    """
    if entry.dHf_kJ_per_mol is None or (
        entry.S_J_per_mol_K is None and entry.dGf_kJ_per_mol is not None
    ):
        if entry.dGf_kJ_per_mol is None:
            raise MissingDataError(f"no formation enthalpy for {entry.formula}")
        return entry.dGf_kJ_per_mol, False
    entropy, estimated = entropy_J_per_mol_K(entry)
    dS = entropy - elements_entropy_J_per_K(entry.formula)
    return entry.dHf_kJ_per_mol - STANDARD_T_K * dS / 1e3, estimated


def phase_energy_kJ_per_mol(
    entry: ThermoEntry,
    convention: ThermoBasis = "gibbs298",
    temperature_K: float = STANDARD_T_K,
    use_shomate: bool = True,
) -> float:
    """Energy of one formula unit for reaction energies (see the module docstring).

    Under ``gibbs298`` a phase without a tabulated S° gets the estimate of
    :func:`entropy_J_per_mol_K`; the caller flags it (:func:`entropy_J_per_mol_K` says
    which). Raises MissingDataError naming the phase and the missing quantity.
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
    if abs(temperature_K - STANDARD_T_K) < 1e-6:
        # apparent Gibbs energy H − T·S = ΔfG − T·Σ S°elements (the elements cancel)
        gibbs, _ = formation_gibbs_kJ_per_mol(entry)
        return gibbs - STANDARD_T_K * elements_entropy_J_per_K(entry.formula) / 1e3
    if enthalpy is None:
        raise MissingDataError(f"no formation enthalpy for {entry.formula}")
    entropy, _ = entropy_J_per_mol_K(entry)
    if use_shomate and entry.shomate is not None:
        enthalpy += shomate_H_minus_H298_kJ(entry.shomate, temperature_K)
        entropy = shomate_S_J_per_mol_K(entry.shomate, temperature_K)
    return enthalpy - temperature_K * entropy / 1e3
