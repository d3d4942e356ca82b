"""``hydrion md run``: NVT or NPT MD with a machine-learned potential over a temperature ladder.

Heavy packages (torch, ASE, sevenn, chgnet) are imported inside the command; without the
``atomistic`` extra it refuses with one line saying what to install.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from hydrion.cli.md_options import TrustOption, require_atomistic
from hydrion.cli.options import JsonOption
from hydrion.cli.output import print_json, print_table
from hydrion.errors import InputError
from hydrion.units import parse_positive, parse_temperature_K


def _temperatures(text: str) -> list[float]:
    values = [parse_temperature_K(part.strip()) for part in text.split(",") if part.strip()]
    if not values:
        raise InputError("give temperatures as e.g. 400K,450K,500K")
    return values


def _pressure_GPa(text: str) -> float:
    """A pressure in GPa from '0 GPa', '1 bar', '101325 Pa'; 0 is allowed, negatives too."""
    from hydrion.units import parse_quantity

    quantity = parse_quantity(text, "GPa", "GPa")
    return float(quantity.to("GPa").magnitude)


def run(
    structure: Annotated[str, typer.Argument(help="Curated structure (e.g. libh4-p63mc) or file.")],
    temperature: Annotated[
        str, typer.Option("--temperature", help="Comma-separated temperatures, e.g. 400K,450K.")
    ],
    time: Annotated[str, typer.Option("--time", help="Production time per run, e.g. 50ps.")],
    model: Annotated[str, typer.Option("--model", help="Potential, e.g. sevennet-0.")] = (
        "sevennet-0"
    ),
    replicas: Annotated[int, typer.Option("--replicas", min=1, help="Runs per temperature.")] = 1,
    device: Annotated[str, typer.Option("--device", help="auto, cpu or cuda.")] = "auto",
    atoms: Annotated[
        int, typer.Option("--atoms", min=1, help="Minimum supercell size (≤ 100,000).")
    ] = 96,
    equilibration: Annotated[
        str, typer.Option("--equilibration", help="Unsaved equilibration time, e.g. 2ps.")
    ] = "0ps",
    timestep: Annotated[str, typer.Option("--timestep", help="MD time step.")] = "0.5fs",
    save_every: Annotated[int, typer.Option("--save-every", min=1, help="Steps per frame.")] = 20,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the first run.")] = 0,
    random_orientations: Annotated[
        bool,
        typer.Option(
            "--random-orientations", help="Turn every complex anion at random (seeded by --seed)."
        ),
    ] = False,
    pressure: Annotated[
        str | None,
        typer.Option("--pressure", help="NPT at this pressure (e.g. 0 GPa, 1 bar); default NVT."),
    ] = None,
    out: Annotated[str, typer.Option("--out", help="Folder for trajectories.")] = "md",
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            min=1,
            help="CPU threads for torch (default: one per core; 1 on a busy machine).",
        ),
    ] = None,
    trust_model_file: TrustOption = False,
    json_out: JsonOption = False,
) -> None:
    """Run NVT (or NPT) MD over a temperature ladder; resumes interrupted, skips finished runs."""
    temperatures = _temperatures(temperature)
    pressure_GPa = None if pressure is None else _pressure_GPa(pressure)
    time_fs = parse_positive(time, "fs")  # bare numbers are refused: no silent unit
    dt_fs = parse_positive(timestep, "fs")
    from hydrion.atomistic.md import ladder
    from hydrion.atomistic.md_settings import check_out_dir, check_size, parse_equilibration_fs

    equilibration_fs = parse_equilibration_fs(equilibration)
    from hydrion.atomistic.structures import (
        load_structure,
        randomise_orientations,
        supercell_to,
        warn_beyond_limit,
    )

    check_out_dir(out)
    check_size(atoms, int(round((time_fs + equilibration_fs) / dt_fs)))
    runs = ladder(  # every run's settings checked before the model is loaded
        temperatures,
        production_steps=int(round(time_fs / dt_fs)),
        replicas=replicas,
        equilibration_steps=int(round(equilibration_fs / dt_fs)),
        timestep_fs=dt_fs,
        save_every=save_every,
        seed=seed,
        pressure_GPa=pressure_GPa,
    )
    cell, prov = load_structure(structure)
    warn_beyond_limit(structure, temperatures)
    cell = supercell_to(cell, atoms)
    check_size(len(cell), 0)  # the supercell may round the atom count up
    if random_orientations:
        cell = randomise_orientations(cell, seed)
        prov = {**prov, "random_anion_orientations_seed": seed}
    require_atomistic("torch", "ase")
    from hydrion.atomistic.md import run_ladder
    from hydrion.atomistic.potentials import load_calculator

    calc, info = load_calculator(model, device, trust_model_file, threads)

    def progress(name: str, phase: str, done: int, total: int) -> None:
        if not json_out:
            unit = "frame" if phase == "production" else "step"
            line = f"{name}: {phase} {unit} {done}/{total}"
            print(f"\r{line:<60}", end="", file=sys.stderr, flush=True)

    results = run_ladder(cell, calc, info.as_dict(), runs, Path(out), prov, progress)
    if not json_out:
        print(file=sys.stderr)
    if json_out:
        from hydrion.atomistic.reports import MDRunReport

        print_json(MDRunReport(model=info, n_atoms=len(cell), runs=tuple(results)))
        return
    print_table(
        f"MD with {info.model} ({info.backend} {info.backend_version}, {info.device}), "
        f"{len(cell)} atoms",
        ["trajectory", "T (K)", "frames", "time (ps)", "status", "atom-steps/s"],
        [
            [
                str(r.trajectory),
                f"{r.temperature_K:g}",
                r.frames,
                r.metadata.get("simulated_time_ps"),
                r.status,
                "" if r.atom_steps_per_s is None else f"{r.atom_steps_per_s:.3g}",
            ]
            for r in results
        ],
    )
