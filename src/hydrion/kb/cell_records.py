"""Cells of the knowledge base: cathode | electrolyte | anode with reported performance.

A :class:`Cell` names its parts by material ids (checked against the knowledge base when it
is stored) and holds one :class:`CellPerformance` per reported capacity, each with the
conditions it was measured at and its :class:`~hydrion.sources.Source`. Numeric fields are
bounded (see :mod:`hydrion.kb.record_fields`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from hydrion.kb.record_fields import (
    Capacity_mAh_per_g,
    Celsius,
    CRate,
    CurrentDensity_mA_per_cm2,
    Cycles,
    Percent,
    Potential,
    SpecificCurrent_mA_per_g,
)
from hydrion.kb.records import ID_PATTERN, Ion, Sourced
from hydrion.sources import StrictModel


class CellPerformance(Sourced):
    """One reported capacity of a cell, with the conditions it was measured at."""

    capacity_mAh_per_g: Capacity_mAh_per_g
    capacity_basis: str = Field(
        "cathode", description="mass the capacity is normalised to: 'cathode', 'anode', 'S', ..."
    )
    kind: Literal["discharge", "charge", "reversible"] = "discharge"
    cycle: Cycles | None = Field(None, description="cycle the capacity was read at")
    temperature_C: Celsius
    c_rate: CRate | None = None
    current_density_mA_per_cm2: CurrentDensity_mA_per_cm2 | None = None
    specific_current_mA_per_g: SpecificCurrent_mA_per_g | None = None
    retention_percent: Percent | None = None
    retention_cycles: Cycles | None = Field(None, description="cycles the retention spans")
    coulombic_efficiency_percent: Percent | None = None
    in_review_table: bool = False

    def describe(self) -> str:
        """'205 mAh/g (discharge, cycle 2, per cathode) at 0.2 C, 120 °C, CE 99 %'."""
        details: list[str] = [self.kind]
        if self.cycle:
            details.append(f"cycle {self.cycle}")
        details.append(f"per {self.capacity_basis}")
        rates = [
            f"{self.c_rate:g} C" if self.c_rate is not None else "",
            f"{self.current_density_mA_per_cm2:g} mA/cm²"
            if self.current_density_mA_per_cm2 is not None
            else "",
            f"{self.specific_current_mA_per_g:g} mA/g"
            if self.specific_current_mA_per_g is not None
            else "",
        ]
        conditions = [rate for rate in rates if rate] + [f"{self.temperature_C:g} °C"]
        text = (
            f"{self.capacity_mAh_per_g:g} mAh/g ({', '.join(details)}) at {', '.join(conditions)}"
        )
        if self.retention_percent is not None:
            span = f" over {self.retention_cycles} cycles" if self.retention_cycles else ""
            text += f", retention {self.retention_percent:g} %{span}"
        if self.coulombic_efficiency_percent is not None:
            text += f", CE {self.coulombic_efficiency_percent:g} %"
        return text


class Cell(StrictModel):
    """A cell: cathode | electrolyte | anode, by material ids, with reported performance."""

    id: str = Field(pattern=ID_PATTERN)
    cathode: str
    electrolyte: str
    anode: str
    ion: Ion
    cathode_additives: list[str] = Field(default_factory=list)
    anode_additives: list[str] = Field(default_factory=list)
    interlayers: list[str] = Field(default_factory=list)
    voltage_low_V: Potential | None = None
    voltage_high_V: Potential | None = None
    description: str | None = None
    performance: list[CellPerformance] = Field(min_length=1)

    @model_validator(mode="after")
    def _voltages_ordered(self) -> Cell:
        low, high = self.voltage_low_V, self.voltage_high_V
        if low is not None and high is not None and low >= high:
            raise ValueError(f"voltage_low_V {low} must be below voltage_high_V {high}")
        return self

    @property
    def label(self) -> str:
        return f"{self.cathode} | {self.electrolyte} | {self.anode}"
