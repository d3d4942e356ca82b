"""Builders of MD starting cells: supercells, seeded substitution, anion orientations."""

from __future__ import annotations

import numpy as np
import pytest

from hydrion.atomistic.builders import (
    complex_anions,
    randomise_orientations,
    substitute,
    supercell_to,
)
from hydrion.atomistic.structures import structure_entry
from hydrion.errors import InputError


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


def test_a_fraction_rounding_to_no_site_is_refused():
    with pytest.raises(InputError, match="rounds to none"):
        substitute(structure_entry("libh4-p63mc").build(), "Li", "Na", 0.1, seed=0)


def test_random_anion_orientations_keep_anion_geometry_and_centres():
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
