"""Rendering shared by all commands: JSON on request, rich tables otherwise."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

console = Console()

JSON_OPTION_HELP = "Print machine-readable JSON instead of a table."


def to_jsonable(value: Any) -> Any:
    """Convert pydantic models, dataclasses, numpy and pandas objects into JSON types."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, type):
        return to_jsonable(value.to_dict())
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return to_jsonable(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def print_json(value: Any) -> None:
    """Write ``value`` as indented JSON to stdout."""
    print(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False))


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A rich table with one row per item; None shows as an empty cell."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell_text(cell) for cell in row))
    console.print(table)


def _cell_text(cell: Any) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, float):
        return f"{cell:.4g}"
    return str(cell)


def format_sci(value: float | None, digits: int = 2) -> str:
    """'1.3e-05' style text for conductivities; empty for None."""
    if value is None:
        return ""
    return f"{value:.{digits}g}" if 1e-2 <= abs(value) < 1e4 else f"{value:.{digits}e}"
