"""The spec of ``hydrion predict SPEC.yaml``, read and checked before any run, and its
expansion into one :class:`Task` per run (compositions × temperatures × replicas).

SPEC (YAML)::

    structure: libh4-p63mc          # curated key or structure file
    model: sevennet-0
    temperatures: [420 K, 460 K, 500 K, 540 K]   # P63mc range, below 553 K (decomposition)
    time: 50 ps
    replicas: 2
    atoms: 96                       # minimum supercell size
    compositions:                   # optional; default: the structure as it is
      - name: libh4
      - name: li0.75na0.25bh4
        substitute: {old: Li, new: Na, fraction: 0.25, seed: 1}
    out: predict                    # folder for trajectories
    threads: 1                      # optional: torch CPU threads per worker

A composition name is a folder under ``out`` (letters, digits and ``_.+()-``; no path). A
local model file (``model: chgnet:/path``) that is not plain weights is refused unless
``hydrion predict --trust-model-file`` (see :mod:`hydrion.atomistic.potentials`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
)

from hydrion.atomistic.md import ladder
from hydrion.atomistic.md_settings import MAX_STEPS, RunSettings, parse_equilibration_fs
from hydrion.errors import FileFormatError, InputError, UnitError
from hydrion.input_files import regular_file
from hydrion.units import parse_positive, parse_temperature_K
from hydrion.user_yaml import load_user_yaml

MAX_REPLICAS = 1_000
MAX_TASKS = 10_000  # compositions × temperatures × replicas of one spec
MAX_THREADS = 1_024  # torch threads per worker
# A composition's name is a folder under ``out``: the user-record id pattern (no '/', no '..').
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.+()-]*$"


class Substitution(BaseModel):
    """``substitute: {old: Li, new: Na, fraction: 0.25, seed: 1}`` of one composition."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    old: str = Field(min_length=1, max_length=8)
    new: str = Field(min_length=1, max_length=3)
    fraction: float = Field(gt=0, le=1)
    seed: int = Field(default=0, ge=0)


class Composition(BaseModel):
    """One ``compositions:`` entry: a name (a folder under ``out``) and an optional substitution."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    name: str = Field(pattern=NAME_PATTERN, max_length=100)
    substitute: Substitution | None = None


def _element(path: Path, key: str, symbol: str) -> str:
    """``symbol`` if it names an element (pymatgen's table), else InputError naming ``key``."""
    from pymatgen.core import Element

    if not Element.is_valid_symbol(symbol):
        raise InputError(f"{path}: {key}: {symbol!r} is not an element symbol")
    return symbol


def _compositions(path: Path, raw: object, default_name: str) -> list[dict[str, Any]]:
    """The checked ``compositions`` list; one line naming the entry and key otherwise."""
    if raw is None:
        raw = [{"name": default_name}]
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{path}: compositions is a non-empty list of {{name, substitute}}")
    checked = []
    for i, entry in enumerate(raw):
        try:
            item = Composition.model_validate(entry)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(x) for x in error["loc"])
            raise InputError(
                f"{path}: compositions[{i}]{'.' + where if where else ''}: {error['msg']}"
            ) from None
        if item.substitute is not None:
            sub = item.substitute
            if sub.old.upper() != "BH4":
                _element(path, f"compositions[{i}].substitute.old", sub.old)
            _element(path, f"compositions[{i}].substitute.new", sub.new)
        checked.append(item.model_dump(exclude_none=True))
    names = [c["name"] for c in checked]
    if len(set(names)) != len(names):
        raise InputError(f"{path}: every composition needs a distinct name")
    return checked


Scalar = StrictStr | StrictInt | StrictFloat  # a count, a quantity or a name; read below


class SpecShape(BaseModel):
    """The keys of a predict spec and their YAML forms (values are read and bounded after)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    structure: Scalar
    temperatures: list[Scalar]
    time: Scalar
    model: Scalar | None = None
    replicas: Scalar | None = None
    atoms: Scalar | None = None
    compositions: list[Any] | None = None
    out: Scalar | None = None
    timestep: Scalar | None = None
    equilibration: Scalar | None = None
    save_every: Scalar | None = None
    device: Scalar | None = None
    seed: Scalar | None = None
    ion: Scalar | None = None
    threads: Scalar | None = None


def _check_shape(path: Path, raw: dict[str, Any]) -> None:
    """:class:`SpecShape` on ``raw``: one line naming the unknown, missing or misshapen key."""
    try:
        SpecShape.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        unknown = sorted(str(e["loc"][0]) for e in errors if e["type"] == "extra_forbidden")
        known = sorted(SpecShape.model_fields)
        if unknown:
            raise InputError(f"{path}: unknown spec keys {unknown}; known: {known}") from None
        key = str(errors[0]["loc"][0])
        if errors[0]["type"] == "missing":
            raise InputError(f"{path}: the spec needs {key!r}") from None
        raise InputError(
            f"{path}: {key!r} has the wrong form ({type(raw[key]).__name__})"
        ) from None


@dataclass(frozen=True)
class Task:
    """One MD run: a composition at one temperature, one replica (file and settings from
    :func:`hydrion.atomistic.md.ladder`)."""

    composition: str
    substitute: tuple[tuple[str, Any], ...]
    file: str
    replica: int
    settings: RunSettings
    spec: tuple[tuple[str, Any], ...]

    @property
    def temperature_K(self) -> float:
        return self.settings.temperature_K

    @property
    def seed(self) -> int:
        return self.settings.seed

    @property
    def trajectory(self) -> Path:
        return Path(dict(self.spec)["out"]) / self.composition / self.file


def _spec_quantity(path: Path, key: str, value: object, parse: Callable[..., float]) -> float:
    """``value`` of spec ``key`` read by ``parse`` ('fs' for times), a unit required."""
    unit = () if parse is parse_temperature_K else ("fs",)
    try:
        return parse(str(value), *unit)
    except UnitError as exc:
        raise UnitError(f"{path}: {key}: {exc}") from None


def _spec_count(
    path: Path, key: str, value: object, minimum: int, maximum: int | None = None
) -> int:
    """A whole number in [``minimum``, ``maximum``] for spec ``key`` (no text, bool, fraction)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{path}: {key} is a whole number ≥ {minimum}, not {value!r}")
    if maximum is not None and value > maximum:
        raise InputError(f"{path}: {key} is a whole number ≤ {maximum:,}, not {value!r}")
    return value


def read_spec(path: Path, trust_model_file: bool = False) -> dict[str, Any]:
    """The validated spec.

    Everything is checked before any task runs: keys, types, units, counts (bounded as
    ``md run``'s limits, plus :data:`MAX_REPLICAS` and :data:`MAX_TASKS`), element symbols,
    composition names (folders that stay inside ``out``), the structure, the output folder,
    and a local model file (refused if loading it would run code, unless
    ``trust_model_file``; see :func:`hydrion.atomistic.potentials.check_plain_weights`).

    Parameters
    ----------
    path : pathlib.Path
        The YAML spec (see the module docstring).
    trust_model_file : bool
        Accept a local model file that is not plain weights.

    Returns
    -------
    dict
        The spec with quantities converted: temperatures in K, time step in fs, production and
        equilibration steps, counts, compositions and the resolved ``out`` folder.

    Raises
    ------
    hydrion.errors.FileFormatError
        For a file that is missing, unreadable or not a YAML mapping.
    hydrion.errors.InputError
        For any bad key, value, unit or count, naming the problem.
    """
    regular_file(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"{path}: not a readable YAML spec ({exc})") from None
    raw = load_user_yaml(text, str(path))
    if not isinstance(raw, dict):
        raise FileFormatError(f"{path}: a spec is a YAML mapping (structure, temperatures, ...)")
    _check_shape(path, raw)
    temperatures = raw["temperatures"]
    if not isinstance(temperatures, list) or not temperatures:
        raise InputError(f"{path}: temperatures is a list, e.g. [500 K, 550 K]")
    # Units are required as on the command line (`hydrion md run`): a bare number is refused.
    timestep_fs = _spec_quantity(path, "timestep", raw.get("timestep", "0.5 fs"), parse_positive)
    time_fs = _spec_quantity(path, "time", raw["time"], parse_positive)
    equilibration = raw.get("equilibration", "0 ps")
    equilibration_fs = _spec_quantity(path, "equilibration", equilibration, parse_equilibration_fs)
    temperatures_K = [
        _spec_quantity(path, "temperatures", t, parse_temperature_K) for t in temperatures
    ]
    compositions = _compositions(path, raw.get("compositions"), Path(str(raw["structure"])).stem)
    from hydrion.atomistic.md_settings import check_out_dir, check_size
    from hydrion.atomistic.structures import load_structure, warn_beyond_limit

    structure, _ = load_structure(str(raw["structure"]))  # refuses an unknown structure now
    warn_beyond_limit(str(raw["structure"]), temperatures_K)
    out = check_out_dir(str(raw.get("out", "predict")), f"{path}: out")
    atoms = _spec_count(path, "atoms", raw.get("atoms", 96), 1)
    check_size(atoms, int(round((time_fs + equilibration_fs) / timestep_fs)))
    replicas = _spec_count(path, "replicas", raw.get("replicas", 1), 1, MAX_REPLICAS)
    n_tasks = len(compositions) * len(temperatures_K) * replicas
    if n_tasks > MAX_TASKS:
        raise InputError(
            f"{path}: {n_tasks:,} MD runs (compositions × temperatures × replicas) is beyond "
            f"hydrion's limit of {MAX_TASKS:,} per spec"
        )
    for c in compositions:
        folder = (out / c["name"]).resolve()
        if not folder.is_relative_to(out.resolve()) or folder == out.resolve():
            raise InputError(f"{path}: composition name {c['name']!r} leaves the out folder")
    device = str(raw.get("device", "auto"))
    if device not in ("auto", "cpu", "cuda"):
        raise InputError(f"{path}: device is auto, cpu or cuda, not {device!r}")
    ion = _element(path, "ion", str(raw.get("ion", "Li")))
    present = {el.symbol for el in structure.composition.elements} | {
        c["substitute"]["new"] for c in compositions if "substitute" in c
    }
    if ion not in present:
        raise InputError(
            f"{path}: ion {ion} is not in the structure ({', '.join(sorted(present))})"
        )
    model = str(raw.get("model", "sevennet-0"))
    if ":" in model:
        from hydrion.atomistic.potentials import local_model

        local_model(model, trust_model_file)  # a file that would run code is refused now
    spec = {
        "structure": str(raw["structure"]),
        "model": model,
        "trust_model_file": trust_model_file,
        "temperatures_K": temperatures_K,
        "production_steps": int(round(time_fs / timestep_fs)),
        "equilibration_steps": int(round(equilibration_fs / timestep_fs)),
        "timestep_fs": timestep_fs,
        "replicas": replicas,
        "atoms": atoms,
        "save_every": _spec_count(path, "save_every", raw.get("save_every", 20), 1, MAX_STEPS),
        "device": device,
        "seed": _spec_count(path, "seed", raw.get("seed", 0), 0, 2**32 - 1),
        "ion": ion,
        "threads": (
            None
            if raw.get("threads") is None
            else _spec_count(path, "threads", raw["threads"], 1, MAX_THREADS)
        ),
        "compositions": compositions,
        "out": str(out.resolve()),
    }
    try:
        _ladder(spec)  # every run's settings (steps per frame, time step, temperature) checked
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    return spec


def _ladder(spec: dict[str, Any]) -> list[tuple[str, RunSettings]]:
    """File names and settings of one composition's runs (:func:`~hydrion.atomistic.md.ladder`)."""
    return ladder(
        spec["temperatures_K"],
        spec["production_steps"],
        replicas=spec["replicas"],
        equilibration_steps=spec["equilibration_steps"],
        timestep_fs=spec["timestep_fs"],
        save_every=spec["save_every"],
        seed=spec["seed"],
    )


def tasks(spec: dict[str, Any]) -> list[Task]:
    """Every run of the spec, with seeds fixed by its place (so reruns find their files).

    Parameters
    ----------
    spec : dict
        A spec from :func:`read_spec`.

    Returns
    -------
    list of Task
        Compositions outer, then temperatures and replicas in the order of
        :func:`hydrion.atomistic.md.ladder`.
    """
    frozen = tuple(sorted((k, v) for k, v in spec.items() if k != "compositions"))
    frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in frozen)
    runs = _ladder(spec)
    return [
        Task(
            composition["name"],
            tuple(sorted((composition.get("substitute") or {}).items())),
            file,
            k % spec["replicas"],  # the ladder runs the replicas of each temperature in turn
            settings,
            frozen,
        )
        for composition in spec["compositions"]
        for k, (file, settings) in enumerate(runs)
    ]
