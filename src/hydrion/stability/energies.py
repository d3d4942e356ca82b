"""Phase energies for phase diagrams: the bundled thermochemistry table or the user's own.

Two conventions, both with the elements in their standard states at zero:

* ``enthalpy``: ΔfH°(298 K) per formula unit. Entropy is ignored, so it is the experimental
  counterpart of 0 K DFT formation energies (DFT windows in the literature use this).
* ``gibbs298``: ΔfG°(298 K) per formula unit. Where the source gives no ΔfG it is
  ΔfH − T(S − Σ S_elements). This counts the gas entropy of H2 (130.7 J/mol/K, ≈0.40 eV
  per H2 at 298 K) that a phase gives up when it binds hydrogen. Where a phase has no
  tabulated S, ΔfS is estimated as −Σ S°(gaseous elements bound): solid entropies are
  taken to cancel; such phases are flagged ``estimated``.

User energies come as JSON: either a list of formation-energy records
(``formula``, ``dHf_kJ_per_mol`` and/or ``dGf_kJ_per_mol``, optional ``S_J_per_mol_K``,
``state``, ``source``), or a list of serialised pymatgen ``ComputedEntry`` objects (total DFT
energies with elemental references, used on their own as a third, ``dft`` convention).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import ValidationError
from pymatgen.analysis.phase_diagram import PDEntry, PhaseDiagram
from pymatgen.core import Composition, Element

from hydrion.chem.formula import parse_formula
from hydrion.chem.thermo import ThermoEntry, lookup, thermo_table
from hydrion.errors import FileFormatError, InputError, MissingDataError
from hydrion.kb.records import Source

Convention = Literal["enthalpy", "gibbs298", "dft"]
CONVENTIONS: tuple[str, ...] = ("enthalpy", "gibbs298")
T_REF_K = 298.15
KJ_PER_MOL_PER_EV = 96.48533212
# Formulas of the elements in their standard states at 298 K, 1 bar.
STANDARD_ELEMENT_FORMULA = {
    "H": "H2",
    "N": "N2",
    "O": "O2",
    "F": "F2",
    "Cl": "Cl2",
    "Br": "Br2",
    "I": "I2",
}
_GASEOUS_ELEMENTS = {"H", "N", "O", "F", "Cl"}

CONVENTION_TEXT = {
    "enthalpy": "ΔfH°(298 K), entropy ignored (comparable to 0 K DFT)",
    "gibbs298": "ΔfG°(298 K), counting the gas entropy of H2 and other gaseous elements",
    "dft": "user-supplied total DFT energies (0 K)",
}


@dataclass(frozen=True)
class PhaseEnergy:
    """Formation energy of one phase, eV per formula unit, in one convention."""

    formula: str
    state: str
    energy_eV: float
    source: Source
    estimated: bool = False


def _element_entropy_per_atom(element: str) -> float:
    """S° (J/mol/K) per atom of an element in its standard state, from the table."""
    formula = STANDARD_ELEMENT_FORMULA.get(element, element)
    try:
        entry = lookup(formula)
    except MissingDataError:
        raise MissingDataError(
            f"no entropy for the element {formula}; gibbs298 needs it (add it to the "
            "thermochemistry table or use --convention enthalpy)"
        ) from None
    if entry.S_J_per_mol_K is None:
        raise MissingDataError(f"no entropy for the element {formula}; gibbs298 needs it")
    return entry.S_J_per_mol_K / parse_formula(entry.formula).num_atoms


def phase_energy(entry: ThermoEntry, convention: Convention) -> PhaseEnergy:
    """The energy of a table entry in ``convention`` (eV per formula unit as written)."""
    composition = parse_formula(entry.formula)
    estimated = False
    if convention == "enthalpy":
        if entry.dHf_kJ_per_mol is not None:
            kj = entry.dHf_kJ_per_mol
        else:
            kj, estimated = entry.dGf_kJ_per_mol, True
    elif convention == "gibbs298":
        if entry.dGf_kJ_per_mol is not None:
            kj = entry.dGf_kJ_per_mol
        else:
            bound = {el.symbol: amount for el, amount in composition.items()}
            if entry.S_J_per_mol_K is not None:
                elements_S = sum(n * _element_entropy_per_atom(el) for el, n in bound.items())
                dS = entry.S_J_per_mol_K - elements_S
            else:
                gases = {el: n for el, n in bound.items() if el in _GASEOUS_ELEMENTS}
                dS = -sum(n * _element_entropy_per_atom(el) for el, n in gases.items())
                estimated = bool(gases) and len(composition) > 1
            kj = entry.dHf_kJ_per_mol - T_REF_K * dS / 1000.0
    else:
        raise InputError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    return PhaseEnergy(
        formula=entry.formula,
        state=entry.state,
        energy_eV=kj / KJ_PER_MOL_PER_EV,
        source=entry.source,
        estimated=estimated,
    )


class EnergySource:
    """A set of phase energies that builds (and caches) phase diagrams per chemical system."""

    def __init__(self, entries: Iterable[PDEntry], convention: Convention, label: str):
        self.convention = convention
        self.label = label
        self._entries = list(entries)
        self._by_formula: dict[str, PDEntry] = {}
        for entry in self._entries:
            key = entry.composition.reduced_formula
            best = self._by_formula.get(key)
            if best is None or entry.energy_per_atom < best.energy_per_atom:
                self._by_formula[key] = entry
        self._diagrams: dict[frozenset[str], PhaseDiagram] = {}

    def has_phase(self, formula: str) -> bool:
        return parse_formula(formula).reduced_formula in self._by_formula

    def entry(self, formula: str) -> PDEntry:
        """The lowest-energy entry of ``formula``; MissingDataError naming it if absent."""
        key = parse_formula(formula).reduced_formula
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


def _pd_entry(energy: PhaseEnergy) -> PDEntry:
    return PDEntry(parse_formula(energy.formula), energy.energy_eV, energy.formula, energy)


def _table_entries(entries: Iterable[ThermoEntry], convention: Convention) -> list[PDEntry]:
    return [_pd_entry(phase_energy(entry, convention)) for entry in entries]


@lru_cache(maxsize=4)
def bundled(convention: Convention = "enthalpy") -> EnergySource:
    """The bundled thermochemistry table in ``convention`` (cached)."""
    if convention not in CONVENTIONS:
        raise InputError(f"unknown convention {convention!r}; use one of {', '.join(CONVENTIONS)}")
    entries = _table_entries(thermo_table().values(), convention)
    return EnergySource(entries, convention, f"bundled table, {convention}")


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


def from_user_file(path: str | Path, convention: Convention = "enthalpy") -> EnergySource:
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
    if isinstance(raw, dict) and isinstance(raw.get("phases"), list):
        raw = raw["phases"]
    if not isinstance(raw, list) or not raw:
        raise FileFormatError(
            f"{name}: expected a non-empty JSON list of phases "
            "({'formula': ..., 'dHf_kJ_per_mol': ...}) or of pymatgen ComputedEntry objects"
        )
    if all(isinstance(item, dict) and "@class" in item for item in raw):
        return _computed_source(raw, name)
    user = {(e.reduced_formula, e.state): e for e in _user_thermo_entries(raw, name)}
    table = {**thermo_table(), **user}
    return EnergySource(
        _table_entries(table.values(), convention), convention, f"{name}, {convention}"
    )


def _computed_source(raw: list[dict], name: str) -> EnergySource:
    from pymatgen.entries.computed_entries import ComputedEntry, ComputedStructureEntry

    entries = []
    for index, item in enumerate(raw):
        cls = ComputedStructureEntry if "structure" in item else ComputedEntry
        try:
            computed = cls.from_dict(item)
        except Exception as exc:  # pymatgen raises many types for a bad dict
            raise FileFormatError(f"{name}: item #{index} is not a ComputedEntry ({exc})") from None
        formula = computed.composition.formula.replace(" ", "")
        source = Source(kind="user", citation=f"{name}: {computed.entry_id or formula}")
        energy = PhaseEnergy(formula, "s", computed.energy, source)
        entries.append(PDEntry(computed.composition, computed.energy, formula, energy))
    return EnergySource(entries, "dft", f"{name}, DFT")


def energy_source(convention: Convention = "enthalpy", path: str | Path | None = None):
    """The bundled table, or the user's file on top of it."""
    return bundled(convention) if path is None else from_user_file(path, convention)
