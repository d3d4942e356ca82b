"""Capacities of composite and doped electrodes from the amounts of their components.

A composite is a list of components with mole amounts (``basis: mol``) or mass
percentages (``basis: wt``). Active components store the ions of their own full conversion
(:func:`hydrion.electrode.conversion.overall_conversion`); inert ones only add mass;
``prelithiation_ions`` adds the mass of ions taken up before the first discharge. The
definitions hydrion uses for the review's Table 2 composites, and why, are in
``electrode/data/composites.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hydrion.bundled_yaml import bundled_yaml
from hydrion.chem.formula import molar_mass_g_per_mol
from hydrion.constants import ion_charge
from hydrion.electrode.capacity import capacity_mAh_per_g
from hydrion.electrode.conversion import overall_conversion
from hydrion.errors import UnknownRecordError
from hydrion.kb.records import slug
from hydrion.result_checks import at_least_zero
from hydrion.results import Result
from hydrion.sources import Source


class CompositeComponent(BaseModel):
    """One component: formula, amount (mol or wt%), and whether it stores ions."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    formula: str
    amount: float = Field(gt=0)
    inert: bool = False


class CompositeElectrode(BaseModel):
    """A composite electrode definition."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    basis: Literal["mol", "wt"]
    components: list[CompositeComponent] = Field(min_length=1)
    prelithiation_ions: float = Field(0.0, ge=0)
    definition: str
    table2_note: str | None = None  # why Table 2's printed capacity differs, where it does
    source: Source


def composite_capacity_mAh_per_g(composite: CompositeElectrode, ion: str = "Li") -> float:
    """Conversion capacity per mass of the composite as made.

    Parameters
    ----------
    composite : CompositeElectrode
        The composite definition (:func:`table2_composite`).
    ion : str
        Working ion: 'Li', 'Na' or 'Mg'.

    Returns
    -------
    float
        Capacity (mAh/g of composite, inert components included).

    Examples
    --------
    >>> round(composite_capacity_mAh_per_g(table2_composite("TiH2-MgH2")))  # 0.7MgH2 + 0.3TiH2
    1605
    """
    charge = ion_charge(ion, working=True)
    electrons = mass = 0.0
    for component in composite.components:
        molar_mass = molar_mass_g_per_mol(component.formula)
        moles = component.amount if composite.basis == "mol" else component.amount / molar_mass
        mass += moles * molar_mass
        if not component.inert:
            electrons += moles * overall_conversion(component.formula, ion).ions * charge
    mass += composite.prelithiation_ions * molar_mass_g_per_mol(ion)
    return capacity_mAh_per_g(electrons, mass)


def composite_average_voltage_V(
    composite: CompositeElectrode, ion: str = "Li", convention: str = "gibbs298"
) -> float | None:
    """Capacity-weighted mean of the active components' equilibrium average voltages.

    Each active component is analysed on its own (:func:`analyse_electrode`): the components
    are assumed not to react with one another.

    Parameters
    ----------
    composite : CompositeElectrode
        The composite definition (:func:`table2_composite`).
    ion : str
        Working ion: 'Li', 'Na' or 'Mg'.
    convention : {"gibbs298", "enthalpy"}
        Energy convention (see :mod:`hydrion.chem.thermo`).

    Returns
    -------
    float or None
        Average voltage (V vs the ion's metal). None when a component has no average voltage
        or does not convert fully above 0 V, and for a prelithiated composite (Li3AlH6–Al):
        its capacity counts the parent's conversion, part of which ran during the
        prelithiation, so no average over the components' steps describes its discharge.
    """
    from hydrion.electrode.analysis import analyse_electrode

    if composite.prelithiation_ions > 0:
        return None  # part of the components' conversion ran before the first discharge
    charge_mAh = weighted = 0.0
    for component in composite.components:
        if component.inert:
            continue
        molar_mass = molar_mass_g_per_mol(component.formula)
        moles = component.amount if composite.basis == "mol" else component.amount / molar_mass
        result = analyse_electrode(component.formula, ion=ion, convention=convention)
        if result.average_voltage_V is None or result.uphill_step is not None:
            return None
        charge = moles * molar_mass * result.capacity_mAh_per_g
        charge_mAh += charge
        weighted += charge * result.average_voltage_V
    return weighted / charge_mAh if charge_mAh > 0 else None


def _composite_notes(composite: CompositeElectrode, ion: str, convention: str) -> list[str]:
    from hydrion.electrode.analysis import analyse_electrode

    notes = []
    if composite.prelithiation_ions > 0:
        notes.append(
            "no computed average voltage: the composite is prelithiated, and its capacity "
            "counts the parent's conversion, part of which ran before the first discharge"
        )
    for component in composite.components:
        if component.inert:
            continue
        result = analyse_electrode(component.formula, ion=ion, convention=convention)
        if result.uphill_step is not None:
            notes.append(
                f"{component.formula}: {result.uphill_step.reaction} is uphill "
                f"(E = {result.uphill_step.voltage_V:.3f} V), yet the formal capacity counts it"
            )
    return notes


@dataclass(frozen=True)
class CompositeResult(Result):
    """A composite electrode: computed capacity and voltage, next to the reported voltage."""

    name: str
    definition: str
    ion: str
    convention: str
    capacity_mAh_per_g: float
    average_voltage_V: float | None
    reported_average_voltage_V: float | None
    reported_voltage_refs: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    reported_capacity_mAh_per_g: float | None = None  # Table 2's printed value
    reported_capacity_refs: tuple[int, ...] = ()
    capacity_discrepancy: str | None = None  # 'Table 2 prints 1728; ... gives 1605 ...'

    checks = (at_least_zero("capacity_mAh_per_g", "reported_capacity_mAh_per_g"),)


def analyse_composite(
    name: str, ion: str = "Li", convention: str = "gibbs298", kb=None
) -> CompositeResult:
    """Capacity and average voltage of a Table 2 composite, with the knowledge base's voltage.

    The capacity is the formal one of Table 2 (full conversion of every active component);
    a component whose conversion is uphill against the ion metal is named in ``warnings``
    and leaves the average voltage None.

    Parameters
    ----------
    name : str
        A composite of Table 2 ('TiH2-MgH2', 'Li3AlH6–Al', ...); see :func:`table2_composite`.
    ion : str
        Working ion: 'Li', 'Na' or 'Mg'.
    convention : {"gibbs298", "enthalpy"}
        Energy convention of the voltages (see :mod:`hydrion.chem.thermo`).
    kb : KnowledgeBase, optional
        Supplies the reported average voltage of the composite record of that name, when it
        was measured with the same ion.

    Returns
    -------
    CompositeResult
        Capacity (mAh per g of composite as made), computed and reported average voltages
        (V vs the ion's metal), the definition with its source, and warnings.

    Raises
    ------
    UnknownRecordError
        A composite hydrion has no definition of.

    References
    ----------
    Composite definitions: Pang et al., Materials Today Nano 18 (2022) 100194, Table 2 and
    the text, with the primary reference of each (``electrode/data``).

    Examples
    --------
    >>> round(analyse_composite("TiH2-MgH2").capacity_mAh_per_g)
    1605
    """
    composite = table2_composite(name)
    capacity = float(composite_capacity_mAh_per_g(composite, ion))
    reported, refs = None, ()
    table2, table2_refs, discrepancy = None, (), None
    if kb is not None:
        try:
            material = kb.material(composite.name)
        except UnknownRecordError:
            material = None
        same_ion = material is not None and ion in material.ions  # reported vs that ion
        averages = [v for v in material.voltages if v.kind == "average"] if same_ion else []
        if averages:
            reported, refs = averages[0].voltage_V, tuple(averages[0].source.refs)
        printed = material.theoretical_capacities if same_ion else []
        if printed:
            table2 = printed[0].capacity_mAh_per_g
            table2_refs = tuple(printed[0].source.refs)
            discrepancy = capacity_discrepancy(composite, table2, capacity)
    return CompositeResult(
        name=composite.name,
        definition=composite.definition,
        ion=ion,
        convention=convention,
        capacity_mAh_per_g=capacity,
        average_voltage_V=composite_average_voltage_V(composite, ion, convention),
        reported_average_voltage_V=reported,
        reported_voltage_refs=refs,
        warnings=tuple(_composite_notes(composite, ion, convention)),
        reported_capacity_mAh_per_g=table2,
        reported_capacity_refs=table2_refs,
        capacity_discrepancy=discrepancy,
    )


def capacity_discrepancy(
    composite: CompositeElectrode, printed: float, computed: float
) -> str | None:
    """Why a composite's computed capacity differs from the one Table 2 prints.

    ``printed`` and ``computed`` are in mAh/g. Returns 'Table 2 prints 1728 mAh/g; the
    composition the text states gives 1605 mAh/g (-7.1 %). <definition's table2_note>' where
    they differ by more than 1 %, else None.
    """
    if abs(computed / printed - 1) <= 0.01:
        return None
    return (
        f"Table 2 prints {printed:.0f} mAh/g; the composition the text states gives "
        f"{computed:.0f} mAh/g ({100 * (computed / printed - 1):+.1f} %)."
        + (f" {composite.table2_note}" if composite.table2_note else "")
    )


_PLAIN = str.maketrans("–—₀₁₂₃₄₅₆₇₈₉", "--0123456789")


@lru_cache(maxsize=1)
def table2_composites() -> dict[str, CompositeElectrode]:
    """The bundled definitions of the Table 2 composites, keyed by slug of their name."""
    items = bundled_yaml("hydrion.electrode.data", "composites.yaml")
    return {slug(item["name"]): CompositeElectrode.model_validate(item) for item in items}


def table2_composite(name: str) -> CompositeElectrode:
    """The definition of a Table 2 composite by name.

    Parameters
    ----------
    name : str
        'TiH2-MgH2', 'Li3AlH6–Al', ... (the review's names; dashes of any kind).

    Returns
    -------
    CompositeElectrode
        Components with their molar or mass amounts, prelithiation and the source of the
        composition.

    Raises
    ------
    UnknownRecordError
        A composite hydrion has no definition of.
    """
    key = slug(name.translate(_PLAIN))
    if key not in table2_composites():
        raise UnknownRecordError(f"no composite definition for {name!r}")
    return table2_composites()[key]
