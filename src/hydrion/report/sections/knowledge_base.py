"""Report section: the review's Tables 1 and 2, counter-electrodes and cells, from the KB, with
figures of the cells, CCDs, capacity retention and σ (tables: :mod:`kb_tables`)."""

from __future__ import annotations

from hydrion.kb import KnowledgeBase
from hydrion.kb.cell_records import CellPerformance
from hydrion.kb.records import Material
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib
from hydrion.report.sections.kb_tables import (
    USER_TAG,
    cells_table,
    counter_electrodes,
    marked,
    refs_text,
    summary,
    table1,
    table2,
    user_tag,
)
from hydrion.report.user_records import USER_SHOWN, chosen, counts_table, split


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
            entries.append((label, value.ccd_mA_per_cm2, refs_text([value])))
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
        ) + user_tag(kb, cell.id)
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
            label = f"{name}, {temperature:g} °C [{refs_text(used)}]"
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
