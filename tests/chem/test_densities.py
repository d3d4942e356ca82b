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


def test_counter_electrodes_take_their_density_from_the_table():
    # CRC Handbook (Physical Constants of Inorganic Compounds): TiS2 3.37, rhombic S 2.07,
    # Li 0.534, Na 0.97, Mg 1.74 g/cm³ — one entry each, in chem/data/densities.yaml
    from hydrion.cell.parts import part

    expected = {"tis2": 3.37, "s": 2.07, "li": 0.534, "na": 0.97, "mg": 1.74}
    for part_id, rho in expected.items():
        built = part(part_id)
        assert built.density_g_per_cm3 == pytest.approx(rho)
        assert built.sources["density"] == density_g_per_cm3(built.formula).source


def test_no_curated_record_carries_a_density_of_its_own():
    # one home per density: a second copy in a KB record could drift from the table
    from hydrion.kb import open_kb

    carrying = [m.id for m in open_kb().materials() if m.densities]
    assert carrying == []


def test_a_users_own_density_wins_over_the_table():
    from hydrion.kb.records import Density, Material
    from hydrion.sources import Source

    def material(densities):
        return Material(
            id="my-tis2",
            name="TiS2",
            kind="counter_electrode",
            ions=["Li"],
            family="layered sulfide",
            formula="TiS2",
            densities=densities,
        )

    assert material([]).density().density_g_per_cm3 == pytest.approx(3.37)
    mine = Density(density_g_per_cm3=3.1, source=Source(kind="experiment", citation="my pellet"))
    assert material([mine]).density() == mine
    assert (
        Material(
            id="comp",
            name="LiBH4-X",
            kind="electrolyte",
            ions=["Li"],
            family="BH4",
            components=[{"name": "LiBH4", "formula": "LiBH4"}],
            description="a composite",
        ).density()
        is None
    )
