"""σ of knowledge-base electrolytes at a chosen temperature, for ranking and screening.

The value comes from the material's σ(T) model where the records support one; otherwise from
a stored value measured within a tolerance of the temperature ('measured, no model'; where
stored values there disagree, the lowest, with the range in the status). Anything else is
left out, never guessed or averaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from hydrion.errors import MissingDataError
from hydrion.kb import KnowledgeBase
from hydrion.kb.records import Conductivity, Material
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


def measured_near(
    material: Material, temperature_K: float, tolerance_K: float
) -> tuple[Conductivity, ...]:
    """Stored σ of ``material`` measured within ``tolerance_K`` of ``temperature_K`` (K),
    lowest first: the one fallback where a σ(T) model is missing ('measured, no model')."""
    temperature_C = temperature_K + ABSOLUTE_ZERO_C
    near = [
        value
        for value in material.conductivities
        if abs(value.temperature_C - temperature_C) <= tolerance_K
    ]
    return tuple(sorted(near, key=lambda value: value.sigma_S_per_cm))


def measured_status(values: Sequence[Conductivity], temperature_K: float) -> str:
    """How a measured fallback was chosen: 'measured at 27 °C, no model', or the range where
    the stored values disagree by more than a factor of 2 (the lowest is used; nothing is
    averaged). ``values`` as :func:`measured_near` returns them, not empty."""
    low, high = values[0], values[-1]
    if high.sigma_S_per_cm > 2 * low.sigma_S_per_cm:
        return (
            f"sources disagree: {low.sigma_S_per_cm:.2g} to {high.sigma_S_per_cm:.2g} S/cm "
            f"measured near {temperature_K + ABSOLUTE_ZERO_C:.0f} °C, no model; the lowest is "
            "listed"
        )
    return f"measured at {low.temperature_C:g} °C, no model"


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
        values = measured_near(material, temperature_K, tolerance_K)
        if not values:
            raise exc from None
        low = values[0]
        return ScreenedSigma(
            sigma_S_per_cm=low.sigma_S_per_cm,
            phase=low.phase or "",
            status=measured_status(values, temperature_K),
            extrapolation_K=abs(low.temperature_C - ABSOLUTE_ZERO_C - temperature_K),
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
