"""Report section: what the review's cells deliver as stacks, and what limits them.

Every cell of the knowledge base gets its stack energy at the default design (500 µm separator)
and with a 30 µm film, at its reported capacity; the separator and active-fraction studies,
the temperature × thickness map of LiBH4 and simulated curves of four review cells follow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hydrion.cell.parts import defaults
from hydrion.cell.stack import StackDesign, composite_is_assumed, evaluate, resolve
from hydrion.cell.studies import active_fraction_study, separator_study
from hydrion.errors import HydrionError
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib, joined
from hydrion.report.user_records import chosen, left_out, split
from hydrion.units import ABSOLUTE_ZERO_C

# Stacks of the studies: review full cells whose parts all have densities on record (half
# cells such as MgH2 | LiBH4 | Li have no stack energy and are not studied).
STUDY_CELLS = (
    ("tis2", "libh4", "li"),
    ("s", "libh4", "li"),
    ("li4ti5o12", "libh4", "li"),
    ("tis2", "li2b12h12", "li"),
)
MAP_CELL = ("tis2", "libh4", "li")
FILM_UM = 30.0


def _label(parts, kb) -> str:
    """'TiS2 | LiBH4 | Li': the parts (KB ids) by their knowledge-base names."""
    from hydrion.plots.labels import record_name

    return " | ".join(record_name(key, kb) for key in parts)


def _per_active_mass(cell, entry, kb) -> bool:
    """True when a reported capacity counts per mass of the positive's active material:
    basis 'cathode', or the active element named (e.g. 'S' for a sulfur cathode)."""
    if entry.capacity_basis == "cathode":
        return True
    try:
        formula = kb.material(cell.cathode).formula
    except HydrionError:
        return False
    return bool(formula) and entry.capacity_basis.lower() == formula.lower()


def is_half_cell(cell, kb) -> bool:
    """A hydride working electrode (a Table 2 electrode) tested against the ion's metal."""
    try:
        working = kb.material(cell.cathode)
    except HydrionError:
        return False
    return working.kind == "electrode" and cell.anode.lower() == cell.ion.lower()


def _cells(kb) -> tuple[list, str]:
    """The review's cells and the :data:`~hydrion.report.user_records.USER_SHOWN` user
    cells with the highest reported capacity (each is a stack to evaluate), and the note on
    the user cells left out."""
    review, user = split(kb, kb.cells())
    shown = chosen(user, lambda cell: max(p.capacity_mAh_per_g for p in cell.performance))
    return review + shown, left_out(
        "cells", len(shown), len(user), "with the highest reported capacity"
    )


def _cell_rows(kb, cells: list | None = None) -> tuple[list[dict], list[dict], set[int]]:
    """Rows of the full-cell stack table and of the half-cell table of ``cells`` (default:
    every cell of ``kb``), and the refs cited."""
    stacks, halves, refs = [], [], set()
    for cell in kb.cells() if cells is None else cells:
        entry = next((p for p in cell.performance if _per_active_mass(cell, p, kb)), None)
        shown = entry or cell.performance[0]
        refs.update(shown.source.refs)
        cite = ",".join(map(str, shown.source.refs))
        row = {
            "cell": cell.id,
            "stack": _label((cell.cathode, cell.electrolyte, cell.anode), kb),
            "reported (mAh/g)": shown.capacity_mAh_per_g,
            "reported per": f"{shown.capacity_basis} mass",
            "T (°C)": shown.temperature_C,
            "refs": cite,
        }
        if is_half_cell(cell, kb):
            halves.append(_half_cell_row(row, cell, kb))
            continue
        try:
            design = StackDesign.default(
                cell.cathode,
                cell.electrolyte,
                cell.anode,
                positive_capacity_mAh_per_g=entry.capacity_mAh_per_g if entry else None,
                positive_capacity_basis=(
                    f"reported [{cite}], per {entry.capacity_basis} (pristine) mass"
                    if entry
                    else None
                ),
            )
            resolved = resolve(design, kb)
            result = evaluate(resolved)
            film = separator_study(resolved, [FILM_UM])
            composite = design.positive_composite
            row.update(
                {
                    "capacity used (mAh/g)": round(result.positive_capacity_mAh_per_g),
                    "basis used": result.positive_capacity_basis,
                    "positive composite (wt%)": (
                        f"{composite.active:.0%} / {composite.electrolyte:.0%} / "
                        f"{composite.carbon:.0%}"
                        + (" (assumed)" if composite_is_assumed(cell.cathode) else " (default)")
                    ),
                    "V": round(result.average_voltage_V, 2),
                    "active Wh/kg (positive + stoichiometric negative)": round(
                        result.levels["active"]["Wh_per_kg"]
                    ),
                    "stack Wh/kg (500 µm)": round(result.levels["stack"]["Wh_per_kg"]),
                    "stack Wh/L (500 µm)": round(result.levels["stack"]["Wh_per_L"]),
                    f"stack Wh/kg ({FILM_UM:g} µm)": round(float(film.Wh_per_kg[0])),
                    "missing": "",
                }
            )
        except HydrionError as exc:
            row["missing"] = str(exc).split(";")[0]
        stacks.append(row)
    return stacks, halves, refs


def _missing_last(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if c != "missing"] + ["missing"]]


def _half_cell_row(row: dict, cell, kb) -> dict:
    """Half-cell metrics: reported capacity per electrode mass, theoretical capacity and the
    working electrode's average potential vs the metal (no stack energy: it is an anode)."""
    from hydrion.cell.parts import part

    out = {"half cell": row["cell"], **{k: v for k, v in row.items() if k not in ("cell", "stack")}}
    try:
        working = part(cell.cathode, kb)
        capacity, voltage = working.require_electrochemistry()
        out["theoretical (mAh/g)"] = round(capacity)
        storage = working.sources.get("ion_storage")
        out["theoretical per"] = (
            storage.note
            if storage is not None and storage.note and "composite" in (storage.citation or "")
            else f"pristine {working.formula} mass"
        )
        out["reported / theoretical (%)"] = round(100 * row["reported (mAh/g)"] / capacity, 1)
        out[f"average potential (V vs {cell.ion})"] = round(voltage, 3)
        out["missing"] = ""
    except HydrionError as exc:
        out["missing"] = str(exc).split(";")[0]
    return out


def _studies(kb):
    separator, active, skipped = {}, {}, []
    for parts in STUDY_CELLS:
        try:
            resolved = resolve(StackDesign.default(*parts), kb)
        except HydrionError as exc:
            skipped.append(f"{_label(parts, kb)}: {exc}")
            continue
        separator[_label(parts, kb)] = separator_study(resolved)
        active[_label(parts, kb)] = active_fraction_study(resolved)
    return separator, active, skipped


def _study_table(studies) -> pd.DataFrame:
    frame = pd.DataFrame({"separator (µm)": next(iter(studies.values())).values})
    for label, study in studies.items():
        frame[f"{label} Wh/kg"] = np.round(study.Wh_per_kg).astype(int)
        frame[f"{label} Wh/L"] = np.round(study.Wh_per_L).astype(int)
    return frame


def _limit_map(kb):
    from hydrion.cell.limits import limit_map
    from hydrion.transport.kb_models import conductivity_model

    resolved = resolve(StackDesign.default(*MAP_CELL), kb)
    model = conductivity_model(kb.material(MAP_CELL[1]))
    temperatures_K = np.arange(25.0, 161.0, 5.0) - ABSOLUTE_ZERO_C
    thicknesses = np.geomspace(10.0, 1000.0, 21)
    return limit_map(resolved, model, temperatures_K, thicknesses)


INTRO = (
    "What the review's cells would deliver as stacks, how much a thin electrolyte "
    "film gains, and where the electrolyte's conductivity limits rate and "
    "temperature."
)


def parts() -> list[str]:
    """The parts the section is built from, in page order: the stacks (tables, studies, rate
    map) and the simulated curves (PyBaMM, most of the section's time: the builder runs the
    two in separate workers)."""
    return ["stacks", "simulations"]


def build(kb) -> Section:
    """The cells section (stack energies, studies, rate map, simulated curves)."""
    return joined([build_part(kb, part) for part in parts()])


def build_part(kb, part: str) -> Section:
    """One part of :func:`build` (a name from :func:`parts`): its tables, figures, notes and
    references."""
    if part == "simulations":
        figures, tables, notes, refs = _simulations(kb)
        return _part(tables=tables, figures=figures, references=sorted(refs), notes=notes)
    return _stacks(kb)


def _part(**content) -> Section:
    return Section(
        slug="cells",
        title="Cells: stack energy, rate limits and simulated cycling",
        intro=INTRO,
        **content,
    )


def _stacks(kb) -> Section:
    """The stack tables, the separator and active-fraction studies and the rate map."""
    from hydrion.plots.cell import limit_map_figure, study_figure

    notes = [
        "Stack per cm² at the defaults of hydrion/cell/data/defaults.yaml (design choices: "
        f"positive composite {defaults()['cathode_active_weight_fraction']:g} active by weight, "
        f"{defaults()['cathode_areal_capacity_mAh_per_cm2']:g} mAh/cm² (theoretical), N/P "
        f"{defaults()['np_ratio']:g}, 10 µm Al and Cu collectors; sulfur has its own assumed "
        "composite with carbon). The table of the review's cells uses the reported capacity "
        "per active mass where the review gives one and says so in 'basis used'; the "
        "separator and active-fraction studies use theoretical capacities (pristine mass). "
        "Energy = capacity × (average positive − average negative voltage).",
    ]
    tables, figures = [], []
    cells, user_note = _cells(kb)
    notes += [user_note] if user_note else []
    rows, halves, refs = _cell_rows(kb, cells)
    if rows:
        tables.append(
            TableBlock(
                "The review's cells as stacks",
                _missing_last(pd.DataFrame(rows)),
                "Each energy is computed with the capacity in 'capacity used' on the basis in "
                "'basis used': the reported capacity where the review gives one per mass of the "
                "positive's active material (for sulfur cells, per S mass), else the "
                "theoretical capacity per pristine mass. Composites marked 'assumed' are "
                "design choices (hydrion/cell/data/defaults.yaml), not reported compositions. "
                "'missing' names what the knowledge base lacks to compute it.",
            )
        )
    else:
        notes.append("The knowledge base holds no cells yet.")
    if halves:
        tables.append(
            TableBlock(
                "The review's half cells (hydride working electrode against the metal)",
                _missing_last(pd.DataFrame(halves)),
                "Half-cell metrics, not stack energies: a hydride conversion electrode tested "
                "against Li is an anode material, so its capacity per electrode mass (pristine "
                "hydride) and its potential vs the metal are what the measurement gives. The "
                "average potential is the knowledge base's, else computed by hydrion.electrode.",
            )
        )
    separator, active, skipped = _studies(kb)
    notes += [f"Study skipped for {s}" for s in skipped]
    if separator:
        tables.append(
            TableBlock(
                "Stack energy against separator thickness",
                _study_table(separator),
                "From a 500 µm cold-pressed pellet to a 30 µm film (review outlook). "
                "Theoretical capacities per pristine active mass; sulfur in its assumed "
                "composite with carbon.",
            )
        )
        figures.append(
            figure_from_matplotlib(
                study_figure(separator, "separator thickness"),
                "cells-separator-study",
                "Separator thickness study",
                "Stack Wh/kg and Wh/L against separator thickness.",
            )
        )
        figures.append(
            figure_from_matplotlib(
                study_figure(active, "positive active fraction"),
                "cells-active-fraction-study",
                "Active fraction study",
                "Stack Wh/kg and Wh/L against the positive active weight fraction (500 µm).",
            )
        )
    try:
        grid = _limit_map(kb)
        figures.append(
            figure_from_matplotlib(
                limit_map_figure(grid, kb=kb),
                "cells-rate-map",
                "Rate limit map",
                f"{_label(MAP_CELL, kb)}: largest C-rate whose ohmic drop through separator and "
                f"composite stays under {grid.allowed_drop_V:g} V, from σ(T) of the transport "
                "model (charge transfer and diffusion not included: an upper bound). The white "
                "1 C line is interpolated within each σ(T) phase only, so across LiBH4's "
                "transition it sits at the transition (cyan, dashed), as `cell design` says; "
                "hatched: σ extrapolated beyond its law's data.",
            )
        )
    except HydrionError as exc:
        notes.append(f"No rate map: {exc}")
    return _part(tables=tables, figures=figures, references=sorted(refs), notes=notes)


def _simulations(kb) -> tuple[list, list[TableBlock], list[str], set[int]]:
    """Simulated curves of the review cells, the simulated-against-reported table, the notes
    on them and the refs they cite."""
    try:
        import hydrion.cell.simulate  # noqa: F401 - PyBaMM, needed to run the cases
    except ImportError as exc:
        return [], [], [f"No simulated curves: {exc}"], set()
    from hydrion.cell.review_cases import review_cell_runs
    from hydrion.plots.cell import simulation_figure

    refs: set[int] = set()
    figures, rows, notes = [], [], []
    for case in review_cell_runs():
        try:
            runs = case.run(kb)
            rows += case.comparison(kb, runs)
        except HydrionError as exc:
            notes.append(f"No simulation of {case.title}: {exc}")
            continue
        figures.append(
            figure_from_matplotlib(
                simulation_figure(runs, case.title, case.all_points(kb), kb=kb),
                f"cells-sim-{case.slug}",
                case.title,
                case.caption(kb),
            )
        )
        refs.update(ref for entry in case.reported(kb) for ref in entry.source.refs)
        notes += [w for run in runs for w in run.warnings if "fitted" not in w][:2]
    tables = []
    if rows:
        tables.append(
            TableBlock(
                "Review cells: simulated against reported",
                pd.DataFrame(rows),
                "PyBaMM DFN half cells (working electrode against Li) with σ(T) of the "
                "electrolyte, the sourced plateau voltage and a lattice-gas OCP. One parameter "
                "per cell and temperature, the solid diffusivity D of the working electrode "
                "(particle radius assumed), is fitted to the 'fitted' points "
                "(hydrion/cell/data/review_cases.yaml; least squares in ln capacity). With one "
                "point the fit reproduces it by construction and puts the whole shortfall from "
                "the theoretical capacity into diffusion; S | Li(CB9H10)0.7(CB11H12)0.3 | Li "
                "has two points (0.03 C and the review's '24 % loss' at 1 C) for one "
                "parameter. 'check' rows are reported points not used in the fit; "
                "'predicted' rows are cells whose D is borrowed from another cell of the same "
                "electrode (TiS2 from TiS2 | LiBH4 | Li), a test of the calibration: a large "
                "miss points to what the model leaves out, e.g. the unstable TiS2/Li4(BH4)3I "
                "interface the review describes.",
            )
        )
    return figures, tables, list(dict.fromkeys(notes)), refs
