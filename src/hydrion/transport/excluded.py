"""Stored conductivities left out of σ(T) laws, plots and ``db query`` matches, each with why
(``transport/data/excluded_conductivities.yaml``): values the review prints under the wrong
material, which the knowledge base keeps as printed (provenance).

No numpy here: ``hydrion db show`` marks these values and stays light.
"""

from __future__ import annotations

import math
from functools import lru_cache

from hydrion.bundled_yaml import bundled_yaml
from hydrion.kb.records import Conductivity
from hydrion.sources import Source

# How close a record's temperature must be to a list entry's to be that entry (numerical
# matching of stored values, not a literature value); σ must agree to 1 % (0.005 in log10).
MATCH_TOLERANCE_K = 0.5


@lru_cache(maxsize=1)
def _exclusions() -> dict[str, list[dict]]:
    table: dict[str, list[dict]] = {}
    for entry in bundled_yaml("hydrion.transport.data", "excluded_conductivities.yaml"):
        Source.model_validate(entry["source"])
        table.setdefault(entry["material"], []).append(entry)
    return table


def excluded_reason(material_id: str, record: Conductivity) -> str | None:
    """Why a stored conductivity is left out of the material's law, plots and query matches.

    Parameters
    ----------
    material_id : str
        The record's material id, e.g. 'na2b12h12'.
    record : Conductivity
        The stored value (σ in S/cm at a temperature in °C).

    Returns
    -------
    str or None
        The reason on one line, or None for a value that is used. The list
        (``transport/data/excluded_conductivities.yaml``) keeps values the review prints
        under the wrong material, e.g. Table 1's 10^-2 S/cm at 110 °C for Na2B12H12, which
        the review's text (p. 9) gives for Na2B10H10.
    """
    for entry in _exclusions().get(material_id, []):
        if (
            abs(entry["temperature_C"] - record.temperature_C) <= MATCH_TOLERANCE_K
            and abs(math.log10(entry["sigma_S_per_cm"] / record.sigma_S_per_cm)) < 0.005
        ):
            return " ".join(entry["reason"].split())
    return None
