"""Curated structures: symmetry, composition against the knowledge base, density; builders."""

from __future__ import annotations

import pytest

from hydrion.atomistic.structures import (
    DENSITY_TOLERANCE,
    check_structure,
    load_structure,
    structure_entries,
    structure_entry,
    substitute,
    supercell_to,
)
from hydrion.errors import InputError, MissingDataError


@pytest.mark.parametrize("key", sorted(structure_entries()))
def test_curated_structure_passes_its_checks(key):
    entry = structure_entry(key)
    check = check_structure(entry)
    assert check.space_group_found == entry.space_group
    assert check.formula_found == check.formula_expected
    assert abs(check.density_deviation) <= DENSITY_TOLERANCE
    assert entry.source["doi"].startswith("10.")


def test_libh4_pnma_density_and_bh4_geometry():
    # Soulié et al. 2002 (doi:10.1016/S0925-8388(02)00521-2): Z = 4, distorted BH4 with
    # B–H 1.04–1.28 Å; CRC density 0.66 g/cm³
    structure = structure_entry("libh4-pnma").build()
    assert len(structure) == 24
    assert structure.density == pytest.approx(0.668, abs=0.002)
    boron = next(site for site in structure if site.specie.symbol == "B")
    bonds = sorted(n.nn_distance for n in structure.get_neighbors(boron, 1.6))
    assert len(bonds) == 4
    assert bonds[0] == pytest.approx(1.04, abs=0.01)
    assert bonds[-1] == pytest.approx(1.29, abs=0.01)


def test_supercell_reaches_the_target_and_stays_compact():
    cell = supercell_to(structure_entry("libh4-p63mc").build(), 90)
    assert len(cell) == 96  # 12 atoms × (2, 2, 2): the smallest count ≥ 90
    assert min(cell.lattice.abc) > 8.0


def test_substitution_na_for_li_and_iodide_for_bh4_are_seeded():
    cell = supercell_to(structure_entry("libh4-p63mc").build(), 48)
    na, fraction = substitute(cell, "Li", "Na", 0.25, seed=7)
    assert fraction == 0.25
    assert na.composition["Na"] == 2 and na.composition["Li"] == 6  # 8 Li in 48 atoms
    again, _ = substitute(cell, "Li", "Na", 0.25, seed=7)
    assert [s.specie.symbol for s in again] == [s.specie.symbol for s in na]
    iodide, fraction = substitute(cell, "BH4", "I", 0.5, seed=1)
    assert iodide.composition["I"] == 4 and iodide.composition["B"] == 4
    assert iodide.composition["H"] == 16 and len(iodide) == 48 - 16


def test_unknown_structure_and_bad_fraction_are_refused():
    with pytest.raises(MissingDataError, match="libh4-p63mc"):
        structure_entry("li2b12h12")
    with pytest.raises(InputError, match="rounds to none"):
        substitute(structure_entry("libh4-p63mc").build(), "Li", "Na", 0.1, seed=0)


def test_random_anion_orientations_keep_anion_geometry_and_centres():
    import numpy as np

    from hydrion.atomistic.structures import complex_anions, randomise_orientations

    cell = supercell_to(structure_entry("libh4-pnma").build(), 48)
    groups = complex_anions(cell)
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)  # BH4 units
    turned = randomise_orientations(cell, seed=2)
    assert turned.composition == cell.composition
    for group in groups:
        boron = next(i for i in group if cell[i].specie.symbol == "B")
        assert np.allclose(turned[boron].coords, cell[boron].coords, atol=0.5)
        before = sorted(cell.get_distance(boron, i) for i in group if i != boron)
        after = sorted(turned.get_distance(boron, i) for i in group if i != boron)
        assert np.allclose(before, after, atol=1e-6)
    assert not np.allclose(turned.cart_coords, cell.cart_coords, atol=0.1)
    again = randomise_orientations(cell, seed=2)
    assert np.allclose(again.cart_coords, turned.cart_coords)


def test_a_record_yaml_is_not_a_structure(tmp_path):
    record = tmp_path / "rec.yaml"
    record.write_text("- id: libh4\n  name: LiBH4\n  conductivities: []\n")
    with pytest.raises(InputError, match="not a readable structure file"):
        load_structure(str(record))


def test_an_unreadable_cif_gives_the_error_without_parser_warnings(tmp_path, recwarn):
    cif = tmp_path / "bad.cif"
    cif.write_text("data_x\n_cell_length_a -5\n")
    with pytest.raises(InputError, match="not a readable structure file"):
        load_structure(str(cif))
    assert [str(w.message) for w in recwarn] == []
