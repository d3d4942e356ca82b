"""The knowledge-base section's tables: the review's Tables 1 and 2, counter-electrodes, cells
and the contents summary, each row with its references."""

from __future__ import annotations

import math

import pandas as pd

from hydrion.kb import KnowledgeBase
from hydrion.kb.cell_records import Cell, CellPerformance
from hydrion.kb.records import Conductivity, Material, StabilityWindow
from hydrion.plots.labels import source_label
from hydrion.report.user_records import USER_SHOWN, chosen, left_out, split

USER_TAG = " (user)"
"""Appended to the name of a record from the user's own database wherever the report shows
it, so it is never read as one of the review's."""


def user_tag(kb: KnowledgeBase, record_id: str) -> str:
    """:data:`USER_TAG` for a record of the user's own database, else ''.

    Parameters
    ----------
    kb : KnowledgeBase
        The knowledge base the record is in.
    record_id : str
        The material's or cell's id.

    Returns
    -------
    str
        The text to append to the record's name where the report shows it.
    """
    return USER_TAG if kb.origin(record_id) == "user" else ""


def marked(kb: KnowledgeBase, materials: list[Material]) -> list[Material]:
    """The materials, each from the user database renamed 'name (user)' (:data:`USER_TAG`):
    tables and figure labels then tell it from the review's records. Only the name changes."""
    return [
        m.model_copy(update={"name": m.name + tag}) if (tag := user_tag(kb, m.id)) else m
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


def refs_text(values) -> str:
    """The review's reference numbers of the values, sorted and comma-joined: '19,22'."""
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
                "refs": refs_text([*sigma, *windows]),
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
                "refs": refs_text([*capacities, *voltages]),
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
                        {source_label(v.source) for _, v in material.values()}
                        | ({source_label(density.source)} if density is not None else set())
                    )
                ),
            }
        )
    return pd.DataFrame(rows), note


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
                    "refs": refs_text([entry]),
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
