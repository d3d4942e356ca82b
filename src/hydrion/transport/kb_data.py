"""The transport module's own data files and what they say about stored conductivities:
melting/decomposition limits (``transport/data/thermal_limits.yaml``), values left out of the
laws (``transport/data/excluded_conductivities.yaml``, read by
:mod:`hydrion.transport.excluded`), and the note naming the values stored
at a temperature where no law exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from hydrion.bundled_yaml import bundled_yaml
from hydrion.kb.records import Material
from hydrion.sources import Source
from hydrion.transport.excluded import excluded_reason
from hydrion.transport.sigma_points import (
    MEASURED_TOLERANCE_K,
    cited,
    data_point,
    kelvin,
    source_entry,
)
from hydrion.units import ABSOLUTE_ZERO_C


@dataclass(frozen=True)
class ThermalLimit:
    """Melting or decomposition temperature above which σ is refused."""

    temperature_K: float
    what: str
    source: dict


@lru_cache(maxsize=1)
def thermal_limits() -> dict[str, ThermalLimit]:
    limits = {}
    for entry in bundled_yaml("hydrion.transport.data", "thermal_limits.yaml"):
        source = Source.model_validate(entry["source"])
        what = f"{entry['what']} above {entry['temperature_C']:g} °C"
        limits[entry["material"]] = ThermalLimit(
            kelvin(entry["temperature_C"]), entry["what"], source_entry(what, source)
        )
    return limits


def measured_note(material: Material, temperature_K: float) -> str:
    """'; measured here (no model): σ = … [refs]' for the values stored within
    :data:`MEASURED_TOLERANCE_K` of ``temperature_K`` (K), or '' where none is: a refusal
    names the measurement it could not model instead of hiding it."""
    temperature_C = temperature_K + ABSOLUTE_ZERO_C
    here = []
    for record in material.conductivities:
        if abs(record.temperature_C - temperature_C) > MEASURED_TOLERANCE_K:
            continue
        reason = excluded_reason(material.id, record)
        entry = data_point(record).source
        here.append(entry["value"] + cited(entry) + (f" (not used: {reason})" if reason else ""))
    return f"; measured here (no model): {'; '.join(here)}" if here else ""
