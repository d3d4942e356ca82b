"""Reading and checking record files: the YAML/JSON a user adds, and single raw records.

A broken record is refused with its file, record and field named
(:class:`~hydrion.errors.RecordValidationError`); a file that cannot be read as UTF-8
YAML/JSON with :class:`~hydrion.errors.FileFormatError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hydrion.errors import FileFormatError, RecordValidationError
from hydrion.input_files import regular_file
from hydrion.kb.cell_records import Cell
from hydrion.kb.records import Material
from hydrion.kb.references import Reference

SHOWN_ERRORS = 5
"""Validation errors a refusal lists (one line); the rest are counted."""

SHOWN_RECORDS = 3
"""Bad records a refused file lists, each with its errors (one line); the rest are counted."""


def _validation_message(origin: str, label: str, exc: ValidationError) -> str:
    """'file: record 'x': family: Field required; kind: Input should be ...' on one line,
    every error up to :data:`SHOWN_ERRORS` (then 'and N more')."""
    shown = []
    for error in exc.errors()[:SHOWN_ERRORS]:
        field = ".".join(str(part) for part in error["loc"]) or "record"
        value = error.get("input")
        named = isinstance(value, int | float | str) and repr(value)[:60] not in error["msg"]
        got = f" (got {value!r:.60})" if named else ""
        shown.append(f"{field}: {error['msg']}{got}")
    rest = exc.error_count() - len(shown)
    more = f"; and {rest} more" if rest > 0 else ""
    return f"{origin}: record {label}: {'; '.join(shown)}{more}"


def parse_record(
    item: Any, origin: str, index: int, context: dict[str, Any] | None = None
) -> Material | Cell:
    """Validate one raw record (a dict) as a Cell (has 'cathode') or a Material.

    ``origin`` and ``index`` name the record in the error; ``context`` is pydantic's
    validation context (e.g. :data:`~hydrion.kb.record_fields.TRUSTED_FORMULAS`). Raises
    :class:`~hydrion.errors.RecordValidationError` naming the broken fields.
    """
    if not isinstance(item, dict):
        raise RecordValidationError(f"{origin}: record #{index} is not a mapping")
    label = repr(item.get("id", f"#{index}"))
    model = Cell if "cathode" in item else Material
    try:
        return model.model_validate(item, context=context)
    except ValidationError as exc:
        raise RecordValidationError(_validation_message(origin, label, exc)) from None


def read_record_file(path: Path) -> list[Material | Cell]:
    """Records from a YAML or JSON file holding one record or a list of them.

    Raises :class:`~hydrion.errors.FileFormatError` for a file that cannot be read, is
    not UTF-8, is not YAML/JSON or is nested too deeply, and
    :class:`~hydrion.errors.RecordValidationError` for records that break the schema: each
    bad record (up to :data:`SHOWN_RECORDS`, the rest counted) named with its errors, on one
    line, so that one run reports every record to fix.
    """
    regular_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{path.name}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at position "
            f"{exc.start}); save the file as UTF-8"
        ) from None
    except OSError as exc:
        raise FileFormatError(f"cannot read {path}: {exc.strerror}") from None
    # here, not at the top: a command that reads no user file does not load PyYAML
    from hydrion.user_yaml import load_user_json, load_user_yaml

    if path.suffix.lower() != ".json":
        raw = load_user_yaml(text, path.name)  # YAML 1.2 core scalars: '1:30' stays text
    else:
        raw = load_user_json(text, path.name)  # refuses a key given twice
    if raw is None:
        raise FileFormatError(f"{path.name}: the file holds no records")
    items = raw if isinstance(raw, list) else [raw]
    records: list[Material | Cell] = []
    problems: list[str] = []  # the first SHOWN_RECORDS refusals, without the file name
    bad = 0
    try:
        for index, item in enumerate(items):
            try:
                records.append(parse_record(item, path.name, index))
            except RecordValidationError as exc:
                bad += 1
                if len(problems) < SHOWN_RECORDS:
                    problems.append(str(exc).removeprefix(f"{path.name}: "))
    except RecursionError:
        raise FileFormatError(f"{path.name}: nested too deeply to be a record file") from None
    if bad:
        rest = bad - len(problems)
        more = f" | and {rest} more bad record{'s' if rest > 1 else ''}" if rest else ""
        raise RecordValidationError(f"{path.name}: {' | '.join(problems)}{more}")
    return records


def _sources(record: Material | Cell) -> list:
    if isinstance(record, Material):
        return [value.source for _, value in record.values()]
    return [entry.source for entry in record.performance]


def check_refs(records: Iterable[Material | Cell], references: dict[int, Reference], origin: str):
    """Refuse sources citing reference numbers that the review's list does not have."""
    for record in records:
        for source in _sources(record):
            unknown = [ref for ref in source.refs if ref not in references]
            if unknown:
                raise RecordValidationError(
                    f"{origin}: record {record.id!r}: source refs {unknown} are not in the "
                    "review's reference list"
                )


def check_cell_parts(cells: Iterable[Cell], material_ids: set[str], origin: str) -> None:
    """Refuse cells whose cathode, electrolyte or anode is not a known material id."""
    for cell in cells:
        for part in ("cathode", "electrolyte", "anode"):
            if getattr(cell, part) not in material_ids:
                raise RecordValidationError(
                    f"{origin}: record {cell.id!r}: {part}: unknown material id "
                    f"{getattr(cell, part)!r}"
                )
