"""A user's own phase energies, and the choice between them and the bundled table.

User energies come as JSON: either a list of formation-energy records
(``formula``, ``dHf_kJ_per_mol`` and/or ``dGf_kJ_per_mol``, optional ``S_J_per_mol_K``,
``state``, ``source``), added to the bundled table, or a list of serialised pymatgen
``ComputedEntry``/``PDEntry`` objects (total DFT energies with elemental references, used on
their own as a third, ``dft`` convention), read by an explicit schema
(:func:`read_entry_dict`): a file never decides which code runs. Entries already in memory
go through :func:`from_entries`. The conventions are those of
:mod:`hydrion.stability.energies`. Every number read must be finite and within a stated
guard (:data:`MAX_FORMATION_KJ_PER_MOL_ATOM`, :data:`MAX_ENTROPY_J_PER_MOL_K_ATOM`,
:data:`MAX_TOTAL_EV_PER_ATOM`) and a JSON number (not ``true``, not ``"-90"``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError
from pymatgen.analysis.phase_diagram import PDEntry
from pymatgen.core import Composition, Element

from hydrion.chem.thermo import ThermoEntry, thermo_table
from hydrion.errors import FileFormatError, InputError
from hydrion.sources import Source
from hydrion.stability.energies import (
    EnergyBasis,
    EnergySource,
    PhaseEnergy,
    bundled,
    table_entries,
)
from hydrion.user_yaml import load_user_json

MAX_FORMATION_KJ_PER_MOL_ATOM = 1000.0
"""Largest |ΔfH°| or |ΔfG°| accepted from a user's file, in kJ per mole of atoms. An assumed
guard, not a literature value: about twice the most exothermic formation enthalpies known
(fluorides and oxides, ≈ −400 to −450 kJ/mol of atoms, e.g. YF3 or Al2O3 in the NIST-JANAF
tables), so that a unit slip (J for kJ) or an overflow (−1e300) is refused when read instead
of reaching the convex hull (a Qhull error, or a window printed as "—")."""

MAX_ENTROPY_J_PER_MOL_K_ATOM = 1000.0
"""Largest standard entropy S° accepted from a user's file, in J/(mol·K) per mole of atoms.
hydrion's own guard, not a literature value: standard entropies per mole of atoms stay below
about 200 J/(mol·K) (the heaviest monatomic gases; solids far lower), so a value beyond it is
a unit slip or an overflow (1e300 reached the convex hull as a Qhull error)."""

_NUMBER_FIELDS = ("dHf_kJ_per_mol", "dGf_kJ_per_mol", "S_J_per_mol_K")


def _check_formation_values(item: dict, what: str) -> None:
    """Refuse numbers that are not finite JSON numbers (``true``, ``"-90"``, NaN) and
    formation energies or entropies outside the guards, per atom."""
    atoms = Composition(item["formula"]).num_atoms
    for field in _NUMBER_FIELDS:
        if item.get(field) is None:
            continue
        value = _finite_number(item[field], f"{what}: {field}")
        if field == "S_J_per_mol_K" and abs(value) / atoms > MAX_ENTROPY_J_PER_MOL_K_ATOM:
            raise FileFormatError(
                f"{what}: {field} = {value:g} J/(mol·K) is {value / atoms:.4g} J/(mol·K) per "
                f"mol of atoms; standard entropies beyond {MAX_ENTROPY_J_PER_MOL_K_ATOM:g} "
                "J/(mol·K) per mol of atoms are not physical (the unit is J per mol of formula "
                "units and kelvin)"
            )
        if field != "S_J_per_mol_K" and abs(value) / atoms > MAX_FORMATION_KJ_PER_MOL_ATOM:
            raise FileFormatError(
                f"{what}: {field} = {value:g} kJ/mol is {value / atoms:.4g} kJ per mol of "
                f"atoms; formation energies beyond ±{MAX_FORMATION_KJ_PER_MOL_ATOM:g} kJ/mol "
                "of atoms are not physical (the unit is kJ per mol of formula units)"
            )


def _user_thermo_entries(records: list, name: str) -> list[ThermoEntry]:
    entries = []
    for index, item in enumerate(records):
        if not isinstance(item, dict) or "formula" not in item:
            raise FileFormatError(f"{name}: item #{index} is not an object with a 'formula'")
        data = dict(item)
        source = data.pop("source", None)
        data["source"] = {"kind": "user", "citation": str(source) if source else name}
        try:
            entry = ThermoEntry.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "entry"
            raise FileFormatError(f"{name}: {item['formula']}: {field}: {error['msg']}") from None
        _check_formation_values(item, f"{name}: {item['formula']}")
        entries.append(entry)
    return entries


def from_user_file(path: str | Path, convention: EnergyBasis = "enthalpy") -> EnergySource:
    """Energies from a JSON file (see the module docstring for the two accepted shapes).

    Formation-energy records are added to the bundled table (a user value replaces the
    bundled one of the same formula and state); ComputedEntries are used on their own.
    """
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(f"{name}: not UTF-8 text") from None
    except OSError as exc:
        raise FileFormatError(f"{name}: cannot read ({exc.strerror or exc})") from None
    raw = load_user_json(text, name)
    if isinstance(raw, dict) and isinstance(raw.get("phases"), list):
        raw = raw["phases"]
    if not isinstance(raw, list) or not raw:
        raise FileFormatError(
            f"{name}: expected a non-empty JSON list of phases "
            "({'formula': ..., 'dHf_kJ_per_mol': ...}) or of pymatgen ComputedEntry objects"
        )
    if any(isinstance(item, dict) and ("@class" in item or "@module" in item) for item in raw):
        if not all(isinstance(item, dict) for item in raw):
            raise FileFormatError(f"{name}: every item must be a serialised entry object")
        return _computed_source(raw, name)
    table = dict(thermo_table())
    table.update({(e.reduced_formula, e.state): e for e in _user_thermo_entries(raw, name)})
    entries, excluded = table_entries(table.values(), convention)
    return EnergySource(entries, convention, f"{name}, {convention}", excluded)


# Serialised entry types read from a user file, by (@module, @class). Nothing else is accepted,
# and nothing is decoded with monty: a file never decides which code runs.
ENTRY_TYPES: dict[tuple[str, str], str] = {
    ("pymatgen.entries.computed_entries", "ComputedEntry"): "ComputedEntry",
    ("pymatgen.core.entries", "ComputedEntry"): "ComputedEntry",
    ("pymatgen.entries.computed_entries", "ComputedStructureEntry"): "ComputedStructureEntry",
    ("pymatgen.core.entries", "ComputedStructureEntry"): "ComputedStructureEntry",
    ("pymatgen.analysis.phase_diagram", "PDEntry"): "PDEntry",
}


MAX_TOTAL_EV_PER_ATOM = 1e6
"""Largest |total energy| per atom accepted from a user's serialised entries, in eV. An assumed
guard: all-electron total energies of the heaviest atoms are of order 1e5 eV (tens of
thousands of hartree), pseudopotential ones of order 1–10 eV; beyond it a number is an
overflow or a unit slip (−1e300 reached the convex hull as a Qhull error)."""


def _finite_number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FileFormatError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _composition(value, what: str) -> Composition:
    if not isinstance(value, dict) or not value:
        raise FileFormatError(f"{what}: 'composition' must be an object of element amounts")
    amounts: dict[str, float] = {}
    for symbol, amount in value.items():
        if not isinstance(symbol, str) or not Element.is_valid_symbol(symbol):
            raise FileFormatError(f"{what}: {symbol!r} is not an element symbol")
        amounts[symbol] = _finite_number(amount, f"{what}: amount of {symbol}")
        if amounts[symbol] <= 0:
            raise FileFormatError(f"{what}: amount of {symbol} must be positive")
    return Composition(amounts)


def read_entry_dict(item: dict, what: str) -> PDEntry:
    """A serialised ComputedEntry, ComputedStructureEntry or PDEntry, validated field by field.

    Only ``@module``/``@class`` pairs of :data:`ENTRY_TYPES` are accepted; the fields used are
    ``composition`` (element amounts), ``energy`` (eV, uncorrected total for ComputedEntries),
    ``correction`` (eV, the sum of the energy adjustments; default 0) and ``entry_id``/``name``.
    Nested objects (structure, energy_adjustments, parameters, data) are never decoded.
    Raises FileFormatError naming the item and the field.
    """
    module, cls = item.get("@module"), item.get("@class")
    kind = (
        ENTRY_TYPES.get((module, cls)) if isinstance(module, str) and isinstance(cls, str) else None
    )
    if kind is None:
        allowed = sorted({cls for _, cls in ENTRY_TYPES})
        raise FileFormatError(
            f"{what}: @module {str(module)[:60]!r} / @class {str(cls)[:60]!r} is not an "
            f"accepted entry type ({', '.join(allowed)} of pymatgen)"
        )
    composition = _composition(item.get("composition"), what)
    energy = _finite_number(item.get("energy"), f"{what}: energy")
    correction = 0.0
    if kind != "PDEntry" and item.get("correction") is not None:
        correction = _finite_number(item["correction"], f"{what}: correction")
    label = item.get("entry_id") if kind != "PDEntry" else item.get("name")
    if label is not None and not isinstance(label, str):
        raise FileFormatError(f"{what}: entry_id/name must be text")
    formula = composition.formula.replace(" ", "")
    total = energy + correction
    if abs(total) / composition.num_atoms > MAX_TOTAL_EV_PER_ATOM:
        raise FileFormatError(
            f"{what}: energy {total:g} eV is {total / composition.num_atoms:.4g} eV per atom; "
            f"total energies beyond ±{MAX_TOTAL_EV_PER_ATOM:g} eV per atom are not physical"
        )
    source = Source(kind="user", citation=f"{what}: {label or formula} ({kind})")
    return PDEntry(composition, total, formula, PhaseEnergy(formula, "s", total, source))


def _computed_source(raw: list[dict], name: str) -> EnergySource:
    entries = [read_entry_dict(item, f"{name}: item #{i}") for i, item in enumerate(raw)]
    return EnergySource(entries, "dft", f"{name}, DFT")


def from_entries(entries: Iterable, label: str = "user entries") -> EnergySource:
    """Energies from pymatgen entries in memory (``ComputedEntry``, ``PDEntry``, ...).

    Their energies are total energies (eV per formula unit as the entry holds it, corrections
    included) with their own elemental references, as in a DFT phase diagram; they are used on
    their own (the ``dft`` convention). Raises InputError for an object that is not an entry.
    """
    converted = []
    for index, entry in enumerate(entries):
        if not hasattr(entry, "composition") or not hasattr(entry, "energy"):
            raise InputError(f"{label}: item #{index} is not a pymatgen entry")
        formula = entry.composition.formula.replace(" ", "")
        name = getattr(entry, "entry_id", None) or getattr(entry, "name", None) or formula
        source = Source(kind="user", citation=f"{label}: {name}")
        energy = float(entry.energy)
        if not math.isfinite(energy):
            raise InputError(f"{label}: {formula} has a non-finite energy")
        converted.append(
            PDEntry(entry.composition, energy, formula, PhaseEnergy(formula, "s", energy, source))
        )
    if not converted:
        raise InputError(f"{label}: no entries")
    return EnergySource(converted, "dft", label)


def as_energy_source(energies) -> EnergySource:
    """An :class:`EnergySource` as is, or one built from pymatgen entries (:func:`from_entries`).

    Raises InputError for anything else.
    """
    if isinstance(energies, EnergySource):
        return energies
    if isinstance(energies, str | bytes | dict) or not isinstance(energies, Iterable):
        raise InputError(
            "energies must be an EnergySource (e.g. bundled('enthalpy')) or pymatgen entries"
        )
    return from_entries(energies)


def energy_source(convention: EnergyBasis = "enthalpy", path: str | Path | None = None):
    """The bundled table, or a user's energies file on top of it.

    Parameters
    ----------
    convention : {"enthalpy", "gibbs298", "dft"}
        Energy basis (see :func:`bundled`).
    path : str or pathlib.Path, optional
        A user's JSON or YAML file of energies, read by an explicit schema (never by importing
        the module names it contains).

    Returns
    -------
    EnergySource
        The entries to build phase diagrams from.

    Raises
    ------
    InputError
        An unknown convention.
    FileFormatError
        A user file that is not valid (file, item, field and problem named).
    """
    return bundled(convention) if path is None else from_user_file(path, convention)
