"""What one MD run is asked to do (:class:`RunSettings`) and the bounds hydrion puts on it:
default time step, friction and save interval, the thermostat and barostat constants of NPT,
and hydrion's guards on temperature, time step, pressure, size and output folder (its own
choices against typos, not material properties). :mod:`hydrion.atomistic.md` runs them.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from hydrion.errors import InputError, OutputError, UnitError

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
