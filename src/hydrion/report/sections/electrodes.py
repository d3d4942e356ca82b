"""Report section: hydride conversion electrodes (Table 2 regenerated, Fig. 10, profiles)."""

from __future__ import annotations

import pandas as pd

from hydrion.chem.thermo import ENTROPY_ESTIMATE
from hydrion.electrode import (
    analyse_electrode,
    composite_average_voltage_V,
    composite_capacity_mAh_per_g,
    table2_composite,
)
from hydrion.electrode.composite import capacity_discrepancy
from hydrion.electrode.fig10 import (
    FIG10_REF,
    capacity_points,
    knowledge_base_electrodes,
    other_binary_hydrides,
    record_densities,
)
from hydrion.electrode.volume import reported_volume_changes
from hydrion.errors import HydrionError
from hydrion.plots.electrode import (
    fig10_figure,
    profile_figure,
    voltage_conventions,
    volume_figure,
)
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib


def _average(formula: str | None, name: str, convention: str) -> float | None:
    """Computed average voltage of a formula, or of the composite of that name."""
    try:
        if formula is None:
            return composite_average_voltage_V(table2_composite(name), convention=convention)
        return analyse_electrode(formula, convention=convention).average_voltage_V
    except HydrionError:
        return None


def _estimated_entropies(formula: str | None, name: str) -> str:
    """Phases whose S° the gibbs298 average rests on an estimate of ('' when none): the
    flag shown next to that number (method: :data:`hydrion.chem.thermo.ENTROPY_ESTIMATE`)."""
    if formula is None:
        parts = [c.formula for c in table2_composite(name).components if not c.inert]
    else:
        parts = [formula]
    phases: list[str] = []
    for part in parts:
        try:
            warnings = analyse_electrode(part, convention="gibbs298").warnings
        except HydrionError:
            continue
        phases += [w.split(":")[0] for w in warnings if ENTROPY_ESTIMATE in w]
    return ", ".join(dict.fromkeys(phases))


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def table2_frame(kb) -> tuple[pd.DataFrame, list[int]]:
    """Computed vs reported theoretical capacity of every Table 2 electrode of the KB."""
    rows, refs = [], set()
    for material in kb.materials(kind="electrode"):
        if material.review_table != "Table 2" or not material.theoretical_capacities:
            continue
        reported = material.theoretical_capacities[0]
        refs.update(reported.source.refs)
        if material.formula:
            computed = analyse_electrode(material.formula).capacity_mAh_per_g
            definition = (
                f"{material.formula}: {analyse_electrode(material.formula).overall_reaction}"
            )
            formula = material.formula
        else:
            composite = table2_composite(material.name)
            computed = composite_capacity_mAh_per_g(composite)
            definition = composite.definition
            discrepancy = capacity_discrepancy(
                composite, reported.capacity_mAh_per_g, float(computed)
            )
            if discrepancy:
                definition = f"{definition} {discrepancy}"
            formula = None
        averages = [v.voltage_V for v in material.voltages if v.kind == "average"]
        gibbs_average = _average(formula, material.name, "gibbs298")
        rows.append(
            {
                "electrode": material.name,
                "reported (mAh/g)": reported.capacity_mAh_per_g,
                # whole mAh/g, rounded as the CLI prints it (2036.52 -> 2037; rounding to
                # 2036.5 first and then to 4 digits gave 2036)
                "computed (mAh/g)": f"{computed:.0f}",
                "deviation (%)": round(100 * (computed / reported.capacity_mAh_per_g - 1), 2),
                "reported average (V)": averages[0] if averages else None,
                "computed average, gibbs298 (V)": _round(gibbs_average),
                "gibbs298: S° estimated for": (
                    "" if gibbs_average is None else _estimated_entropies(formula, material.name)
                ),
                "computed average, enthalpy (V)": _round(
                    _average(formula, material.name, "enthalpy")
                ),
                "composition / reaction": definition,
            }
        )
    return pd.DataFrame(rows), sorted(refs)


def plateau_frame(kb) -> tuple[pd.DataFrame, set[int]]:
    """Computed equilibrium steps against the measured plateaus the review quotes."""
    refs: set[int] = set()
    rows = []
    for material in kb.materials(kind="electrode"):
        plateaus = [v for v in material.voltages if v.kind == "plateau"]
        if not plateaus or not material.formula:
            continue
        result = analyse_electrode(material.formula, convention="enthalpy", alloying=True)
        refs.update(ref for v in plateaus for ref in v.source.refs)
        rows.append(
            {
                "electrode": material.name,
                "measured plateaus (V)": ", ".join(f"{v.voltage_V:g}" for v in plateaus),
                "computed steps, enthalpy (V)": ", ".join(
                    "—" if s.voltage_V is None else f"{s.voltage_V:.2f}" for s in result.steps
                ),
                "steps": "; ".join(s.reaction for s in result.steps),
            }
        )
    return pd.DataFrame(rows), refs


def _alloying_plateaus(result, material) -> list[tuple[float, float, float]]:
    """Measured alloying plateaus placed over the capacity of alloying steps without voltage."""
    plateaus = [
        v.voltage_V
        for v in material.voltages
        if v.kind == "plateau" and v.step and "alloy" in v.step.lower()
    ]
    segments, total = [], 0.0
    for step in result.steps:
        if step.kind == "alloying" and step.voltage_V is None and plateaus:
            segments.append((total, total + step.capacity_mAh_per_g, plateaus[0]))
        total += step.capacity_mAh_per_g
    return segments


def _profiles(kb):
    """Enthalpy-convention profiles with alloying, measured plateaus and alloying segments."""
    results, measured, segments = [], {}, {}
    for material in kb.materials(kind="electrode"):
        if not material.formula:
            continue
        result = analyse_electrode(material.formula, convention="enthalpy", alloying=True)
        results.append(result)
        segments[result.formula] = _alloying_plateaus(result, material)
        used = {v for *_, v in segments[result.formula]}
        plateaus = [v.voltage_V for v in material.voltages if v.kind == "plateau"]
        measured[result.formula] = [v for v in plateaus if v not in used]
    return results, measured, segments


def _volume_block() -> tuple[list, list[str]]:
    """MgH2's volume change along its lithiation, computed, against the reported one."""
    result = analyse_electrode("MgH2", alloying=True)
    reported = [v for v in reported_volume_changes() if v.formula == "MgH2" and v.ion == "Li"]
    figure = figure_from_matplotlib(
        volume_figure(result, reported),
        "electrode-mgh2-volume",
        "MgH2: volume change during lithiation",
        "Volume of the electrode (solids only, the incoming Li counted in the products) from "
        "bundled densities: MgH2 → Mg + 2LiH, then Mg → MgLi0.35 (Reactions 1–3, alloy volume "
        "by Zen's law). Dotted red: the review's 'over 200 %' after complete lithiation "
        "(Fig. 11c, ref. [121]).",
    )
    final = result.volume_path[-1].volume_change_percent
    note = (
        f"MgH2 volume change: computed {result.volume_change_percent:.0f} % after conversion and "
        f"{final:.0f} % with MgLi0.35; the review's 'over 200 %' [121] needs the further, "
        "unquantified Li uptake of Reaction (4) (MgLi0.35+y) or another counting of the volume."
    )
    return [figure], [note]


def build(kb) -> Section:
    """Table 2 regenerated, plateaus vs computed steps, Fig. 10, profiles and MgH2 swelling."""
    table2, refs = table2_frame(kb)
    plateaus, plateau_refs = plateau_frame(kb)
    points, skipped = capacity_points(
        knowledge_base_electrodes(kb) + other_binary_hydrides(), densities=record_densities(kb)
    )
    results, measured, segments = _profiles(kb)
    volume_figures, volume_notes = _volume_block()
    figures = [
        figure_from_matplotlib(
            fig10_figure(points),
            "electrode-fig10",
            "Fig. 10 regenerated",
            "Gravimetric vs volumetric theoretical capacity (conversion only, per pristine "
            "electrode) of the knowledge-base hydrides with a bundled density, and of a few "
            "other binary hydrides (triangles) for comparison. Hollow red: the conversion is "
            "uphill against Li metal (E ≤ 0 V, lowest step voltage and its energy convention "
            "given), so the formal capacity is not delivered above 0 V; "
            f"{voltage_conventions(points)}, as the title says.",
        ),
        figure_from_matplotlib(
            profile_figure(results, measured, segments),
            "electrode-profiles",
            "Equilibrium voltage profiles",
            "Lowest-energy conversion paths from ΔfH (enthalpy convention; the hexa-alanates "
            "have no bundled entropy), followed by the alloying steps (Al → LiAl, Mg → "
            "MgLi0.35): the capacity axis counts conversion and alloying, a triangle on the "
            "axis marks where conversion (Table 2's capacity) ends. Dashed: a measured alloying "
            "plateau where no thermochemistry exists (MgH2: conversion, then Li–Mg alloying at "
            "~0.1 V [126]). Dotted, labelled: other measured plateaus the review quotes "
            "(LiAlH4: 0.78, 0.27, 0.15 V [133]).",
        ),
        *volume_figures,
    ]
    flagged = [p for p in points if p.flagged]
    notes = [
        "Capacities are n·F/(3.6·M) per mass of the pristine electrode, conversion only "
        "(Table 2 convention). Voltages are equilibrium potentials E = −ΔG/(nF) vs Li/Li+; "
        "the closed system releases no H2. Composite voltages are capacity-weighted means of "
        "their components converted separately.",
        *(
            f"Fig. 10: {p.label} — {p.status} (E = {p.lowest_voltage_V:.3f} V, {p.convention})"
            for p in flagged
        ),
        *(
            f"Fig. 10: {p.label} — no thermochemistry to tell whether it converts above 0 V"
            for p in points
            if p.lowest_voltage_V is None
        ),
        *(f"Not on Fig. 10: {message}" for message in skipped),
        *volume_notes,
        f"Table 2, phases under 'gibbs298: S° estimated for': {ENTROPY_ESTIMATE}.",
    ]
    return Section(
        slug="electrodes",
        title="Hydride conversion electrodes",
        intro="Theoretical capacities, equilibrium voltages and pathways computed from formulas "
        "and the bundled thermochemistry, set against the review's Table 2 and text.",
        tables=[
            TableBlock("Table 2 regenerated: computed vs reported", table2),
            TableBlock("Measured plateaus vs computed equilibrium steps", plateaus),
        ],
        figures=figures,
        references=sorted({*refs, *plateau_refs, FIG10_REF, 121, 126}),
        notes=notes,
    )
