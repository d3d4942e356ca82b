"""A result with one long list, printed an item at a time (cli/json_stream.py): the text is
exactly that of print_json on the whole result."""

from __future__ import annotations

import dataclasses

import pytest

from hydrion.cli.json_stream import print_json_streamed
from hydrion.cli.output import print_json
from hydrion.kb.listing import MaterialListing, MaterialRow


def _row(number: int, formula: str | None) -> MaterialRow:
    return MaterialRow(
        id=f"m{number}",
        name=f'Pellet "{number}" – Li₂B₁₂H₁₂',  # quotes and non-ASCII written as print_json
        kind="electrolyte",
        ions="Li,Na",
        family="closo-borate",
        formula=formula,
        review_table=None,
        origin="user",
    )


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_text_is_that_of_the_whole_result(capsys, count):
    rows = tuple(_row(n, "Li2B12H12" if n % 2 else None) for n in range(count))
    head = MaterialListing(kind="electrolyte", ion=None, family="closo-borate", materials=())
    print_json(dataclasses.replace(head, materials=rows))
    whole = capsys.readouterr().out
    print_json_streamed(head, "materials", iter(rows))
    assert capsys.readouterr().out == whole


def test_a_field_that_is_not_an_empty_top_level_list_is_refused():
    head = MaterialListing(kind=None, ion=None, family=None, materials=(_row(1, None),))
    with pytest.raises(ValueError, match=r"MaterialListing.materials is not an empty"):
        print_json_streamed(head, "materials", [])
