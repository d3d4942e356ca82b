"""The CLI prints users' text as written: never read as rich markup (issue 11)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from hydrion.cli import output
from hydrion.cli.output import console, say

TAGS = ("[bold]", "[dim]", "[yellow]", "[/")
HOSTILE = "x [/] [bold]y[/bold] [link=file:///etc/passwd]z"


def test_say_prints_brackets_as_written(capsys):
    say(("warning:", "yellow"), f" {HOSTILE}")
    console.print(HOSTILE)  # the shared console reads no markup either
    out = capsys.readouterr().out
    assert out.count(HOSTILE) == 2 and "warning: " in out


def test_a_file_name_with_markup_is_printed_as_written(run_cli, shared_dir, tmp_path):
    source = shared_dir / "cases/lab-files/F1_control_english_same_rows.mpt"
    hostile = tmp_path / "[bold]run[red].mpt"
    shutil.copy(source, hostile)
    code, out, err = run_cli("cycling", str(hostile), "--mass", "1 mg")
    assert code == 0, err
    assert "[bold]run[red].mpt" in out


def test_emoji_codes_are_printed_as_written(capsys, run_cli, shared_dir, tmp_path):
    """rich turns ':warning:' into an emoji unless the console says emoji=False."""
    from rich.table import Table

    table = Table("note")
    table.add_row("stored :warning: by :smile:")
    console.print(table)
    console.print("plain :thumbs_up:")
    out = capsys.readouterr().out
    assert "stored :warning: by :smile:" in out and "plain :thumbs_up:" in out
    source = shared_dir / "cases/lab-files/F1_control_english_same_rows.mpt"
    named = tmp_path / "run:fire:.mpt"
    shutil.copy(source, named)
    code, out, err = run_cli("cycling", str(named), "--mass", "1 mg")
    assert code == 0, err
    assert "run:fire:.mpt" in out


def test_no_cli_print_holds_rich_markup():
    """Styles go through say((text, style), ...); a '[bold]' in a printed string would be
    printed literally by the markup-free console, and a markup console would read users'
    text in the same string as markup."""
    found = []
    for path in Path(output.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "print":
                texts = [t.value for t in ast.walk(node) if isinstance(t, ast.Constant)]
                if any(tag in str(text) for text in texts for tag in TAGS):
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []
