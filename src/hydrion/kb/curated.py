"""The curated records shipped with hydrion, validated once and cached.

Curated records ship as YAML in ``kb/data/materials`` and ``kb/data/cells`` and are
validated on load; a broken record names its file, record and field. The validated records
are kept, pickled, in the user cache directory (``$HYDRION_CACHE_DIR``, default
``$XDG_CACHE_HOME/hydrion``), keyed on hydrion's version and a SHA-256 of the data files and
of the modules that define and check the records; a missing, stale or unreadable cache is
rebuilt from the YAML (C loader), written to a temporary file and moved into place with
``os.replace``, so two processes building it at once both leave a whole file. The cache
holds validated records only, never computed results.

Why a pickle and not SQLite: the curated set is small (a few hundred records) and every
lookup needs the record objects, so one unpickle (a few ms) beats rebuilding pydantic
objects from SQL rows; the queries run on an in-memory index built from it
(:mod:`hydrion.kb.index`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from hydrion.errors import RecordValidationError
from hydrion.kb.cell_records import Cell
from hydrion.kb.record_files import check_cell_parts, check_refs, parse_record
from hydrion.kb.records import Material
from hydrion.kb.references import Reference, load_references

CACHE_DIR_ENV = "HYDRION_CACHE_DIR"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser where built
# modules whose code shapes the cached objects or decides what is valid
_KEYED_MODULES = {
    "hydrion": ("sources.py",),
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
    records: list[Material | Cell] = []
    for name, text in _data_files(folder):
        raw = yaml.load(text, Loader=_YAML_LOADER) or []
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


def cached_curated(folder: Path) -> Curated:
    """The curated records from ``folder``'s cache, rebuilt there if missing, stale or corrupt.

    A cache that cannot be read (truncated, garbage, written by other code) is ignored and
    replaced; a folder that cannot be written leaves the records uncached, never refused.
    """
    key = curated_key()
    path = folder / f"curated-{key}.pickle"
    try:
        with path.open("rb") as handle:
            stored_key, curated = pickle.load(handle)
        if stored_key == key and isinstance(curated, Curated):
            return curated
    except Exception:  # noqa: BLE001 - missing or unreadable (any way): rebuilt, not trusted
        pass
    curated = _validate_curated()
    _write_cache(path, key, curated)
    return curated


def _write_cache(path: Path, key: str, curated: Curated) -> None:
    """Write the cache whole or not at all: a temporary file, then an atomic os.replace."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".curated-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((key, curated), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return
    for old in path.parent.glob("curated-*.pickle"):  # caches of other versions or data
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
