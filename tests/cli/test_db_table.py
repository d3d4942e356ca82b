"""print_long_table (``db list --all``) prints exactly what rich prints for the whole table."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hydrion.cli.db_table import print_long_table
from hydrion.cli.output import console, print_table

COLUMNS = ["id", "name", "kind"]

# plain words, spaces, wide and combining characters, tabs, line breaks, control codes,
# non-breaking spaces, and cells long enough to be folded
cell = st.one_of(
    st.text(alphabet="abc XYZ-·–()0123456789", max_size=30),
    st.text(alphabet="a \t\n\x07\xa0é\u0301中文🙂", max_size=12),
    st.text(alphabet="abcdefghij", min_size=60, max_size=120),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
)
rows = st.lists(st.tuples(cell, cell, cell), min_size=1, max_size=12)


def _printed(capsys, draw, *args) -> str:
    capsys.readouterr()
    draw(*args)
    return capsys.readouterr().out


@pytest.mark.parametrize("width", [200, 48])
# capsys is read before each example; the width is the same for all examples
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=rows)
def test_streamed_table_is_the_table_rich_prints(capsys, monkeypatch, width, table):
    monkeypatch.setattr(console, "width", width)
    whole = _printed(capsys, print_table, f"{len(table)} things", COLUMNS, table)
    calls = []

    def source():
        calls.append(1)
        return iter(table)

    streamed = _printed(capsys, print_long_table, lambda count: f"{count} things", COLUMNS, source)
    assert streamed == whole
    assert len(calls) == 2  # read twice from the source, never held


def test_plain_rows_take_the_fast_path(capsys):
    table = [("libh4", "LiBH4", "electrolyte"), ("user-m1", "User pellet 1", "electrolyte")]
    streamed = _printed(
        capsys, print_long_table, lambda n: f"{n} materials", COLUMNS, table.__iter__
    )
    assert streamed.splitlines()[4] == "│ libh4   │ LiBH4         │ electrolyte │"
    assert streamed.splitlines()[0].strip() == "2 materials"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x1c"])
def test_a_cell_with_a_line_separator_is_one_row_as_rich_prints_it(capsys, monkeypatch, separator):
    # _render split rich's lines with str.splitlines(), which also breaks at U+2028 etc.
    monkeypatch.setattr(console, "width", 200)  # wide enough that rich does not wrap the cell
    table = [("user-m1", f"before{separator}after", "electrolyte"), ("m2", "x" * 20, "e")]
    whole = _printed(capsys, print_table, "2 things", COLUMNS, table)
    streamed = _printed(
        capsys, print_long_table, lambda count: f"{count} things", COLUMNS, table.__iter__
    )
    assert streamed == whole
