"""``hydrion predict SPEC.yaml``: compositions × temperatures × replicas as Dask tasks.

Every MD run is one task on a Dask ``distributed`` cluster (a local cluster by default, or
an existing scheduler). Failed tasks are retried (``retries``). Results are idempotent: a
run's trajectory and sidecar are its checkpoint (a finished run is skipped, an interrupted
one resumed, see :mod:`hydrion.atomistic.md`), and the stored prediction's id is a digest of
its provenance, so a rerun skips finished work and a killed run loses nothing that finished.

The spec (compositions, temperatures, replicas, model, output folder) is read and expanded into
tasks by :mod:`hydrion.atomistic.screening_spec`; the cluster (local or an existing scheduler)
comes from :mod:`hydrion.atomistic.cluster`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hydrion.atomistic.cluster import check_scheduler_address, connect, local_cluster
from hydrion.atomistic.screening_spec import Task, read_spec, tasks
from hydrion.errors import InputError
from hydrion.results import Result

__all__ = [  # the spec and the cluster moved out; still importable from here
    "ScreenResult",
    "Stored",
    "Task",
    "check_scheduler_address",
    "connect",
    "default_estimator",
    "local_cluster",
    "read_spec",
    "run_task",
    "screen",
    "store_composition",
    "tasks",
]

DEFAULT_RETRIES = 2


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
