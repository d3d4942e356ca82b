"""Typed records of the knowledge base (pydantic).

Every reported number is a small model that carries its value with the unit in the field
name, the conditions it was measured at, and a :class:`Source`. Materials and cells are
built from these. Records are validated when the YAML data files and the user database
are loaded; a broken record is refused with the field and the problem named.

Conventions:
* temperatures of reported values are in °C, as papers report them (``temperature_C``);
* potentials are against the metal of the working ion (``reference`` says which);
* numbers are never true/false or text, and every one is bounded (σ ≤ 1e3 S/cm,
  −273.15 < T < 5000 °C, |E| ≤ 10 V...: sanity bounds from physics, not literature values,
  see :mod:`hydrion.kb.record_fields`);
* ``precision`` keeps ranges and orders of magnitude honest: "10^-3 S/cm" is stored as
  1e-3 with precision ``order_of_magnitude``, never as a three-digit number.

How a record is written as text (precision marks, σ, conditions) is in
:mod:`hydrion.kb.record_text`; ``format_sigma`` and ``precision_mark`` are re-exported here.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from hydrion.constants import WorkingIon as Ion
from hydrion.kb.record_fields import (
    ActivationEnergy_eV,
    Amount,
    Capacity_mAh_per_g,
    Celsius,
    Conductivity_S_per_cm,
    CurrentDensity_mA_per_cm2,
    Density_g_per_cm3,
    Fraction,
    IonsPerFormula,
    Number,
    Potential,
    checked_formula,
)
from hydrion.kb.record_text import at_temperature, potential_limits
from hydrion.kb.record_text import format_sigma as format_sigma
from hydrion.kb.record_text import precision_mark as precision_mark
from hydrion.sources import Source, StrictModel

Precision = Literal["exact", "approximate", "order_of_magnitude", "lower_bound", "upper_bound"]
Direction = Literal["heating", "cooling"]

ID_PATTERN = r"^[a-z0-9][a-z0-9_.+()-]*$"


class Sourced(StrictModel):
    """Base of every reported value: the source and an optional note."""

    source: Source
    note: str | None = None

    def describe(self) -> str:
        """The value in one short line with its unit and conditions."""
        data = self.model_dump(exclude={"source", "note"}, exclude_none=True)
        return ", ".join(f"{key}={value}" for key, value in data.items())


class Conductivity(Sourced):
    """Ionic conductivity at one temperature."""

    sigma_S_per_cm: Conductivity_S_per_cm
    temperature_C: Celsius
    precision: Precision = "exact"
    phase: str | None = None
    direction: Direction | None = None
    temperature_text: str | None = Field(None, description="as written, e.g. 'RT'")

    def describe(self) -> str:
        extra = [x for x in (self.phase, self.direction) if x]
        if self.precision == "order_of_magnitude":
            extra.insert(0, "order of magnitude")
        tail = f" ({', '.join(extra)})" if extra else ""
        where = at_temperature(self.temperature_C, self.temperature_text)
        return f"{format_sigma(self.sigma_S_per_cm, self.precision)}{where}{tail}"


class ActivationEnergy(Sourced):
    """Activation energy of conduction of one phase or temperature range."""

    Ea_eV: ActivationEnergy_eV
    phase: str | None = None
    T_min_C: Celsius | None = None
    T_max_C: Celsius | None = None
    convention: Literal["sigma", "sigmaT", "unspecified"] = Field(
        "unspecified", description="σ = σ0·exp(−Ea/kT) ('sigma') or σT = A·exp(−Ea/kT) ('sigmaT')"
    )
    precision: Precision = "exact"

    def describe(self) -> str:
        extra = [self.phase or ""]
        if self.T_min_C is not None or self.T_max_C is not None:
            low = "" if self.T_min_C is None else f"{self.T_min_C:g}"
            high = "" if self.T_max_C is None else f"{self.T_max_C:g}"
            extra.append(f"{low}–{high} °C")
        if self.convention != "unspecified":
            extra.append(f"{self.convention} convention")
        tail = ", ".join(x for x in extra if x)
        return f"{self.Ea_eV:g} eV" + (f" ({tail})" if tail else "")


class PhaseTransition(Sourced):
    """An order–disorder (or other) structural transition."""

    temperature_C: Celsius
    direction: Direction | None = Field(None, description="heating or cooling, for hysteresis")
    low_T_phase: str | None = None
    high_T_phase: str | None = None
    precision: Precision = "exact"

    def describe(self) -> str:
        phases = f" {self.low_T_phase or '?'} → {self.high_T_phase or '?'}"
        on = f" on {self.direction}" if self.direction else ""
        return f"{precision_mark(self.precision)}{self.temperature_C:g} °C{phases}{on}"


class StabilityWindow(Sourced):
    """Electrochemical stability window; experimental (apparent) and theoretical kept apart."""

    low_V: Potential | None = None
    high_V: Potential | None = None
    method: Literal["experimental", "theoretical"]
    reference: Literal["Li/Li+", "Na/Na+", "Mg/Mg2+"] = "Li/Li+"

    @model_validator(mode="after")
    def _ordered(self) -> StabilityWindow:
        if self.low_V is None and self.high_V is None:
            raise ValueError("a window needs low_V, high_V or both")
        if self.low_V is not None and self.high_V is not None and self.low_V >= self.high_V:
            raise ValueError(f"low_V {self.low_V} must be below high_V {self.high_V}")
        return self

    def describe(self) -> str:
        return f"{potential_limits(self.low_V, self.high_V)} vs {self.reference} ({self.method})"


class CriticalCurrentDensity(Sourced):
    """Critical current density of metal plating/stripping."""

    ccd_mA_per_cm2: CurrentDensity_mA_per_cm2
    temperature_C: Celsius | None = None
    modifier: str | None = Field(None, description="additive that was present, e.g. 'LiF'")

    def describe(self) -> str:
        modifier = f" with {self.modifier}" if self.modifier else ""
        return f"{self.ccd_mA_per_cm2:g} mA/cm²{modifier}{at_temperature(self.temperature_C)}"


class TransferenceNumber(Sourced):
    """Cation transference number."""

    t_plus: Fraction
    temperature_C: Celsius | None = None

    def describe(self) -> str:
        return f"t+ = {self.t_plus:g}{at_temperature(self.temperature_C)}"


class HydrogenContent(Sourced):
    """Hydrogen content as reported (hydrion also computes it from the formula)."""

    wt_percent: Number = Field(gt=0, lt=100)

    def describe(self) -> str:
        return f"{self.wt_percent:g} wt% H"


class SpecificCapacity(Sourced):
    """A reported theoretical specific capacity (per mass of the pristine electrode)."""

    capacity_mAh_per_g: Capacity_mAh_per_g
    basis: str = Field("conversion", description="what the capacity counts, e.g. 'conversion'")

    def describe(self) -> str:
        return f"{self.capacity_mAh_per_g:g} mAh/g ({self.basis})"


class Voltage(Sourced):
    """An average or plateau voltage against the working-ion metal."""

    voltage_V: Potential
    kind: Literal["average", "plateau"] = "average"
    step: str | None = Field(None, description="reaction step the plateau belongs to")
    precision: Precision = "exact"

    def describe(self) -> str:
        step = f", {self.step}" if self.step else ""
        return f"{precision_mark(self.precision)}{self.voltage_V:g} V ({self.kind}{step})"


class PotentialRange(Sourced):
    """Working-potential range of an electrode against the working-ion metal."""

    low_V: Potential
    high_V: Potential
    reference: Literal["Li/Li+", "Na/Na+", "Mg/Mg2+"] = "Li/Li+"

    @model_validator(mode="after")
    def _ordered(self) -> PotentialRange:
        if self.low_V > self.high_V:
            raise ValueError(f"low_V {self.low_V} must not exceed high_V {self.high_V}")
        return self

    def describe(self) -> str:
        return f"{potential_limits(self.low_V, self.high_V)} vs {self.reference}"


class Density(Sourced):
    """Crystallographic or measured density."""

    density_g_per_cm3: Density_g_per_cm3

    def describe(self) -> str:
        return f"{self.density_g_per_cm3:g} g/cm³"


class IonStorage(Sourced):
    """How many working ions one formula unit stores (capacities are computed from this)."""

    ions_per_formula: IonsPerFormula
    ion: Ion
    reaction: str | None = Field(None, description="e.g. 'TiS2 + Li -> LiTiS2'")

    def describe(self) -> str:
        reaction = f" ({self.reaction})" if self.reaction else ""
        return f"{self.ions_per_formula:g} {self.ion} per formula unit{reaction}"


class Observation(Sourced):
    """A qualitative finding with its source (e.g. 'unstable against LiCoO2')."""

    text: str
    topic: Literal["stability", "compatibility", "mechanism", "structure", "synthesis", "other"]
    counterpart: str | None = Field(None, description="id of the other material involved")

    def describe(self) -> str:
        return self.text


class Component(StrictModel):
    """One part of a composite or mixture."""

    name: str
    formula: str | None = None
    amount: Amount | None = None
    unit: Literal["mol", "mol%", "wt%", "vol%"] | None = None
    role: str | None = Field(None, description="e.g. 'scaffold', 'filler', 'dopant'")

    @field_validator("formula")
    @classmethod
    def _parseable(cls, formula: str | None, info: ValidationInfo) -> str | None:
        return checked_formula(formula, info)

    @model_validator(mode="after")
    def _percent_at_most_100(self) -> Component:
        if self.unit in ("mol%", "wt%", "vol%") and self.amount is not None and self.amount > 100:
            raise ValueError(f"amount {self.amount:g} {self.unit} is above 100 {self.unit}")
        return self


class Material(StrictModel):
    """An electrolyte, a hydride electrode or a counter-electrode, with all reported values."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(description="as written in the source, e.g. 'Li(BH4)0.7Br0.2Cl0.1'")
    kind: Literal["electrolyte", "electrode", "counter_electrode"]
    ions: list[Ion] = Field(min_length=1)
    family: str
    formula: str | None = Field(None, description="pymatgen-readable; None for composites")
    components: list[Component] = Field(default_factory=list)
    description: str | None = None
    aliases: list[str] = Field(default_factory=list)
    review_table: Literal["Table 1", "Table 2"] | None = None
    conductivities: list[Conductivity] = Field(default_factory=list)
    activation_energies: list[ActivationEnergy] = Field(default_factory=list)
    phase_transitions: list[PhaseTransition] = Field(default_factory=list)
    windows: list[StabilityWindow] = Field(default_factory=list)
    critical_current_densities: list[CriticalCurrentDensity] = Field(default_factory=list)
    transference_numbers: list[TransferenceNumber] = Field(default_factory=list)
    hydrogen_contents: list[HydrogenContent] = Field(default_factory=list)
    theoretical_capacities: list[SpecificCapacity] = Field(default_factory=list)
    voltages: list[Voltage] = Field(default_factory=list)
    potential_ranges: list[PotentialRange] = Field(default_factory=list)
    densities: list[Density] = Field(default_factory=list)  # user records; see density()
    ion_storage: list[IonStorage] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)

    @field_validator("formula")
    @classmethod
    def _formula_parses(cls, formula: str | None, info: ValidationInfo) -> str | None:
        return checked_formula(formula, info)

    @model_validator(mode="after")
    def _formula_or_components(self) -> Material:
        if self.formula is None and not (self.components and self.description):
            raise ValueError("a material without a formula needs components and a description")
        return self

    def density(self) -> Density | None:
        """The density of this material with its source, or None where none is known.

        Returns
        -------
        Density or None
            The record's own density (g/cm³; a user's measurement: curated records carry
            none), else the entry of the one density table (``chem/data/densities.yaml``,
            :func:`hydrion.chem.densities.density_g_per_cm3`) for the record's formula.
        """
        if self.densities:
            return self.densities[0]
        if self.formula is None:
            return None
        from hydrion.chem.densities import density_g_per_cm3
        from hydrion.errors import MissingDataError

        try:
            entry = density_g_per_cm3(self.formula)
        except MissingDataError:
            return None
        return Density(density_g_per_cm3=entry.density_g_per_cm3, source=entry.source)

    def values(self) -> list[tuple[str, Sourced]]:
        """Every reported value as (field name, value) pairs."""
        pairs: list[tuple[str, Sourced]] = []
        for name, field in type(self).model_fields.items():
            items = getattr(self, name)
            if isinstance(items, list) and field.annotation is not None:
                pairs.extend((name, item) for item in items if isinstance(item, Sourced))
        return pairs


PROPERTY_LABELS = {
    "conductivities": "conductivity",
    "activation_energies": "activation energy",
    "phase_transitions": "phase transition",
    "windows": "stability window",
    "critical_current_densities": "critical current density",
    "transference_numbers": "transference number",
    "hydrogen_contents": "hydrogen content",
    "theoretical_capacities": "theoretical capacity",
    "voltages": "voltage",
    "potential_ranges": "potential range",
    "densities": "density",
    "ion_storage": "ion storage",
    "observations": "observation",
}


def slug(text: str) -> str:
    """A lowercase id from a name: 'Li4(BH4)3I@SBA-15' -> 'li4(bh4)3i@sba-15'."""
    cleaned = re.sub(r"\s+", "-", text.strip().lower().replace("·", "."))
    return re.sub(r"[^a-z0-9_.+()-]", "-", cleaned)
