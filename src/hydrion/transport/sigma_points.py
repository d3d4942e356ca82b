"""The stored conductivities a σ(T) law rests on, as data points with their precision and
source (a step of :mod:`hydrion.transport.phase_laws`).

A value's precision sets its weight (:data:`LOG10_SIGMA_UNCERTAINTY`); records that restate one
measurement (Table 1 and the text quoting one paper) are recognised so that it counts once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from hydrion.kb.records import Conductivity, format_sigma
from hydrion.sources import Source
from hydrion.units import ABSOLUTE_ZERO_C

# A stored value this close to the asked temperature is shown next to the model (numerical
# tolerance, not a literature value).
MEASURED_TOLERANCE_K = 0.5


# Modelling assumption of hydrion (not a literature value), stated in every law's basis: the
# 1σ uncertainty of log10 σ by precision ("10^-3" ≈ ±0.5 decade; a value with digits ±12 %).
LOG10_SIGMA_UNCERTAINTY = {"exact": 0.05, "approximate": 0.15, "order_of_magnitude": 0.5}


# Records at one temperature whose values agree to this (log10, i.e. 2 %: rounding) and share
# a reference are one measurement restated (Table 1 and the text); it counts once in a fit.
RESTATEMENT_LOG10 = 0.01


USABLE_PRECISION = tuple(LOG10_SIGMA_UNCERTAINTY)


PRECISION_RANK = {name: rank for rank, name in enumerate(USABLE_PRECISION)}


def kelvin(celsius: float) -> float:
    return celsius - ABSOLUTE_ZERO_C


def source_entry(what: str, source: Source) -> dict:
    entry = {"value": what, **source.model_dump(mode="json", exclude_none=True)}
    if not entry.get("refs"):
        entry.pop("refs", None)
    return entry


def cited(entry: dict) -> str:
    """' [86, 112]' for a :func:`source_entry`: its review references, else its DOI or citation
    (a user's record has no review references); never an empty '[]'."""
    where = ", ".join(map(str, entry.get("refs", []))) or entry.get("doi") or entry.get("citation")
    return f" [{where}]" if where else ""


@dataclass(frozen=True)
class DataPoint:
    """A reported conductivity used by a model."""

    temperature_K: float
    sigma_S_per_cm: float
    precision: str
    direction: str | None
    source: dict
    note: str | None = None

    @property
    def log10_uncertainty(self) -> float:
        return LOG10_SIGMA_UNCERTAINTY[self.precision]


def data_point(record: Conductivity) -> DataPoint:
    T = kelvin(record.temperature_C)
    label = f"{record.temperature_C:g} °C"
    if record.temperature_text:
        label = (
            record.temperature_text
            if record.temperature_text == "RT" and record.temperature_C == 25
            else f"{label} (written '{record.temperature_text}')"
        )
    what = f"{format_sigma(record.sigma_S_per_cm, record.precision, stated=True)} at {label}"
    if record.precision in ("approximate", "order_of_magnitude"):  # '~' names neither alone
        what += f" ({record.precision.replace('_', ' ')})"
    return DataPoint(
        T,
        record.sigma_S_per_cm,
        record.precision,
        record.direction,
        source_entry(what, record.source),
        record.note,
    )


def same_measurement(a: DataPoint, b: DataPoint) -> bool:
    """Two records of one measurement: same temperature and value (to rounding), a shared
    reference, DOI or citation (e.g. Table 1 and the text quoting one paper)."""
    if a is b:
        return True
    refs_a, refs_b = set(a.source.get("refs", [])), set(b.source.get("refs", []))
    shared = bool(refs_a & refs_b) or any(
        a.source.get(key) and a.source.get(key) == b.source.get(key) for key in ("doi", "citation")
    )
    return (
        shared
        and abs(a.temperature_K - b.temperature_K) <= MEASURED_TOLERANCE_K
        and abs(math.log10(a.sigma_S_per_cm / b.sigma_S_per_cm)) <= RESTATEMENT_LOG10
    )


def restatement_counts(points: list[DataPoint]) -> np.ndarray:
    """For each point, how many records (itself included) restate its measurement."""
    return np.array([sum(same_measurement(p, q) for q in points) for p in points], dtype=float)


def count_text(points: list[DataPoint]) -> str:
    """'3 σ values' or, where Table 1 and the text quote one measurement, '2 σ records =
    1 measurement (quoted twice, counted once)'."""
    measurements = round(float((1.0 / restatement_counts(points)).sum()))
    if measurements == len(points):
        return f"{len(points)} σ value{'s' if len(points) > 1 else ''}"
    return (
        f"{len(points)} σ records = {measurements} measurement"
        f"{'s' if measurements > 1 else ''} (restatements counted once)"
    )
