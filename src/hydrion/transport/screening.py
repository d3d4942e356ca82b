"""σ of knowledge-base electrolytes at a chosen temperature, for ranking and screening.

The value comes from the material's σ(T) model where the records support one; otherwise from
a stored value measured within a tolerance of the temperature ('measured, no model'; where
stored values there disagree, the lowest, with the range in the status). Anything else is
left out, never guessed or averaged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hydrion.errors import MissingDataError
from hydrion.kb import KnowledgeBase
from hydrion.kb.records import Material
from hydrion.results import Result
from hydrion.transport.kb_models import conductivity_model
from hydrion.units import ABSOLUTE_ZERO_C, as_kelvin, as_magnitude

COLUMNS = ["id", "name", "family", "sigma_S_per_cm", "phase", "status", "extrapolation_K"]


@dataclass(frozen=True)
class ScreenedSigma(Result):
    """σ of one material at one temperature and how it was obtained."""

    sigma_S_per_cm: float
    phase: str
    status: str
    extrapolation_K: float
    refs: tuple[int, ...]


def sigma_for_screening(
    material: Material,
    temperature_K: float,
    direction: str | None = None,
    tolerance_K: float = 5.0,
) -> ScreenedSigma:
    """σ from the model, else from a value measured within ``tolerance_K``.

    ``temperature_K`` is a number in K or a pint temperature in any unit. Raises
    :class:`MissingDataError` (with the model's reason) when neither exists.
    """
    temperature_K = as_kelvin(temperature_K, "temperature_K")
    try:
        result = conductivity_model(material).sigma(temperature_K, direction)
    except MissingDataError as exc:
        temperature_C = temperature_K + ABSOLUTE_ZERO_C
        near = [
            value
            for value in material.conductivities
            if abs(value.temperature_C - temperature_C) <= tolerance_K
        ]
        if not near:
            raise exc from None
        values = sorted(near, key=lambda value: value.sigma_S_per_cm)
        low, high = values[0], values[-1]
        status = f"measured at {low.temperature_C:g} °C, no model"
        if high.sigma_S_per_cm > 2 * low.sigma_S_per_cm:
            status = (
                f"sources disagree: {low.sigma_S_per_cm:.2g} to {high.sigma_S_per_cm:.2g} S/cm "
                f"measured near {temperature_C:.0f} °C, no model; the lowest is listed"
            )
        return ScreenedSigma(
            sigma_S_per_cm=low.sigma_S_per_cm,
            phase=low.phase or "",
            status=status,
            extrapolation_K=abs(low.temperature_C - temperature_C),
            refs=tuple(ref for value in values for ref in value.source.refs),
        )
    return ScreenedSigma(
        sigma_S_per_cm=result.sigma_S_per_cm,
        phase=result.phase,
        status=result.status_text,
        extrapolation_K=result.extrapolation_K,
        refs=tuple(ref for source in result.sources for ref in source.get("refs", [])),
    )


def screen_conductivity(
    kb: KnowledgeBase,
    temperature_K: float,
    min_sigma_S_per_cm: float,
    direction: str | None = None,
    tolerance_K: float = 5.0,
) -> pd.DataFrame:
    """Electrolytes whose σ at ``temperature_K`` (K or pint) reaches ``min_sigma_S_per_cm``
    (S/cm or pint), best first."""
    temperature_K = as_kelvin(temperature_K, "temperature_K")
    min_sigma_S_per_cm = as_magnitude(min_sigma_S_per_cm, "S/cm", "min_sigma_S_per_cm")
    rows = []
    for material in kb.materials(kind="electrolyte"):
        try:
            value = sigma_for_screening(material, temperature_K, direction, tolerance_K)
        except MissingDataError:
            continue
        if value.sigma_S_per_cm >= min_sigma_S_per_cm:
            rows.append(
                {
                    "id": material.id,
                    "name": material.name,
                    "family": material.family,
                    "sigma_S_per_cm": value.sigma_S_per_cm,
                    "phase": value.phase,
                    "status": value.status,
                    "extrapolation_K": value.extrapolation_K,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values("sigma_S_per_cm", ascending=False, ignore_index=True)
