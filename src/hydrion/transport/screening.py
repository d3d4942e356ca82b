"""Screen the knowledge base's electrolytes by modelled conductivity at any temperature."""

from __future__ import annotations

import pandas as pd

from hydrion.errors import MissingDataError
from hydrion.kb import KnowledgeBase
from hydrion.transport.kb_models import conductivity_model
from hydrion.units import ABSOLUTE_ZERO_C

COLUMNS = ["id", "name", "family", "sigma_S_per_cm", "phase", "status", "extrapolation_K"]


def screen_conductivity(
    kb: KnowledgeBase,
    temperature_K: float,
    min_sigma_S_per_cm: float,
    direction: str | None = None,
    tolerance_K: float = 5.0,
) -> pd.DataFrame:
    """Electrolytes whose modelled σ(T) reaches ``min_sigma``, best first.

    A material without enough data for a model still counts through a stored value
    measured within ``tolerance_K`` of T (status 'measured, no model'); otherwise it is
    left out, never guessed. ``status`` says whether each value is measured, interpolated
    or extrapolated.
    """
    rows = []
    for material in kb.materials(kind="electrolyte"):
        try:
            result = conductivity_model(material).sigma(temperature_K, direction)
        except MissingDataError:
            rows.extend(_stored_rows(material, temperature_K, min_sigma_S_per_cm, tolerance_K))
            continue
        if result.sigma_S_per_cm >= min_sigma_S_per_cm:
            rows.append(
                {
                    "id": material.id,
                    "name": material.name,
                    "family": material.family,
                    "sigma_S_per_cm": result.sigma_S_per_cm,
                    "phase": result.phase,
                    "status": result.status_text,
                    "extrapolation_K": result.extrapolation_K,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values("sigma_S_per_cm", ascending=False, ignore_index=True)


def _stored_rows(material, temperature_K: float, min_sigma: float, tolerance_K: float):
    temperature_C = temperature_K + ABSOLUTE_ZERO_C
    near = [
        value
        for value in material.conductivities
        if abs(value.temperature_C - temperature_C) <= tolerance_K
        and value.sigma_S_per_cm >= min_sigma
    ]
    if near:
        best = max(near, key=lambda value: value.sigma_S_per_cm)
        yield {
            "id": material.id,
            "name": material.name,
            "family": material.family,
            "sigma_S_per_cm": best.sigma_S_per_cm,
            "phase": best.phase or "",
            "status": f"measured at {best.temperature_C:g} °C, no model",
            "extrapolation_K": abs(best.temperature_C - temperature_C),
        }
