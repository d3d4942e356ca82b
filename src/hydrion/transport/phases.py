"""Phases of an electrolyte from its phase-transition records: the transitions ordered by
temperature (a cooling branch may lie below the heating one: thermal hysteresis), the
temperature range of each phase, and the phase a record's label names.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from hydrion.kb.records import PhaseTransition
from hydrion.transport.sigma_points import kelvin, source_entry
from hydrion.units import ABSOLUTE_ZERO_C


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


@dataclass(frozen=True)
class Transition:
    """A phase transition; on cooling it may lie below its heating temperature (hysteresis)."""

    heating_K: float
    cooling_K: float
    low_phase: str
    high_phase: str
    sources: tuple[dict, ...]


def ordered_transitions(records: list[PhaseTransition]) -> list[Transition]:
    groups: dict[tuple[str, str], list[PhaseTransition]] = {}
    for record in records:
        groups.setdefault((_norm(record.low_T_phase), _norm(record.high_T_phase)), []).append(
            record
        )
    transitions = []
    for group in groups.values():
        heating = [r for r in group if r.direction != "cooling"] or group
        cooling = [r for r in group if r.direction == "cooling"] or heating
        first = group[0]
        transitions.append(
            Transition(
                heating_K=kelvin(heating[0].temperature_C),
                cooling_K=kelvin(cooling[0].temperature_C),
                low_phase=first.low_T_phase or "",
                high_phase=first.high_T_phase or "",
                sources=tuple(
                    source_entry(
                        f"transition at {r.temperature_C:g} °C"
                        + (f" on {r.direction}" if r.direction else ""),
                        r.source,
                    )
                    for r in group
                ),
            )
        )
    transitions.sort(key=lambda t: t.heating_K)
    named: list[Transition] = []
    for t in transitions:
        below = f"phase below {t.heating_K + ABSOLUTE_ZERO_C:.0f} °C"
        low = named[-1].high_phase if named else (t.low_phase or below)
        high = t.high_phase or f"phase above {t.heating_K + ABSOLUTE_ZERO_C:.0f} °C"
        named.append(Transition(t.heating_K, t.cooling_K, low, high, t.sources))
    return named


def match_phase(label: str | None, phases: tuple[str, ...]) -> str | None:
    key = _norm(label)
    if not key:
        return None
    exact = [p for p in phases if _norm(p) == key]
    if exact:
        return exact[0]
    partial = [p for p in phases if len(key) >= 3 and (key in _norm(p) or _norm(p) in key)]
    return partial[0] if len(partial) == 1 else None


def phase_bounds(transitions: tuple[Transition, ...], index: int) -> tuple[float, float]:
    """Lowest and highest temperature (K) at which phase ``index`` can exist (either branch)."""
    low = (
        0.0
        if index == 0
        else min(transitions[index - 1].cooling_K, transitions[index - 1].heating_K)
    )
    high = (
        math.inf
        if index == len(transitions)
        else max(transitions[index].heating_K, transitions[index].cooling_K)
    )
    return low, high
