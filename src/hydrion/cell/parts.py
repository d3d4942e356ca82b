"""The parts a cell is built from: electrodes, electrolytes, collectors, with sourced properties.

A part's ion storage and average voltage come from the knowledge-base record when it carries
them, else from ``hydrion/cell/data/materials.yaml`` (values the review does not give, each
with its source). Capacities are computed, never stored: q = n·F / (3.6·M) in mAh/g per mass
of the pristine (as-written) formula. Densities given there as a crystal structure are
computed as ρ = Z·M / (N_A·V); every other density comes from the one density table
(``hydrion/chem/data/densities.yaml``), unless a user's own record gives one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pymatgen.core import Lattice

from hydrion.bundled_yaml import bundled_yaml
from hydrion.chem.densities import density_g_per_cm3, no_density, user_density_hint
from hydrion.chem.formula import molar_mass_g_per_mol
from hydrion.constants import AVOGADRO_PER_MOL, WorkingIon
from hydrion.electrode.capacity import theoretical_capacity_mAh_per_g
from hydrion.errors import HydrionError, MissingDataError, UnknownRecordError
from hydrion.sources import Source

Role = Literal["electrode", "metal", "alloy", "electrolyte", "additive", "collector"]


class LatticeCell(BaseModel):
    """A crystallographic cell: lengths in Å, angles in degrees, Z formula units per cell."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    a_A: float = Field(gt=0)
    b_A: float = Field(gt=0)
    c_A: float = Field(gt=0)
    alpha: float = Field(gt=0, lt=180)
    beta: float = Field(gt=0, lt=180)
    gamma: float = Field(gt=0, lt=180)
    Z: float = Field(gt=0)


class PartRecord(BaseModel):
    """One entry of ``cell/data/materials.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    formula: str
    role: Role
    ion: WorkingIon | None = None
    ions_per_formula: float | None = Field(None, gt=0)
    reaction: str | None = None
    ion_storage_source: Source | None = None
    lattice: LatticeCell | None = None  # the density is computed from it, else looked up
    density_source: Source | None = None  # of the lattice
    average_voltage_V: float | None = None
    voltage_source: Source | None = None
    ocp: dict[str, str] | None = None
    cutoff_V: tuple[float, float] | None = None
    cutoff_source: Source | None = None


@dataclass(frozen=True)
class Part:
    """A resolved part with the numbers the stack model needs and where each came from."""

    id: str
    formula: str
    role: str
    density_g_per_cm3: float | None
    ion: str | None = None
    ions_per_formula: float | None = None
    average_voltage_V: float | None = None
    ocp: dict[str, str] | None = None
    cutoff_V: tuple[float, float] | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    computed_capacity_mAh_per_g: float | None = None  # from hydrion.electrode (conversion)
    kb_kind: str | None = None  # the knowledge-base kind ("electrode" = a Table 2 hydride)

    @property
    def capacity_mAh_per_g(self) -> float | None:
        """Theoretical capacity per mass of the pristine formula, n·F/(3.6·M)."""
        if self.computed_capacity_mAh_per_g is not None:
            return self.computed_capacity_mAh_per_g
        if self.ions_per_formula is None:
            return None
        return theoretical_capacity_mAh_per_g(self.formula, self.ions_per_formula)

    def require_density(self) -> float:
        if self.density_g_per_cm3 is None:
            raise MissingDataError(
                f"{self.id}: {no_density(self.formula)}; "
                f"{user_density_hint(self.formula)}, or give it as an option "
                "(e.g. --electrolyte-density '1.2 g/cm3')"
            )
        return self.density_g_per_cm3

    def require_electrochemistry(self) -> tuple[float, float]:
        """(capacity mAh/g, average voltage V) or a MissingDataError naming what is missing."""
        if self.capacity_mAh_per_g is None or self.average_voltage_V is None:
            raise MissingDataError(
                f"{self.id} has no ion storage or average voltage on record; it cannot be an "
                "electrode here (add ions_per_formula and average_voltage_V with sources)"
            )
        return self.capacity_mAh_per_g, self.average_voltage_V


def density_from_lattice(formula: str, lattice: LatticeCell) -> float:
    """Crystallographic density ρ = Z·M/(N_A·V) in g/cm³ (V from pymatgen's Lattice, Å³)."""
    cell = Lattice.from_parameters(
        lattice.a_A, lattice.b_A, lattice.c_A, lattice.alpha, lattice.beta, lattice.gamma
    )
    return lattice.Z * molar_mass_g_per_mol(formula) / (AVOGADRO_PER_MOL * cell.volume * 1e-24)


@lru_cache(maxsize=1)
def _records() -> dict[str, PartRecord]:
    items = bundled_yaml("hydrion.cell.data", "materials.yaml")
    return {item["id"]: PartRecord.model_validate(item) for item in items}


@lru_cache(maxsize=1)
def defaults() -> dict[str, Any]:
    """Design defaults of the stack (``cell/data/defaults.yaml``): name -> value."""
    items = bundled_yaml("hydrion.cell.data", "defaults.yaml").items()
    return {name: entry["value"] for name, entry in items}


def _from_record(record: PartRecord) -> Part:
    density, density_source = None, record.density_source
    if record.lattice is not None:
        density = density_from_lattice(record.formula, record.lattice)
    else:  # the one density table, where it has the phase
        try:
            entry = density_g_per_cm3(record.formula)
            density, density_source = entry.density_g_per_cm3, entry.source
        except MissingDataError:
            pass
    sources = {
        name: source
        for name, source in (
            ("density", density_source),
            ("ion_storage", record.ion_storage_source),
            ("voltage", record.voltage_source),
            ("cutoff", record.cutoff_source),
        )
        if source is not None
    }
    return Part(
        id=record.id,
        formula=record.formula,
        role=record.role,
        density_g_per_cm3=density,
        ion=record.ion,
        ions_per_formula=record.ions_per_formula,
        average_voltage_V=record.average_voltage_V,
        ocp=record.ocp,
        cutoff_V=record.cutoff_V,
        sources=sources,
    )


def _kb_material(name: str, kb):
    if kb is None:
        from hydrion.kb import open_kb

        kb = open_kb()
    try:
        return kb.material(name)
    except UnknownRecordError:
        return None


def part(name: str, kb=None) -> Part:
    """The part ``name`` (id, name or formula): knowledge-base values first, then cell data.

    Raises :class:`UnknownRecordError` if neither knows it.
    """
    material = _kb_material(name, kb)
    key = material.id if material is not None else name.strip().lower()
    record = _records().get(key)
    if record is None and material is None:
        known = ", ".join(sorted(_records()))
        raise UnknownRecordError(f"no cell part {name!r}; known here: {known}")
    base = (
        _from_record(record)
        if record is not None
        else Part(
            id=material.id,
            formula=material.formula or name,
            role=material.kind,
            density_g_per_cm3=None,
        )
    )
    if material is None:
        return base
    base = replace(base, kb_kind=material.kind)
    if material.kind == "electrode" and not material.formula:
        return _with_composite_module(_overlay_kb(base, material), material, kb)
    return _with_electrode_module(_overlay_kb(base, material), material)


def _overlay_kb(base: Part, material) -> Part:
    """Take density (the record's own or the one table's, :meth:`Material.density`), ion
    storage, working range and average voltage from the KB record."""
    updates: dict[str, Any] = {}
    sources = dict(base.sources)
    # a user's own density wins; the table's only fills a part without a crystal structure
    density = material.density() if material.densities or base.density_g_per_cm3 is None else None
    if density is not None:
        updates["density_g_per_cm3"] = density.density_g_per_cm3
        sources["density"] = density.source
    if material.ion_storage:
        updates["ions_per_formula"] = material.ion_storage[0].ions_per_formula
        updates["ion"] = material.ion_storage[0].ion
        sources["ion_storage"] = material.ion_storage[0].source
    if material.potential_ranges:
        working = material.potential_ranges[0]
        updates["cutoff_V"] = (working.low_V, working.high_V)
        sources["cutoff"] = working.source
    voltage = working_voltage(material)
    if voltage is not None:
        updates["average_voltage_V"] = voltage.voltage_V
        sources["voltage"] = voltage.source
    if material.formula:
        updates["formula"] = material.formula
    return replace(base, **updates, sources=sources)


def working_voltage(material):
    """The record's average voltage, else its plateau when the record has exactly one plateau
    value (a two-phase electrode such as LiFePO4 or Li4Ti5O12); None otherwise. The KB
    record is the one home of these values (compat reads the same ones)."""
    averages = [v for v in material.voltages if v.kind == "average"]
    if averages:
        return averages[0]
    plateaus = [v for v in material.voltages if v.kind == "plateau"]
    if plateaus and len({v.voltage_V for v in plateaus}) == 1:
        return plateaus[0]
    return None


def _with_composite_module(base: Part, material, kb) -> Part:
    """A Table 2 composite electrode (no single formula): capacity and average voltage from
    :func:`hydrion.electrode.analyse_composite` (its definition says what mass the capacity
    counts, e.g. a prelithiated composite); the reported average voltage where the
    thermochemistry gives none. Density stays unknown (a stack then names it missing)."""
    if base.capacity_mAh_per_g is not None and base.average_voltage_V is not None:
        return base
    from hydrion.electrode import analyse_composite

    try:
        result = analyse_composite(material.id, ion=material.ions[0], kb=kb)
    except HydrionError:
        return base
    computed = Source(
        kind="calculation",
        citation="hydrion.electrode.analyse_composite (bundled composite definitions)",
        note=result.definition,
    )
    updates: dict[str, Any] = {}
    sources = dict(base.sources)
    if base.capacity_mAh_per_g is None:
        updates.update(computed_capacity_mAh_per_g=result.capacity_mAh_per_g, ion=result.ion)
        sources["ion_storage"] = computed
    if base.average_voltage_V is None:
        if result.average_voltage_V is not None:
            updates["average_voltage_V"] = result.average_voltage_V
            sources["voltage"] = computed
        elif result.reported_average_voltage_V is not None:
            updates["average_voltage_V"] = result.reported_average_voltage_V
            sources["voltage"] = Source(
                kind="review_table", refs=list(result.reported_voltage_refs)
            )
    return replace(base, **updates, sources=sources)


def _with_electrode_module(base: Part, material) -> Part:
    """A hydride conversion electrode the cell data does not cover: capacity, and where the
    records lack them, average voltage and density computed by :mod:`hydrion.electrode`."""
    complete = base.capacity_mAh_per_g is not None and base.average_voltage_V is not None
    if (
        material.kind != "electrode"
        or not material.formula
        or (complete and base.density_g_per_cm3 is not None)
    ):
        return base
    from hydrion.electrode import analyse_electrode

    try:
        result = analyse_electrode(material.formula, ion=material.ions[0])
    except HydrionError:
        return base
    computed = Source(
        kind="calculation",
        citation="hydrion.electrode (conversion reaction, bundled thermochemistry)",
        note=result.overall_reaction or None,
    )
    updates: dict[str, Any] = {}
    sources = dict(base.sources)
    if base.capacity_mAh_per_g is None and result.capacity_mAh_per_g:
        updates["computed_capacity_mAh_per_g"] = result.capacity_mAh_per_g
        updates["ion"] = material.ions[0]
        sources["ion_storage"] = computed
    if base.average_voltage_V is None and result.average_voltage_V is not None:
        updates["average_voltage_V"] = result.average_voltage_V
        sources["voltage"] = computed
    if (
        base.density_g_per_cm3 is None
        and result.volumetric_capacity_mAh_per_cm3
        and result.capacity_mAh_per_g
    ):
        updates["density_g_per_cm3"] = (
            result.volumetric_capacity_mAh_per_cm3 / result.capacity_mAh_per_g
        )
        sources["density"] = (
            Source(kind="handbook", citation=str(result.density_source))
            if result.density_source
            else computed
        )
    return replace(base, **updates, sources=sources)


def known_parts(role: str | None = None) -> list[str]:
    """Ids of the parts in the cell data, optionally of one role."""
    return sorted(k for k, r in _records().items() if role is None or r.role == role)
