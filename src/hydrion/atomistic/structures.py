"""Curated crystal structures (with sources) and the builders MD starts from.

Structures live in ``data/structures.yaml``: space group, lattice parameters (Å, °), the
asymmetric unit with Wyckoff letters, measurement temperature and source DOI; they are
expanded with pymatgen's ``Structure.from_spacegroup``. :func:`check_structure` verifies a
built cell: space group found by spglib (through pymatgen's ``SpacegroupAnalyzer``), reduced
composition against the knowledge-base record, and density within 2 % of an independent
reference density given with its source.

Builders: :func:`supercell_to` (a near-cubic supercell of at least a target atom count),
:func:`substitute` (seeded random substitution of one species or one anion group for
another, e.g. Na for Li, I for [BH4]−).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import HydrionWarning, InputError, MissingDataError
from hydrion.results import Result

DENSITY_TOLERANCE = 0.02
"""Largest relative deviation of a built cell's density from its reference density."""
SYMPREC_ANGSTROM = 0.01


@dataclass(frozen=True)
class StructureEntry:
    """One curated structure: what it models and where the numbers come from."""

    key: str
    material: str
    formula: str
    phase: str
    space_group: str
    lattice: dict[str, float]
    sites: tuple[dict[str, Any], ...]
    temperature_K: float
    method: str
    hydrogen: str
    ordered: bool
    source: dict[str, str]
    transcription: str
    reference_density_g_per_cm3: float
    reference_density_source: str
    disorder_note: str | None = None

    def build(self):
        """The conventional cell as a pymatgen ``Structure``."""
        from pymatgen.core import Lattice, Structure

        lat = self.lattice
        lattice = Lattice.from_parameters(
            lat["a"], lat["b"], lat["c"], lat["alpha"], lat["beta"], lat["gamma"]
        )
        species = [site["species"] for site in self.sites]
        coords = [site["coords"] for site in self.sites]
        return Structure.from_spacegroup(self.space_group, lattice, species, coords)

    def provenance(self) -> dict[str, Any]:
        """Source, temperature and caveats, for the metadata of every run built on it."""
        return {
            "structure": self.key,
            "phase": self.phase,
            "space_group": self.space_group,
            "temperature_K": self.temperature_K,
            "method": self.method,
            "hydrogen": self.hydrogen,
            "ordered": self.ordered,
            "doi": self.source.get("doi"),
            "citation": self.source.get("citation"),
            "transcription": self.transcription,
            "disorder_note": self.disorder_note,
        }


@cache
def structure_entries() -> dict[str, StructureEntry]:
    """Every curated structure, by key (e.g. ``libh4-p63mc``).

    Returns
    -------
    dict of str to StructureEntry
        Each with its lattice (Å, °), sites, measurement temperature (K), method, source DOI
        and reference density (g/cm³) with its citation, as ``data/structures.yaml`` gives them.
    """
    entries = {}
    for key, raw in bundled_yaml("hydrion.atomistic", "data/structures.yaml").items():
        density = raw["reference_density"]
        entries[key] = StructureEntry(
            key=key,
            material=raw["material"],
            formula=raw["formula"],
            phase=raw["phase"],
            space_group=raw["space_group"],
            lattice={k: float(v) for k, v in raw["lattice"].items()},
            sites=tuple(raw["sites"]),
            temperature_K=float(raw["temperature_K"]),
            method=raw["method"],
            hydrogen=" ".join(raw["hydrogen"].split()),
            ordered=bool(raw["ordered"]),
            source=raw["source"],
            transcription=raw["transcription"],
            reference_density_g_per_cm3=float(density["density_g_per_cm3"]),
            reference_density_source=" ".join(density["citation"].split()),
            disorder_note=raw.get("disorder_note"),
        )
    return entries


def structure_entry(key: str) -> StructureEntry:
    """The curated structure ``key`` (``atomistic/data/structures.yaml``).

    Parameters
    ----------
    key : str
        E.g. 'libh4-pnma'.

    Returns
    -------
    StructureEntry
        Space group, lattice, asymmetric unit, measurement temperature and source DOI.

    Raises
    ------
    MissingDataError
        An unknown key (the message names those available).
    """
    entries = structure_entries()
    if key.lower() not in entries:
        raise MissingDataError(
            f"no curated structure {key!r}; available: {', '.join(sorted(entries))} "
            "(or give a structure file: CIF, POSCAR, extxyz)"
        )
    return entries[key.lower()]


@dataclass(frozen=True)
class StructureCheck(Result):
    """Result of :func:`check_structure`; ``ok`` is True when every check passed."""

    space_group_found: str
    space_group_expected: str
    formula_found: str
    formula_expected: str
    density_g_per_cm3: float
    reference_density_g_per_cm3: float
    density_deviation: float

    derived = ("ok",)

    @property
    def ok(self) -> bool:
        return (
            self.space_group_found == self.space_group_expected
            and self.formula_found == self.formula_expected
            and abs(self.density_deviation) <= DENSITY_TOLERANCE
        )


def check_structure(entry: StructureEntry, kb_formula: str | None = None) -> StructureCheck:
    """Check the built cell of ``entry``: symmetry, composition and density.

    Parameters
    ----------
    entry : StructureEntry
        The curated structure, built with pymatgen's ``Structure.from_spacegroup``.
    kb_formula : str or None
        The knowledge-base formula of ``entry.material`` (looked up when None).

    Returns
    -------
    StructureCheck
        Space group found and expected, reduced formula found and expected, density and
        reference density (g/cm³) and their relative deviation.

    Raises
    ------
    hydrion.errors.UnknownRecordError
        Where ``kb_formula`` is None and the knowledge base has no such material.

    Notes
    -----
    Symmetry is found by spglib through pymatgen's ``SpacegroupAnalyzer`` at a tolerance of
    ``SYMPREC_ANGSTROM`` (0.01 Å).
    """
    from pymatgen.core import Composition
    from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

    structure = entry.build()
    found = SpacegroupAnalyzer(structure, symprec=SYMPREC_ANGSTROM).get_space_group_symbol()
    if kb_formula is None:
        from hydrion.kb import open_kb

        kb_formula = open_kb().material(entry.material).formula
    density = float(structure.density)
    reference = entry.reference_density_g_per_cm3
    return StructureCheck(
        space_group_found=found,
        space_group_expected=entry.space_group,
        formula_found=structure.composition.reduced_formula,
        formula_expected=Composition(kb_formula).reduced_formula,
        density_g_per_cm3=density,
        reference_density_g_per_cm3=reference,
        density_deviation=density / reference - 1.0,
    )


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


def warn_beyond_limit(spec: str, temperatures_K: list[float]) -> list[str]:
    """Warn (:class:`~hydrion.errors.HydrionWarning`, one line each) for the temperatures of a
    ladder that lie above the stated melting or decomposition limit of the curated structure's
    material (:func:`hydrion.atomistic.stored.beyond_limit`). A structure file names no
    knowledge-base material, so nothing is checked for it.

    Parameters
    ----------
    spec : str
        A curated structure key or a structure file.
    temperatures_K : list of float
        The ladder's temperatures, K.

    Returns
    -------
    list of str
        The warnings issued, in increasing temperature; empty for a structure file.
    """
    from hydrion.atomistic.stored import beyond_limit

    if spec.lower() not in structure_entries():
        return []
    entry = structure_entry(spec)
    found = []
    for temperature_K in sorted(set(temperatures_K)):
        why = beyond_limit(entry.material, temperature_K)
        if why is not None:
            found.append(f"{entry.key} at {temperature_K:g} K: {why}")
            warnings.warn(found[-1], HydrionWarning, stacklevel=2)
    return found


def load_structure(spec: str):
    """A curated structure key or a structure file (CIF, POSCAR, ...), with its provenance.

    Parameters
    ----------
    spec : str
        A key of :func:`structure_entries` (case-insensitive) or a path that pymatgen's
        ``Structure.from_file`` reads.

    Returns
    -------
    tuple of (pymatgen.core.Structure, dict)
        The structure and its provenance (the entry's source, temperature and caveats, or the
        file's resolved path). Parser warnings of a file that did parse are passed on as
        :class:`~hydrion.errors.HydrionWarning`.

    Raises
    ------
    hydrion.errors.MissingDataError
        For neither a curated key nor an existing file (the message lists the keys).
    hydrion.errors.InputError
        For a file pymatgen cannot read as a structure.
    """
    from pathlib import Path

    if spec.lower() in structure_entries():
        entry = structure_entry(spec)
        return entry.build(), entry.provenance()
    path = Path(spec)
    if not path.is_file():
        structure_entry(spec)  # raises the one-line error listing the curated keys
    from pymatgen.core import Structure

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            structure = Structure.from_file(path)
    except (ValueError, OSError, IndexError, KeyError, TypeError, UnicodeDecodeError) as exc:
        # pymatgen reads by file name; a YAML record or text of another kind fails inside.
        # Its parser warnings are dropped: the one error line says what went wrong.
        raise InputError(f"{path}: not a readable structure file ({exc})") from None
    for caught_warning in caught:  # a file that did parse: pass its caveats on, one line each
        message = " ".join(str(caught_warning.message).split())
        warnings.warn(f"{path}: {message}", HydrionWarning, stacklevel=2)
    return structure, {"structure_file": str(path.resolve())}
