"""Checks that the energies of one phase diagram share one basis.

Two published regularities of the borohydrides serve as checks (issue 10, point 3):

* cation exchange (metathesis) between salts of one anion, e.g.
  LiBH4 + NaH → NaBH4 + LiH (−32 kJ from the CRC Handbook values), releases or takes at
  most a few tens of kJ per exchanged cation pair; a value of hundreds of kJ means the two salts'
  energies come from different bases;
* NaBH4 holds its hydrogen more strongly than LiBH4 (experimental decomposition enthalpies
  about 108 and 74 kJ/mol H2: Martelli et al., J. Phys. Chem. C 114 (2010) 7173; Mauron et al.,
  J. Phys. Chem. B 112 (2008) 906), so the first H2 release of NaBH4 must cost more per H2.
"""

from __future__ import annotations

from pymatgen.core import Element

from hydrion.chem.formula import parse_formula
from hydrion.constants import KJ_PER_MOL_PER_EV
from hydrion.stability.energies import EnergySource
from hydrion.stability.window import phase_name


def reaction_enthalpy_kJ(
    reactants: dict[str, float], products: dict[str, float], energies: EnergySource
) -> float:
    """Σ ν E(products) − Σ ν E(reactants) in kJ, per the coefficients given (mol).

    Energies are those of ``energies`` (formation energies per formula unit as tabulated);
    MissingDataError names a phase without one.
    """

    def total(side: dict[str, float]) -> float:
        energy = 0.0
        for formula, coefficient in side.items():
            entry = energies.entry(formula)
            per_unit = entry.energy / entry.composition.num_atoms
            energy += coefficient * per_unit * parse_formula(formula).num_atoms
        return energy

    return (total(products) - total(reactants)) * KJ_PER_MOL_PER_EV


def first_h2_release(formula: str, energies: EnergySource) -> tuple[float, tuple[str, ...]]:
    """Enthalpy (kJ per mol H2) of the first equilibrium H2 release of a hydride, and products.

    From the hull of the phase's own chemical system with hydrogen open: the H chemical
    potential at which the phase first gives off hydrogen is −ΔH per H atom (ΔH per H2 is
    twice that).
    """
    composition = parse_formula(formula)
    elements = {el.symbol for el in composition.elements}
    diagram = energies.phase_diagram(elements)
    reference = diagram.el_refs[Element("H")].energy_per_atom
    for step in diagram.get_element_profile(Element("H"), composition):
        if step["evolution"] < -1e-6:
            mu = float(step["chempot"]) - reference
            names = tuple(sorted(phase_name(e) for e in step["entries"]))
            return -2 * mu * KJ_PER_MOL_PER_EV, names
    raise ValueError(f"{formula} releases no hydrogen in these energies")
