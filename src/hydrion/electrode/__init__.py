"""Conversion electrodes: pathways, capacities, voltages, profiles and volume change.

>>> from hydrion.electrode import analyse_electrode
>>> round(analyse_electrode("MgH2").capacity_mAh_per_g)
2037
"""

from hydrion.lazy import lazy_exports

# public name -> submodule that defines it (imported on first use)
_EXPORTS = {
    "ElectrodeResult": "analysis",
    "Step": "analysis",
    "analyse_electrode": "analysis",
    "theoretical_capacity_mAh_per_g": "capacity",
    "CompositeElectrode": "composite",
    "CompositeResult": "composite",
    "analyse_composite": "composite",
    "composite_average_voltage_V": "composite",
    "composite_capacity_mAh_per_g": "composite",
    "table2_composite": "composite",
    "PairedEnergy": "profile",
    "Profile": "profile",
    "pair_with_cathode": "profile",
    "paired_specific_energy": "profile",
}
__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS)
