"""Report section: computed stability windows next to reported ones, and the compatibility map."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from hydrion.errors import HydrionError
from hydrion.report.section import Section, TableBlock, figure_from_matplotlib
from hydrion.report.sections.kb_tables import user_tag
from hydrion.report.user_records import USER_SHOWN, left_out, split
from hydrion.stability.comparison import compare_windows
from hydrion.stability.compatibility import compatibility_matrix
from hydrion.stability.energies import CONVENTION_TEXT, CONVENTIONS, bundled
from hydrion.stability.passivation import interphases


def _electrolytes(kb) -> tuple[list, str]:
    """The electrolytes the section computes windows for (those with a formula) and pairs with
    electrodes: every one of the review, and of the user's one per formula (the computed
    window depends on the formula only), of the :data:`USER_SHOWN` formulas with the most
    records; and the note saying so (empty without user electrolytes)."""
    review, user = split(kb, kb.materials(kind="electrolyte"))
    by_formula: dict[str, list] = {}
    for material in user:
        if material.formula:
            by_formula.setdefault(material.formula, []).append(material)
    formulas = sorted(by_formula, key=lambda f: -len(by_formula[f]))[:USER_SHOWN]
    shown = [by_formula[f][0] for f in formulas]
    note = (
        f"your {len(user)} user electrolytes: one window per formula (it depends on the "
        "formula only), shown under the first record of it: "
        + ", ".join(f"{m.name} for {len(by_formula[m.formula])} with {m.formula}" for m in shown)
        + ". "
        + left_out("electrolyte formulas", len(formulas), len(by_formula), "with the most records")
        if user
        else ""
    )
    return review + shown, note


def _comparisons(kb, electrolytes):
    """The window comparisons of the electrolytes with a formula, and those that could not be
    computed with why; a user record's name is marked 'name (user)' (:func:`user_tag`) in
    both, so that tables and figures never show it as one of the review's."""
    done, skipped = [], []
    for material in electrolytes:
        if not material.formula:
            continue
        tag = user_tag(kb, material.id)
        try:
            comparison = compare_windows(material.id, kb)
        except HydrionError as exc:
            skipped.append({"electrolyte": material.name + tag, "why": str(exc).split(";")[0]})
            continue
        done.append(replace(comparison, name=comparison.name + tag) if tag else comparison)
    return done, skipped


def _row(name: str, label: str, w) -> dict:
    return {
        "electrolyte": name,
        "convention": label,
        "reduction limit (V)": round(w.reduction.voltage_V, 2)
        if w.reduction.voltage_V is not None
        else None,
        "reduced to": ", ".join(w.reduction.products) or "stable vs metal",
        "oxidation limit (V)": round(w.oxidation.voltage_V, 2)
        if w.oxidation.voltage_V is not None
        else None,
        "oxidised to": ", ".join(w.oxidation.products),
        "interphase (reduction / oxidation)": " / ".join(i.verdict for i in interphases(w)),
        "energies not from a handbook": ", ".join(
            f"{phase} ({kind})" for phase, kind in w.energy_kinds.items() if kind != "handbook"
        ),
    }


def _products_table(comparisons) -> pd.DataFrame:
    """Limits and products per convention, then again without each ill-determined phase."""
    rows = []
    for comparison in comparisons:
        variants = comparison.sensitivity or [()] * len(comparison.computed)
        for w, sensitivity in zip(comparison.computed, variants, strict=True):
            rows.append(_row(comparison.name, w.convention, w))
            rows += [
                _row(comparison.name, f"{w.convention}, without {v.without}", v.window)
                for v in sensitivity
            ]
    return pd.DataFrame(rows)


def build(kb) -> Section:
    """Windows chart, decomposition products and the compatibility heatmap."""
    from hydrion.plots.stability import compat_heatmap, decomposition_figure, windows_figure

    electrolytes, user_note = _electrolytes(kb)
    comparisons, skipped = _comparisons(kb, electrolytes)
    cells = compatibility_matrix(kb, bundled("enthalpy"), electrolytes=electrolytes)
    computed_pairs = [c for c in cells if c.verdict != "no data"]
    figures = []
    if comparisons:
        figures.append(
            figure_from_matplotlib(
                windows_figure(comparisons),
                "stability-windows",
                "Stability windows: computed vs reported",
                "Computed (grand-potential phase diagram, enthalpy and gibbs298 conventions) "
                "next to the theoretical and experimental windows reported in the literature.",
            )
        )
    if comparisons:
        figures.append(
            figure_from_matplotlib(
                decomposition_figure(
                    [c.computed[0] for c in comparisons], names=[c.name for c in comparisons]
                ),
                "decomposition-products",
                "Decomposition products against voltage",
                "Grand-potential profile of each electrolyte (first convention): working ions "
                "taken up (> 0) or given off (< 0) per formula unit, and the phases formed, "
                "against the potential; shaded: the computed window.",
            )
        )
    if computed_pairs:
        shown = {c.electrolyte for c in computed_pairs}
        user_names = {m.id: m.name + tag for m in electrolytes if (tag := user_tag(kb, m.id))}
        figures.append(
            figure_from_matplotlib(
                compat_heatmap(
                    [c for c in cells if c.electrolyte in shown], kb=kb, names=user_names
                ),
                "compatibility-heatmap",
                "Electrolyte–electrode compatibility",
                "Colour: margin between the computed window (enthalpy convention) and the "
                "electrode's working potential (< 0: the electrolyte decomposes there or reacts "
                "with the electrode). Grey with n/d: the pair was assessed but lacks an energy "
                "or a potential (no thermodynamic data); grey and blank: the pair is not "
                "assessed (no shared working ion, or a hydride electrode no stored cell pairs "
                "with that electrolyte). Marks: what experiments found (✓ cycles, ✗ fails "
                "without mitigation, ~ fades).",
            )
        )
    refs = sorted(
        {ref for c in comparisons for r in c.reported for ref in r.source.refs}
        | {ref for c in cells for f in c.findings for ref in f.source.refs}
    )
    notes = [f"{k}: {v}" for k, v in CONVENTION_TEXT.items() if k in CONVENTIONS]
    notes += [user_note] if user_note else []
    notes += [
        f"left out of the bundled diagrams: {phase}: {why}"
        for phase, why in bundled("enthalpy").excluded.items()
    ]
    return Section(
        slug="stability",
        title="Electrochemical stability and compatibility",
        intro=(
            "Thermodynamic windows from the grand-potential phase diagram (Zhu, He & Mo 2015; "
            "Richards et al. 2016) built from the bundled thermochemistry table, set against "
            "the windows and electrode pairings reported in the review."
        ),
        tables=[
            TableBlock(
                "Decomposition products at the window limits",
                _products_table(comparisons),
                "Potentials in V against the working-ion metal. Rows 'without X' recompute the "
                "window without an ill-determined phase X (its energy is uncertain): how far "
                "each limit rests on it.",
            ),
            TableBlock(
                "Electrolytes without a computed window",
                pd.DataFrame(skipped, columns=["electrolyte", "why"]),
                "Phases missing from the bundled thermochemistry table are named; add their "
                "energies (hydrion window --energies FILE) rather than guessing.",
            ),
        ],
        figures=figures,
        references=refs,
        notes=notes,
    )
