"""Report section: hydride conversion electrodes (Table 2 regenerated, Fig. 10, profiles)."""

from __future__ import annotations

import pandas as pd

from hydrion.electrode import (
    analyse_electrode,
    composite_average_voltage_V,
    composite_capacity_mAh_per_g,
    table2_composite,
)
from hydrion.electrode.fig10 import (
    FIG10_REF,
    capacity_points,
    knowledge_base_electrodes,
    other_binary_hydrides,
)
from hydrion.errors import HydrionError
from hydrion.plots.electrode import fig10_figure, profile_figure
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib


def _average(formula: str | None, name: str, convention: str) -> float | None:
    """Computed average voltage of a formula, or of the composite of that name."""
    try:
        if formula is None:
            return composite_average_voltage_V(table2_composite(name), convention=convention)
        return analyse_electrode(formula, convention=convention).average_voltage_V
    except HydrionError:
        return None


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
            formula = None
        averages = [v.voltage_V for v in material.voltages if v.kind == "average"]
        rows.append(
            {
                "electrode": material.name,
                "reported (mAh/g)": reported.capacity_mAh_per_g,
                "computed (mAh/g)": round(computed, 1),
                "deviation (%)": round(100 * (computed / reported.capacity_mAh_per_g - 1), 2),
                "reported average (V)": averages[0] if averages else None,
                "computed average, gibbs298 (V)": _round(
                    _average(formula, material.name, "gibbs298")
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
    rows, refs = [], set()
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


def build(kb) -> Section:
    """Table 2 regenerated, plateaus vs computed steps, Fig. 10 and voltage profiles."""
    table2, refs = table2_frame(kb)
    plateaus, plateau_refs = plateau_frame(kb)
    points, skipped = capacity_points(knowledge_base_electrodes(kb) + other_binary_hydrides())
    formulas = [m.formula for m in kb.materials(kind="electrode") if m.formula]
    results = [analyse_electrode(f, convention="enthalpy") for f in formulas]
    measured = {
        m.formula: [v.voltage_V for v in m.voltages if v.kind == "plateau"]
        for m in kb.materials(kind="electrode")
        if m.formula
    }
    figures = [
        figure_from_matplotlib(
            fig10_figure(points),
            "electrode-fig10",
            "Fig. 10 regenerated",
            "Gravimetric vs volumetric theoretical capacity (conversion only, per pristine "
            "electrode) of the knowledge-base hydrides with a bundled density, and of a few "
            "other binary hydrides (triangles) for comparison.",
        ),
        figure_from_matplotlib(
            profile_figure(results, measured),
            "electrode-profiles",
            "Equilibrium voltage profiles",
            "Lowest-energy conversion paths from ΔfH (enthalpy convention; the hexa-alanates "
            "have no bundled entropy). Dotted: measured plateaus quoted by the review.",
        ),
    ]
    notes = [
        "Capacities are n·F/(3.6·M) per mass of the pristine electrode, conversion only "
        "(Table 2 convention). Voltages are equilibrium potentials E = −ΔG/(nF) vs Li/Li+; "
        "the closed system releases no H2.",
        *(f"Not on Fig. 10: {message}" for message in skipped),
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
        references=sorted({*refs, *plateau_refs, FIG10_REF}),
        notes=notes,
    )
