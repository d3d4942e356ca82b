"""Report section: the review's Tables 1 and 2, counter-electrodes and cells, from the KB."""

from __future__ import annotations

import math

import pandas as pd

from hydrion.kb import KnowledgeBase
from hydrion.kb.cell_records import Cell, CellPerformance
from hydrion.kb.records import Conductivity, Material, StabilityWindow
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib
from hydrion.report.user_records import USER_SHOWN, chosen, counts_table, left_out, split

USER_TAG = " (user)"
"""Appended to the name of a record from the user's own database wherever the report shows
it, so it is never read as one of the review's."""


def marked(kb: KnowledgeBase, materials: list[Material]) -> list[Material]:
    """The materials, each from the user database renamed 'name (user)' (:data:`USER_TAG`):
    tables and figure labels then tell it from the review's records. Only the name changes."""
    return [
        m.model_copy(update={"name": m.name + USER_TAG}) if kb.origin(m.id) == "user" else m
        for m in materials
    ]


def format_conductivity(value: Conductivity) -> str:
    """'10^-3 (120 °C)' for orders of magnitude, '2.2e-03 (40 °C)' otherwise."""
    if value.precision == "order_of_magnitude":
        number = f"10^{round(math.log10(value.sigma_S_per_cm))}"
    else:
        number = f"{value.sigma_S_per_cm:.3g}"
        number = {"approximate": "~", "lower_bound": ">", "upper_bound": "<"}.get(
            value.precision, ""
        ) + number
    where = value.temperature_text or f"{value.temperature_C:g} °C"
    return f"{number} ({where})"


def format_window(value: StabilityWindow) -> str:
    low = "" if value.low_V is None else f"{value.low_V:g}"
    high = "" if value.high_V is None else f"{value.high_V:g}"
    return f"{low}–{high} V ({value.method})"


def format_rate(entry: CellPerformance) -> str:
    if entry.c_rate is not None:
        return f"{entry.c_rate:g} C"
    if entry.current_density_mA_per_cm2 is not None:
        return f"{entry.current_density_mA_per_cm2:g} mA/cm²"
    if entry.specific_current_mA_per_g is not None:
        return f"{entry.specific_current_mA_per_g:g} mA/g"
    return ""


def format_performance(kb: KnowledgeBase, cell: Cell, entry: CellPerformance) -> str:
    """'TiS2|LiBH4|Li (205 mAh/g @ 0.2 C, 120 °C)', as the review's tables write cells."""
    cycle = f", cycle {entry.cycle}" if entry.cycle else ""
    rate = format_rate(entry)
    rate = f" @ {rate}" if rate else ""
    label = "|".join(
        kb.material(part).name for part in (cell.cathode, cell.electrolyte, cell.anode)
    )
    return f"{label} ({entry.capacity_mAh_per_g:g} mAh/g{rate}, {entry.temperature_C:g} °C{cycle})"


def _refs(values) -> str:
    return ",".join(str(r) for r in sorted({ref for v in values for ref in v.source.refs}))


def _table_cells(kb: KnowledgeBase, material: Material) -> str:
    """The cells a table row lists: Table 2 rows list the cells of their electrode, Table 1
    rows those of their electrolyte with no hydride electrode (those belong to Table 2)."""

    def belongs(cell: Cell) -> bool:
        electrodes = (kb.material(cell.cathode), kb.material(cell.anode))
        if material.kind == "electrode":
            return material.id in (cell.cathode, cell.anode)
        return cell.electrolyte == material.id and all(e.kind != "electrode" for e in electrodes)

    shown = [
        format_performance(kb, cell, entry)
        for cell in kb.cells(material=material.id)
        if belongs(cell)
        for entry in cell.performance
        if entry.in_review_table
    ]
    return "; ".join(shown)


def table1(kb: KnowledgeBase) -> pd.DataFrame:
    """Table 1 of the review regenerated from the records (values sourced to the table)."""
    rows = []
    for material in kb.materials(kind="electrolyte"):
        if material.review_table != "Table 1":
            continue
        sigma = [c for c in material.conductivities if c.source.kind == "review_table"]
        windows = [w for w in material.windows if w.source.kind == "review_table"]
        rows.append(
            {
                "electrolyte": material.name,
                "conductivity (S/cm)": "; ".join(format_conductivity(c) for c in sigma),
                "window": "; ".join(format_window(w) for w in windows),
                "cells": _table_cells(kb, material),
                "refs": _refs([*sigma, *windows]),
            }
        )
    return pd.DataFrame(rows)


def table2(kb: KnowledgeBase) -> pd.DataFrame:
    """Table 2 of the review regenerated from the records."""
    rows = []
    for material in kb.materials(kind="electrode"):
        if material.review_table != "Table 2":
            continue
        capacities = [c for c in material.theoretical_capacities if c.source.kind == "review_table"]
        voltages = [v for v in material.voltages if v.kind == "average"]
        rows.append(
            {
                "anode": material.name,
                "theoretical capacity (mAh/g)": "; ".join(
                    f"{c.capacity_mAh_per_g:g}" for c in capacities
                ),
                "average voltage (V)": "; ".join(f"{v.voltage_V:g}" for v in voltages),
                "cells": _table_cells(kb, material),
                "refs": _refs([*capacities, *voltages]),
            }
        )
    return pd.DataFrame(rows)


def counter_electrodes(kb: KnowledgeBase) -> tuple[pd.DataFrame, str]:
    """Counter-electrodes with potential range, stored capacity, density and sources: the
    review's, then the first :data:`USER_SHOWN` of the user's (id order), and the note on
    those left out (:func:`~hydrion.report.user_records.left_out`)."""
    review, user = split(kb, kb.materials(kind="counter_electrode"))
    note = left_out("counter-electrodes", USER_SHOWN, len(user), "first in id order")
    rows = []
    for material in marked(kb, [*review, *user[:USER_SHOWN]]):
        ranges = material.potential_ranges
        density = material.density()  # the one density table's, or a user's own
        rows.append(
            {
                "electrode": material.name,
                "formula": material.formula or "",
                "potential (V)": "; ".join(
                    f"{r.low_V:g}–{r.high_V:g} vs {r.reference}" for r in ranges
                ),
                "ions per formula": "; ".join(
                    f"{s.ions_per_formula:g} {s.ion}" for s in material.ion_storage
                ),
                "capacity (mAh/g)": "; ".join(
                    f"{c.capacity_mAh_per_g:g}" for c in material.theoretical_capacities
                ),
                "density (g/cm³)": "" if density is None else f"{density.density_g_per_cm3:g}",
                "sources": "; ".join(
                    sorted(
                        {_source_label(v.source) for _, v in material.values()}
                        | ({_source_label(density.source)} if density is not None else set())
                    )
                ),
            }
        )
    return pd.DataFrame(rows), note


def _source_label(source) -> str:
    if source.refs:
        return "[" + ",".join(map(str, source.refs)) + "]"
    return f"doi:{source.doi}" if source.doi else (source.citation or "")


def _best_capacity(cell: Cell) -> float:
    return max(entry.capacity_mAh_per_g for entry in cell.performance)


def cells_table(kb: KnowledgeBase) -> tuple[pd.DataFrame, str]:
    """Every cell performance the review reports, then those of the :data:`USER_SHOWN` user
    cells with the highest reported capacity ('record': user), and the note on the user cells
    left out."""
    review, user = split(kb, kb.cells())
    shown = chosen(user, _best_capacity)
    note = left_out("cells", len(shown), len(user), "with the highest reported capacity")
    rows = []
    for cell in [*review, *shown]:
        record = "user" if kb.origin(cell.id) == "user" else "review"
        for entry in cell.performance:
            rows.append(
                {
                    "record": record,
                    "cathode": cell.cathode,
                    "electrolyte": cell.electrolyte,
                    "anode": cell.anode,
                    "mAh/g": entry.capacity_mAh_per_g,
                    "per mass of": entry.capacity_basis,
                    "kind": entry.kind,
                    "cycle": entry.cycle,
                    "T (°C)": entry.temperature_C,
                    "rate": format_rate(entry),
                    "retention (%)": entry.retention_percent,
                    "CE (%)": entry.coulombic_efficiency_percent,
                    "refs": _refs([entry]),
                }
            )
    return pd.DataFrame(rows), note


def summary(kb: KnowledgeBase) -> pd.DataFrame:
    """Records and values per kind, the review's (curated) and the user database's apart."""
    counts: list[tuple[str, list[tuple[str, int]]]] = [
        (kind, [(m.id, len(m.values())) for m in kb.materials(kind=kind)])
        for kind in ("electrolyte", "electrode", "counter_electrode")
    ]
    counts.append(("cell", [(c.id, len(c.performance)) for c in kb.cells()]))
    rows = []
    for kind, records in counts:
        user = [values for key, values in records if kb.origin(key) == "user"]
        review = [values for key, values in records if kb.origin(key) != "user"]
        rows.append(
            {
                "kind": kind,
                "records from the review": len(review),
                "values from the review": sum(review),
                "your records (user database)": len(user),
                "your values": sum(user),
            }
        )
    return pd.DataFrame(rows)


def _cells_figure(kb: KnowledgeBase):
    from matplotlib.patches import Patch

    from hydrion.plots.canvas import new_figure
    from hydrion.plots.ticks import log_scale

    fig = new_figure((7, 4.2))
    ax = fig.add_subplot()
    markers = {"Li": "o", "Na": "s", "Mg": "^"}
    # one collection per run of points of the same marker and colour, in record order: they
    # overlap and snap to pixels as when drawn one by one, at a fraction of the cost
    runs: list[tuple[str, str, list[float], list[float]]] = []
    review, user = split(kb, kb.cells())
    for cell in review:
        for entry in cell.performance:
            colour = "tab:blue" if entry.capacity_basis == "cathode" else "tab:orange"
            if not runs or runs[-1][:2] != (markers[cell.ion], colour):
                runs.append((markers[cell.ion], colour, [], []))
            runs[-1][2].append(entry.temperature_C)
            runs[-1][3].append(entry.capacity_mAh_per_g)
    for marker, colour, temperatures, capacities in runs:
        ax.scatter(
            temperatures,
            capacities,
            marker=marker,
            color=colour,
            alpha=0.75,
            edgecolor="k",
            linewidth=0.4,
        )
    if user:  # one collection, drawn as an image in the SVG: its size does not grow with them
        ax.scatter(
            [e.temperature_C for c in user for e in c.performance],
            [e.capacity_mAh_per_g for c in user for e in c.performance],
            marker=".",
            color="0.55",
            s=12,
            zorder=0,
            rasterized=True,
            label=f"your cells (user, {len(user)})",
        )
    log_scale(ax, "y")  # tick labels in plain text, not mathtext
    ax.set_xlabel("Operating temperature (°C)")
    ax.set_ylabel("Reported capacity (mAh/g)")
    for ion, marker in markers.items():
        ax.scatter([], [], marker=marker, color="grey", label=f"{ion} cells")
    # the colours say per which mass the capacity is given (the review's basis)
    other = sorted({e.capacity_basis for c in review for e in c.performance} - {"cathode"})
    handles = ax.get_legend_handles_labels()[0] + [
        Patch(color="tab:blue", label="per cathode active mass"),
        *([Patch(color="tab:orange", label=f"per {', '.join(other)} mass")] if other else []),
    ]
    ax.legend(handles=handles, frameon=False, fontsize=8)
    ax.grid(alpha=0.3)
    return figure_from_matplotlib(
        fig,
        "kb-cells",
        "Cells of the review",
        "Capacities reported for hydride-electrolyte and hydride-electrode cells against their "
        "operating temperature (blue: per cathode mass, orange: other bases; grey dots: every "
        "cell of your user database). Data: knowledge base, each point with its reference.",
    )


def _best_ccd(material: Material) -> float:
    return max((v.ccd_mA_per_cm2 for v in material.critical_current_densities), default=0.0)


def ccd_entries(kb: KnowledgeBase) -> list[tuple[str, float, str]]:
    """(label, CCD in mA/cm², refs) of every critical current density of the review's
    records and of the :data:`USER_SHOWN` user materials with the highest CCD, lowest first."""
    review, user = split(kb, kb.materials())
    user = chosen([m for m in user if m.critical_current_densities], _best_ccd)
    entries = []
    for material in marked(kb, [*review, *user]):
        for value in material.critical_current_densities:
            named = value.modifier and value.modifier in material.name
            modifier = f" + {value.modifier}" if value.modifier and not named else ""
            at = f", {value.temperature_C:g} °C" if value.temperature_C is not None else ""
            label = f"{material.name}{modifier}{at}"
            entries.append((label, value.ccd_mA_per_cm2, _refs([value])))
    return sorted(entries, key=lambda entry: entry[1])


def retention_series(kb: KnowledgeBase) -> dict[str, tuple[list[int], list[float]]]:
    """Capacity retention against cycle number for every cell and temperature with two or more
    cycle points: a stated retention over N cycles gives (1, 100 %) and (N, retention); else
    capacities at numbered cycles are divided by the earliest one (charge capacities left
    out). Labels carry the cell (its parts' KB names, 'LiCoO2 | LiBH4 | Li'), the temperature
    and the references. Of the user's cells, the first :data:`USER_SHOWN` (id order) with
    two or more performance entries are drawn."""
    from hydrion.plots.labels import record_name

    review, user = split(kb, kb.cells())
    user = [cell for cell in user if len(cell.performance) > 1][:USER_SHOWN]
    series: dict[str, tuple[list[int], list[float]]] = {}
    for cell in [*review, *user]:
        name = " | ".join(
            record_name(key, kb) for key in (cell.cathode, cell.electrolyte, cell.anode)
        ) + (USER_TAG if kb.origin(cell.id) == "user" else "")
        by_temperature: dict[float, list[CellPerformance]] = {}
        for entry in cell.performance:
            if entry.kind != "charge":
                by_temperature.setdefault(entry.temperature_C, []).append(entry)
        for temperature, entries in by_temperature.items():
            stated = [e for e in entries if e.retention_percent and e.retention_cycles]
            if stated:
                span, kept = stated[0].retention_cycles, stated[0].retention_percent
                assert span is not None and kept is not None  # filtered above
                cycles, retention = [1, span], [100.0, kept]
                used = stated[:1]
            else:
                numbered = sorted((e for e in entries if e.cycle), key=lambda e: e.cycle or 0)
                if len({e.cycle for e in numbered}) < 2:
                    continue
                first = numbered[0]
                cycles = [e.cycle for e in numbered if e.cycle is not None]
                retention = [
                    100.0 * e.capacity_mAh_per_g / first.capacity_mAh_per_g for e in numbered
                ]
                used = numbered
            label = f"{name}, {temperature:g} °C [{_refs(used)}]"
            series[label] = (cycles, retention)
    return series


def _best_sigma(material: Material) -> float:
    return max(c.sigma_S_per_cm for c in material.conductivities)


def _extra_figures(kb: KnowledgeBase) -> list:
    """CCD comparison, capacity retention and σ against well-known electrolytes."""
    from hydrion.plots.cell import ccd_figure, retention_figure
    from hydrion.plots.reference_electrolytes import comparison_figure, reference_electrolytes

    figures = []
    ccd = ccd_entries(kb)
    if ccd:
        figures.append(
            figure_from_matplotlib(
                ccd_figure(ccd),
                "kb-ccd",
                "Critical current densities",
                "Critical current densities of Li symmetric cells on record (knowledge base, "
                "with references). The review notes that LiBH4 has the highest CCD among "
                "unmodified solid electrolytes; LiF raises it for LiBH4 and Li2B12H12.",
            )
        )
    series = retention_series(kb)
    if series:
        figures.append(
            figure_from_matplotlib(
                retention_figure(series),
                "kb-retention",
                "Capacity retention against cycle number",
                "Retention = capacity at a cycle / the earliest capacity reported at the same "
                "temperature (or the retention the source states over N cycles). Only the "
                "cycles the review reports are drawn; lines join them and say nothing about "
                "the cycles between.",
            )
        )
    references = "; ".join(
        f"{r.name}: {r.conductivity.sigma_S_per_cm:g} S/cm "
        f"({r.conductivity.source.doi or r.conductivity.source.citation})"
        for r in reference_electrolytes()
    )
    review, user = split(kb, kb.materials(kind="electrolyte"))
    user = [
        m.model_copy(update={"family": "your records (user)"})
        for m in chosen([m for m in user if m.conductivities], _best_sigma)
    ]
    figures.append(
        figure_from_matplotlib(
            comparison_figure(marked(kb, [*review, *user])),
            "kb-sigma-references",
            "Conductivities against well-known electrolytes",
            "Every stored conductivity of the hydride electrolytes (open markers: order of "
            "magnitude) with reference lines for sulfide, oxide and liquid electrolytes "
            f"(hydrion/plots/data/reference_electrolytes.yaml): {references}."
            + (
                f" Of your user database, the {len(user)} electrolytes with the highest "
                "stored σ, as one family 'your records (user)'."
                if user
                else ""
            ),
        )
    )
    return figures


def build(kb: KnowledgeBase) -> Section:
    """The knowledge-base section."""
    all_refs = {ref for m in kb.materials() for _, v in m.values() for ref in v.source.refs}
    all_refs |= {ref for c in kb.cells() for p in c.performance for ref in p.source.refs}
    counters, counters_note = counter_electrodes(kb)
    cells, cells_note = cells_table(kb)
    counts = counts_table(kb, kb.materials(), kb.cells())
    mine = []
    if not counts.empty:
        mine.append(
            TableBlock(
                "Your records (user database) by kind, working ion and family",
                counts,
                f"Tables and figures below show every record of the review and at most "
                f"{USER_SHOWN} of yours each (which: said under each); list them all: "
                "hydrion db list --all (--kind, --ion, --family narrow it).",
            )
        )
    return Section(
        slug="knowledge-base",
        title="Knowledge base: the review's tables with sources",
        intro=(
            "Tables 1 and 2 of the review regenerated from hydrion's curated records, "
            "followed by the counter-electrodes and every cell the review describes. "
            "Conductivities written as 10^n are orders of magnitude, as in the source. "
            f"Records of your own user database are counted apart and marked '{USER_TAG.strip()}'"
            " (cells: record 'user'); they are not the review's."
        ),
        tables=[
            TableBlock("Contents of the knowledge base", summary(kb)),
            *mine,
            TableBlock("Table 1 — hydride electrolytes", table1(kb)),
            TableBlock(
                "Table 2 — hydride electrodes",
                table2(kb),
                "Capacities of Table 2 count the conversion reaction only (no alloying).",
            ),
            TableBlock(
                "Counter-electrodes used with hydride electrolytes", counters, counters_note
            ),
            TableBlock("Cells", cells, cells_note),
        ],
        figures=[_cells_figure(kb), *_extra_figures(kb)],
        references=sorted(all_refs),
    )
