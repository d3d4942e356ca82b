"""Report section: modelled σ of every electrolyte at 25 and 60 °C, and Arrhenius plots."""

from __future__ import annotations

import pandas as pd

from hydrion.bundled_yaml import bundled_yaml
from hydrion.errors import HydrionError
from hydrion.kb import KnowledgeBase
from hydrion.kb.records import Material, precision_mark
from hydrion.plots.arrhenius import materials_figure
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib, joined
from hydrion.report.sections.kb_tables import USER_TAG, marked
from hydrion.report.user_records import USER_SHOWN, left_out
from hydrion.transport.screening import sigma_for_screening
from hydrion.units import ABSOLUTE_ZERO_C

REPORT_TEMPERATURES_C = (25.0, 60.0)
FAMILY_GROUPS = (
    ("bh4", "[BH4]− electrolytes", lambda m: m.family.lower().startswith("bh4")),
    ("closo", "closo-borates", lambda m: m.family.lower() == "closo-borate"),
    ("carba-closo", "carba-closo-borates", lambda m: m.family.lower() == "carba-closo-borate"),
    ("na", "Na⁺ conductors", lambda m: "Na" in m.ions),
    ("mg", "Mg²⁺ conductors", lambda m: "Mg" in m.ions),
)


def _review_figures() -> list[dict]:
    return bundled_yaml("hydrion.transport.data", "review_figures.yaml")


def _ranked(
    electrolytes: list[Material],
) -> tuple[pd.DataFrame, pd.DataFrame, set[int], list[str]]:
    """The ranked table, the materials without a value, the references, and the warnings the
    table's 'flags' column numbers (the σ(T) model's own, as ``hydrion sigma`` prints them)."""
    refs: set[int] = set()
    warnings: list[str] = []
    rows, missing = [], []
    for material in electrolytes:
        row: dict[str, object] = {
            "material": material.name,
            "family": material.family,
            "ion": ",".join(material.ions),
        }
        reasons = []
        for T_C in REPORT_TEMPERATURES_C:
            try:
                value = sigma_for_screening(material, T_C - ABSOLUTE_ZERO_C)
            except HydrionError as exc:
                row[f"σ {T_C:g} °C (S/cm)"] = None
                row[f"status {T_C:g} °C"] = f"no model and no value measured near {T_C:g} °C"
                reasons.append(str(exc))
                continue
            row[f"σ {T_C:g} °C (S/cm)"] = value.sigma_S_per_cm
            row[f"bound {T_C:g} °C"] = value.bound  # '<'/'>' before the number below
            row[f"status {T_C:g} °C"] = (
                f"{value.status} ({value.phase})" if value.phase else value.status
            )
            for warning in value.warnings:
                if warning not in warnings:
                    warnings.append(warning)
            flags = sorted({warnings.index(w) + 1 for w in value.warnings})
            row[f"flags {T_C:g} °C"] = ", ".join(f"⚠{n}" for n in flags)
            refs.update(value.refs)
        if len(reasons) == len(REPORT_TEMPERATURES_C):
            missing.append(
                {"material": material.name, "family": material.family, "why": reasons[0]}
            )
        else:
            rows.append(row)
    frame = pd.DataFrame(rows)
    if not frame.empty:
        key = f"σ {REPORT_TEMPERATURES_C[0]:g} °C (S/cm)"
        frame = frame.sort_values(key, ascending=False, na_position="last").reset_index(drop=True)
        for T_C in REPORT_TEMPERATURES_C:
            column, bound = f"σ {T_C:g} °C (S/cm)", f"bound {T_C:g} °C"
            bounds = frame.pop(bound) if bound in frame.columns else [None] * len(frame)
            frame[column] = [
                "" if pd.isna(v) else f"{precision_mark(b if isinstance(b, str) else None)}{v:.2e}"
                for v, b in zip(frame[column], bounds, strict=True)
            ]
        frame.index = frame.index + 1
    return frame, pd.DataFrame(missing), refs, warnings


def _lookup(kb: KnowledgeBase, names: list[str]) -> tuple[list[Material], list[str]]:
    found, absent = [], []
    for name in names:
        try:
            material = kb.material(name)
        except HydrionError:
            absent.append(name)
            continue
        if material not in found:
            found.append(material)
    return found, absent


INTRO = (
    "σ(T) of each electrolyte from its knowledge-base records: per phase, one "
    "Arrhenius law fitted to all reported conductivities weighted by their precision "
    "(an order-of-magnitude value ±0.5 decade), with the reported activation energy as a "
    "prior. Values that disagree beyond their precision are not averaged: that phase gets "
    "no law. Order–disorder transitions switch phases. Measured records only: MD "
    "predictions stored in the user database are not ranked or plotted here (see the "
    "section 'MD predictions'). Records of your own user database are marked "
    f"'{USER_TAG.strip()}' and left out of the review's figures."
)


def parts() -> list[str]:
    """The parts the section is built from, in page order: the tables, then one part per
    family figure and per review figure (drawing them is most of the report's time, so the
    builder spreads them over its workers)."""
    families = [f"family:{slug}" for slug, _, _ in FAMILY_GROUPS]
    return ["tables", *families, *(f"review:{i}" for i in range(len(_review_figures())))]


def build(kb: KnowledgeBase) -> Section:
    """Ranked σ table at 25 and 60 °C, Arrhenius plots by family and the review's σ figures."""
    return joined([build_part(kb, part) for part in parts()])


def build_part(kb: KnowledgeBase, part: str) -> Section:
    """One part of :func:`build` (a name from :func:`parts`): its tables, figure, notes and
    references."""
    electrolytes = marked(kb, kb.materials(kind="electrolyte"))
    kind, _, key = part.partition(":")
    if kind == "tables":
        return _tables_part(electrolytes)
    if kind == "family":
        return _family_part(electrolytes, key)
    return _review_part(kb, electrolytes, _review_figures()[int(key)])


def _part(**content) -> Section:
    return Section(slug="transport", title="Ionic conductivity", intro=INTRO, **content)


def _users_capped(frame: pd.DataFrame, what: str, which: str) -> tuple[pd.DataFrame, str]:
    """The rows of the review's records and the first :data:`USER_SHOWN` of the user's
    (marked :data:`USER_TAG`), and the note on those left out."""
    if frame.empty:
        return frame, ""
    user = frame["material"].str.endswith(USER_TAG)
    keep = ~user | (user.cumsum() <= USER_SHOWN)
    return frame[keep], left_out(what, USER_SHOWN, int(user.sum()), which)


def _tables_part(electrolytes: list[Material]) -> Section:
    ranked, missing, refs, warnings = _ranked(electrolytes)
    ranked, ranked_note = _users_capped(ranked, "electrolytes", "with the highest σ at 25 °C")
    missing, missing_note = _users_capped(missing, "electrolytes without a model", "first")
    tables = [
        TableBlock(
            "Conductivity at 25 °C and 60 °C, ranked by σ at 25 °C",
            ranked,
            note="Status: interpolated = inside the validity range of the law (its data ± 20 K); "
            "extrapolated = beyond it (by how far from the data); 'no model' = a stored value "
            "measured near that temperature, listed because the records support no law. Phase "
            "on heating. Where a source does not give its Arrhenius convention, "
            "σ = σ0·exp(−Ea/kT) is assumed. Flags ⚠n: the warnings below, the same as "
            "`hydrion sigma` prints for the material. " + ranked_note,
        )
    ]
    if not missing.empty:
        tables.append(
            TableBlock("Electrolytes without a σ(T) model (data missing)", missing, missing_note)
        )
    notes = [f"⚠{n}: {warning}" for n, warning in enumerate(warnings, 1)]
    return _part(tables=tables, references=sorted(refs), notes=notes)


def _family_part(electrolytes: list[Material], slug: str) -> Section:
    title, member = next((t, m) for s, t, m in FAMILY_GROUPS if s == slug)
    # the review's records: the user's would crowd the panels (the knowledge-base section
    # draws the user's electrolytes with the highest σ against the review's)
    group = [
        m for m in electrolytes if member(m) and m.conductivities and not m.name.endswith(USER_TAG)
    ]
    if not group:
        return _part()
    figure = figure_from_matplotlib(
        materials_figure(group, title),
        f"arrhenius-{slug}",
        f"Arrhenius plot: {title}",
        "Markers: reported σ (open: order of magnitude). Lines: σ(T) models, solid "
        "over each law's validity range (its data ± 20 K), dashed for 30 K beyond "
        "it; more than eight materials are split over panels.",
    )
    return _part(figures=[figure])


def _review_part(kb: KnowledgeBase, electrolytes: list[Material], figure: dict) -> Section:
    if "ion" in figure:  # the review's figure: its records, none of the user database's
        members = [
            m
            for m in electrolytes
            if figure["ion"] in m.ions and m.conductivities and kb.origin(m.id) != "user"
        ]
        absent: list[str] = []
    else:
        members, absent = _lookup(kb, figure["materials"])
    notes = []
    if absent:
        notes.append(
            f"Fig. {figure['figure']} of the review: not in the knowledge base: "
            + ", ".join(absent)
        )
    figures = []
    if members:
        figures.append(
            figure_from_matplotlib(
                materials_figure(members, f"Review Fig. {figure['figure']}: {figure['title']}"),
                f"review-fig-{figure['figure']}",
                f"Review Fig. {figure['figure']}: its materials from the knowledge base",
                f"{figure['title']}: the knowledge-base records of the materials the review's "
                f"figure shows [{', '.join(map(str, figure['refs']))}] and their σ(T) models; "
                "not a digitisation of the figure's curves.",
            )
        )
    return _part(figures=figures, references=sorted(figure["refs"]), notes=notes)
