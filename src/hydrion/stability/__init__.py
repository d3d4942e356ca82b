"""Electrochemical stability: windows, interface reactions and electrolyte–electrode compatibility.

>>> from hydrion.stability import bundled, compute_window
>>> window = compute_window("LiBH4", bundled("enthalpy"))  # grand-potential phase diagram
>>> round(window.oxidation.voltage_V, 2)  # V vs Li/Li+, to H2 and Li2B12H12
1.69
"""

from hydrion.stability.comparison import WindowComparison, compare_windows
from hydrion.stability.compatibility import Compatibility, compatibility, compatibility_matrix
from hydrion.stability.energies import CONVENTIONS, EnergySource, bundled
from hydrion.stability.interface import InterfaceReaction, interface_reaction
from hydrion.stability.user_energies import energy_source
from hydrion.stability.window import ElectrochemicalWindow, compute_window

__all__ = [
    "CONVENTIONS",
    "Compatibility",
    "ElectrochemicalWindow",
    "EnergySource",
    "InterfaceReaction",
    "WindowComparison",
    "bundled",
    "compare_windows",
    "compatibility",
    "compatibility_matrix",
    "compute_window",
    "energy_source",
    "interface_reaction",
]
