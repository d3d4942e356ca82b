"""``hydrion window`` and ``compat``: stability windows and electrode compatibility.

The apparent window of a voltammogram, ``hydrion cv``, is :mod:`hydrion.cli.cv`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_json, print_table, save_figure, say
from hydrion.errors import InputError

ENERGIES_HELP = "JSON of your own energies (formation energies or pymatgen ComputedEntries)."
MIXTURE_HELP = "Treat a phase without its own energy (e.g. Li4(BH4)3I) as its equilibrium mixture."


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def window(
    name: Annotated[str, typer.Argument(help="Knowledge-base name/id or a formula, e.g. LiBH4.")],
    ion: Annotated[
        str | None, typer.Option("--ion", help="Li, Na or Mg (default: the material's ion).")
    ] = None,
    convention: Annotated[
        str | None, typer.Option("--convention", help="enthalpy or gibbs298 (default: both).")
    ] = None,
    energies: Annotated[Path | None, typer.Option("--energies", help=ENERGIES_HELP)] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write decomposition products against voltage.")
    ] = None,
    as_mixture: Annotated[bool, typer.Option("--as-mixture", help=MIXTURE_HELP)] = False,
    as_json: JsonOption = False,
) -> None:
    """Thermodynamic stability window (grand-potential phase diagram) next to reported windows."""
    from hydrion.kb import open_kb
    from hydrion.stability.comparison import compare_windows
    from hydrion.stability.energies import CONVENTIONS, energy_basis

    conventions = (energy_basis(convention),) if convention else CONVENTIONS
    result = compare_windows(name, open_kb(), ion, conventions, energies, as_mixture)
    if plot is not None:
        from hydrion.plots.stability import decomposition_figure

        names = [result.name] * len(result.computed)
        save_figure(decomposition_figure(result.computed, names=names), plot)
    if as_json:
        print_json(result)
        return
    rows = []
    for w, variants in zip(result.computed, result.sensitivity, strict=True):
        rows.append(
            (
                f"computed ({w.convention})" + (" *" if w.e_above_hull_eV_per_atom > 0 else ""),
                _fmt(w.reduction.voltage_V),
                _fmt(w.oxidation.voltage_V),
                ", ".join(w.reduction.products),
                ", ".join(w.oxidation.products),
                f"{len(w.sources)} sourced phases (--json)",
            )
        )
        rows += [
            (
                f"  without {v.without}",
                _fmt(v.window.reduction.voltage_V),
                _fmt(v.window.oxidation.voltage_V),
                ", ".join(v.window.reduction.products),
                ", ".join(v.window.oxidation.products),
                "sensitivity",
            )
            for v in variants
        ]
    rows += [
        (
            f"reported ({r.method})",
            _fmt(r.low_V),
            _fmt(r.high_V),
            "",
            "",
            ", ".join(f"[{n}]" for n in r.source.refs) or (r.source.doi or r.source.citation or ""),
        )
        for r in result.reported
    ]
    print_table(
        f"{result.name}: window vs {result.computed[0].reference} (V)",
        ["window", "reduction", "oxidation", "reduced to", "oxidised to", "sources"],
        rows,
    )
    _print_conventions(result.computed)
    kinds: dict[str, list[str]] = {}
    ill: dict[str, str] = {}
    for w in result.computed:
        for phase, kind in w.energy_kinds.items():
            kinds.setdefault(kind, [])
            if phase not in kinds[kind]:
                kinds[kind].append(phase)
        ill.update(w.ill_determined)
    console.print(
        "energies: " + "; ".join(f"{kind}: {', '.join(p)}" for kind, p in kinds.items()),
        highlight=False,
    )
    for phase, reason in ill.items():
        say(f"ill-determined {phase}: {reason}", style="dim")
    _print_interphases(result)
    for w in result.computed:
        for warning in w.warnings:
            say(f"{w.convention}: {warning}", style="dim")


def _print_conventions(computed) -> None:
    """What each convention means, and a star on a window of a phase above its hull."""
    for w in computed:
        say(f"{w.convention}: {w.convention_text}", style="dim")
    for w in computed:
        if w.e_above_hull_eV_per_atom <= 0:
            continue
        stable_in = [o.convention for o in computed if o.e_above_hull_eV_per_atom <= 0]
        basis = "estimated S°" if w.hull_verdict_estimated else "these energies"
        say(
            f"* {w.formula} is {w.e_above_hull_eV_per_atom * 1000:.0f} meV/atom above the "
            f"{w.convention} hull ({basis}): not a window of {w.formula} itself but of its "
            "decomposition products"
            + (f"; the {', '.join(stable_in)} basis finds it stable" if stable_in else ""),
            style="yellow",
        )


def _print_interphases(result) -> None:
    """Beyond each computed limit: can the products passivate? And what was measured."""
    from hydrion.stability.passivation import interphases

    first = result.computed[0]
    for item in interphases(first):
        console.print(
            f"beyond the {item.side} limit ({item.voltage_V:.2f} V, {first.convention}): "
            f"{item.explanation}",
            highlight=False,
        )
    for variant in result.sensitivity[0] if result.sensitivity else ():
        main = {i.side: i for i in interphases(first)}
        for item in interphases(variant.window):
            same = main.get(item.side)
            if same is None or (same.voltage_V, same.products) != (item.voltage_V, item.products):
                console.print(
                    f"  without {variant.without}, {item.side} at {item.voltage_V:.2f} V: "
                    f"{item.explanation}",
                    highlight=False,
                )
    # a reported window may leave its lower bound open ("up to 5 V"): it then says nothing here
    reported_low = [
        r.low_V for r in result.reported if r.method == "experimental" and r.low_V is not None
    ]
    computed_low = first.reduction.voltage_V
    if reported_low and computed_low is not None and min(reported_low) < computed_low:
        console.print(
            f"the computed reduction limit ({computed_low:.2f} V) is thermodynamic; "
            f"experiments report {min(reported_low):.2f} V, the apparent limit that an "
            "interphase allows",
            highlight=False,
        )
    for text, source in result.measured:
        refs = ", ".join(f"[{n}]" for n in source.refs) or source.doi or source.citation or ""
        console.print(f"  measured: {text} {refs}", highlight=False)


def compat(
    electrolyte: Annotated[
        str | None, typer.Argument(help="Electrolyte name, id or formula.")
    ] = None,
    electrode: Annotated[str | None, typer.Argument(help="Electrode name, id or formula.")] = None,
    matrix: Annotated[
        bool, typer.Option("--matrix", help="Every electrolyte against every electrode.")
    ] = False,
    ion: Annotated[
        str | None,
        typer.Option("--ion", help="Li, Na or Mg (default: the ion the two materials share)."),
    ] = None,
    convention: Annotated[
        str, typer.Option("--convention", help="enthalpy or gibbs298.")
    ] = "enthalpy",
    energies: Annotated[Path | None, typer.Option("--energies", help=ENERGIES_HELP)] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write the heatmap (with --matrix).")
    ] = None,
    as_mixture: Annotated[bool, typer.Option("--as-mixture", help=MIXTURE_HELP)] = False,
    as_json: JsonOption = False,
) -> None:
    """Electrolyte–electrode compatibility: window vs working potential, reactions, experiments."""
    from hydrion.kb import open_kb
    from hydrion.stability.compatibility import compatibility, compatibility_matrix
    from hydrion.stability.energies import energy_basis
    from hydrion.stability.user_energies import energy_source

    if matrix and (electrolyte is not None or electrode is not None):
        raise InputError("--matrix compares every pair: give it without an electrolyte/electrode")
    if plot is not None and not matrix:
        raise InputError("--plot writes the --matrix heatmap; a single pair has no plot")
    source = energy_source(energy_basis(convention), energies)
    kb = open_kb()
    if matrix:
        cells = compatibility_matrix(kb, source, as_mixture)
        if plot is not None:
            from hydrion.plots.stability import compat_heatmap

            save_figure(compat_heatmap(cells, kb=kb), plot)
        if as_json:
            print_json(cells)
            return
        print_table(
            f"compatibility ({convention})",
            [
                "electrolyte",
                "electrode",
                "thermodynamics",
                "margin (V)",
                "interphase",
                "experiment",
            ],
            [
                (
                    c.electrolyte,
                    c.electrode,
                    c.verdict,
                    _fmt(c.margin_V),
                    c.passivation or "",
                    c.experimental_outcome or "",
                )
                for c in cells
            ],
        )
        return
    if not electrolyte or not electrode:
        raise InputError("give an electrolyte and an electrode, or --matrix")
    if ion is not None:
        from hydrion.stability.window import check_ion

        check_ion(ion)
    cell = compatibility(
        kb.material(electrolyte),
        kb.material(electrode),
        source,
        ion,
        kb=kb,
        as_mixture=as_mixture,
    )
    if as_json:
        print_json(cell)
        return
    say((f"{cell.electrolyte} | {cell.electrode}", "bold"), f" ({cell.ion}, {convention}): ")
    console.print(cell.summary, highlight=False)
    for reason in cell.reasons:
        console.print(f"  - {reason}", highlight=False)
    for item in cell.interphases:  # the pair's one passivation verdict is in the summary
        console.print(f"  {item.where}: {item.products_described}", highlight=False)
    for phase, item in cell.interphases_without:
        console.print(
            f"  without {phase}, {item.side} at {item.voltage_V:.2f} V: {item.explanation}",
            highlight=False,
        )
    for finding in cell.findings:
        console.print(
            f"  experiment ({finding.outcome}): {finding.finding} {_cite(finding.source, kb)}",
            highlight=False,
        )
    for evidence in cell.cells:
        extras = [*evidence.cell.interlayers, *evidence.cell.cathode_additives]
        via = f" (composite electrode {evidence.via})" if evidence.via else ""
        with_ = f", with {', '.join(extras)}" if extras else ""
        console.print(f"  cell {evidence.cell.label}{via}{with_}:", highlight=False)
        for p in evidence.cell.performance:
            console.print(f"    {p.describe()} {_cite(p.source, kb)}", highlight=False)
    for text, src in cell.observations:
        console.print(f"  observed: {text} {_cite(src, kb)}", highlight=False)
    for check in cell.mitigations:
        m = check.mitigation
        energy = (
            f"; computed reaction with {cell.electrolyte}: "
            f"{round(check.reaction.energy_eV_per_atom * 1000)} meV/atom"
            if check.reaction
            else (f"; {check.note}" if check.note else "")
        )
        console.print(
            f"  mitigation: {m.name} — {m.finding} {_cite(m.source, kb)}{energy}", highlight=False
        )


def _cite(source, kb) -> str:
    """'[123] doi:10.x/y' for each review reference of a source, or its own DOI/citation."""
    parts = []
    for number in source.refs:
        doi = kb.references[number].doi if number in kb.references else None
        parts.append(f"[{number}]" + (f" doi:{doi}" if doi else ""))
    if source.doi:
        parts.append(f"doi:{source.doi}")
    elif source.citation and not source.refs:
        parts.append(source.citation)
    return "; ".join(parts)
