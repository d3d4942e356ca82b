"""A JSON result with one long list, printed an item at a time (``db list --json``).

The text is that of :func:`~hydrion.cli.output.print_json` on the whole result, but memory
does not grow with the number of items.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from hydrion.cli.output import to_jsonable
from hydrion.results import Result, encode


def print_json_streamed(head: Result, field: str, items: Iterable[Any]) -> None:
    """Print ``head`` as :func:`print_json` would, with its (empty) tuple ``field`` holding
    ``items``, written one at a time: the text is that of the whole result, and memory does
    not grow with the number of items."""
    text = json.dumps(to_jsonable(head), indent=2, ensure_ascii=False)
    marker = f"\n  {json.dumps(field)}: []"
    before, found, after = text.partition(marker)
    if not found or marker in after:
        raise ValueError(f"{type(head).__name__}.{field} is not an empty top-level list")
    sys.stdout.write(before + marker[:-1])
    opening = "\n    "
    for item in items:
        sys.stdout.write(opening + indented_json(to_jsonable(encode(item)), 2))
        opening = ",\n    "
    sys.stdout.write(("]" if opening == "\n    " else "\n  ]") + after + "\n")


_SCALARS = (str, int, float, bool, type(None))
_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every value


def indented_json(value: Any, depth: int) -> str:
    """``json.dumps(value, indent=2)`` as the item of a list ``depth`` levels deep (2: four
    spaces, a list inside the top-level object; 1: an item of a top-level list).

    A dict of scalars and lists of scalars (a listing or export row) is written key by key
    with the C encoder: 50,000 rows through the indenting encoder, which is pure Python,
    take seconds."""
    pad = "\n" + "  " * depth
    if isinstance(value, dict) and value and all(map(_flat, value.values())):
        inner = pad + "  "
        pairs = (f"{_JSON_TEXT(k)}: {_flat_text(v, inner)}" for k, v in value.items())
        return "{" + inner + ("," + inner).join(pairs) + pad + "}"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", pad)


def _flat(value: Any) -> bool:
    return isinstance(value, _SCALARS) or (
        isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value)
    )


def _flat_text(value: Any, pad: str) -> str:
    """A scalar or a list of scalars as ``json.dumps(indent=2)`` writes it after ``pad``."""
    if not isinstance(value, list):
        return _JSON_TEXT(value)
    if not value:
        return "[]"
    inner = pad + "  "
    return "[" + inner + ("," + inner).join(map(_JSON_TEXT, value)) + pad + "]"
