"""``hydrion md analyse``: D*, σ, Haven ratio, anion rotation and Ea from ``md run`` trajectories.

Heavy packages (ASE, kinisi) are imported inside the command; without them it refuses with one
line saying what to install.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hydrion.atomistic.stored import ESTIMATORS
from hydrion.cli.md_options import require_atomistic
from hydrion.cli.options import JsonOption
from hydrion.cli.output import format_sci, print_json, print_table
from hydrion.errors import InputError


class Estimator(StrEnum):
    kinisi = "kinisi"
    blocks = "blocks"


def pwi_text(index: float, hops: int) -> str:
    """The paddle-wheel index as shown: 'value (n hops)', or why it is not resolved."""
    if math.isfinite(index):
        return f"{index:.2f} ({hops} hops)"
    if hops == 0:
        return "not resolved (no hops)"
    return f"not resolved ({hops} hops, no anion within reach)"


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
    require_atomistic("ase", *(["kinisi"] if estimator is Estimator.kinisi else []))
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
