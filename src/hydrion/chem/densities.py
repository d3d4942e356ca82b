"""Densities of solid phases at room temperature, with their sources: the one table.

Data live in ``chem/data/densities.yaml`` (handbook values, or X-ray densities of the cited
crystal-structure papers). Electrode volume changes (:mod:`hydrion.electrode.volume`) and
cell parts without a density of their own (:mod:`hydrion.cell.parts`) both read it; a phase
the table lacks raises :class:`~hydrion.errors.MissingDataError` naming it.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from hydrion.bundled_yaml import bundled_yaml
from hydrion.chem.formula import parse_formula
from hydrion.errors import MissingDataError
from hydrion.sources import Source


class DensityEntry(BaseModel):
    """Density of one solid phase (g/cm³) with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    formula: str
    density_g_per_cm3: float = Field(gt=0)
    source: Source


@lru_cache(maxsize=1)
def density_table() -> dict[str, DensityEntry]:
    """Bundled densities keyed by reduced formula."""
    items = bundled_yaml("hydrion.chem.data", "densities.yaml")
    entries = [DensityEntry.model_validate(item) for item in items]
    return {parse_formula(e.formula).reduced_formula: e for e in entries}


def density_g_per_cm3(formula: str) -> DensityEntry:
    """The density entry of ``formula`` (g/cm³ and source).

    Raises MissingDataError naming the phase when the table lacks it, FormulaError for an
    unreadable formula.
    """
    entry = density_table().get(parse_formula(formula).reduced_formula)
    if entry is None:
        raise MissingDataError(
            f"no density for {formula}; add it to hydrion/chem/data/densities.yaml"
        )
    return entry
