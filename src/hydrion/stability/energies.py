"""Phase energies for phase diagrams: the bundled thermochemistry table or the user's own.

Two conventions, both with the elements in their standard states at zero:

* ``enthalpy``: ΔfH°(298 K) per formula unit. Entropy is ignored, so it is the experimental
  counterpart of 0 K DFT formation energies (DFT windows in the literature use this).
* ``gibbs298``: ΔfG°(298 K) per formula unit, from
  :func:`hydrion.chem.thermo.formation_gibbs_kJ_per_mol` (the one implementation). It counts
  the gas entropy of H2 (130.7 J/mol/K, ≈0.40 eV per H2 at 298 K) that a phase gives up when it
  binds hydrogen. Where a phase has no tabulated S°, it is estimated as the electrode module
  does (:func:`hydrion.chem.thermo.entropy_J_per_mol_K`); such phases are flagged
  ``estimated`` and windows built on them say so.

One basis per diagram: the bundled diagrams use only energies on the handbook basis
(:data:`hydrion.chem.thermo.CONSISTENT_BASES`: calorimetric/handbook values, and DFT reaction
enthalpies anchored on them). A raw 0 K DFT formation energy (Na2B12H12) does not mix with
them and is left out, with the reason given when a window needs it.

User energies come as JSON: either a list of formation-energy records
(``formula``, ``dHf_kJ_per_mol`` and/or ``dGf_kJ_per_mol``, optional ``S_J_per_mol_K``,
``state``, ``source``), or a list of serialised pymatgen ``ComputedEntry``/``PDEntry``
objects (total DFT energies with elemental references, used on their own as a third, ``dft``
convention), read by an explicit schema (:func:`read_entry_dict`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationError
from pymatgen.analysis.phase_diagram import PDEntry, PhaseDiagram
from pymatgen.core import Composition, Element

from hydrion.chem.formula import parse_formula
from hydrion.chem.thermo import (
    BASIS_TEXT,
    CONSISTENT_BASES,
    ThermoEntry,
    formation_gibbs_kJ_per_mol,
    thermo_table,
)
from hydrion.constants import KJ_PER_MOL_PER_EV
from hydrion.errors import FileFormatError, InputError, MissingDataError
from hydrion.sources import Source

EnergyBasis = Literal["enthalpy", "gibbs298", "dft"]
CONVENTIONS: tuple[EnergyBasis, ...] = ("enthalpy", "gibbs298")


def energy_basis(convention: str) -> EnergyBasis:
    """``convention`` (text, e.g. from the command line) as one of :data:`CONVENTIONS`;
    InputError for any other."""
    for basis in CONVENTIONS:
        if basis == convention:
            return basis
    raise InputError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")


CONVENTION_TEXT = {
    "enthalpy": (
        "ΔfH°(298 K) only: no entropy term, so no temperature or p(H2) dependence "
        "(≈ 0 K-like, comparable to 0 K DFT)"
    ),
    "gibbs298": (
        "ΔfG° = ΔfH° − T·S° at T = 298.15 K and p(H2) = 1 bar, counting the gas entropy of H2 "
        "and other gaseous elements"
    ),
    "dft": "user-supplied total DFT energies (0 K)",
}


@dataclass(frozen=True)
class PhaseEnergy:
    """Formation energy of one phase, eV per formula unit, in one convention.

    ``basis`` says what kind of number it is (see :data:`hydrion.chem.thermo.BASIS_TEXT`);
    ``ill_determined`` why it is uncertain, where it is.
    """

    formula: str
    state: str
    energy_eV: float
    source: Source
    estimated: bool = False
    basis: str = "experiment"
    ill_determined: str | None = None

    @property
    def kind(self) -> str:
        """'handbook', 'calorimetry', 'DFT-anchored', 'DFT', 'user' for tables and plots."""
        if self.source.kind == "user":
            return "user"
        if self.basis == "dft_anchored":
            return "DFT reaction enthalpy + handbook"
        if self.basis == "dft_formation":
            return "DFT formation energy"
        return "calorimetry" if self.source.kind == "experiment" else "handbook"


def phase_energy(entry: ThermoEntry, convention: EnergyBasis) -> PhaseEnergy:
    """The energy of a table entry in ``convention`` (eV per formula unit as written)."""
    estimated = False
    if convention == "enthalpy":
        if entry.dHf_kJ_per_mol is not None:
            kj = entry.dHf_kJ_per_mol
        elif entry.dGf_kJ_per_mol is not None:
            kj, estimated = entry.dGf_kJ_per_mol, True
        else:
            raise MissingDataError(f"{entry.formula}: no formation enthalpy or Gibbs energy")
    elif convention == "gibbs298":
        kj, estimated = formation_gibbs_kJ_per_mol(entry)
    else:
        raise InputError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    return PhaseEnergy(
        formula=entry.formula,
        state=entry.state,
        energy_eV=kj / KJ_PER_MOL_PER_EV,
        source=entry.source,
        estimated=estimated,
        basis=entry.energy_basis,
        ill_determined=entry.ill_determined,
    )


class EnergySource:
    """A set of phase energies that builds (and caches) phase diagrams per chemical system."""

    def __init__(
        self,
        entries: Iterable[PDEntry],
        convention: EnergyBasis,
        label: str,
        excluded: dict[str, str] | None = None,
    ):
        self.convention = convention
        self.label = label
        self.excluded = dict(excluded or {})  # reduced formula -> why it is left out
        self._entries = list(entries)
        self._by_formula: dict[str, PDEntry] = {}
        for entry in self._entries:
            key = entry.composition.reduced_formula
            best = self._by_formula.get(key)
            if best is None or entry.energy_per_atom < best.energy_per_atom:
                self._by_formula[key] = entry
        self._diagrams: dict[frozenset[str], PhaseDiagram] = {}
        self._variants: dict[frozenset[str], EnergySource] = {}

    def has_phase(self, formula: str) -> bool:
        return parse_formula(formula).reduced_formula in self._by_formula

    def entry(self, formula: str) -> PDEntry:
        """The lowest-energy entry of ``formula``; MissingDataError naming it if absent."""
        key = parse_formula(formula).reduced_formula
        if key in self.excluded:
            raise MissingDataError(
                f"no energy for {formula} on the basis of {self.label}: {self.excluded[key]}; "
                "pass your own energies (--energies FILE)"
            )
        if key not in self._by_formula:
            raise MissingDataError(
                f"no thermodynamic data for {formula} ({self.label}); add it to "
                "hydrion/chem/data/thermo/ or pass your own energies (--energies FILE)"
            )
        return self._by_formula[key]

    def entries(self, elements: Iterable[str]) -> list[PDEntry]:
        """All entries whose elements lie in ``elements``, with zero-energy element references."""
        system = {Element(el) for el in elements}
        chosen = [e for e in self._entries if set(e.composition.elements) <= system]
        if self.convention != "dft":
            present = {e.composition.elements[0] for e in chosen if e.composition.is_element}
            chosen += [
                PDEntry(Composition(el.symbol), 0.0, name=el.symbol) for el in system - present
            ]
        return chosen

    def phase_diagram(self, elements: Iterable[str]) -> PhaseDiagram:
        """The phase diagram of a chemical system, built once and cached."""
        key = frozenset(elements)
        if key not in self._diagrams:
            try:
                self._diagrams[key] = PhaseDiagram(self.entries(key))
            except ValueError as exc:
                raise MissingDataError(
                    f"cannot build the {'-'.join(sorted(key))} phase diagram: {exc}"
                ) from None
        return self._diagrams[key]

    def source_of(self, entry: PDEntry) -> Source | None:
        """Where an entry's energy comes from (None for element references)."""
        attribute = entry.attribute
        return attribute.source if isinstance(attribute, PhaseEnergy) else None

    def is_estimated(self, entry: PDEntry) -> bool:
        attribute = entry.attribute
        return isinstance(attribute, PhaseEnergy) and attribute.estimated

    def phase_energy_of(self, entry: PDEntry) -> PhaseEnergy | None:
        """The :class:`PhaseEnergy` behind an entry (None for element references)."""
        attribute = entry.attribute
        return attribute if isinstance(attribute, PhaseEnergy) else None

    def without(self, formulas: Iterable[str], why: str) -> EnergySource:
        """The same energies less some phases (for sensitivity checks)."""
        drop = frozenset(parse_formula(f).reduced_formula for f in formulas)
        if drop not in self._variants:  # kept, so that their phase diagrams stay cached
            kept = [e for e in self._entries if e.composition.reduced_formula not in drop]
            excluded = {**self.excluded, **dict.fromkeys(drop, why)}
            label = f"{self.label} without {', '.join(sorted(drop))}"
            self._variants[drop] = EnergySource(kept, self.convention, label, excluded)
        return self._variants[drop]


def _pd_entry(energy: PhaseEnergy) -> PDEntry:
    return PDEntry(parse_formula(energy.formula), energy.energy_eV, energy.formula, energy)


def _table_entries(
    entries: Iterable[ThermoEntry], convention: EnergyBasis
) -> tuple[list[PDEntry], dict[str, str]]:
    """Entries on the handbook basis, and the phases left out with the reason."""
    kept, excluded = [], {}
    for entry in entries:
        if entry.energy_basis in CONSISTENT_BASES:
            kept.append(_pd_entry(phase_energy(entry, convention)))
        else:
            excluded[entry.reduced_formula] = (
                f"its only value is a {BASIS_TEXT[entry.energy_basis]} "
                f"({entry.source.doi or entry.source.citation}), which does not mix with the "
                "handbook basis of the other phases"
            )
    return kept, excluded


@lru_cache(maxsize=4)
def bundled(convention: EnergyBasis = "enthalpy") -> EnergySource:
    """The bundled thermochemistry table as phase-diagram entries on one energy basis (cached).

    Parameters
    ----------
    convention : {"enthalpy", "gibbs298", "dft"}
        Energy basis: formation enthalpies ΔfH, ΔfH − 298.15 K·ΔS, or DFT energies; each value
        carries its source in ``chem/data/thermo``.

    Returns
    -------
    EnergySource
        Entries (eV per formula unit) of every phase with a value on that basis, and the
        phases left out with the reason.

    Raises
    ------
    InputError
        An unknown convention.
    """
    if convention not in CONVENTIONS:
        raise InputError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    entries, excluded = _table_entries(thermo_table().values(), convention)
    return EnergySource(entries, convention, f"bundled table, {convention}", excluded)


def _user_thermo_entries(records: list, name: str) -> list[ThermoEntry]:
    entries = []
    for index, item in enumerate(records):
        if not isinstance(item, dict) or "formula" not in item:
            raise FileFormatError(f"{name}: item #{index} is not an object with a 'formula'")
        data = dict(item)
        source = data.pop("source", None)
        data["source"] = {"kind": "user", "citation": str(source) if source else name}
        try:
            entries.append(ThermoEntry.model_validate(data))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "entry"
            raise FileFormatError(f"{name}: {item['formula']}: {field}: {error['msg']}") from None
    return entries


def from_user_file(path: str | Path, convention: EnergyBasis = "enthalpy") -> EnergySource:
    """Energies from a JSON file (see the module docstring for the two accepted shapes).

    Formation-energy records are added to the bundled table (a user value replaces the
    bundled one of the same formula and state); ComputedEntries are used on their own.
    """
    path = Path(path)
    name = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{name}: not JSON ({exc.msg}, line {exc.lineno})") from None
    except UnicodeDecodeError:
        raise FileFormatError(f"{name}: not UTF-8 text") from None
    except RecursionError:
        raise FileFormatError(f"{name}: JSON nested too deeply") from None
    except OSError as exc:
        raise FileFormatError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if isinstance(raw, dict) and isinstance(raw.get("phases"), list):
        raw = raw["phases"]
    if not isinstance(raw, list) or not raw:
        raise FileFormatError(
            f"{name}: expected a non-empty JSON list of phases "
            "({'formula': ..., 'dHf_kJ_per_mol': ...}) or of pymatgen ComputedEntry objects"
        )
    if any(isinstance(item, dict) and ("@class" in item or "@module" in item) for item in raw):
        if not all(isinstance(item, dict) for item in raw):
            raise FileFormatError(f"{name}: every item must be a serialised entry object")
        return _computed_source(raw, name)
    table = dict(thermo_table())
    table.update({(e.reduced_formula, e.state): e for e in _user_thermo_entries(raw, name)})
    entries, excluded = _table_entries(table.values(), convention)
    return EnergySource(entries, convention, f"{name}, {convention}", excluded)


# Serialised entry types read from a user file, by (@module, @class). Nothing else is accepted,
# and nothing is decoded with monty: a file never decides which code runs.
ENTRY_TYPES: dict[tuple[str, str], str] = {
    ("pymatgen.entries.computed_entries", "ComputedEntry"): "ComputedEntry",
    ("pymatgen.core.entries", "ComputedEntry"): "ComputedEntry",
    ("pymatgen.entries.computed_entries", "ComputedStructureEntry"): "ComputedStructureEntry",
    ("pymatgen.core.entries", "ComputedStructureEntry"): "ComputedStructureEntry",
    ("pymatgen.analysis.phase_diagram", "PDEntry"): "PDEntry",
}


def _finite_number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FileFormatError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _composition(value, what: str) -> Composition:
    if not isinstance(value, dict) or not value:
        raise FileFormatError(f"{what}: 'composition' must be an object of element amounts")
    amounts: dict[str, float] = {}
    for symbol, amount in value.items():
        if not isinstance(symbol, str) or not Element.is_valid_symbol(symbol):
            raise FileFormatError(f"{what}: {symbol!r} is not an element symbol")
        amounts[symbol] = _finite_number(amount, f"{what}: amount of {symbol}")
        if amounts[symbol] <= 0:
            raise FileFormatError(f"{what}: amount of {symbol} must be positive")
    return Composition(amounts)


def read_entry_dict(item: dict, what: str) -> PDEntry:
    """A serialised ComputedEntry, ComputedStructureEntry or PDEntry, validated field by field.

    Only ``@module``/``@class`` pairs of :data:`ENTRY_TYPES` are accepted; the fields used are
    ``composition`` (element amounts), ``energy`` (eV, uncorrected total for ComputedEntries),
    ``correction`` (eV, the sum of the energy adjustments; default 0) and ``entry_id``/``name``.
    Nested objects (structure, energy_adjustments, parameters, data) are never decoded.
    Raises FileFormatError naming the item and the field.
    """
    module, cls = item.get("@module"), item.get("@class")
    kind = (
        ENTRY_TYPES.get((module, cls)) if isinstance(module, str) and isinstance(cls, str) else None
    )
    if kind is None:
        allowed = sorted({cls for _, cls in ENTRY_TYPES})
        raise FileFormatError(
            f"{what}: @module {str(module)[:60]!r} / @class {str(cls)[:60]!r} is not an "
            f"accepted entry type ({', '.join(allowed)} of pymatgen)"
        )
    composition = _composition(item.get("composition"), what)
    energy = _finite_number(item.get("energy"), f"{what}: energy")
    correction = 0.0
    if kind != "PDEntry" and item.get("correction") is not None:
        correction = _finite_number(item["correction"], f"{what}: correction")
    label = item.get("entry_id") if kind != "PDEntry" else item.get("name")
    if label is not None and not isinstance(label, str):
        raise FileFormatError(f"{what}: entry_id/name must be text")
    formula = composition.formula.replace(" ", "")
    total = energy + correction
    source = Source(kind="user", citation=f"{what}: {label or formula} ({kind})")
    return PDEntry(composition, total, formula, PhaseEnergy(formula, "s", total, source))


def _computed_source(raw: list[dict], name: str) -> EnergySource:
    entries = [read_entry_dict(item, f"{name}: item #{i}") for i, item in enumerate(raw)]
    return EnergySource(entries, "dft", f"{name}, DFT")


def from_entries(entries: Iterable, label: str = "user entries") -> EnergySource:
    """Energies from pymatgen entries in memory (``ComputedEntry``, ``PDEntry``, ...).

    Their energies are total energies (eV per formula unit as the entry holds it, corrections
    included) with their own elemental references, as in a DFT phase diagram; they are used on
    their own (the ``dft`` convention). Raises InputError for an object that is not an entry.
    """
    converted = []
    for index, entry in enumerate(entries):
        if not hasattr(entry, "composition") or not hasattr(entry, "energy"):
            raise InputError(f"{label}: item #{index} is not a pymatgen entry")
        formula = entry.composition.formula.replace(" ", "")
        name = getattr(entry, "entry_id", None) or getattr(entry, "name", None) or formula
        source = Source(kind="user", citation=f"{label}: {name}")
        energy = float(entry.energy)
        if not math.isfinite(energy):
            raise InputError(f"{label}: {formula} has a non-finite energy")
        converted.append(
            PDEntry(entry.composition, energy, formula, PhaseEnergy(formula, "s", energy, source))
        )
    if not converted:
        raise InputError(f"{label}: no entries")
    return EnergySource(converted, "dft", label)


def as_energy_source(energies) -> EnergySource:
    """An :class:`EnergySource` as is, or one built from pymatgen entries (:func:`from_entries`).

    Raises InputError for anything else.
    """
    if isinstance(energies, EnergySource):
        return energies
    if isinstance(energies, str | bytes | dict) or not isinstance(energies, Iterable):
        raise InputError(
            "energies must be an EnergySource (e.g. bundled('enthalpy')) or pymatgen entries"
        )
    return from_entries(energies)


def energy_source(convention: EnergyBasis = "enthalpy", path: str | Path | None = None):
    """The bundled table, or a user's energies file on top of it.

    Parameters
    ----------
    convention : {"enthalpy", "gibbs298", "dft"}
        Energy basis (see :func:`bundled`).
    path : str or pathlib.Path, optional
        A user's JSON or YAML file of energies, read by an explicit schema (never by importing
        the module names it contains).

    Returns
    -------
    EnergySource
        The entries to build phase diagrams from.

    Raises
    ------
    InputError
        An unknown convention.
    FileFormatError
        A user file that is not valid (file, item, field and problem named).
    """
    return bundled(convention) if path is None else from_user_file(path, convention)
