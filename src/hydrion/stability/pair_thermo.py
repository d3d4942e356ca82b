"""Thermodynamics of one electrolyte–electrode pair (a part of
:mod:`hydrion.stability.compatibility`): the verdict of the electrolyte's computed window
against the electrode's range, the most favourable interface reaction (also at the
electrode's potential) and the interphases beyond each limit the electrode crosses.
"""

from __future__ import annotations

import math
from typing import Literal

from hydrion.errors import HydrionError
from hydrion.kb.records import Material
from hydrion.stability.energies import EnergySource
from hydrion.stability.findings import active_formulas
from hydrion.stability.interface import InterfaceReaction, interface_reaction
from hydrion.stability.passivation import (
    Interphase,
    interphase,
)
from hydrion.stability.window import (
    ElectrochemicalWindow,
    window_sensitivity,
)

Verdict = Literal["stable", "unstable", "no data"]
TOL_V = 1e-3


def cached_or_compute(cache: dict | None, key: tuple, compute):
    """``compute()``, kept in ``cache`` under ``key`` (the matrix shares one cache)."""
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def safe_call(call, notes: list[str]):
    try:
        return call()
    except HydrionError as exc:
        notes.append(str(exc).split(";")[0])
        return None


def thermo_verdict(
    window: ElectrochemicalWindow | None, span: tuple[float, float] | None
) -> tuple[Verdict, list[str], float | None]:
    if window is None or span is None:
        return "no data", [], None
    low, high = span
    reduction = window.reduction.voltage_V or 0.0
    oxidation = window.oxidation.voltage_V if window.oxidation.voltage_V is not None else math.inf
    margin = min(low - reduction, oxidation - high)
    reasons = []
    if oxidation < high - TOL_V:
        reasons.append(
            f"oxidised above {oxidation:.2f} V to {', '.join(window.oxidation.products)}; "
            f"the electrode reaches {high:.2f} V"
        )
    if reduction > low + TOL_V:
        reasons.append(
            f"reduced below {reduction:.2f} V to {', '.join(window.reduction.products)}; "
            f"the electrode goes down to {low:.2f} V"
        )
    return ("unstable" if reasons else "stable"), reasons, (None if math.isinf(margin) else margin)


def interface_reactions(
    electrolyte: Material,
    electrode: Material,
    energies: EnergySource,
    ion: str,
    span: tuple[float, float] | None,
    as_mixture: bool,
    cache: dict | None,
    notes: list[str],
) -> tuple[InterfaceReaction | None, InterfaceReaction | None]:
    """The most favourable interface reaction, closed and with the ion open at the top potential.

    A composite electrode reacts through its active phases (the most favourable one counts).
    """
    phases = sorted([electrode.formula] if electrode.formula else active_formulas(electrode))
    if not electrode.formula and phases:
        notes.append(
            f"{electrode.name} is a composite: interface reactions computed with its active "
            f"phase(s) {', '.join(phases)}"
        )
    if not electrolyte.formula or not phases:
        return None, None

    formula = electrolyte.formula

    def most_favourable(
        open_ion: str | None = None, open_V: float | None = None
    ) -> InterfaceReaction | None:
        found = [
            safe_call(
                lambda p=p: cached_or_compute(
                    cache,
                    ("reaction", formula, p, open_ion, open_V, as_mixture),
                    lambda: interface_reaction(
                        formula, p, energies, open_ion, open_V, as_mixture=as_mixture
                    ),
                ),
                notes,
            )
            for p in phases
            if p != ion or open_ion is None
        ]
        reactions = [r for r in found if r is not None]
        return min(reactions, key=lambda r: r.energy_eV_per_atom) if reactions else None

    reaction = most_favourable()
    is_metal = electrode.formula is not None and electrode.formula.strip() == ion
    if reaction is None or span is None or is_metal:
        return reaction, None
    return reaction, most_favourable(ion, span[1])


def crossed_interphases(
    window: ElectrochemicalWindow | None,
    span: tuple[float, float] | None,
    energies: EnergySource,
    ion: str,
    as_mixture: bool,
    cache: dict | None,
) -> tuple[tuple[Interphase, ...], tuple[tuple[str, Interphase], ...]]:
    """Interphases beyond the limits the electrode crosses; where one is undetermined, the
    same again without each ill-determined product (from the window's sensitivity)."""
    if window is None or span is None:
        return (), ()
    found = []
    if window.reduction.voltage_V is not None and window.reduction.voltage_V > span[0] + TOL_V:
        found.append(interphase(window.reduction, "reduction", ion))
    if window.oxidation.voltage_V is not None and window.oxidation.voltage_V < span[1] - TOL_V:
        found.append(interphase(window.oxidation, "oxidation", ion))
    crossed = [item for item in found if item is not None]
    without = []
    for item in crossed:
        if item.verdict != "undetermined" or item.side == "interface":
            continue
        variants = cached_or_compute(
            cache,
            ("sensitivity", window.formula, ion, as_mixture),
            lambda: window_sensitivity(window, energies, as_mixture),
        )
        for variant in variants:
            if variant.without in {phase for phase, _ in item.products}:
                again = interphase(getattr(variant.window, item.side), item.side, ion)
                if again is not None:
                    without.append((variant.without, again))
    return tuple(crossed), tuple(without)
