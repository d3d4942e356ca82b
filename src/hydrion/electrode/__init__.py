"""Conversion electrodes: pathways, capacities, voltages, profiles and volume change.

>>> from hydrion.electrode import analyse_electrode
>>> round(analyse_electrode("MgH2").capacity_mAh_per_g)
2037
"""

from hydrion.electrode.analysis import ElectrodeResult, Step, analyse_electrode
from hydrion.electrode.capacity import theoretical_capacity_mAh_per_g
from hydrion.electrode.composite import (
    Composite,
    CompositeResult,
    analyse_composite,
    composite_average_voltage_V,
    composite_capacity_mAh_per_g,
    table2_composite,
)
from hydrion.electrode.profile import (
    PairedEnergy,
    Profile,
    pair_with_cathode,
    paired_specific_energy,
)

__all__ = [
    "Composite",
    "CompositeResult",
    "ElectrodeResult",
    "PairedEnergy",
    "Profile",
    "Step",
    "analyse_composite",
    "analyse_electrode",
    "composite_average_voltage_V",
    "composite_capacity_mAh_per_g",
    "pair_with_cathode",
    "paired_specific_energy",
    "table2_composite",
    "theoretical_capacity_mAh_per_g",
]
