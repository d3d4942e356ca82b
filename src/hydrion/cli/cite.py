"""``hydrion cite``: the references behind a record, as text, JSON or BibTeX."""

from __future__ import annotations

from typing import Annotated

import typer

from hydrion.cli.output import JSON_OPTION_HELP, console, print_json
from hydrion.kb import open_kb
from hydrion.kb.references import REVIEW, Reference, source_references


def cite(
    name: Annotated[str, typer.Argument(help="Material name, id or formula, or a cell id.")],
    bibtex: Annotated[bool, typer.Option("--bibtex", help="Print BibTeX entries.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)] = False,
) -> None:
    """Print the papers a record rests on (the review itself always comes first)."""
    kb = open_kb()
    if kb.has_cell(name):
        sources = [entry.source for entry in kb.cell(name).performance]
    else:
        sources = [value.source for _, value in kb.material(name).values()]
    references = _unique(
        [REVIEW, *(r for s in sources for r in source_references(s, kb.references))]
    )
    if as_json:
        from hydrion.kb.citations import Citations

        print_json(Citations(name, tuple(references)))
    elif bibtex:
        print("\n\n".join(r.bibtex() for r in references))
    else:
        for reference in references:
            label = f"[{reference.number}]" if reference.number > 0 else "-"
            console.print(
                f"{label} {reference.citation}{reference.doi_text}", highlight=False, markup=False
            )


def _unique(references: list[Reference]) -> list[Reference]:
    seen, unique = set(), []
    for reference in references:
        key = (reference.number, reference.doi, reference.citation)
        if key not in seen:
            seen.add(key)
            unique.append(reference)
    return unique
