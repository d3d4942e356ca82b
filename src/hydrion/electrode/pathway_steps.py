"""The raw reaction steps of an electrode's pathway and what each needs (a part of
:func:`hydrion.electrode.analysis.analyse_electrode`): conversion steps (explicit, or the
equilibrium path of the tabulated phases), alloying steps of the metals formed, a step's
voltage and the volume change, with the missing data and warnings collected on the way.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

from pymatgen.core import Composition

from hydrion.chem.formula import parse_formula
from hydrion.chem.reactions import format_reaction
from hydrion.chem.thermo import thermo_table
from hydrion.constants import ion_charge
from hydrion.electrode.alloying import alloying_table
from hydrion.electrode.conversion import (
    RawStep,
    equilibrium_path,
    explicit_path,
    formula_text,
    overall_conversion,
)
from hydrion.electrode.voltage import EnergyModel, step_voltage_V
from hydrion.electrode.volume import phases_volume_cm3
from hydrion.errors import InputError, MissingDataError


@dataclass
class NoteCollector:
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def miss(self, message: str) -> None:
        if message not in self.missing:
            self.missing.append(message)


def alloying_steps(products: dict[str, float], ion: str) -> list[RawStep]:
    steps = []
    for formula, amount in products.items():
        data = alloying_table().get((formula, ion))
        if data is not None:
            steps.append(
                RawStep(
                    {formula: amount},
                    {data.product: amount},
                    amount * data.ions_per_host,
                    "alloying",
                )
            )
    return steps


def conversion_steps(
    formula: str, ion: str, path: Sequence[str] | None, model: EnergyModel, notes: NoteCollector
) -> list[RawStep]:
    if path:
        return explicit_path(formula, ion, path)
    try:
        steps, skipped = equilibrium_path(formula, ion, model)
    except MissingDataError as exc:
        notes.miss(str(exc))
        return [overall_conversion(formula, ion)]
    if skipped:
        notes.warnings.append(
            "intermediates not considered for lack of data under the "
            f"{model.convention} convention: {', '.join(skipped)}"
        )
    return steps


def step_voltage(step: RawStep, ion: str, model: EnergyModel, notes: NoteCollector) -> float | None:
    electrons = step.ions * ion_charge(ion, working=True)
    try:
        return step_voltage_V({**step.reactants, ion: step.ions}, step.products, electrons, model)
    except MissingDataError as exc:
        notes.miss(str(exc))
        return None


def volume_change(
    formula: str, products: dict[str, float], ion: str, notes: NoteCollector
) -> float | None:
    metals = tuple({ion, *(host for host, _ in alloying_table())})
    try:
        before, _ = phases_volume_cm3({formula: 1.0})
        after, zen = phases_volume_cm3(products, metals)
    except MissingDataError as exc:
        notes.miss(str(exc))
        return None
    if zen:
        notes.warnings.append(
            f"alloyed state: molar volume of {', '.join(zen)} from Zen's law "
            "(sum of the elements' volumes)"
        )
    return 100.0 * (after / before - 1.0)


def final_products(steps: Sequence[RawStep], formula: str) -> dict[str, float]:
    """The assemblage after all steps, by reduced formula, starting from 1 formula unit."""
    labels: dict[str, str] = {parse_formula(formula).reduced_formula: formula}
    totals: dict[str, float] = {parse_formula(formula).reduced_formula: 1.0}
    for step in steps:
        for side, sign in ((step.reactants, -1.0), (step.products, 1.0)):
            for f, c in side.items():
                key = parse_formula(f).reduced_formula
                labels.setdefault(key, f)
                totals[key] = totals.get(key, 0.0) + sign * c
    return {labels[k]: v for k, v in totals.items() if v > 1e-9}


def all_have_shomate(formula: str, ion: str) -> bool:
    elements = {el.symbol for el in parse_formula(formula)} | {ion}
    for (reduced, state), entry in thermo_table().items():
        symbols = {el.symbol for el in parse_formula(reduced)}
        if state == "s" and symbols <= elements and entry.shomate is None:
            return False
    return True


def resolve_formula(formula_or_name: str | Composition) -> str:
    """A formula as given, or the formula of a knowledge-base electrode of that name/id.

    A pymatgen Composition is written out with its amounts per formula unit as given
    (Composition('Li3AlH6') -> 'Li3AlH6').
    """
    if isinstance(formula_or_name, Composition):
        return formula_text(formula_or_name)
    text = formula_or_name.strip()
    try:
        parse_formula(text)
        return text
    except InputError:
        pass
    from hydrion.errors import UnknownRecordError
    from hydrion.kb import open_kb

    try:
        material = open_kb().material(text)
    except UnknownRecordError:
        raise InputError(
            f"{text!r} is neither a formula nor an electrode of the knowledge base"
        ) from None
    if material.formula is None:
        raise InputError(
            f"{material.name} is a composite without one formula; "
            "its capacity comes from hydrion.electrode.composite"
        )
    return material.formula


def headline_reaction(
    formula: str,
    ion: str,
    overall: RawStep,
    reached: Sequence[RawStep] | None,
    notes: NoteCollector,
) -> tuple[str, tuple[str, ...]]:
    """The overall reaction to show as the headline, and its implausible products.

    The headline is the end state the computed steps reach (``reached``; None where they stop
    short, or follow a given path), written as the formal full conversion (the ion's hydride and
    the elements, :func:`overall_conversion`) where the two are the same assemblage:
    Mg(BH4)2's steps end in MgB2 + 8LiH, not 8LiH + Mg + 2B. A product is implausible where it
    is an element that boils below 298.15 K (pymatgen's element data): elemental N is no solid
    end state (N2 leaves, or a nitride forms with the ion), so the formal step stands for a
    conversion that cannot happen as written (a warning says so in ``notes``).
    """
    from pymatgen.core import Element

    products, ions = overall.products, overall.ions
    if reached:
        end = final_products(reached, formula)
        if _assemblage(end) != _assemblage(products):
            products, ions = end, sum(step.ions for step in reached)
    implausible = []
    for product in products:
        elements = parse_formula(product).elements
        with warnings.catch_warnings():  # pymatgen warns where it has no boiling point (Og)
            warnings.filterwarnings("ignore", "No data available for boiling_point", UserWarning)
            boiling = Element(str(elements[0])).boiling_point if len(elements) == 1 else None
        if boiling is not None and float(boiling) < 298.15:
            implausible.append(product)
    if implausible:
        notes.warnings.append(
            f"{', '.join(implausible)} in the overall reaction is no plausible end state (a gas as "
            f"an element at 298 K; it would leave, or react with {ion}): the formal reaction "
            "and its capacity are not what this electrode can do"
        )
    return format_reaction({formula: 1.0, ion: ions}, products), tuple(implausible)


def _assemblage(products: dict[str, float]) -> dict[str, float]:
    """Phases by reduced formula with amounts rounded (to compare two end states)."""
    return {parse_formula(f).reduced_formula: round(c, 6) for f, c in products.items()}
