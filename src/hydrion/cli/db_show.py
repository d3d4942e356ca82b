"""``hydrion db show``: every stored value of one material, each with its source and DOI, and
the CV windows and fits the user stored with it; or the fits stored under a ``--store`` key
that names no material."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer

from hydrion.cli.options import JsonOption
from hydrion.cli.output import console, print_json, print_table, say
from hydrion.errors import UnknownRecordError
from hydrion.kb import open_kb
from hydrion.kb.records import PROPERTY_LABELS, Conductivity


def show(
    name: Annotated[
        str, typer.Argument(help="Name, id, alias or formula; or a --store key of a fit.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Every stored value of a material, each with its source and DOI, and the CV windows and
    fits stored with it; or the fits stored under a --store key."""
    from hydrion.cli.stored_fit_lines import print_stored_fits
    from hydrion.kb.sheet import material_sheet, value_text

    kb = open_kb()
    try:
        sheet = material_sheet(kb, name)
    except UnknownRecordError:
        if kb.user_db_error is not None:
            raise
        from hydrion.kb.stored_fits import StoredFits, stored_fits

        fits = stored_fits(kb.user_store, [name])
        if not fits:
            raise
        if as_json:
            print_json(StoredFits(name, fits))
            return
        console.print(f"{name}: fits stored under this key", highlight=False, markup=False)
        print_stored_fits(fits)
        return
    if as_json:
        print_json(sheet)
        return
    material = sheet.material
    say(
        (material.name, "bold"),
        f"  ({material.id}, {material.kind}, {'/'.join(material.ions)}, {material.family})",
    )
    if material.formula:
        console.print(f"formula: {material.formula}", markup=False)
    if material.description:
        console.print(material.description, markup=False)
    not_used = {(v["sigma_S_per_cm"], v["temperature_C"]): v["reason"] for v in sheet.not_used}
    notes: list[str] = []
    rows = []
    for field, value in material.values():
        text = value_text(material, value)
        if value.note:
            notes.append(" ".join(value.note.split()))
            text += f" (note {len(notes)})"
        if isinstance(value, Conductivity) and (
            reason := not_used.get((value.sigma_S_per_cm, value.temperature_C))
        ):
            notes.append(f"not used by hydrion sigma or db query: {reason}")
            text += f" (doubtful, note {len(notes)})"
        rows.append((PROPERTY_LABELS[field], text, _source_label(value.source)))
    if sheet.table_density is not None:
        density = sheet.table_density
        rows.append(
            (
                "density",
                f"{density.describe()} (density table, chem/data/densities.yaml)",
                _source_label(density.source),
            )
        )
    print_table(None, ["property", "value", "source"], rows)
    print_notes(notes)
    for window in sheet.cv_windows:
        console.print(
            f"CV window (user, hydrion cv --store): "
            f"{'≤' if window.get('low_is_scan_limit') else ''}{window['low_V']:.2f}–"
            f"{'≥' if window.get('high_is_scan_limit') else ''}{window['high_V']:.2f} "
            f"V vs {window['reference']}, from {window['file']}",
            highlight=False,
            markup=False,
        )
    print_stored_fits(sheet.stored_fits)
    for reference in sheet.references:
        console.print(
            f"[{reference.number}] {reference.citation}{reference.doi_text}",
            highlight=False,
            markup=False,
        )


def print_notes(notes: Iterable[str]) -> None:
    """'note 1: text' under a table, for the values marked '(note 1)' in it."""
    for number, note in enumerate(notes, start=1):
        console.print(f"note {number}: {note}", highlight=False, markup=False)


def _source_label(source) -> str:
    where = [f"[{','.join(map(str, source.refs))}]"] if source.refs else []
    where += [f"doi:{source.doi}"] if source.doi else []
    where += [source.citation] if source.citation and not source.doi else []
    return f"{' '.join(where)} {source.kind}"
