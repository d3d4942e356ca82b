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

A user's own energies (a JSON file, or pymatgen entries in memory) are read by
:mod:`hydrion.stability.user_energies`, which also holds :func:`energy_source`, the entry
point that picks the bundled table or a user's file; those names stay importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pymatgen.analysis.phase_diagram import PDEntry, PhaseDiagram
from pymatgen.core import Composition, Element

from hydrion.chem.formula import parse_formula
from hydrion.chem.thermo import (
    BASIS_TEXT,
    CONSISTENT_BASES,
    ThermoEntry,
    formation_gibbs_kJ_per_mol,
    no_thermo_data,
    thermo_table,
    user_energies_hint,
)
from hydrion.constants import KJ_PER_MOL_PER_EV
from hydrion.errors import InputError, MissingDataError
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
            raise MissingDataError(f"{no_thermo_data(formula, self.label)}; {user_energies_hint()}")
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


def table_entries(
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
    entries, excluded = table_entries(thermo_table().values(), convention)
    return EnergySource(entries, convention, f"bundled table, {convention}", excluded)


# The readers of a user's energies moved to user_energies; they stay importable from here.
_USER_ENERGIES = frozenset(
    {
        "ENTRY_TYPES",
        "as_energy_source",
        "energy_source",
        "from_entries",
        "from_user_file",
        "read_entry_dict",
    }
)


def __getattr__(name: str) -> Any:
    """A name of :mod:`hydrion.stability.user_energies`, imported on first use (PEP 562)."""
    if name in _USER_ENERGIES:
        from hydrion.stability import user_energies

        return getattr(user_energies, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
