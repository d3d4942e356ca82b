"""The working-potential range of an electrode from its knowledge-base record, on the scale of
one working-ion metal (a value on record against another ion's metal is not converted).
"""

from __future__ import annotations

from hydrion.errors import InputError, MissingDataError
from hydrion.kb.records import Material
from hydrion.stability.window import (
    REFERENCE,
)


def voltage_scale_ion(electrode: Material) -> str:
    """The ion whose metal the record's ``voltages`` are measured against.

    Voltage records carry no reference of their own; they belong to the electrode's
    ion-storage reaction (its ion), else to its first listed ion.
    """
    return electrode.ion_storage[0].ion if electrode.ion_storage else electrode.ions[0]


def electrode_range(
    electrode: Material,
    ion: str,
    kb=None,
    notes: list[str] | None = None,
    convention: str | None = None,
) -> tuple[float, float] | None:
    """Working-potential range (V vs the ion's metal) of an electrode.

    In order: the record's potential ranges on that ion's scale; the cut-off voltages of
    knowledge-base cells against the metal itself; the record's plateau/average voltages when
    they are on that ion's scale; with a ``convention`` ('enthalpy' or 'gibbs298'), the
    equilibrium conversion potentials E = −ΔrG/(nF) of the steps that run, computed from the
    bundled thermochemistry table (:func:`hydrion.electrode.analysis.analyse_electrode`, what
    ``hydrion electrode`` prints; ``notes`` then says the range is computed). The metal sits
    at 0 V by definition. A range on record only against another ion's metal is not
    converted (see the module docstring); ``notes`` then receives the reason.
    """
    if electrode.formula and electrode.formula.strip() == ion:
        return (0.0, 0.0)
    for item in electrode.potential_ranges:
        if item.reference == REFERENCE[ion]:
            return (item.low_V, item.high_V)
    if kb is not None:
        cells = [
            c
            for c in kb.cells(material=electrode.id)
            if c.cathode == electrode.id and c.anode == ion.lower() and c.voltage_high_V is not None
        ]
        if cells:
            return (
                min(c.voltage_low_V or 0.0 for c in cells),
                max(c.voltage_high_V for c in cells),
            )
    voltages = [v.voltage_V for v in electrode.voltages]
    if voltages and voltage_scale_ion(electrode) == ion:
        return (min(voltages), max(voltages))
    if convention is not None and electrode.formula and not electrode.potential_ranges:
        computed = _conversion_range(electrode, ion, convention, notes)
        if computed is not None:
            return computed
    elsewhere = sorted(
        {r.reference for r in electrode.potential_ranges}
        | ({REFERENCE[voltage_scale_ion(electrode)]} if voltages else set())
    )
    if notes is not None and elsewhere:
        notes.append(
            f"{electrode.name}: working potential on record vs {', '.join(elsewhere)} only; "
            f"not converted to {REFERENCE[ion]} (an insertion or conversion potential depends "
            "on the ion's own reaction)"
        )
    elif notes is not None:
        notes.append(f"no working-potential range of {electrode.name} vs {REFERENCE[ion]}")
    return None


def _conversion_range(
    electrode: Material, ion: str, convention: str, notes: list[str] | None
) -> tuple[float, float] | None:
    """The lowest and highest equilibrium potential (V vs the ion's metal) of the conversion
    steps of ``electrode`` that run (E > 0), from the bundled thermochemistry on the
    ``convention`` basis; None where the table cannot give them (``notes`` says why)."""
    from hydrion.electrode.analysis import analyse_electrode

    try:
        result = analyse_electrode(electrode.formula or "", ion, convention=convention)
    except (InputError, MissingDataError) as exc:
        if notes is not None:
            notes.append(f"{electrode.name}: no computed conversion potential ({exc})")
        return None
    voltages = [
        step.voltage_V
        for step in result.steps
        if step.voltage_V is not None and step.voltage_V > 0 and step != result.uphill_step
    ]
    if not voltages:
        return None
    if notes is not None:
        shown = "–".join(f"{v:.3f}" for v in sorted({min(voltages), max(voltages)}))
        notes.append(
            f"working potential of {electrode.name} computed, not on record: {shown} V vs "
            f"{REFERENCE[ion]}, the equilibrium conversion potential from the bundled "
            f"thermochemistry ({convention}; hydrion electrode {electrode.formula})"
        )
    return (min(voltages), max(voltages))
