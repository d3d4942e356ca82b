"""The bundled thermochemistry table: standard formation data of phases, each with a source.

Data live in ``chem/data/thermo/*.yaml`` (one file per chemical family, so additions
stay reviewable). Each entry is one phase at 298.15 K and 1 bar:

* ``dHf_kJ_per_mol``: standard enthalpy of formation from the elements;
* ``S_J_per_mol_K``: absolute third-law entropy;
* ``dGf_kJ_per_mol``: standard Gibbs energy of formation, where the source gives it;
* ``shomate``: optional NIST Shomate coefficients A..H (t = T/1000 K) for Cp(T), H(T), S(T),
  with their validity range.

Energies are per formula unit as written in ``formula``. A phase the table lacks raises
:class:`~hydrion.errors.MissingDataError` naming it; nothing is guessed.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from hydrion.chem.formula import parse_formula
from hydrion.errors import MissingDataError, RecordValidationError
from hydrion.kb.records import Source

THERMO_PACKAGE = "hydrion.chem.data.thermo"


class Shomate(BaseModel):
    """NIST Shomate coefficients: Cp = A + B t + C t² + D t³ + E/t² (J/mol/K), t = T/1000."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    A: float
    B: float
    C: float
    D: float
    E: float
    F: float
    G: float
    H: float
    T_min_K: float = Field(gt=0)
    T_max_K: float = Field(gt=0)


class ThermoEntry(BaseModel):
    """Standard formation data of one phase at 298.15 K."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    formula: str
    state: Literal["s", "l", "g"] = "s"
    dHf_kJ_per_mol: float | None = None
    S_J_per_mol_K: float | None = Field(None, gt=0)
    dGf_kJ_per_mol: float | None = None
    shomate: Shomate | None = None
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _has_energy(self) -> ThermoEntry:
        parse_formula(self.formula)
        if self.dHf_kJ_per_mol is None and self.dGf_kJ_per_mol is None:
            raise ValueError("an entry needs dHf_kJ_per_mol or dGf_kJ_per_mol")
        return self

    @property
    def reduced_formula(self) -> str:
        return parse_formula(self.formula).reduced_formula


def _load_file(name: str, text: str) -> list[ThermoEntry]:
    raw = yaml.safe_load(text) or []
    if not isinstance(raw, list):
        raise RecordValidationError(f"{name}: expected a list of thermochemistry entries")
    entries = []
    for index, item in enumerate(raw):
        try:
            entries.append(ThermoEntry.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "entry"
            label = item.get("formula", f"#{index}") if isinstance(item, dict) else f"#{index}"
            raise RecordValidationError(f"{name}: {label}: {field}: {error['msg']}") from None
    return entries


@lru_cache(maxsize=1)
def thermo_table() -> dict[tuple[str, str], ThermoEntry]:
    """All bundled entries, keyed by (reduced formula, state)."""
    table: dict[tuple[str, str], ThermoEntry] = {}
    folder = resources.files(THERMO_PACKAGE)
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml"):
            continue
        for entry in _load_file(path.name, path.read_text(encoding="utf-8")):
            key = (entry.reduced_formula, entry.state)
            if key in table:
                raise RecordValidationError(f"{path.name}: {entry.formula} ({entry.state}) twice")
            table[key] = entry
    return table


def lookup(formula: str, state: str | None = None) -> ThermoEntry:
    """The entry for ``formula`` (any state, solid preferred, unless ``state`` is given)."""
    reduced = parse_formula(formula).reduced_formula
    table = thermo_table()
    states = [state] if state else ["s", "l", "g"]
    for candidate in states:
        if (reduced, candidate) in table:
            return table[(reduced, candidate)]
    raise MissingDataError(
        f"no thermodynamic data for {formula}; add it to hydrion/chem/data/thermo/ "
        "or pass your own energies"
    )
