"""Thermodynamic electrochemical stability windows (grand-potential phase diagram).

Method of Zhu, He & Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685 and Richards et al.,
Chem. Mater. 28 (2016) 266: the electrolyte is in contact with a reservoir of the working ion
at chemical potential μ = μ°(metal) − z·e·V. Along μ, pymatgen's
``PhaseDiagram.get_element_profile`` gives the phase assemblage the electrolyte turns into.
The window is the potential range over which the electrolyte itself is that assemblage; the
reduction (oxidation) limit is where it starts to take up (give off) the ion, and the products
are the phases it then becomes. Potentials are in V against the working-ion metal; energies
follow :mod:`hydrion.stability.energies`; μ° is the energy of the metal itself (zero for
formation energies, its DFT energy for user ComputedEntries).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pymatgen.core import Composition, Element

from hydrion.chem.formula import parse_formula
from hydrion.chem.thermo import ENTROPY_ESTIMATE, STANDARD_T_K, element_standard_formula
from hydrion.constants import KJ_PER_MOL_PER_EV, WORKING_IONS, ion_charge
from hydrion.errors import InputError, MissingDataError
from hydrion.results import Result
from hydrion.sources import Source
from hydrion.stability.energies import CONVENTION_TEXT, EnergySource
from hydrion.stability.user_energies import as_energy_source

REFERENCE = {"Li": "Li/Li+", "Na": "Na/Na+", "Mg": "Mg/Mg2+"}
_TOL = 1e-6


def formula_text(formula: str | Composition) -> str:
    """A formula as text: strings as given, a pymatgen Composition as 'Li2B12H12'.

    Raises FormulaError for a string that is not a formula.
    """
    if isinstance(formula, str):
        parse_formula(formula)
        return formula
    composition = parse_formula(formula)
    return "".join(
        f"{el.symbol}{'' if amount == 1 else f'{amount:g}'}" for el, amount in composition.items()
    )


def check_ion(ion: str) -> str:
    """The ion symbol if hydrion computes windows against it, else InputError."""
    if ion not in WORKING_IONS:
        raise InputError(f"unsupported ion {ion!r}; windows are computed against Li, Na or Mg")
    return ion


@dataclass(frozen=True)
class Limit(Result):
    """One end of a window: potential (V vs metal; None = no limit) and what forms beyond it."""

    voltage_V: float | None
    products: tuple[str, ...] = ()
    reaction: str = ""


@dataclass(frozen=True)
class ProfileStep(Result):
    """A plateau of the decomposition profile: ions taken up per formula unit at that potential."""

    voltage_V: float
    ion_uptake: float
    products: tuple[str, ...]


@dataclass(frozen=True)
class ElectrochemicalWindow(Result):
    """The computed window of one phase against one working ion in one energy convention."""

    formula: str
    ion: str
    convention: str
    energy_label: str
    reduction: Limit
    oxidation: Limit
    e_above_hull_eV_per_atom: float
    profile: tuple[ProfileStep, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    energy_kinds: dict[str, str] = field(default_factory=dict)
    ill_determined: dict[str, str] = field(default_factory=dict)
    # phases with an estimated S° on which an above-hull verdict rests (gibbs298)
    hull_verdict_estimated: tuple[str, ...] = ()

    derived = ("reference", "convention_text", "width_V")

    @property
    def reference(self) -> str:
        return REFERENCE[self.ion]

    @property
    def convention_text(self) -> str:
        """What the energy convention means, in words."""
        return CONVENTION_TEXT.get(self.convention, self.convention)

    @property
    def width_V(self) -> float | None:
        low, high = self.reduction.voltage_V, self.oxidation.voltage_V
        return None if low is None or high is None else high - low


def phase_name(entry) -> str:
    """The formula of an entry as tabulated ('Li2B12H12', 'H2'), not pymatgen's reduced one."""
    if entry.composition.is_element:
        symbol = entry.composition.elements[0].symbol
        return element_standard_formula(symbol)
    return entry.name


def _names(entries) -> tuple[str, ...]:
    return tuple(sorted({phase_name(e) for e in entries}))


def _volts(step: dict, z: int) -> float:
    """Potential (V vs the metal) of a profile step: −(μ − μ°)/z, μ° the metal's energy."""
    return -(float(step["chempot"]) - step["element_reference"].energy_per_atom) / z


def mixture_entries(formula: str, diagram, energies: EnergySource) -> list:
    """Hull decomposition of a phase without its own energy; refused if it needs elements."""
    del energies  # the diagram already holds them; kept for a uniform call
    decomposition = diagram.get_decomposition(parse_formula(formula))
    elemental = [phase_name(e) for e in decomposition if e.composition.is_element]
    if elemental:
        raise MissingDataError(
            f"no thermodynamic data for {formula}, and its composition is not a mixture of "
            f"tabulated compounds (it would need {', '.join(sorted(elemental))})"
        )
    return list(decomposition)


def compute_window(
    formula: str | Composition,
    energies: EnergySource | Iterable,
    ion: str = "Li",
    as_mixture: bool = False,
) -> ElectrochemicalWindow:
    """Thermodynamic stability window of ``formula`` against the working ion.

    Parameters
    ----------
    formula : str or pymatgen.core.Composition
        The electrolyte.
    energies : EnergySource or iterable of pymatgen entries
        An :class:`EnergySource` (e.g. ``bundled("enthalpy")``) or pymatgen entries (total
        energies, eV, used on their own).
    ion : {"Li", "Na", "Mg"}
        Working ion.
    as_mixture : bool
        Take a phase without its own energy (a solid solution such as Li4(BH4)3I) as the
        equilibrium mixture of tabulated compounds at its composition (mixing energy
        neglected), and say so in the warnings.

    Returns
    -------
    ElectrochemicalWindow
        Reduction and oxidation limits (V vs the ion's metal) with their products.

    Raises
    ------
    MissingDataError
        ``formula`` has no energy (the phase is named).
    InputError
        An unsupported ion.

    References
    ----------
    Y. Zhu, X. He, Y. Mo, ACS Appl. Mater. Interfaces 7 (2015) 23685,
    doi:10.1021/acsami.5b07517; W.D. Richards, L.J. Miara, Y. Wang, J.C. Kim, G. Ceder,
    Chem. Mater. 28 (2016) 266, doi:10.1021/acs.chemmater.5b04082.

    Examples
    --------
    >>> from hydrion.stability import bundled
    >>> window = compute_window("LiBH4", bundled("enthalpy"))
    >>> f"{window.reduction.voltage_V:.2f}-{window.oxidation.voltage_V:.2f} V"
    '0.70-1.69 V'
    """
    check_ion(ion)
    formula = formula_text(formula)
    energies = as_energy_source(energies)
    composition = parse_formula(formula)
    elements = {el.symbol for el in composition.elements} | {ion}
    warnings: list[str] = []
    if as_mixture and not energies.has_phase(formula):
        diagram = energies.phase_diagram(elements)
        involved = set(mixture_entries(formula, diagram, energies))
        entry = None
        mixture = " + ".join(sorted(phase_name(e) for e in involved))
        warnings.append(
            f"no energy for {formula}: computed as the equilibrium mixture {mixture} at its "
            "composition (mixing energy neglected)"
        )
    else:
        entry = energies.entry(formula)  # refuses phases without data
        diagram = energies.phase_diagram(elements)
        involved = {entry}
    z = ion_charge(ion, working=True)
    steps = diagram.get_element_profile(Element(ion), composition)

    profile = tuple(
        ProfileStep(
            voltage_V=_volts(step, z),
            ion_uptake=float(step["evolution"]),
            products=_names(step["entries"]),
        )
        for step in steps
    )
    stable_steps = [s for s in steps if abs(s["evolution"]) < _TOL]
    reducing = [s for s in steps if s["evolution"] >= _TOL]
    oxidising = [s for s in steps if s["evolution"] <= -_TOL]
    # pymatgen annotates float | None, but with on_error="raise" (its default) it never is None
    e_hull = (
        0.0 if entry is None else float(diagram.get_e_above_hull(entry, allow_negative=True))  # type: ignore[arg-type]
    )
    hull_estimated: tuple[str, ...] = ()
    if e_hull > _TOL and entry is not None:
        message, hull_estimated = _above_hull_message(entry, e_hull, diagram, energies)
        warnings.append(message)

    stable = stable_steps[0] if stable_steps else None
    if stable is None:  # cannot happen for a composition on the ion line; kept explicit
        reduction = oxidation = Limit(None)
    else:
        next_red = min(reducing, key=lambda s: s["evolution"]) if reducing else None
        reduction_V = _volts(stable, z)
        if next_red is None or reduction_V <= _TOL:
            reduction = Limit(0.0)
        else:
            reduction = Limit(reduction_V, _names(next_red["entries"]), str(next_red["reaction"]))
        next_ox = max(oxidising, key=lambda s: s["evolution"]) if oxidising else None
        if next_ox is None:
            oxidation = Limit(None)
            warnings.append(
                f"{composition.reduced_formula} holds no {ion} to give off: no oxidation limit"
            )
        else:
            oxidation = Limit(
                _volts(next_ox, z), _names(next_ox["entries"]), str(next_ox["reaction"])
            )

    involved = involved.union(*(step["entries"] for step in steps))
    sources, more_warnings = describe_entries(involved, energies)
    warnings += more_warnings
    kinds, ill = energy_kinds(involved, energies)
    if reduction.voltage_V == 0.0 and not reduction.products:
        warnings.append(f"stable against {ion} metal in these energies")
    return ElectrochemicalWindow(
        formula=formula,
        ion=ion,
        convention=energies.convention,
        energy_label=energies.label,
        reduction=reduction,
        oxidation=oxidation,
        e_above_hull_eV_per_atom=max(e_hull, 0.0),
        hull_verdict_estimated=hull_estimated,
        profile=profile,
        sources=sources,
        warnings=tuple(dict.fromkeys(warnings)),
        energy_kinds=kinds,
        ill_determined=ill,
    )


def _above_hull_message(
    entry, e_hull: float, diagram, energies: EnergySource
) -> tuple[str, tuple[str, ...]]:
    """Why a phase above the hull has no window of its own, and whether that verdict rests on
    an estimated S° (then the margin is shown as the S° change that would undo it)."""
    formula = phase_name(entry)
    decomposition = diagram.get_decomposition(entry.composition)
    products = sorted(phase_name(e) for e in decomposition)
    estimated = tuple(
        phase_name(e)
        for e in sorted([entry, *decomposition], key=phase_name)
        if energies.is_estimated(e)
    )
    per_formula_kJ = e_hull * entry.composition.num_atoms * KJ_PER_MOL_PER_EV
    message = (
        f"{formula} lies {e_hull * 1000:.0f} meV/atom ({per_formula_kJ:.1f} kJ per {formula}) "
        f"above the hull of these energies, decomposing to {' + '.join(products)}: it has no "
        "stable window of its own, and the limits shown are those of its decomposition products"
    )
    if estimated:
        message += (
            f"; this verdict rests on the estimated S° of {', '.join(estimated)}: a change of "
            f"{per_formula_kJ * 1e3 / STANDARD_T_K:.1f} J/(mol·K) in the entropy of the "
            f"reaction (per {formula}) would reverse it: within that estimate's "
            "uncertainty, so stable or unstable is not decided by these data"
        )
    return message, estimated


def energy_kinds(entries, energies: EnergySource) -> tuple[dict[str, str], dict[str, str]]:
    """What each entry's energy is (handbook, calorimetry, DFT...), and why some are uncertain."""
    kinds: dict[str, str] = {}
    ill: dict[str, str] = {}
    for item in sorted(entries, key=phase_name):
        energy = energies.phase_energy_of(item)
        if energy is None or item.composition.is_element:  # elements: zero by definition
            continue
        kinds[phase_name(item)] = energy.kind
        if energy.ill_determined:
            ill[phase_name(item)] = energy.ill_determined
    return kinds, ill


@dataclass(frozen=True)
class Sensitivity(Result):
    """The window recomputed without one ill-determined phase at its limits."""

    without: str
    reason: str
    window: ElectrochemicalWindow


def window_sensitivity(
    window: ElectrochemicalWindow, energies: EnergySource, as_mixture: bool = False
) -> tuple[Sensitivity, ...]:
    """The window again without each ill-determined phase it ends in (one at a time).

    Shows how far a limit rests on an uncertain energy, e.g. LiBH4's reduction on the one
    calorimetric value of the boride Li22B78 (without it, boron and Li2B12H12 take its place).
    """
    at_limits = {*window.reduction.products, *window.oxidation.products}
    formula = parse_formula(window.formula).reduced_formula
    result = []
    for phase, reason in window.ill_determined.items():
        if phase not in at_limits or parse_formula(phase).reduced_formula == formula:
            continue
        variant = energies.without([phase], f"left out to test the sensitivity ({reason})")
        try:
            again = compute_window(window.formula, variant, window.ion, as_mixture)
        except MissingDataError:
            continue
        result.append(Sensitivity(phase, reason, again))
    return tuple(result)


def describe_entries(entries, energies: EnergySource) -> tuple[dict[str, Source], list[str]]:
    """Sources of the entries' energies by phase name, and warnings on estimated ones."""
    sources: dict[str, Source] = {}
    warnings: list[str] = []
    for item in sorted(entries, key=phase_name):
        source = energies.source_of(item)
        if source is not None:
            sources[phase_name(item)] = source
        if energies.is_estimated(item):
            warnings.append(f"{phase_name(item)}: {ENTROPY_ESTIMATE}")
    return sources, warnings
