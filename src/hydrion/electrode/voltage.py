"""Equilibrium potentials of reaction steps, E = −ΔG/(nF), from the thermochemistry table.

An :class:`EnergyModel` gives the energy of each phase under one convention
(``gibbs298`` or ``enthalpy``, see :mod:`hydrion.chem.thermo`) and temperature, and
remembers which entries it used (the sources) and which were missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hydrion.chem.formula import parse_formula
from hydrion.chem.reactions import reaction_energy_kJ
from hydrion.chem.thermo import (
    ENTROPY_ESTIMATE,
    STANDARD_T_K,
    ThermoBasis,
    ThermoEntry,
    entropy_J_per_mol_K,
    lookup,
    phase_energy_kJ_per_mol,
)
from hydrion.constants import FARADAY_C_PER_MOL
from hydrion.errors import InputError, MissingDataError

# |E| below which a step's sign (or a path's choice) is not decided by the tabulated data:
# an ASSUMED uncertainty of ΔrG of 4.8 kJ per mol of electrons (hydrion's flag threshold,
# not a measured error bar)
UNCERTAIN_E_V = 0.05


def describe_source(entry: ThermoEntry) -> str:
    """'LiH: CRC Handbook ...' style one-line provenance of a thermochemistry entry."""
    source = entry.source
    parts = [source.citation or ""]
    if source.refs:
        parts.append("review ref. " + ", ".join(str(r) for r in source.refs))
    if source.doi:
        parts.append(f"doi:{source.doi}")
    return f"{entry.formula}: " + "; ".join(p for p in parts if p)


@dataclass
class EnergyModel:
    """Phase energies (kJ per formula unit as written) under one convention and temperature."""

    convention: ThermoBasis = "gibbs298"
    temperature_K: float = STANDARD_T_K
    use_shomate: bool = True
    used: dict[str, ThermoEntry] = field(default_factory=dict)

    def entry(self, formula: str) -> ThermoEntry:
        return lookup(formula, "s")

    def energy(self, formula: str) -> float:
        """Energy of ``formula`` as written (scaled from the table's formula unit)."""
        entry = self.entry(formula)
        scale = parse_formula(formula).num_atoms / parse_formula(entry.formula).num_atoms
        value = phase_energy_kJ_per_mol(
            entry, self.convention, self.temperature_K, self.use_shomate
        )
        self.used[entry.formula] = entry
        return scale * value

    def has(self, formula: str) -> bool:
        try:
            self.energy(formula)
        except MissingDataError:
            return False
        return True

    def sources(self) -> list[str]:
        return [describe_source(entry) for entry in self.used.values()]

    def entropy_notes(self, formulas: Iterable[str]) -> list[str]:
        """One line per phase among ``formulas`` whose energy rests on an estimated S°
        (gibbs298 only; the method in :data:`hydrion.chem.thermo.ENTROPY_ESTIMATE`)."""
        return [f"{formula}: {ENTROPY_ESTIMATE}" for formula in self.estimated_entropy(formulas)]

    def estimated_entropy(self, formulas: Iterable[str]) -> tuple[str, ...]:
        """The phases among ``formulas`` whose energy uses an estimated S° (gibbs298 only)."""
        if self.convention != "gibbs298":
            return ()
        found = []
        for formula in dict.fromkeys(formulas):
            try:
                entry = self.entry(formula)
            except MissingDataError:
                continue
            if entropy_J_per_mol_K(entry)[1]:
                found.append(entry.formula)
        return tuple(dict.fromkeys(found))

    def entropy(self, formula: str) -> float:
        """S°(298.15 K) of ``formula`` as written, J/K (tabulated or estimated)."""
        entry = self.entry(formula)
        scale = parse_formula(formula).num_atoms / parse_formula(entry.formula).num_atoms
        return scale * entropy_J_per_mol_K(entry)[0]

    def basis_notes(self) -> list[str]:
        """How each used ΔfH that was derived from a published reaction enthalpy was read."""
        return [derivation_note(e) for e in self.used.values() if e.derived is not None]


def derivation_note(entry: ThermoEntry) -> str:
    """'LiNa2AlH6: ΔfH = −xxx kJ/mol from 53 kJ per mol H2 of LiNa2AlH6 -> ... [140] (note)'.

    Says which reaction and which basis (per mol H2 released) a quoted enthalpy was read on,
    so a reader can check the reading against the source.
    """
    derived = entry.derived
    if derived is None:
        raise InputError(f"{entry.formula}: its ΔfH is tabulated, not derived from a reaction")
    refs = f" [{', '.join(map(str, entry.source.refs))}]" if entry.source.refs else ""
    note = f" ({entry.note})" if entry.note else ""
    return (
        f"{entry.formula}: ΔfH = {entry.dHf_kJ_per_mol:.1f} kJ/mol derived from "
        f"{derived.dHr_kJ_per_mol_H2:g} kJ per mol H2 released in {derived.reaction}{refs}{note}"
    )


def step_voltage_V(
    reactants: Mapping[str, float],
    products: Mapping[str, float],
    electrons: float,
    model: EnergyModel,
) -> float:
    """E = −ΔrG/(nF) in volts vs the ion's metal, for ``electrons`` transferred."""
    delta_kJ = reaction_energy_kJ(reactants, products, model.energy)
    return -delta_kJ * 1e3 / (electrons * FARADAY_C_PER_MOL)
