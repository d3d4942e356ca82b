"""``hydrion predict SPEC.yaml``: compositions × temperatures × replicas as Dask tasks.

Every MD run is one task on a Dask ``distributed`` cluster (a local cluster by default, or
an existing scheduler). Failed tasks are retried (``retries``). Results are idempotent: a
run's trajectory and sidecar are its checkpoint (a finished run is skipped, an interrupted
one resumed, see :mod:`hydrion.atomistic.md`), and the stored prediction's id is a digest of
its provenance, so a rerun skips finished work and a killed run loses nothing that finished.

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

import logging
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
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
from hydrion.atomistic.md_settings import RunSettings, parse_equilibration_fs
from hydrion.errors import FileFormatError, InputError, UnitError
from hydrion.input_files import regular_file
from hydrion.results import Result
from hydrion.units import parse_positive, parse_temperature_K
from hydrion.user_yaml import load_user_yaml

DEFAULT_RETRIES = 2
MAX_REPLICAS = 1_000
MAX_TASKS = 10_000  # compositions × temperatures × replicas of one spec
MAX_SAVE_EVERY = 10_000_000  # hydrion.atomistic.md.MAX_STEPS
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
        "save_every": _spec_count(path, "save_every", raw.get("save_every", 20), 1, MAX_SAVE_EVERY),
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


_SCHEDULER = re.compile(r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})")
CONNECT_TIMEOUT_S = 10.0


def check_scheduler_address(address: str) -> str:
    """Check a Dask scheduler address.

    Parameters
    ----------
    address : str
        scheme://host:port, scheme tcp or tls, port 1–65535.

    Returns
    -------
    str
        ``address`` without surrounding whitespace.

    Raises
    ------
    hydrion.errors.InputError
        For an address of another form.
    """
    match = _SCHEDULER.fullmatch(address.strip())
    if match is None or not 1 <= int(match.group(3)) <= 65535:
        raise InputError(
            f"scheduler address {address!r} is not scheme://host:port, e.g. tcp://10.0.0.5:8786"
        )
    return address.strip()


def connect(address: str, timeout_s: float = CONNECT_TIMEOUT_S):
    """A Dask client of the scheduler at ``address``.

    Parameters
    ----------
    address : str
        scheme://host:port (:func:`check_scheduler_address`).
    timeout_s : float
        How long to wait for the scheduler, s.

    Returns
    -------
    distributed.Client
        The connected client.

    Raises
    ------
    hydrion.errors.InputError
        For a malformed address or a scheduler not reachable within ``timeout_s``.
    """
    from distributed import Client

    address = check_scheduler_address(address)
    try:
        return Client(address, timeout=f"{timeout_s}s")
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"no Dask scheduler reachable at {address} within {timeout_s:g} s "
            f"({type(exc).__name__})"
        ) from None


def local_cluster(workers: int, dashboard: str | None = None):
    """A local Dask cluster of ``workers`` processes (one thread each) on a free scheduler port.

    Parameters
    ----------
    workers : int
        Number of worker processes.
    dashboard : str or None
        Address for Dask's dashboard (e.g. ``":8787"``); None (default) starts none and puts
        the scheduler's HTTP health routes on a free local port, so a busy port 8787 prints no
        "Port 8787 is already in use" warning.

    Returns
    -------
    distributed.LocalCluster
        Worker logs below CRITICAL stay off stderr.
    """
    from distributed import LocalCluster

    # Without a dashboard the scheduler still serves its HTTP health routes, by default on 8787
    # (distributed.node.start_http_server); a free local port keeps them off a busy 8787.
    http = {} if dashboard else {"dashboard_address": "127.0.0.1:0"}
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        scheduler_port=0,
        dashboard_address=dashboard,
        scheduler_kwargs=http,
        silence_logs=logging.CRITICAL,
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


@cache
def _calculator(model: str, device: str, trust_model_file: bool, threads: int | None):
    """One calculator per worker process and model (loading weights takes seconds)."""
    from hydrion.atomistic.potentials import load_calculator

    return load_calculator(model, device, trust_model_file, threads)


def run_task(task: Task) -> str:
    """Run (or resume, or skip) one MD task.

    Builds the supercell (and substitution) of the task's composition, skips a finished run
    without loading the model, else runs or resumes it with :func:`hydrion.atomistic.md.run_md`.

    Parameters
    ----------
    task : Task
        One run from :func:`tasks`.

    Returns
    -------
    str
        The trajectory's path.

    Raises
    ------
    hydrion.errors.InputError
        For a trajectory outside the out folder, or as :func:`~hydrion.atomistic.md.run_md`.
    """
    from pymatgen.io.ase import AseAtomsAdaptor

    from hydrion.atomistic.md import run_md
    from hydrion.atomistic.structures import load_structure, substitute, supercell_to

    spec = dict(task.spec)
    structure, prov = load_structure(spec["structure"])
    structure = supercell_to(structure, spec["atoms"])
    if task.substitute:
        sub = dict(task.substitute)
        structure, fraction = substitute(
            structure, sub["old"], sub["new"], float(sub["fraction"]), int(sub.get("seed", 0))
        )
        prov = {**prov, "substitution": {**sub, "realised_fraction": fraction}}
    settings = task.settings
    if _finished(task.trajectory, settings, spec["model"]):
        return str(task.trajectory)  # skip without loading the model
    calc, info = _calculator(
        spec["model"], spec["device"], spec["trust_model_file"], spec.get("threads")
    )
    trajectory = task.trajectory.resolve()
    if not trajectory.is_relative_to(Path(spec["out"]).resolve()):
        raise InputError(f"{trajectory} is outside the out folder {spec['out']}")
    trajectory.parent.mkdir(parents=True, exist_ok=True)
    atoms = AseAtomsAdaptor.get_atoms(structure)
    run_md(atoms, calc, info.as_dict(), settings, trajectory, prov)
    return str(trajectory)


def _finished(trajectory: Path, settings, model: str) -> bool:
    """True when the trajectory's sidecar records this very run (settings, model) as finished."""
    from hydrion.atomistic.potentials import model_name
    from hydrion.atomistic.sidecar import read_metadata

    try:
        meta = read_metadata(trajectory)
    except InputError:
        return False
    return (
        meta.get("status") == "finished"
        and meta.get("settings") == asdict(settings)
        and (meta.get("model") or {}).get("model") == model_name(model)
    )


@dataclass(frozen=True)
class Stored(Result):
    """What storing one composition's prediction gave: the record id (None when nothing was
    stored), whether it is new, a note (e.g. why no Ea), the model that ran (its sidecar's
    ModelInfo: name, backend, version) and the D*/σ estimator."""

    record_id: str | None
    newly_stored: bool
    note: str = ""
    model: dict[str, Any] | None = None
    estimator: str | None = None


@dataclass(frozen=True)
class ScreenResult(Result):
    """Per composition: trajectories, stored record id (or why none), failed tasks, and the
    model (name, backend, version) and estimator behind the stored values."""

    composition: str
    trajectories: tuple[str, ...]
    record_id: str | None
    newly_stored: bool
    failed: tuple[str, ...]
    note: str = ""
    model: dict[str, Any] | None = None
    estimator: str | None = None


def screen(
    spec: dict[str, Any],
    client,
    kb=None,
    run: Callable[[Task], str] = run_task,
    retries: int = DEFAULT_RETRIES,
    store: Callable[[str, list[str]], Stored] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ScreenResult]:
    """Submit every task to ``client`` (Dask), gather, then analyse and store per composition.

    A task that still fails after ``retries`` is reported, not raised, so the finished
    compositions are stored; so is a composition whose runs cannot be analysed (e.g. too few
    frames).

    Parameters
    ----------
    spec : dict
        A spec from :func:`read_spec`.
    client : distributed.Client
        The Dask client the tasks are submitted to.
    kb : hydrion.kb.KnowledgeBase or None
        Where predictions are stored (the default knowledge base when None).
    run : callable
        Runs one task, returning its trajectory path (default :func:`run_task`; tests inject
        light ones).
    retries : int
        Dask retries of a failed task.
    store : callable or None
        ``store(composition name, trajectory paths)`` → Stored; default
        :func:`store_composition`.
    progress : callable or None
        Called as ``progress(runs finished, runs)`` as tasks end.

    Returns
    -------
    list of ScreenResult
        One per composition: its trajectories, stored record id and whether newly stored,
        failures and notes.
    """
    from distributed import as_completed

    store = store or (lambda name, paths: store_composition(name, paths, spec["ion"], kb))
    all_tasks = tasks(spec)
    futures = {
        client.submit(run, t, retries=retries, pure=False, key=f"md-{t.composition}-{i}"): t
        for i, t in enumerate(all_tasks)
    }
    done: dict[str, list[str]] = {}
    failed: dict[str, list[str]] = {}
    for finished, future in enumerate(as_completed(futures), start=1):
        t = futures[future]
        if future.status == "error":
            failed.setdefault(t.composition, []).append(
                f"{t.trajectory.name}: {_one_line(future.exception())}"
            )
        else:
            done.setdefault(t.composition, []).append(future.result())
        if progress is not None:
            progress(finished, len(all_tasks))
    results = []
    for composition in spec["compositions"]:
        name = composition["name"]
        paths = tuple(sorted(done.get(name, [])))
        fails = tuple(failed.get(name, []))
        if fails:
            results.append(ScreenResult(name, paths, None, False, fails, "not stored"))
            continue
        try:
            stored = store(name, list(paths))
        except InputError as exc:  # the runs finished but cannot be analysed: keep them
            results.append(ScreenResult(name, paths, None, False, (f"analysis: {exc}",)))
            continue
        results.append(
            ScreenResult(
                name,
                paths,
                stored.record_id,
                stored.newly_stored,
                (),
                stored.note,
                stored.model,
                stored.estimator,
            )
        )
    return results


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def default_estimator() -> str:
    """The σ estimator predictions use.

    Returns
    -------
    str
        'kinisi' where kinisi is installed (Bayesian D*/σ uncertainties), else 'blocks'.
    """
    import importlib.util

    return "kinisi" if importlib.util.find_spec("kinisi") is not None else "blocks"


def store_composition(name: str, paths: list[str], ion: str, kb=None) -> Stored:
    """Analyse one composition's runs (:func:`default_estimator`), fit Ea (σ and anion
    rotation) where possible, and store the prediction in the user database.

    Parameters
    ----------
    name : str
        The composition's name.
    paths : list of str
        Its trajectories.
    ion : str
        The mobile ion's element symbol.
    kb : hydrion.kb.KnowledgeBase or None
        Where the prediction is stored (the default knowledge base when None).

    Returns
    -------
    Stored
        The record id, whether newly stored, a note (why Ea was not fitted), the model and the
        estimator.

    Raises
    ------
    hydrion.errors.InputError
        When a run cannot be analysed (e.g. too few frames).
    """
    from hydrion.atomistic.analysis import analyse, fit_md_arrhenius, fit_rotation_arrhenius
    from hydrion.atomistic.predictions import store_prediction
    from hydrion.kb import open_kb

    estimator = default_estimator()
    results = [analyse(Path(p), ion, estimator=estimator) for p in paths]
    try:
        fit = fit_md_arrhenius(results)
        note = ""
    except InputError as exc:
        fit, note = None, str(exc)
    if fit is not None and not math.isfinite(fit.segments[0].Ea_eV):
        fit = None
    try:
        rotation_fit = fit_rotation_arrhenius(results)
    except InputError:
        rotation_fit = None
    record, new = store_prediction(results, kb or open_kb(), fit, rotation_fit=rotation_fit)
    return Stored(record.id, new, note, results[0].model, estimator)
