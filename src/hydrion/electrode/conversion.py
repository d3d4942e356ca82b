"""Conversion pathways of hydride electrodes.

* ``overall_conversion``: from the formula alone, every H goes to the ion's hydride
  (LiH, NaH, MgH2) and every other element to its metal, e.g.
  NaAlH4 + 4Li -> 4LiH + Na + Al (balanced by pymatgen).
* ``equilibrium_path``: the lowest-energy path through intermediates. The electrode plus
  x ions is a closed system of solids (no H2 release); at each x the assemblage of lowest
  energy is the decomposition on pymatgen's convex hull (``PhaseDiagram``) of every solid
  phase of the thermochemistry table in the chemical system, rescaled to one formula unit
  of pristine electrode, and the kinks of the convex G(x) along the line are the steps.
* ``explicit_path``: steps given by the user as reactions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pymatgen.analysis.phase_diagram import PDEntry, PhaseDiagram
from pymatgen.core import Composition, Element

from hydrion.chem.formula import parse_formula
from hydrion.chem.reactions import balance, cancel_spectators, parse_reaction
from hydrion.chem.thermo import thermo_table
from hydrion.constants import KJ_PER_MOL_PER_EV, ion_charge
from hydrion.electrode.voltage import EnergyModel
from hydrion.errors import InputError, MissingDataError

Phases = dict[str, float]


def formula_text(formula: str | Composition) -> str:
    """A formula as text; a pymatgen Composition is written with its amounts as given.

    Composition('Li3AlH6') -> 'Li3AlH6'. Raises FormulaError for a Composition with a zero,
    negative or non-finite amount.
    """
    if not isinstance(formula, Composition):
        return formula
    parse_formula(formula)
    return "".join(
        f"{element.symbol}{'' if amount == 1 else f'{amount:g}'}"
        for element, amount in formula.items()
    )


def el_is_metal(symbol: str) -> bool:
    """True for metallic elements (pymatgen's classification)."""
    return Element(symbol).is_metal


_TOL = 1e-7
ION_HYDRIDE: dict[str, tuple[str, int]] = {"Li": ("LiH", 1), "Na": ("NaH", 1), "Mg": ("MgH2", 2)}


@dataclass(frozen=True)
class RawStep:
    """A step per formula unit of pristine electrode: reactants + ions -> products."""

    reactants: Phases
    products: Phases
    ions: float
    kind: str  # "conversion" or "alloying"


def overall_conversion(formula: str | Composition, ion: str) -> RawStep:
    """The full conversion into the ion's hydride and the metals, per formula unit.

    ``formula`` is a formula or a pymatgen Composition. Raises InputError for an unknown
    ion, a formula without hydrogen, or one whose hydrogen is already the ion's hydride.
    """
    ion_charge(ion, working=True)
    formula = formula_text(formula)
    composition = parse_formula(formula)
    hydrogen = float(composition["H"])
    if hydrogen <= 0:
        raise InputError(f"{formula} contains no hydrogen: there is no hydride to convert")
    hydride, h_per_ion = ION_HYDRIDE[ion]
    ions_needed = hydrogen / h_per_ion - float(composition[ion])
    if ions_needed <= _TOL:
        raise InputError(
            f"{formula} has nothing to convert with {ion}: "
            f"its hydrogen is already bound as {hydride}"
        )
    metals = [el.symbol for el in composition if el.symbol not in ("H", ion)]
    products = [hydride, *metals]
    left, right = balance([formula, ion], products, (formula, 1.0))
    return RawStep({formula: 1.0}, right, left[ion], "conversion")


def _candidates(
    elements: set[str], model: EnergyModel, pristine: str, ion: str
) -> tuple[list[str], list[str]]:
    """Solid phases of the chemical system with energies, and those skipped for lack of data.

    Intermetallic phases (alloys, e.g. LiAl) are left out: the conversion is computed
    without alloying. The working-ion metal is left out too, so that every ion counted
    reacts: a step that is uphill against the ion metal then shows as a step with E ≤ 0
    instead of ions that stay metal at 0 V.
    """
    usable: list[str] = []
    skipped: list[str] = []
    for (reduced, state), entry in thermo_table().items():
        symbols = {el.symbol for el in parse_formula(reduced)}
        if state != "s" or not symbols <= elements or symbols == {ion}:
            continue
        if len(symbols) > 1 and all(el_is_metal(el) for el in symbols):
            continue
        if parse_formula(reduced).reduced_formula == parse_formula(pristine).reduced_formula:
            continue
        (usable if model.has(entry.formula) else skipped).append(entry.formula)
    return usable, skipped


# Energy (eV/atom) above the highest phase given to the terminal of an element that has no
# solid phase here (hydrogen, the working ion): such a corner never lies on the hull along
# the lithiation line, which keeps the system closed (no H2 gas, no ion metal left over).
# Should it enter a decomposition all the same, the path is refused, never mis-stated.
_BLOCKED_ABOVE_EV_PER_ATOM = 100.0
# Kinks of G(x) smaller than this (eV per formula unit) are facets qhull split, not steps.
_KINK_TOL_EV = 1e-6


class _Hull:
    """The lower convex hull (pymatgen ``PhaseDiagram``) of electrode + x ions over the solids.

    Every phase gets its energy from the :class:`EnergyModel` (eV per formula unit as
    written); the terminals of elements without a solid phase in the set are blocked.
    """

    def __init__(self, pristine: str, ion: str, phases: list[str], model: EnergyModel):
        entries = [
            PDEntry(parse_formula(f), model.energy(f) / KJ_PER_MOL_PER_EV, name=f)
            for f in [pristine, *phases]
        ]
        present = {e.composition.elements[0] for e in entries if e.composition.is_element}
        elements = {el for e in entries for el in e.composition.elements} | {Element(ion)}
        blocked = max(e.energy_per_atom for e in entries) + _BLOCKED_ABOVE_EV_PER_ATOM
        self.blocked = [
            PDEntry(Composition(el.symbol), blocked, name=f"blocked {el.symbol}")
            for el in elements - present
        ]
        self.diagram = PhaseDiagram(entries + self.blocked)
        self.order = {f: index for index, f in enumerate([pristine, *phases])}  # as tabulated
        self.pristine = parse_formula(pristine)
        self.ion = ion

    def composition(self, x: float) -> Composition:
        return self.pristine + Composition({self.ion: x})

    def ions(self, composition: Composition) -> float:
        """x of a composition on the line pristine + x ions (scale-free)."""
        f = composition.get_atomic_fraction(self.ion)
        return (f * self.pristine.num_atoms - self.pristine[self.ion]) / (1.0 - f)

    def assemblage(self, x: float) -> Phases:
        """Moles of each phase per formula unit of pristine electrode at x ions, in the
        order of the table (which sets how the steps are written)."""
        composition = self.composition(x)
        phases: Phases = {}
        for entry, fraction in self.diagram.get_decomposition(composition).items():
            if fraction < 1e-12:
                continue
            if entry in self.blocked:
                raise MissingDataError(
                    "no assemblage of the tabulated phases holds this composition"
                )
            # pymatgen types the keys as Entry; this diagram holds PDEntry objects (with .name)
            phases[entry.name] = fraction * composition.num_atoms / entry.composition.num_atoms  # type: ignore[attr-defined]
        return dict(sorted(phases.items(), key=lambda item: self.order[item[0]]))

    def breakpoints(self, x_end: float) -> list[float]:
        """x at the kinks of G(x) from 0 to ``x_end``, ends included."""
        critical = self.diagram.get_critical_compositions(
            self.composition(0.0), self.composition(x_end)
        )
        xs = sorted({0.0, x_end, *(self.ions(c) for c in critical[1:-1])})
        points = [(x, self.diagram.get_hull_energy(self.composition(x))) for x in xs]
        kept = [points[0]]
        for index in range(1, len(points) - 1):
            (xa, ga), (x, g), (xb, gb) = kept[-1], points[index], points[index + 1]
            if x - xa > _TOL and g < ga + (gb - ga) * (x - xa) / (xb - xa) - _KINK_TOL_EV:
                kept.append((x, g))
        return [x for x, _ in kept] + [x_end]


def equilibrium_path(formula: str, ion: str, model: EnergyModel) -> tuple[list[RawStep], list[str]]:
    """Lowest-energy conversion steps and the phases skipped for lack of data.

    The assemblage at each x is the decomposition on pymatgen's convex hull of the
    tabulated solids, rescaled to one formula unit of pristine electrode; the steps run
    between the kinks of G(x) to full conversion. G(x) is convex, so their voltages fall
    step by step and any step uphill against the ion metal (E ≤ 0) comes last.

    Raises MissingDataError if the electrode, the ion, its hydride or a product metal has no
    data under the model's convention.
    """
    overall = overall_conversion(formula, ion)
    for phase in (formula, ion, *overall.products):
        model.energy(phase)
    elements = {el.symbol for el in parse_formula(formula)} | {ion}
    usable, skipped = _candidates(elements, model, formula, ion)
    hull = _Hull(formula, ion, usable, model)
    xs = hull.breakpoints(overall.ions)
    assemblages = [hull.assemblage(x) for x in xs]
    steps = []
    for x_a, x_b, before, after in zip(xs, xs[1:], assemblages, assemblages[1:], strict=False):
        left, right = cancel_spectators(before, after)
        steps.append(RawStep(left, right, x_b - x_a, "conversion"))
    return steps, skipped


_COEFFICIENT = re.compile(r"(^|[+>=→]\s*)\d")


def _coefficient_range(left: Phases, right: Phases, basis: str, target: str) -> tuple[float, float]:
    """Least and greatest coefficient of ``target`` over the positive balances, basis = 1."""
    from scipy.optimize import linprog  # only for steps written by the user (start-up time)

    species = [*left, *right]
    elements = sorted({el.symbol for f in species for el in parse_formula(f)})
    sign = [-1.0] * len(left) + [1.0] * len(right)
    matrix = [
        [s * float(parse_formula(f)[el]) for f, s in zip(species, sign, strict=True)]
        for el in elements
    ]
    pinned = [[1.0 if f == basis else 0.0 for f in species]]
    equality = np.array(matrix + pinned)
    rhs = np.append(np.zeros(len(elements)), 1.0)
    cost = np.array([1.0 if f == target else 0.0 for f in species])
    ends = []
    for direction in (1.0, -1.0):
        result = linprog(direction * cost, A_eq=equality, b_eq=rhs, bounds=(0, None))
        if result.status == 0:
            ends.append(float(result.x[species.index(target)]))
        else:  # unbounded (the only other outcome for a reaction that balances)
            ends.append(-direction * float("inf"))
    return ends[0], ends[1]


def _require_unique_balance(text: str, left: Phases, right: Phases, ion: str, host: str) -> None:
    """Refuse a step written without coefficients whose species balance in several ways.

    The balances form a cone of dimension nullity(composition matrix); above 1 the step
    has free coefficients, and its voltage and capacity would depend on a choice pymatgen
    makes silently (e.g. on the order in which the products are written).
    """
    if _COEFFICIENT.search(text):
        return
    species = [*left, *right]
    elements = sorted({el.symbol for f in species for el in parse_formula(f)})
    matrix = np.array([[float(parse_formula(f)[el]) for f in species] for el in elements])
    free = len(species) - np.linalg.matrix_rank(matrix) - 1
    if free <= 0:
        return
    ions = [f for f in left if parse_formula(f).reduced_formula == ion]
    for target in [*ions, *(f for f in species if f not in ions and f != host)]:
        low, high = _coefficient_range(left, right, host, target)
        if high - low > _TOL:
            break
    else:  # the other balances need a negative coefficient: the positive one is unique
        return
    raise InputError(
        f"step {text!r} has no unique balance ({free} free coefficient"
        f"{'s' if free > 1 else ''}): it balances with {low:.3g} to {high:.3g} {target} "
        f"per {host}; write the coefficients of the step you mean"
    )


def explicit_path(formula: str, ion: str, reactions: Sequence[str]) -> list[RawStep]:
    """Steps given as reactions ('3LiAlH4 + 6Li -> Li3AlH6 + 2Al + 6LiH', ...), in order.

    Each step is scaled to consume the first of its non-ion reactants that is available,
    starting from one formula unit of ``formula``. Raises InputError for a step that takes
    up no ion, starts from a phase not made yet, or is written without coefficients while
    its species balance in more than one way (the free coefficient is named).
    """
    ion_charge(ion, working=True)
    available: Phases = {parse_formula(formula).reduced_formula: 1.0}
    steps = []
    for text in reactions:
        left, right = parse_reaction(text)
        ion_terms = [f for f in left if parse_formula(f).reduced_formula == ion]
        if not ion_terms:
            raise InputError(f"step {text!r} takes up no {ion}")
        hosts = [f for f in left if f not in ion_terms]
        if hosts:
            _require_unique_balance(text, left, right, ion, hosts[0])
        scales = [available.get(parse_formula(f).reduced_formula, 0.0) / left[f] for f in hosts]
        if not hosts or max(scales) <= _TOL:
            raise InputError(f"step {text!r} starts from a phase the previous steps did not make")
        scale = min(s for s in scales if s > _TOL)
        for f in hosts:
            key = parse_formula(f).reduced_formula
            available[key] = available.get(key, 0.0) - scale * left[f]
        for f, c in right.items():
            key = parse_formula(f).reduced_formula
            available[key] = available.get(key, 0.0) + scale * c
        reactants = {f: scale * c for f, c in left.items() if f not in ion_terms}
        products = {f: scale * c for f, c in right.items()}
        ions = scale * sum(left[f] for f in ion_terms)
        steps.append(RawStep(reactants, products, ions, "conversion"))
    return steps
