"""``hydrion md run`` and ``hydrion md analyse``: machine-learned-potential MD predictions.

Heavy packages (torch, ASE, sevenn, chgnet) are imported inside the commands; without the
``atomistic`` extra the commands refuse with one line saying what to install.
"""

from __future__ import annotations

import importlib.util
import math
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hydrion.atomistic.stored import (
    ABSOLUTE_ZERO_C,
    ESTIMATORS,
    StoredPrediction,
    model_label,
)
from hydrion.cli.output import JSON_OPTION_HELP, format_sci, print_json, print_table
from hydrion.errors import InputError, MissingDataError
from hydrion.units import parse_positive, parse_temperature_K

app = typer.Typer(help="Molecular dynamics with machine-learned potentials.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]
TrustOption = Annotated[
    bool,
    typer.Option(
        "--trust-model-file",
        help="Load a local model file that is not plain weights, as its backend does. "
        "RISK: this runs any code the file contains; only for files from a maker you trust.",
    ),
]
INSTALL_HINT = "pip install torch==2.13.0 && pip install -e '.[atomistic]'"


def _require(*packages: str) -> None:
    missing = [p for p in packages if importlib.util.find_spec(p) is None]
    if missing:
        raise MissingDataError(
            f"hydrion md needs {', '.join(missing)} (the atomistic extra): {INSTALL_HINT}"
        )


class Estimator(StrEnum):
    kinisi = "kinisi"
    blocks = "blocks"


def structure_text(phase: str | None, doi: str | None) -> str:
    """'<phase> doi:<doi>' of a prediction's structure; 'no DOI (user structure)' without one."""
    source = f"doi:{doi}" if doi else "no DOI (user structure)"
    return f"{phase} {source}" if phase else source


def prediction_rows(prediction: StoredPrediction) -> list[tuple[str, str]]:
    """Table rows of one stored MD prediction (``hydrion sigma``'s predicted block)."""

    def celsius(T_K: float | None) -> str:
        return "" if T_K is None else f"{T_K + ABSOLUTE_ZERO_C:.0f} °C"

    rows = [
        ("model", prediction.model_text()),
        ("structure", structure_text(prediction.phase, prediction.structure_doi)),
        (
            "simulated",
            f"{prediction.n_atoms} atoms, {prediction.replicas} replica(s) × "
            f"{', '.join(f'{t:g}' for t in prediction.simulated_time_ps)} ps per temperature",
        ),
    ]
    for s in prediction.sigma:
        error = "" if s.sigma_err_S_per_cm is None else f" ± {format_sci(s.sigma_err_S_per_cm)}"
        flag = "" if s.well_determined else " (ILL-DETERMINED)"
        flag += f" ({s.beyond_limit})" if s.beyond_limit else ""
        rows.append(
            (
                f"σ at {celsius(s.temperature_K)}",
                f"{format_sci(s.sigma_S_per_cm)}{error} S/cm{flag}",
            )
        )
    e = prediction.activation_energy
    if e is None:
        rows.append(("Ea", "not fitted (fewer than 3 temperatures with a resolved σ)"))
    else:
        error = "" if e.Ea_err_eV is None else f" ± {e.Ea_err_eV:.2g}"
        flag = "" if e.well_determined else " (ILL-DETERMINED)"
        flag += f" (fit range reaches {e.beyond_limit})" if e.beyond_limit else ""
        rows.append(
            (
                "Ea",
                f"{e.Ea_eV:.3f}{error} eV{flag}, {e.convention} convention, "
                f"{celsius(e.T_min_K)} – {celsius(e.T_max_K)}",
            )
        )
    rows.append(("record", f"{prediction.record_id} (user database; not in the fitted law)"))
    return rows


def pwi_text(index: float, hops: int) -> str:
    """The paddle-wheel index as shown: 'value (n hops)', or why it is not resolved."""
    if math.isfinite(index):
        return f"{index:.2f} ({hops} hops)"
    if hops == 0:
        return "not resolved (no hops)"
    return f"not resolved ({hops} hops, no anion within reach)"


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
    _require("torch", "ase")
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


def analyse(
    trajectories: Annotated[list[Path], typer.Argument(help="extxyz files written by md run.")],
    ion: Annotated[str, typer.Option("--ion", help="Mobile ion.")] = "Li",
    blocks: Annotated[int, typer.Option("--blocks", min=2, help="Blocks for uncertainties.")] = 5,
    estimator: Annotated[
        Estimator,
        typer.Option(help="D*/σ estimator: kinisi (Bayesian) or blocks (block averaging)."),
    ] = Estimator.kinisi,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            metavar="KEY",
            help="Store the prediction in the user database as a material with this id.",
        ),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """D*, σ (with cross terms), Haven ratio, anion rotation τ, paddle-wheel index; Ea if ≥3 T."""
    from hydrion.atomistic.sidecar import read_metadata
    from hydrion.input_files import regular_file

    if store is not None and not store.strip():
        raise InputError("--store needs a non-empty key")
    for path in trajectories:
        regular_file(path)
        read_metadata(path)  # refuses files hydrion md run did not write, before heavy imports
    _require("ase", *(["kinisi"] if estimator is Estimator.kinisi else []))
    from hydrion.atomistic.analysis import (
        HAVEN_REFERENCE,
        PADDLE_WHEEL,
        fit_md_arrhenius,
        fit_rotation_arrhenius,
        haven_text,
    )
    from hydrion.atomistic.analysis import analyse as analyse_one

    results = [analyse_one(path, ion, blocks, estimator.value) for path in trajectories]
    fit = rotation_fit = None
    if len({r.temperature_K for r in results}) >= 3:
        try:
            fit = fit_md_arrhenius(results)
        except InputError:
            fit = None
        try:
            rotation_fit = fit_rotation_arrhenius(results)
        except InputError:
            rotation_fit = None
    from hydrion.atomistic.reports import MDAnalysisReport, StoredPredictionId

    stored: StoredPredictionId | None = None
    if store is not None:
        from shlex import quote

        from hydrion.atomistic.predictions import UNLINKED_FAMILY, store_prediction
        from hydrion.atomistic.stored import measured_name
        from hydrion.kb import open_kb

        record, new = store_prediction(results, open_kb(), fit, store, rotation_fit)
        stored = StoredPredictionId(record.id, new)
        shown_with = None if record.family == UNLINKED_FAMILY else measured_name(record)
    if json_out:
        print_json(MDAnalysisReport(tuple(results), fit, rotation_fit, stored))
        return

    def pm(estimate) -> str:
        if estimate is None:
            return "not resolved"
        flag = "" if estimate.well_determined else " (ill-determined)"
        return f"{format_sci(estimate.value)} ± {format_sci(estimate.error)}{flag}"

    print_table(
        f"MD prediction (not a measurement); ± is 1σ ({ESTIMATORS[estimator.value]})",
        [
            "trajectory",
            "T (K)",
            "time (ps)",
            "D* (cm²/s)",
            "σ (S/cm)",
            "H_R",
            "τ_rot (ps)",
            "η order",
            "PWI",
        ],
        [
            [
                Path(r.path).name + ("" if r.diffusive else " (not diffusive: run longer)"),
                f"{r.temperature_K:g}",
                f"{r.simulated_time_ps:g}",
                pm(r.D_tracer_cm2_per_s),
                pm(r.sigma_S_per_cm),
                haven_text(r),
                pm(r.rotation_tau_ps),
                pm(r.orientational_order),
                pwi_text(r.paddle_wheel_index, r.hops),
            ]
            for r in results
        ],
    )
    print(
        f"H_R = D*/D_σ ({HAVEN_REFERENCE}); D_σ rests on one collective coordinate, so H_R "
        "is far noisier than D*"
    )
    print(f"PWI: {PADDLE_WHEEL}")
    for r in results:
        if r.lattice_A is not None:
            abc = ", ".join(f"{e.value:.3f} ± {e.error:.3f}" for e in r.lattice_A)
            print(f"{Path(r.path).name}: NPT cell lengths a, b, c = {abc} Å")
    if fit is not None:
        seg = fit.segments[0]
        flag = "" if abs(seg.Ea_eV) >= 2 * seg.Ea_err_eV else " (ill-determined: run longer)"
        print(f"Ea (predicted) = {seg.Ea_eV:.3f} ± {seg.Ea_err_eV:.3f} eV{flag}")
    if rotation_fit is not None:
        seg = rotation_fit.segments[0]
        print(
            f"Ea of anion reorientation (predicted) = {seg.Ea_eV:.3f} ± {seg.Ea_err_eV:.3f} eV "
            "(Arrhenius fit of 1/τ_rot)"
        )
    if stored is not None:
        state = "stored" if stored.newly_stored else "already stored (skipped)"
        print(f"prediction {stored.id}: {state} in the user database")
        if shown_with is None:
            print(
                "  linked to no measured material: name it in the sidecar as "
                '"structure": {"material": "<id, name or formula>"} to see it in hydrion sigma'
            )
        else:
            print(f"  shown with the measured material by: hydrion sigma {quote(shown_with)} -T …")


app.command("run")(run)
app.command("analyse")(analyse)


def predict(
    spec: Annotated[Path, typer.Argument(help="YAML spec: compositions × temperatures.")],
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler (default: local)."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local cluster size.")] = 2,
    dashboard: Annotated[
        str | None,
        typer.Option(
            "--dashboard", help="Start the local cluster's Dask dashboard here, e.g. :8787."
        ),
    ] = None,
    trust_model_file: TrustOption = False,
    json_out: JsonOption = False,
) -> None:
    """Screen compositions × temperatures × replicas as Dask tasks; store the predictions."""
    from hydrion.atomistic.cluster import check_scheduler_address
    from hydrion.atomistic.screening_spec import read_spec

    parsed = read_spec(spec, trust_model_file)
    if scheduler:
        check_scheduler_address(scheduler)
    _require("torch", "ase", "distributed")
    from distributed import Client

    from hydrion.atomistic.cluster import connect, local_cluster
    from hydrion.atomistic.screening import screen

    if scheduler:
        client = connect(scheduler)
    else:
        if parsed["threads"] is None:  # share the cores: torch takes them all in each worker
            parsed["threads"] = max(1, (os.cpu_count() or 1) // workers)
        client = Client(local_cluster(workers, dashboard))

    def progress(finished: int, total: int) -> None:
        if not json_out:
            end = "\n" if finished == total else ""
            print(f"\rMD runs finished: {finished}/{total}", end=end, file=sys.stderr, flush=True)

    with client:
        results = screen(parsed, client, progress=progress)
    for r in results:
        for failure in r.failed:
            print(f"hydrion: error: {r.composition}: {failure}", file=sys.stderr)
    if json_out:
        from hydrion.atomistic.reports import PredictionReport

        print_json(PredictionReport(tuple(results)))
        if any(r.failed for r in results):
            raise typer.Exit(1)
        return
    print_table(
        "hydrion predict (MD predictions, not measurements)",
        ["composition", "runs", "model", "estimator", "record", "status"],
        [
            [
                r.composition,
                len(r.trajectories),
                model_label(r.model),
                r.estimator or "",
                r.record_id or "",
                "; ".join(r.failed)
                or ("stored" if r.newly_stored else "already stored (skipped)")
                + (f" ({r.note})" if r.note else ""),
            ]
            for r in results
        ],
    )
    if any(r.failed for r in results):
        raise typer.Exit(1)
