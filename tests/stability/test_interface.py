"""Interface reactions (pymatgen InterfacialReactivity) on the bundled energies."""

import pytest

from hydrion.errors import MissingDataError
from hydrion.stability.energies import bundled
from hydrion.stability.interface import interface_reaction


def test_libh4_reacts_with_tis2_towards_li2b12h12():
    # Review [73]: Li2B12H12 forms in situ at the TiS2/LiBH4 interface.
    reaction = interface_reaction("LiBH4", "TiS2", bundled("enthalpy"))
    assert reaction.reactive
    assert "Li2B12H12" in reaction.products


@pytest.mark.parametrize("coating", ["Li3PO4", "LiNbO3"])
def test_reported_interlayers_do_not_react_with_libh4(coating):
    # Review [80], [62]: Li3PO4 and LiNbO3 separate LiBH4 from LiCoO2.
    assert not interface_reaction("LiBH4", coating, bundled("enthalpy")).reactive


def test_grand_potential_version_at_an_electrode_potential():
    reaction = interface_reaction("Li2B12H12", "TiS2", bundled("enthalpy"), "Li", 2.0)
    assert reaction.potential_V == 2.0 and reaction.energy_eV_per_atom <= 0


def test_missing_electrode_energy_names_it():
    with pytest.raises(MissingDataError, match="LiCoO2"):
        interface_reaction("LiBH4", "LiCoO2", bundled("enthalpy"))
