"""Densities of solid phases at room temperature, with their sources: the one table.

Data live in ``chem/data/densities.yaml`` (handbook values, or X-ray densities of the cited
crystal-structure papers). Electrode volume changes (:mod:`hydrion.electrode.volume`) and
cell parts without a density of their own (:mod:`hydrion.cell.parts`) both read it; a phase
the table lacks raises :class:`~hydrion.errors.MissingDataError` naming it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import MissingDataError
from hydrion.sources import Source


class DensityEntry(BaseModel):
    """Density of one solid phase (g/cm³) with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    formula: str
    density_g_per_cm3: float = Field(gt=0)
    source: Source


_ELEMENT = re.compile(r"[A-Z][a-z]?")


@lru_cache(maxsize=1)
def _entries() -> tuple[DensityEntry, ...]:
    """The table's entries as written (no formula parsing)."""
    items = bundled_yaml("hydrion.chem.data", "densities.yaml")
    return tuple(DensityEntry.model_validate(item) for item in items)


def no_density(formula: str) -> str:
    """'no sourced density of Li3AlH6 (hydrion's density table has none)': how every refusal
    of a missing density begins."""
    return f"no sourced density of {formula} (hydrion's density table has none)"


def user_density_hint(formula: str, kind: str | None = None) -> str:
    """How a user gives a sourced density, for callers that read a user record's own density
    (:meth:`hydrion.kb.records.Material.density`): 'a measured one can be given in a user
    electrode record of Li3AlH6 (...)'; ``kind`` ('electrode', ...) names the record's kind."""
    record = f"user {kind} record" if kind else "user record"
    return (
        f"a measured one can be given in a {record} of {formula} ('densities:' with its "
        "source, added by 'hydrion db add')"
    )


@lru_cache(maxsize=1)
def density_table() -> dict[str, DensityEntry]:
    """Bundled densities keyed by reduced formula."""
    from hydrion.chem.formula import parse_formula  # pymatgen: only when a formula is parsed

    return {parse_formula(e.formula).reduced_formula: e for e in _entries()}


def density_g_per_cm3(formula: str) -> DensityEntry:
    """The density entry of ``formula`` (g/cm³ and source).

    A formula spelt as the table spells it, or whose element symbols no entry shares, is
    answered without parsing formulas (pymatgen is not imported: ``hydrion db show`` stays
    light); any other is matched on its reduced formula.

    Raises MissingDataError naming the phase when the table lacks it, FormulaError for an
    unreadable formula with the element symbols of an entry.
    """
    entry = next((e for e in _entries() if e.formula == formula), None)
    symbols = set(_ELEMENT.findall(formula))
    if entry is None and any(symbols == set(_ELEMENT.findall(e.formula)) for e in _entries()):
        from hydrion.chem.formula import parse_formula

        entry = density_table().get(parse_formula(formula).reduced_formula)
    if entry is None:
        raise MissingDataError(no_density(formula))
    return entry
