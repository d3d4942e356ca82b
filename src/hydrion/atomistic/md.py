"""Molecular dynamics with ASE over a temperature ladder, with replicas: NVT (Langevin) or
NPT (Berendsen, for lattice parameters across transitions).

Each run writes an extended-XYZ trajectory (positions and momenta of every saved frame)
and a JSON sidecar (``<trajectory>.json``) holding the metadata: model name and version,
structure and its source, temperature, time step, friction, seed, equilibration and
production steps, atom count, and the random-number state at the last saved frame. A run
checkpoints at every saved frame: started again with the same arguments it resumes from the
last frame (positions, momenta and thermostat random state restored), so a killed run loses
at most one save interval. A finished run is not repeated.

Method: Langevin dynamics (ASE ``Langevin``, centre of mass fixed by ``FixCom``),
velocities drawn from the Maxwell–Boltzmann distribution at the target temperature;
the equilibration steps are run but not saved. NPT uses ASE's
``Inhomogeneous_NPTBerendsen`` (cell lengths relax independently, angles fixed): good for
average lattice parameters, not for fluctuations (Berendsen does not sample the ensemble).
The default 0.5 fs step resolves B–H stretching (~2300 cm⁻¹, period ~14 fs).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hydrion.errors import InputError, OutputError, UnitError
from hydrion.results import Result

FORMAT_VERSION = 1
DEFAULT_TIMESTEP_FS = 0.5
DEFAULT_FRICTION_PER_FS = 0.01
DEFAULT_SAVE_EVERY = 20
THERMOSTAT_TAU_NPT_FS = 100.0
BAROSTAT_TAU_FS = 1000.0
BAROSTAT_COMPRESSIBILITY_PER_GPA = 0.05
"""Berendsen barostat coupling: with the time constant it sets only how fast the cell relaxes
towards the target pressure, not the average cell (an algorithm parameter, not a material
property; of the order of the compressibility of soft hydrides)."""
MAX_TEMPERATURE_K = 3000.0
"""hydrion's guard, not a material property: complex hydrides melt or decompose far below
it (LiBH4 melts near 550 K), so a thermostat target above it is a typo (e.g. 1e9 K) that
would only tear the cell apart."""
TEMPERATURE_DECIMALS = 2
"""MD temperatures are read to 0.01 K (far below the thermostat's fluctuation): a run's file
``T{T:g}K_r{replica}`` names it exactly, so two temperatures equal to this resolution (e.g.
500 K and 226.85 °C) are one run, and a ladder naming one twice is refused."""
MIN_TIMESTEP_FS = 0.01
MAX_TIMESTEP_FS = 5.0
"""hydrion's time-step guard, not a material property: 0.01 fs is a thousandth of the B–H
stretching period (~14 fs), so a smaller step resolves nothing more and only makes frame
intervals vanish; above 5 fs the H motion is not resolved."""
MAX_PRESSURE_GPA = 100.0
"""hydrion's guard on the NPT target |p|, not a material property: a typo (e.g. -1e12 GPa)
would crush or tear the cell apart; the universal potentials are fitted to near-ambient
structures, so higher pressures are outside what they describe."""


@dataclass(frozen=True)
class RunSettings:
    """What defines one MD run; two runs with equal settings give the same trajectory file."""

    temperature_K: float
    production_steps: int
    equilibration_steps: int = 0
    timestep_fs: float = DEFAULT_TIMESTEP_FS
    friction_per_fs: float = DEFAULT_FRICTION_PER_FS
    save_every: int = DEFAULT_SAVE_EVERY
    seed: int = 0
    pressure_GPa: float | None = None
    """None: NVT (Langevin). A pressure: NPT (Berendsen, cell lengths free, angles fixed)."""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.temperature_K) and self.temperature_K > 0):
            raise InputError(f"temperature must be above 0 K, not {self.temperature_K} K")
        if self.temperature_K > MAX_TEMPERATURE_K:
            raise InputError(
                f"temperature {self.temperature_K:g} K is beyond hydrion's MD limit of "
                f"{MAX_TEMPERATURE_K:g} K (hydrides melt or decompose far below it)"
            )
        if self.seed < 0:
            raise InputError(f"seed must be a whole number ≥ 0, not {self.seed}")
        if self.production_steps < self.save_every or self.save_every < 1:
            raise InputError(
                f"{self.production_steps} production steps do not reach one saved frame "
                f"(saved every {self.save_every} steps)"
            )
        if self.equilibration_steps < 0:
            raise InputError("equilibration steps cannot be negative")
        if self.pressure_GPa is not None and not abs(self.pressure_GPa) <= MAX_PRESSURE_GPA:
            raise InputError(
                f"pressure {self.pressure_GPa:g} GPa is beyond hydrion's NPT limit of "
                f"±{MAX_PRESSURE_GPA:g} GPa"
            )
        if not (MIN_TIMESTEP_FS <= self.timestep_fs <= MAX_TIMESTEP_FS):
            raise InputError(
                f"time step {self.timestep_fs} fs is outside "
                f"[{MIN_TIMESTEP_FS:g}, {MAX_TIMESTEP_FS:g}] fs"
            )


@dataclass
class RunResult(Result):
    """A finished (or resumed and finished) run: where it is and what it recorded."""

    trajectory: Path
    metadata: dict[str, Any]
    resumed_from_frame: int = 0
    wall_s: float = 0.0
    skipped: bool = False
    frames: int = field(init=False)

    derived = ("temperature_K", "status", "atom_steps_per_s")

    def __post_init__(self) -> None:
        self.frames = int(self.metadata["frames_written"])

    @property
    def temperature_K(self) -> float | None:
        """The thermostat temperature of the run (K)."""
        return self.metadata.get("settings", {}).get("temperature_K")

    @property
    def status(self) -> str:
        """'ran', 'resumed at frame N' or 'skipped (finished before)'."""
        if self.skipped:
            return "skipped (finished before)"
        return f"resumed at frame {self.resumed_from_frame}" if self.resumed_from_frame else "ran"

    @property
    def atom_steps_per_s(self) -> float | None:
        """Speed of this call: atoms × MD steps run / wall time (None when nothing ran)."""
        n_atoms = self.metadata.get("n_atoms")
        save_every = self.metadata.get("settings", {}).get("save_every")
        if self.skipped or not self.wall_s or n_atoms is None or save_every is None:
            return None
        return n_atoms * (self.frames - self.resumed_from_frame) * save_every / self.wall_s


MAX_ATOMS = 100_000  # beyond this a CPU/GPU MD step with these potentials takes minutes
MAX_STEPS = 10_000_000  # 5 ns at 0.5 fs; longer runs belong to a batch system, not one call


def check_size(n_atoms: int, steps: int) -> None:
    """Refuse runs beyond :data:`MAX_ATOMS` atoms or :data:`MAX_STEPS` MD steps.

    Parameters
    ----------
    n_atoms : int
        Atoms in the simulation cell.
    steps : int
        MD steps of one run (equilibration and production).

    Returns
    -------
    None

    Raises
    ------
    hydrion.errors.InputError
        If either is beyond hydrion's limit (its own choice, not a physical one).
    """
    if n_atoms > MAX_ATOMS:
        raise InputError(f"{n_atoms} atoms is beyond hydrion's limit of {MAX_ATOMS:,} atoms")
    if steps > MAX_STEPS:
        raise InputError(
            f"{steps:.3g} MD steps is beyond hydrion's limit of {MAX_STEPS:,} steps per run"
        )


def check_out_dir(path: Path | str, option: str = "--out") -> Path:
    """Refuse an output folder that cannot be made (empty, a file, under a file, read-only),
    before any MD work is started.

    Parameters
    ----------
    path : pathlib.Path or str
        The output folder (``~`` expanded); it need not exist yet.
    option : str
        The command-line option that named it, for the message.

    Returns
    -------
    pathlib.Path
        The folder's path.

    Raises
    ------
    hydrion.errors.OutputError
        If the name is empty, the nearest existing ancestor is a file, or it is not writable.
    """
    if not str(path).strip():
        raise OutputError(f"{option} needs a folder name")
    path = Path(path).expanduser()
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{option} {path}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{option} {path}: {existing} is not writable")
    return path


def _sidecar(trajectory: Path) -> Path:
    return trajectory.with_name(trajectory.name + ".json")


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)  # atomic: a kill leaves the old or the new sidecar, never half of one


def parse_equilibration_fs(text: str | float | int, unit: str = "fs") -> float:
    """An unsaved equilibration time in ``unit`` (fs) from text such as '2 ps' or '0 fs'.

    Zero is allowed in any time unit (and as a bare '0'); a unit is required otherwise.

    Parameters
    ----------
    text : str or float or int
        The time with its unit, or 0.
    unit : str
        The unit returned.

    Returns
    -------
    float
        The time in ``unit``, ≥ 0.

    Raises
    ------
    hydrion.errors.UnitError
        Unreadable text, not a time, a bare non-zero number, or a negative time.
    """
    from hydrion.units import parse_quantity

    if str(text).strip() == "0":
        return 0.0
    value = float(parse_quantity(text, unit).to(unit).magnitude)
    if not value >= 0:
        raise UnitError(f"{text!r} must be zero or positive")
    return value


MAX_FRAME_INTERVAL_FS = MAX_TIMESTEP_FS * MAX_STEPS


class SidecarSettings(BaseModel):
    """The ``settings`` of a sidecar (:class:`RunSettings`), bounded as ``md run`` bounds them."""

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
    """The metadata sidecar (``<trajectory>.json``) of a trajectory written by :func:`run_md`.

    Parameters
    ----------
    trajectory : pathlib.Path
        The extxyz trajectory; its sidecar lies beside it.

    Returns
    -------
    dict
        The metadata: model, structure, ``settings`` (temperature in K, time step in fs,
        steps, seed, ...), frame interval (fs) and the rest :func:`run_md` records.

    Raises
    ------
    hydrion.errors.InputError
        If the sidecar is missing, unreadable, not JSON, not an object with ``settings``, or
        lacks one of the positive numbers the analysis reads (frame interval, temperature,
        time step, production steps) or a seed ≥ 0.
    """
    path = _sidecar(Path(trajectory))
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


def run_md(
    atoms,
    calculator,
    model: dict[str, Any],
    settings: RunSettings,
    trajectory: Path,
    provenance: dict[str, Any] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RunResult:
    """Run (or resume) one MD trajectory of ``atoms`` with ``calculator``.

    NVT (Langevin) unless ``settings.pressure_GPa`` asks for NPT. A trajectory whose sidecar
    has different settings is refused rather than overwritten; a finished one is skipped.

    Parameters
    ----------
    atoms : ase.Atoms
        The structure.
    calculator : ase.calculators.calculator.Calculator
        From :func:`hydrion.atomistic.potentials.load_calculator`.
    model : dict
        ``ModelInfo.as_dict()``, stored without its ``@`` tags in the sidecar format of
        :data:`FORMAT_VERSION`.
    settings : RunSettings
        Temperature (K), steps, timestep (fs), friction, saving interval, seed, pressure.
    trajectory : pathlib.Path
        The extxyz file to write; its metadata go to a JSON sidecar beside it.
    provenance : dict, optional
        The structure's source, stored with the metadata.
    progress : callable, optional
        Called as ``progress("equilibration", steps done, steps)`` every ``save_every``
        equilibration steps and ``progress("production", frame, frames)`` after each saved
        frame.

    Returns
    -------
    RunResult
        The trajectory, its metadata, the frame it resumed from and the wall time (s).

    Raises
    ------
    InputError
        A trajectory whose sidecar has different settings.
    """
    from ase import units
    from ase.constraints import FixCom
    from ase.io import read, write
    from ase.md.langevin import Langevin
    from ase.md.md import MolecularDynamics
    from ase.md.nptberendsen import Inhomogeneous_NPTBerendsen
    from ase.md.velocitydistribution import thermalize_momenta
    from pymatgen.core import Composition

    trajectory = Path(trajectory)
    total = settings.production_steps // settings.save_every
    meta_path = _sidecar(trajectory)
    start = time.perf_counter()
    rng = np.random.default_rng(settings.seed)
    wanted = {
        "format_version": FORMAT_VERSION,
        "settings": asdict(settings),
        "model": {k: v for k, v in model.items() if not k.startswith("@")},
        "structure": provenance or {},
        "n_atoms": len(atoms),
        "formula": Composition(atoms.get_chemical_formula()).reduced_formula,
        "frame_interval_fs": settings.timestep_fs * settings.save_every,
    }
    resumed = 0
    if meta_path.exists():
        meta = read_metadata(trajectory)
        same = {k: meta.get(k) for k in wanted} == json.loads(json.dumps(wanted, default=str))
        if not same:
            raise InputError(
                f"{trajectory} holds a different run (settings, model or structure); "
                "choose another output folder"
            )
        if meta["frames_written"] >= total:
            return RunResult(trajectory, meta, skipped=True)
        resumed = int(meta["frames_written"])
        if resumed:
            frames = read(trajectory, index=":")
            frames = frames if isinstance(frames, list) else [frames]
            del frames[resumed:]
            write(trajectory, frames, format="extxyz")  # drop any frame after the checkpoint
            last = frames[-1]
            atoms = atoms.copy()
            atoms.set_positions(last.get_positions())
            atoms.set_momenta(last.get_momenta())
            atoms.set_cell(last.get_cell())
            rng.bit_generator.state = meta["rng_state"]
    else:
        meta = {**wanted, "frames_written": 0, "status": "equilibrating"}
    atoms = atoms.copy()
    atoms.calc = calculator
    atoms.set_constraint(FixCom())
    if not resumed:
        trajectory.unlink(missing_ok=True)
        thermalize_momenta(atoms, temperature_K=settings.temperature_K, rng=rng)
    dyn: MolecularDynamics
    if settings.pressure_GPa is None:
        dyn = Langevin(
            atoms,
            settings.timestep_fs * units.fs,
            temperature_K=settings.temperature_K,
            friction=settings.friction_per_fs / units.fs,
            fixcm=False,  # the centre of mass is held by the FixCom constraint (ASE ≥ 3.28)
            rng=rng,
        )
    else:
        dyn = Inhomogeneous_NPTBerendsen(
            atoms,
            settings.timestep_fs * units.fs,
            temperature_K=settings.temperature_K,
            pressure_au=settings.pressure_GPa * units.GPa,
            taut=THERMOSTAT_TAU_NPT_FS * units.fs,
            taup=BAROSTAT_TAU_FS * units.fs,
            compressibility_au=BAROSTAT_COMPRESSIBILITY_PER_GPA / units.GPa,
            fixcm=False,
        )
    if not resumed:  # in chunks of save_every steps, so that long equilibrations show progress
        for done in range(0, settings.equilibration_steps, settings.save_every):
            chunk = min(settings.save_every, settings.equilibration_steps - done)
            dyn.run(chunk)
            if progress is not None:
                progress("equilibration", done + chunk, settings.equilibration_steps)
    meta["status"] = "production"
    for frame in range(resumed, total):
        dyn.run(settings.save_every)
        write(trajectory, atoms, format="extxyz", append=True)
        meta["frames_written"] = frame + 1
        meta["rng_state"] = rng.bit_generator.state
        meta["simulated_time_ps"] = (frame + 1) * meta["frame_interval_fs"] / 1000
        _write_json(meta_path, meta)
        if progress is not None:
            progress("production", frame + 1, total)
    meta["status"] = "finished"
    _write_json(meta_path, meta)
    return RunResult(trajectory, meta, resumed, time.perf_counter() - start)


def ladder(
    temperatures_K: Sequence[float],
    production_steps: int,
    replicas: int = 1,
    equilibration_steps: int = 0,
    timestep_fs: float = DEFAULT_TIMESTEP_FS,
    save_every: int = DEFAULT_SAVE_EVERY,
    seed: int = 0,
    pressure_GPa: float | None = None,
) -> list[tuple[str, RunSettings]]:
    """The file name and checked settings of every run of a temperature ladder.

    Replica r at the i-th temperature uses seed ``seed + 1000·i + r`` and the file
    ``T{temperature}K_r{replica}.extxyz``. Built before any model is loaded, so bad settings
    are refused at once.

    Parameters
    ----------
    temperatures_K : sequence of float
        The ladder's temperatures, K; at least one.
    production_steps : int
        Production MD steps per run.
    replicas : int
        Runs per temperature (different seeds); at least 1.
    equilibration_steps : int
        Equilibration MD steps per run, not saved.
    timestep_fs : float
        MD time step, fs, in (0, 5].
    save_every : int
        Steps between saved frames.
    seed : int
        Base random seed, ≥ 0.
    pressure_GPa : float or None
        None: NVT (Langevin); a pressure in GPa: NPT (Berendsen).

    Returns
    -------
    list of tuple of (str, RunSettings)
        Per run, its trajectory file name and settings, temperatures outer, replicas inner.

    Raises
    ------
    hydrion.errors.InputError
        For fewer than one replica or temperature, or settings :class:`RunSettings` refuses
        (temperature ≤ 0 K or beyond the MD limit, negative steps or seed, time step outside
        (0, 5] fs, a non-finite pressure).
    """
    if replicas < 1:
        raise InputError(f"replicas must be at least 1, not {replicas}")
    if not temperatures_K:
        raise InputError("give at least one temperature")
    rounded: dict[float, float] = {}
    for T in temperatures_K:
        T_run = round(float(T), TEMPERATURE_DECIMALS)  # ≤ 6 digits to 3000 K: :g names it
        if T_run in rounded:
            raise InputError(
                f"temperature {float(T)!r} K repeats {rounded[T_run]!r} K (MD temperatures "
                f"are read to {10**-TEMPERATURE_DECIMALS:g} K and name the files "
                f"T{T_run:g}K_r*); give each temperature once"
            )
        rounded[T_run] = float(T)
    return [
        (
            f"T{T:g}K_r{r}.extxyz",
            RunSettings(
                temperature_K=T,
                production_steps=production_steps,
                equilibration_steps=equilibration_steps,
                timestep_fs=timestep_fs,
                save_every=save_every,
                seed=seed + 1000 * i + r,
                pressure_GPa=pressure_GPa,
            ),
        )
        for i, T in enumerate(rounded)
        for r in range(replicas)
    ]


def run_ladder(
    structure,
    calculator,
    model: dict[str, Any],
    runs: Sequence[tuple[str, RunSettings]],
    out_dir: Path,
    provenance: dict[str, Any] | None = None,
    progress: Callable[[str, str, int, int], None] | None = None,
) -> list[RunResult]:
    """The ``runs`` of :func:`ladder` on ``structure``, one after another, into ``out_dir``;
    finished runs are skipped, interrupted ones resumed.

    Parameters
    ----------
    structure : pymatgen.core.Structure
        The simulation cell (converted to ASE atoms).
    calculator : ase.calculators.calculator.Calculator
        From :func:`hydrion.atomistic.potentials.load_calculator`.
    model : dict
        The model's description, recorded in every run's metadata (see :func:`run_md`).
    runs : sequence of tuple of (str, RunSettings)
        File names and settings, from :func:`ladder`.
    out_dir : pathlib.Path
        Folder of the trajectories (made if missing).
    provenance : dict or None
        The structure's source, stored with each run's metadata.
    progress : callable or None
        Called as ``progress(file name, phase, done, total)``, relaying :func:`run_md`'s
        progress.

    Returns
    -------
    list of RunResult
        One per run, in the order of ``runs``.

    Raises
    ------
    hydrion.errors.InputError
        A trajectory whose sidecar has different settings (:func:`run_md`).
    """
    from pymatgen.io.ase import AseAtomsAdaptor

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    atoms = AseAtomsAdaptor.get_atoms(structure)
    results = []
    for name, settings in runs:
        report = None if progress is None else (lambda *a, name=name: progress(name, *a))
        results.append(
            run_md(atoms, calculator, model, settings, out_dir / name, provenance, report)
        )
    return results
