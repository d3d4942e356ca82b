"""The JSON sidecar (``<trajectory>.json``) of an MD trajectory: written atomically by
:func:`hydrion.atomistic.md.run_md`, read back and bounded by :func:`read_metadata` for the
analysis, resuming and stored provenance. Its keys: docs/atomistic.md, "The metadata sidecar".
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hydrion.atomistic.md_settings import (
    MAX_PRESSURE_GPA,
    MAX_STEPS,
    MAX_TEMPERATURE_K,
    MAX_TIMESTEP_FS,
    MIN_TIMESTEP_FS,
)
from hydrion.errors import InputError

FORMAT_VERSION = 1
"""Version of the sidecar's layout, written in every sidecar."""


def sidecar_path(trajectory: Path) -> Path:
    """Where the sidecar of ``trajectory`` lies: beside it, named ``<trajectory>.json``.

    Parameters
    ----------
    trajectory : pathlib.Path
        The extxyz trajectory.

    Returns
    -------
    pathlib.Path
        Its sidecar's path (the file need not exist).
    """
    return trajectory.with_name(trajectory.name + ".json")


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path`` atomically (a temporary file, then renamed).

    Parameters
    ----------
    path : pathlib.Path
        The sidecar to write.
    data : dict
        The metadata (values JSON cannot hold are written as text).

    Returns
    -------
    None
    """
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)  # atomic: a kill leaves the old or the new sidecar, never half of one


MAX_FRAME_INTERVAL_FS = MAX_TIMESTEP_FS * MAX_STEPS


class SidecarSettings(BaseModel):
    """The ``settings`` of a sidecar (:class:`~hydrion.atomistic.md_settings.RunSettings`),
    bounded as ``md run`` bounds them."""

    model_config = ConfigDict(extra="allow", strict=True)
    temperature_K: float = Field(gt=0, le=MAX_TEMPERATURE_K, allow_inf_nan=False)
    timestep_fs: float = Field(ge=MIN_TIMESTEP_FS, le=MAX_TIMESTEP_FS, allow_inf_nan=False)
    production_steps: int = Field(ge=1, le=MAX_STEPS)
    seed: int = Field(ge=0)
    save_every: int | None = Field(default=None, ge=1, le=MAX_STEPS)
    pressure_GPa: float | None = Field(
        default=None, ge=-MAX_PRESSURE_GPA, le=MAX_PRESSURE_GPA, allow_inf_nan=False
    )


class Sidecar(BaseModel):
    """The numbers of a ``<trajectory>.json`` sidecar that the analysis, resuming and the stored
    provenance read; other keys (model, structure, rng_state, ...) pass unchecked."""

    model_config = ConfigDict(extra="allow", strict=True)
    frame_interval_fs: float = Field(
        ge=MIN_TIMESTEP_FS, le=MAX_FRAME_INTERVAL_FS, allow_inf_nan=False
    )
    settings: SidecarSettings
    frames_written: int = Field(ge=0, le=MAX_STEPS)


def _check_sidecar(path: Path, meta: dict[str, Any]) -> None:
    """:class:`Sidecar` on ``meta``; one line naming the first bad number otherwise."""
    try:
        checked = Sidecar.model_validate(meta)
    except ValidationError as exc:
        error = exc.errors()[0]
        keys = [str(k) for k in error["loc"]]
        value = None if error["type"] == "missing" else error["input"]
        raise InputError(
            f"{path}: {'.'.join(keys)} is {value!r}, not what hydrion md run writes "
            f"({error['msg'][0].lower()}{error['msg'][1:]})"
        ) from None
    s = checked.settings
    if s.save_every is not None and not math.isclose(
        checked.frame_interval_fs, s.timestep_fs * s.save_every, rel_tol=1e-9
    ):
        raise InputError(
            f"{path}: frame_interval_fs {checked.frame_interval_fs:g} is not the time step "
            f"{s.timestep_fs:g} fs × save_every {s.save_every}"
        )


def read_metadata(trajectory: Path) -> dict[str, Any]:
    """The metadata sidecar (``<trajectory>.json``) of a trajectory that
    :func:`~hydrion.atomistic.md.run_md` wrote.

    Parameters
    ----------
    trajectory : pathlib.Path
        The extxyz trajectory; its sidecar lies beside it.

    Returns
    -------
    dict
        The metadata: model, structure, ``settings`` (temperature in K, time step in fs,
        steps, seed, ...), frame interval (fs) and the rest
        :func:`~hydrion.atomistic.md.run_md` records.

    Raises
    ------
    hydrion.errors.InputError
        If the sidecar is missing, unreadable, not JSON, not an object with ``settings``, or
        lacks one of the positive numbers the analysis reads (frame interval, temperature,
        time step, production steps) or a seed ≥ 0.
    """
    path = sidecar_path(Path(trajectory))
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{trajectory}: no metadata file {path.name} next to it (hydrion md run writes it; "
            "its keys: docs/atomistic.md, 'The metadata sidecar')"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not readable metadata ({type(exc).__name__})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("settings"), dict):
        raise InputError(f"{path}: not the metadata hydrion md run writes (no settings)")
    _check_sidecar(path, meta)
    return meta
