"""Every command's help (hydrion.cli.main._apply_conventions): paragraphs without hard line
breaks, which typer's rich help would keep and then reflow into broken sentences."""

import pytest

from hydrion.cli.main import COMMANDS, _unwrapped, load_command


def _commands(command, path):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_help_paragraph_keeps_a_hard_line_break(name):
    for path, command in _commands(load_command(name), name):
        for paragraph in (command.help or "").split("\n\n"):
            assert "\n" not in paragraph, f"hydrion {path}: {paragraph!r}"


def test_unwrapping_joins_lines_and_keeps_paragraphs_and_click_verbatim_blocks():
    text = """First line
    goes on.

    Second paragraph, in the order
    given.

    \b
    kept
    as is"""
    assert _unwrapped(text) == (
        "First line goes on.\n\nSecond paragraph, in the order given.\n\n\b\nkept\nas is"
    )
    assert _unwrapped(None) is None
