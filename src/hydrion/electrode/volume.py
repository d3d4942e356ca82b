"""Molar volumes from the bundled densities, and volume changes along a pathway.

V = M/ρ (cm³/mol) from ``chem/data/densities.yaml``. An Li–metal alloy without a density
(MgLi0.35, LiAl) is given Zen's law, the sum of its elements' molar volumes; that model is
named in the result's warnings. The volume change compares the solid products with the
pristine electrode (the working-ion metal that comes in is not counted).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hydrion.bundled_yaml import bundled_yaml
from hydrion.chem.densities import density_g_per_cm3
from hydrion.chem.formula import molar_mass_g_per_mol, parse_formula
from hydrion.errors import MissingDataError
from hydrion.sources import Source


def molar_volume_cm3_per_mol(
    formula: str, alloy_metals: tuple[str, ...] = ()
) -> tuple[float, bool]:
    """(V in cm³ per formula unit as written, True if Zen's law was used).

    Zen's law is used only for a hydrogen-free phase whose elements are all in
    ``alloy_metals`` (the working ion and the alloying hosts).
    """
    composition = parse_formula(formula)
    try:
        entry = density_g_per_cm3(formula)
        return molar_mass_g_per_mol(formula) / entry.density_g_per_cm3, False
    except MissingDataError:
        symbols = {el.symbol for el in composition}
        if len(symbols) < 2 or "H" in symbols or not symbols <= set(alloy_metals):
            raise
    volume = sum(
        float(amount) * molar_volume_cm3_per_mol(el.symbol)[0] for el, amount in composition.items()
    )
    return volume, True


def phases_volume_cm3(
    phases: Mapping[str, float], alloy_metals: tuple[str, ...] = ()
) -> tuple[float, list[str]]:
    """Total volume of an assemblage {formula: mol} and the phases given by Zen's law."""
    total, zen = 0.0, []
    for formula, amount in phases.items():
        volume, approximated = molar_volume_cm3_per_mol(formula, alloy_metals)
        total += amount * volume
        if approximated:
            zen.append(formula)
    return total, zen


class ReportedVolumeChange(BaseModel):
    """A volume change stated in the literature (percent of the pristine volume)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    formula: str
    ion: str
    volume_change_percent: float
    bound: Literal["exact", "at least", "at most"] = "exact"
    state: str
    source: Source


@lru_cache(maxsize=1)
def reported_volume_changes() -> tuple[ReportedVolumeChange, ...]:
    """The bundled reported volume changes (``electrode/data/volume_changes.yaml``)."""
    items = bundled_yaml("hydrion.electrode.data", "volume_changes.yaml")
    return tuple(ReportedVolumeChange.model_validate(item) for item in items)
