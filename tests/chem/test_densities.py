"""The one density table: electrode volumes and cell parts read the same sourced values."""

import pytest

from hydrion.chem.densities import density_g_per_cm3
from hydrion.errors import MissingDataError


def test_handbook_values_and_refusal():
    # CRC Handbook: MgH2 1.45 g/cm³, Cu 8.96 g/cm³
    assert density_g_per_cm3("MgH2").density_g_per_cm3 == pytest.approx(1.45)
    assert density_g_per_cm3("Cu").density_g_per_cm3 == pytest.approx(8.96)
    with pytest.raises(MissingDataError, match="Li3AlH6"):
        density_g_per_cm3("Li3AlH6")


def test_cell_parts_take_their_handbook_density_from_the_table():
    from hydrion.cell.parts import part

    for part_id, formula in (("mgh2", "MgH2"), ("cu", "Cu"), ("al", "Al"), ("li-in", "In")):
        entry = density_g_per_cm3(formula)
        built = part(part_id)
        assert built.density_g_per_cm3 == entry.density_g_per_cm3
        assert built.sources["density"] == entry.source


def test_electrode_molar_volume_uses_the_same_table():
    from hydrion.chem.formula import molar_mass_g_per_mol
    from hydrion.electrode.volume import molar_volume_cm3_per_mol

    volume, zen = molar_volume_cm3_per_mol("MgH2")
    assert not zen
    assert volume == pytest.approx(molar_mass_g_per_mol("MgH2") / 1.45)
