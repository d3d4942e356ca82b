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
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hydrion.atomistic.md_settings import (
    BAROSTAT_COMPRESSIBILITY_PER_GPA,
    BAROSTAT_TAU_FS,
    DEFAULT_SAVE_EVERY,
    DEFAULT_TIMESTEP_FS,
    TEMPERATURE_DECIMALS,
    THERMOSTAT_TAU_NPT_FS,
    RunSettings,
    check_out_dir,
    check_size,
    parse_equilibration_fs,
)
from hydrion.atomistic.sidecar import FORMAT_VERSION, read_metadata, sidecar_path, write_json
from hydrion.errors import InputError
from hydrion.results import Result

__all__ = [  # settings and sidecar reading moved out; still importable from here
    "RunResult",
    "RunSettings",
    "check_out_dir",
    "check_size",
    "ladder",
    "parse_equilibration_fs",
    "read_metadata",
    "run_ladder",
    "run_md",
]


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
        super().__post_init__()
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
        :data:`~hydrion.atomistic.sidecar.FORMAT_VERSION`.
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
    meta_path = sidecar_path(trajectory)
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
        write_json(meta_path, meta)
        if progress is not None:
            progress("production", frame + 1, total)
    meta["status"] = "finished"
    write_json(meta_path, meta)
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
