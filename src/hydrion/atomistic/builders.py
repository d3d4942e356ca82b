"""Builders of MD starting cells from a crystal structure.

:func:`supercell_to` (a near-cubic supercell of at least a target atom count),
:func:`substitute` (seeded random substitution of one species or one anion group for
another, e.g. Na for Li, I for [BH4]−), :func:`complex_anions` (the B/C/H groups of a cell)
and :func:`randomise_orientations` (each complex anion turned at random, for an
orientationally disordered phase).
"""

from __future__ import annotations

import numpy as np

from hydrion.errors import InputError


def supercell_to(structure, min_atoms: int):
    """The most nearly cubic diagonal supercell with at least ``min_atoms`` atoms.

    Among repetitions (na, nb, nc) reaching ``min_atoms``, picks the fewest atoms, then the
    largest shortest cell length (so the periodic images of a hopping ion stay far apart).

    Parameters
    ----------
    structure : pymatgen.core.Structure
        The unit cell.
    min_atoms : int
        The least number of atoms wanted, positive.

    Returns
    -------
    pymatgen.core.Structure
        The supercell.

    Raises
    ------
    hydrion.errors.InputError
        For a ``min_atoms`` below 1.
    """
    if min_atoms < 1:
        raise InputError(f"the target atom count must be positive, not {min_atoms}")
    n = len(structure)
    lengths = np.array(structure.lattice.abc)
    best = None
    top = int(np.ceil((min_atoms / n) ** (1 / 3) * 3)) + 1
    for reps in np.ndindex(top, top, top):
        reps = tuple(r + 1 for r in reps)
        atoms = n * int(np.prod(reps))
        if atoms < min_atoms:
            continue
        score = (atoms, -float(np.min(lengths * reps)))
        if best is None or score < best[0]:
            best = (score, reps)
    assert best is not None  # top**3 repetitions reach 27·min_atoms, so one was found
    return structure * best[1]


def substitute(structure, old: str, new: str, fraction: float, seed: int):
    """Replace ``fraction`` of the ``old`` sites by ``new``, chosen at random with ``seed``.

    ``old`` is an element (``Li`` → ``Na``) or ``BH4`` (the B site plus its four nearest H
    within 1.6 Å, replaced by one ``new`` atom at the B position, e.g. ``I`` for a halide).

    Parameters
    ----------
    structure : pymatgen.core.Structure
        The cell (not changed).
    old : str
        Element symbol, or 'BH4'.
    new : str
        Element symbol put in its place.
    fraction : float
        Share of the ``old`` sites replaced, in (0, 1]; ``round(fraction × sites)`` are.
    seed : int
        Random seed of the choice.

    Returns
    -------
    tuple of (pymatgen.core.Structure, float)
        The new structure and the realised fraction, so that a rounding is never hidden.

    Raises
    ------
    hydrion.errors.InputError
        For a fraction outside (0, 1], no ``old`` sites, a count that rounds to none, or a B
        site without four H within 1.6 Å.
    """
    if not 0 < fraction <= 1:
        raise InputError(f"the substituted fraction must lie in (0, 1], not {fraction}")
    result = structure.copy()
    anion = old.upper() == "BH4"
    centre = "B" if anion else old
    sites = [i for i, site in enumerate(result) if site.specie.symbol == centre]
    if not sites:
        raise InputError(f"the structure has no {old} sites to substitute")
    count = int(round(fraction * len(sites)))
    if count == 0:
        raise InputError(
            f"{fraction:g} of {len(sites)} {old} sites rounds to none; use a larger supercell"
        )
    chosen = np.random.default_rng(seed).choice(sites, size=count, replace=False)
    remove = []
    for index in chosen:
        if anion:
            hydrogens = [
                n.index for n in result.get_neighbors(result[index], 1.6) if n.specie.symbol == "H"
            ]
            if len(hydrogens) != 4:
                raise InputError(f"B site {index} does not have four H within 1.6 Å")
            remove.extend(hydrogens)
        result.replace(int(index), new)
    result.remove_sites(sorted(set(remove)))
    return result, count / len(sites)


ANION_ELEMENTS = ("B", "C", "H")
ANION_BOND_CUTOFF_A = 2.0
"""Atoms of B, C and H closer than this belong to one complex anion ([BH4]⁻, [B12H12]²⁻,
[CB11H12]⁻: B–H ≈ 1.2 Å, B–B ≈ 1.8 Å in the icosahedra; Li–H/Na–H contacts are not
counted because only B, C and H atoms are grouped)."""


def complex_anions(structure) -> list[list[int]]:
    """Site indices of each complex anion: connected groups of B/C/H atoms (periodic).

    Parameters
    ----------
    structure : pymatgen.core.Structure
        The cell; atoms of ``ANION_ELEMENTS`` closer than ``ANION_BOND_CUTOFF_A`` (Å) are bonded.

    Returns
    -------
    list of list of int
        One sorted list of site indices per anion.
    """
    members = [i for i, site in enumerate(structure) if site.specie.symbol in ANION_ELEMENTS]
    member_set = set(members)
    groups, seen = [], set()
    for start in members:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            i = stack.pop()
            group.append(i)
            for n in structure.get_neighbors(structure[i], ANION_BOND_CUTOFF_A):
                if n.index in member_set and n.index not in seen:
                    seen.add(n.index)
                    stack.append(n.index)
        groups.append(sorted(group))
    return groups


def randomise_orientations(structure, seed: int):
    """Each complex anion turned by a uniformly random rotation about its centroid (seeded).

    For starting an orientationally disordered phase from an ordered model of the same
    sublattice; the anions' internal geometry and centres are kept.

    Parameters
    ----------
    structure : pymatgen.core.Structure
        The cell (not changed); anions as :func:`complex_anions` finds them.
    seed : int
        Random seed.

    Returns
    -------
    pymatgen.core.Structure
        A copy with the anions turned.

    Notes
    -----
    Uniform rotations from scipy's ``Rotation.random``.
    """
    from scipy.spatial.transform import Rotation

    result = structure.copy()
    rng = np.random.default_rng(seed)
    for group in complex_anions(structure):
        anchor = structure[group[0]].coords
        # each atom's image nearest the first one, so an anion cut by the cell stays whole
        coords = np.array(
            [
                anchor
                + structure.lattice.get_cartesian_coords(
                    structure[i].frac_coords
                    - structure[group[0]].frac_coords
                    - np.round(structure[i].frac_coords - structure[group[0]].frac_coords)
                )
                for i in group
            ]
        )
        centre = coords.mean(axis=0)
        turned = Rotation.random(random_state=rng).apply(coords - centre) + centre
        for i, xyz in zip(group, turned, strict=True):
            result.replace(i, result[i].species, xyz, coords_are_cartesian=True)
    return result
