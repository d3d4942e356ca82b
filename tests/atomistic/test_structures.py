"""Curated structures: symmetry, composition against the knowledge base, density; loading."""

from __future__ import annotations

import pytest

from hydrion.atomistic.structures import (
    DENSITY_TOLERANCE,
    check_structure,
    load_structure,
    structure_entries,
    structure_entry,
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


def test_unknown_structure_is_refused():
    with pytest.raises(MissingDataError, match="libh4-p63mc"):
        structure_entry("li2b12h12")


def test_builders_are_still_importable_from_structures():
    from hydrion.atomistic import builders, structures

    for name in ("supercell_to", "substitute", "complex_anions", "randomise_orientations"):
        assert getattr(structures, name) is getattr(builders, name)


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
