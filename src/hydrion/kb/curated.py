"""The curated records shipped with hydrion, validated once and cached.

Curated records ship as YAML in ``kb/data/materials`` and ``kb/data/cells`` and are
validated on load; a broken record names its file, record and field. The validated records
are kept as JSON (data only, never code: no pickle) in the user cache directory
(``$HYDRION_CACHE_DIR``, default ``$XDG_CACHE_HOME/hydrion``), in a file named by and
carrying the cache key (hydrion's version and a SHA-256 of the data files and of the modules
that define and check the records) and a SHA-256 of its own payload. They are read back
through the pydantic models, trusting only the formulas hydrion checked when it wrote the
file. A missing, stale, truncated, foreign or unreadable cache is rebuilt from the YAML
(C loader), written to a temporary file and moved into place with ``os.replace``, so two
processes building it at once both leave a whole file. The cache holds validated records
only, never computed results.

The cache folder is created 0700; a folder or file not owned by the current user, or
writable by group or others, is not used (one warning; the records are built in memory),
since whoever can write there decides what the knowledge base answers.

Why JSON and not SQLite: the curated set is small (a few hundred records) and every lookup
needs the record objects, so one JSON parse and validation (~20 ms) beats rebuilding them
from SQL rows; the queries run on an in-memory index built from it (:mod:`hydrion.kb.index`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hydrion.errors import HydrionError, HydrionWarning, RecordValidationError
from hydrion.kb.cell_records import Cell
from hydrion.kb.record_fields import TRUSTED_FORMULAS
from hydrion.kb.record_files import check_cell_parts, check_refs, parse_record
from hydrion.kb.records import Material
from hydrion.kb.references import Reference, load_references

CACHE_DIR_ENV = "HYDRION_CACHE_DIR"
CACHE_FORMAT = "hydrion curated cache 1"
"""First-line marker of a cache file; files without it are foreign and rebuilt."""
# modules whose code shapes the cached objects or decides what is valid
_KEYED_MODULES = {
    "hydrion": ("sources.py", "bundled_yaml.py"),
    "hydrion.kb": (
        "records.py",
        "record_fields.py",
        "references.py",
        "record_files.py",
        "curated.py",
    ),
}


@dataclass(frozen=True)
class Curated:
    """The records shipped with hydrion."""

    materials: dict[str, Material]
    cells: dict[str, Cell]
    references: dict[int, Reference]


def _data_files(folder: str) -> Iterator[tuple[str, str]]:
    root = resources.files("hydrion.kb.data").joinpath(folder)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            yield entry.name, entry.read_text(encoding="utf-8")


def _parse_curated(folder: str) -> list[Material | Cell]:
    from hydrion.bundled_yaml import parse_yaml  # only when the cache is rebuilt: PyYAML

    records: list[Material | Cell] = []
    for name, text in _data_files(folder):
        raw = parse_yaml(text) or []
        if not isinstance(raw, list):
            raise RecordValidationError(f"{name}: expected a list of records")
        records.extend(parse_record(item, name, index) for index, item in enumerate(raw))
    return records


@lru_cache(maxsize=1)
def load_curated() -> Curated:
    """Every curated record, validated (cached for the process).

    Read from the user cache when it is current (see :func:`cached_curated`), else loaded from
    the YAML files of ``kb/data`` and validated.

    Returns
    -------
    Curated
        The curated materials, cells and references of the package.

    Raises
    ------
    RecordValidationError
        A broken data file (file, record, field and problem named).
    """
    return cached_curated(cache_dir())


def cache_dir() -> Path:
    """Where the compiled curated records go: $HYDRION_CACHE_DIR, else $XDG_CACHE_HOME/hydrion."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hydrion"


def curated_key() -> str:
    """The cache key: hydrion's version and a SHA-256 of every data file and record module."""
    from hydrion import __version__

    digest = hashlib.sha256(__version__.encode())
    data = resources.files("hydrion.kb.data")
    sources = [data.joinpath(name) for name in ("references.yaml",)]
    for folder in ("materials", "cells"):
        sources += sorted(data.joinpath(folder).iterdir(), key=lambda e: e.name)
    for package, names in _KEYED_MODULES.items():
        sources += [resources.files(package).joinpath(name) for name in names]
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cache_file(folder: Path, key: str) -> Path:
    """The cache file for ``key`` in ``folder``."""
    return folder / f"curated-{key}.json"


def cached_curated(folder: Path) -> Curated:
    """The curated records from ``folder``'s cache, rebuilt there if missing, stale or corrupt.

    A cache that cannot be read (truncated, garbage, wrong key or checksum, written by other
    code) is ignored and replaced; a folder that cannot be written leaves the records
    uncached; a folder or file that others could have written (not the current user's, or
    group/world-writable) is not used, with one :class:`~hydrion.errors.HydrionWarning`.
    Never refused: the records are then validated from the YAML in memory.
    """
    key = curated_key()
    path = cache_file(folder, key)
    usable = _usable_folder(folder)
    if usable:
        curated = _read_cache(path, key)
        if curated is not None:
            return curated
    curated = _validate_curated()
    if usable:
        _write_cache(path, key, curated)
    return curated


def _unsafe(status: os.stat_result) -> str | None:
    """Why a cache folder or file with this status is not trusted, or None."""
    getuid = getattr(os, "getuid", None)  # absent on Windows: ownership not checked
    if getuid is not None and status.st_uid != getuid():
        return "is not owned by the current user"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by group or others"
    return None


def _usable_folder(folder: Path) -> bool:
    """Create ``folder`` (0700) if needed; False where it cannot be created or is unsafe."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        reason = _unsafe(folder.stat())
    except OSError:
        return False
    if reason:
        warnings.warn(
            f"cache folder {folder} {reason}; not used (curated records validated in memory)",
            HydrionWarning,
            stacklevel=3,
        )
        return False
    return True


# what bad cache content can raise while it is checked and parsed: all mean "rebuild"
_UNREADABLE = (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError)


def _read_cache(path: Path, key: str) -> Curated | None:
    """The records in the cache file at ``path`` if it is safe, whole and for ``key``."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)  # a link planted there is not read
        with os.fdopen(os.open(path, flags), "rb") as handle:
            reason = _unsafe(os.fstat(handle.fileno()))
            if reason:
                warnings.warn(
                    f"cache file {path} {reason}; not used (rebuilt)", HydrionWarning, stacklevel=4
                )
                return None
            header, _, payload = handle.read().partition(b"\n")
        fields = json.loads(header)
        if (
            not isinstance(fields, dict)
            or fields.get("format") != CACHE_FORMAT
            or fields.get("key") != key
            or fields.get("sha256") != hashlib.sha256(payload).hexdigest()
        ):
            return None
        return _decode(json.loads(payload))
    except (*_UNREADABLE, HydrionError):
        return None


def _encode(curated: Curated) -> dict[str, Any]:
    """The records as JSON data; ``formulas`` lists every formula they hold, checked."""
    records = [
        record.model_dump(mode="json", exclude_none=True)
        for record in (*curated.materials.values(), *curated.cells.values())
    ]
    formulas = {
        formula
        for material in curated.materials.values()
        for formula in (material.formula, *(part.formula for part in material.components))
        if formula
    }
    return {
        "records": records,
        "references": [asdict(reference) for reference in curated.references.values()],
        "formulas": sorted(formulas),
    }


def _decode(data: dict[str, Any]) -> Curated:
    """The records back from :func:`_encode`'s data, validated by the pydantic models."""
    context = {TRUSTED_FORMULAS: frozenset(data["formulas"])}
    materials: dict[str, Material] = {}
    cells: dict[str, Cell] = {}
    for number, item in enumerate(data["records"]):
        record = parse_record(item, "curated cache", number, context)
        target: dict[str, Any] = cells if isinstance(record, Cell) else materials
        target[record.id] = record
    references = {item["number"]: Reference(**item) for item in data["references"]}
    return Curated(materials=materials, cells=cells, references=references)


def _write_cache(path: Path, key: str, curated: Curated) -> None:
    """Write the cache whole or not at all: a temporary file, then an atomic os.replace."""
    payload = json.dumps(_encode(curated), ensure_ascii=False, separators=(",", ":")).encode()
    header = {"format": CACHE_FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".curated-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp: mode 0600
            stream.write(json.dumps(header).encode() + b"\n" + payload)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return
    # caches of other versions or data, and pickles of hydrion < this format (never loaded)
    for old in (*path.parent.glob("curated-*.json"), *path.parent.glob("curated-*.pickle")):
        if old != path:
            with suppress(OSError):
                old.unlink()


def _validate_curated() -> Curated:
    """Load and validate every curated record from the YAML data files."""
    references = load_references()
    materials: dict[str, Material] = {}
    cells: dict[str, Cell] = {}
    folders: tuple[tuple[str, dict[str, Any]], ...] = (("materials", materials), ("cells", cells))
    for folder, target in folders:
        for record in _parse_curated(folder):
            if record.id in target:
                raise RecordValidationError(f"{folder}: record {record.id!r} is defined twice")
            target[record.id] = record
    check_refs([*materials.values(), *cells.values()], references, "curated data")
    check_cell_parts(cells.values(), set(materials), "curated data")
    return Curated(materials=materials, cells=cells, references=references)
