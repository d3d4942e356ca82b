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
        sys.stdout.write(opening + _indented(to_jsonable(encode(item))))
        opening = ",\n    "
    sys.stdout.write(("]" if opening == "\n    " else "\n  ]") + after + "\n")


_SCALARS = (str, int, float, bool, type(None))
_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every value


def _indented(value: Any) -> str:
    """``json.dumps(value, indent=2)`` at the depth of a top-level list's item (4 spaces).

    A flat dict (a listing row) is written key by key with the C encoder: 50,000 rows
    through the indenting encoder, which is pure Python, take seconds."""
    if isinstance(value, dict) and value and all(isinstance(v, _SCALARS) for v in value.values()):
        pairs = (f"{_JSON_TEXT(k)}: {_JSON_TEXT(v)}" for k, v in value.items())
        return "{\n      " + ",\n      ".join(pairs) + "\n    }"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")
