"""Interface reactions between an electrolyte and an electrode (pymatgen InterfacialReactivity).

Both reactants are mixed in every ratio x (x = atom fraction of the electrolyte, pymatgen's
convention with normalised reactants); the most negative reaction energy over x, in eV per
atom of the mixture, is the driving force of the interface reaction. At an electrode potential
V the working ion is open (μ = −z·e·V against the metal): the grand-potential version then
also counts ions exchanged with the reservoir (Richards et al., Chem. Mater. 2016); each reactant
is taken at its own hull energy there, so a reactant unstable on its own (see its window) does
not count as an interface reaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pymatgen.analysis.phase_diagram import GrandPotentialPhaseDiagram
from pymatgen.core import Composition, Element

from hydrion.chem.formula import parse_formula
from hydrion.constants import ion_charge
from hydrion.errors import InputError
from hydrion.result_checks import fraction
from hydrion.results import Result
from hydrion.sources import Source
from hydrion.stability.energies import EnergySource
from hydrion.stability.user_energies import as_energy_source
from hydrion.stability.window import (
    check_ion,
    describe_entries,
    formula_text,
    mixture_entries,
    phase_name,
)
from hydrion.units import as_magnitude


@dataclass(frozen=True)
class InterfaceReaction(Result):
    """The most favourable reaction between two phases (energy ≤ 0; 0 means no reaction)."""

    electrolyte: str
    electrode: str
    convention: str
    ion: str | None
    potential_V: float | None
    mixing_ratio: float
    energy_eV_per_atom: float
    reaction: str
    products: tuple[str, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    derived = ("reactive",)

    checks = (fraction("mixing_ratio"),)

    @property
    def reactive(self) -> bool:
        """True when some mixture reacts (below −1 meV/atom)."""
        return self.energy_eV_per_atom < -1e-3


def interface_reaction(
    electrolyte: str | Composition,
    electrode: str | Composition,
    energies: EnergySource | Iterable,
    ion: str | None = None,
    potential_V=None,
    as_mixture: bool = False,
) -> InterfaceReaction:
    """Most favourable reaction of ``electrolyte`` with ``electrode``.

    Parameters
    ----------
    electrolyte, electrode : str or pymatgen.core.Composition
        The two phases in contact.
    energies : EnergySource or iterable of pymatgen entries
        An :class:`EnergySource` or pymatgen entries.
    ion : str, optional
        Working ion, open at ``potential_V`` when both are given.
    potential_V : float or pint.Quantity or str, optional
        Potential (V vs the ion's metal, or any unit of potential).
    as_mixture : bool
        Let a reactant without energy data be the equilibrium mixture of tabulated compounds
        at its composition (then every reactant is taken at its hull energy).

    Returns
    -------
    InterfaceReaction
        The most negative reaction energy (eV per atom of the mixture), the mixing ratio,
        the reaction and its products, with the sources of the energies.

    Raises
    ------
    MissingDataError
        A reactant without energy data (unless ``as_mixture``).
    UnitError
        A potential that is not one.

    References
    ----------
    Y. Zhu, X. He, Y. Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685,
    doi:10.1021/acsami.5b07517; W.D. Richards, L.J. Miara, Y. Wang, J.C. Kim, G. Ceder,
    Chem. Mater. 28 (2016) 266, doi:10.1021/acs.chemmater.5b04082.

    Examples
    --------
    >>> from hydrion.stability import bundled
    >>> reaction = interface_reaction("LiBH4", "TiS2", bundled("enthalpy"))
    >>> sorted(reaction.products)
    ['H2', 'Li2B12H12', 'Li2S', 'TiB2']
    """
    from pymatgen.analysis.interface_reactions import (  # pandas, plotly: 0.5 s, only here
        GrandPotentialInterfacialReactivity,
        InterfacialReactivity,
    )

    electrolyte, electrode = formula_text(electrolyte), formula_text(electrode)
    energies = as_energy_source(energies)
    if potential_V is not None:
        potential_V = float(as_magnitude(potential_V, "V", "potential_V"))
    mixtures = [f for f in (electrolyte, electrode) if as_mixture and not energies.has_phase(f)]
    reactants = [energies.entry(f) for f in (electrolyte, electrode) if f not in mixtures]
    c1, c2 = parse_formula(electrolyte), parse_formula(electrode)
    elements = {el.symbol for el in (c1 + c2).elements}
    grand = ion is not None and potential_V is not None
    if grand:
        assert ion is not None and potential_V is not None  # grand: both given
        check_ion(ion)
        elements.add(ion)
        for formula, composition in ((electrolyte, c1), (electrode, c2)):
            if {el.symbol for el in composition.elements} <= {ion}:
                raise InputError(
                    f"{formula} is the {ion} metal itself: it is the reservoir, not a reactant, "
                    "at a fixed potential"
                )
    diagram = energies.phase_diagram(elements)
    warnings = [f"{f} taken as the equilibrium mixture at its composition" for f in mixtures]
    for formula in mixtures:
        reactants += mixture_entries(formula, diagram, energies)
    reactivity: InterfacialReactivity
    if grand:
        assert ion is not None and potential_V is not None
        metal = diagram.el_refs[Element(ion)].energy_per_atom  # 0 for formation energies
        chempot = {Element(ion): metal - ion_charge(ion, working=True) * potential_V}
        grand_diagram = GrandPotentialPhaseDiagram(diagram.all_entries, chempot)
        reactivity = GrandPotentialInterfacialReactivity(
            c1, c2, grand_diagram, diagram, include_no_mixing_energy=False, norm=True
        )
    else:
        reactivity = InterfacialReactivity(
            c1, c2, diagram, norm=True, use_hull_energy=bool(mixtures)
        )
    kinks = reactivity.get_kinks()
    _, x, energy, reaction, _ = min(kinks, key=lambda kink: kink[2])
    product_entries = [
        e
        for e in diagram.stable_entries
        if e.composition.reduced_composition in {p.reduced_composition for p in reaction.products}
    ]
    sources, more = describe_entries({*reactants, *product_entries}, energies)
    warnings += more
    return InterfaceReaction(
        electrolyte=electrolyte,
        electrode=electrode,
        convention=energies.convention,
        ion=ion if grand else None,
        potential_V=potential_V if grand else None,
        mixing_ratio=float(x),
        energy_eV_per_atom=float(min(energy, 0.0)),
        reaction=str(reaction),
        products=tuple(sorted(phase_name(e) for e in product_entries)),
        sources=sources,
        warnings=tuple(dict.fromkeys(warnings)),
    )
