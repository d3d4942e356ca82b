"""Curated crystal structures (with sources), their checks and loading.

Structures live in ``data/structures.yaml``: space group, lattice parameters (Å, °), the
asymmetric unit with Wyckoff letters, measurement temperature and source DOI; they are
expanded with pymatgen's ``Structure.from_spacegroup``. :func:`check_structure` verifies a
built cell: space group found by spglib (through pymatgen's ``SpacegroupAnalyzer``), reduced
composition against the knowledge-base record, and density within 2 % of an independent
reference density given with its source.

The builders of MD starting cells (:func:`~hydrion.atomistic.builders.supercell_to`,
:func:`~hydrion.atomistic.builders.substitute`, ...) live in :mod:`hydrion.atomistic.builders`
and are re-exported here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any

from hydrion.atomistic.builders import (
    ANION_BOND_CUTOFF_A,
    ANION_ELEMENTS,
    complex_anions,
    randomise_orientations,
    substitute,
    supercell_to,
)
from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import HydrionWarning, InputError, MissingDataError
from hydrion.results import Result

__all__ = [  # the builders moved out; still importable from here
    "ANION_BOND_CUTOFF_A",
    "ANION_ELEMENTS",
    "DENSITY_TOLERANCE",
    "SYMPREC_ANGSTROM",
    "StructureCheck",
    "StructureEntry",
    "check_structure",
    "complex_anions",
    "load_structure",
    "randomise_orientations",
    "structure_entries",
    "structure_entry",
    "substitute",
    "supercell_to",
    "warn_beyond_limit",
]

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
