"""``hydrion predict``: screen compositions × temperatures × replicas of MD as Dask tasks.

Heavy packages (torch, ASE, distributed) are imported inside the command; without them it
refuses with one line saying what to install.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from hydrion.atomistic.stored import model_label
from hydrion.cli.md_options import TrustOption, require_atomistic
from hydrion.cli.options import JsonOption
from hydrion.cli.output import print_json, print_table


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
    require_atomistic("torch", "ase", "distributed")
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
