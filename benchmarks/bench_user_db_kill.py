"""kill -9 at random moments of ``hydrion db add``: the user database is never half-stored.

Each run adds one file of N materials and N cells (each cell uses its own material) to a
fresh user database and sends SIGKILL after a random delay: every other run anywhere in
0–1.1 times an uninterrupted run, the others anywhere in 0–1.2 times the write
transaction of an uninterrupted run, counted from the moment SQLite's journal appears.
Afterwards the database must hold either every record of
the file or none. Prints how the kills fell and how many left a half-stored database
(must be 0).

Usage: ``python benchmarks/bench_user_db_kill.py [RUNS] [N]`` (defaults 60 and 600).
``tests/kb/test_user_db_safety.py`` runs a few kills with the same functions.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from hydrion.kb.store import UserStore

HYDRION = [sys.executable, "-m", "hydrion.cli.main"]


def write_batch(path: Path, n: int, prefix: str = "batch") -> Path:
    """A record file of ``n`` user electrolytes and ``n`` cells made of them."""
    source = {"kind": "user", "citation": "made for the kill -9 test"}
    records: list[dict] = []
    for i in range(n):
        material = f"{prefix}-m{i}"
        records.append(
            {
                "id": material,
                "name": f"{prefix} pellet {i}",
                "kind": "electrolyte",
                "ions": ["Li"],
                "family": "BH4",
                "formula": "LiBH4",
                "conductivities": [
                    {"sigma_S_per_cm": 1e-5 * (1 + i), "temperature_C": 30, "source": source}
                ],
            }
        )
    for i in range(n):
        records.append(
            {
                "id": f"{prefix}-c{i}",
                "cathode": "tis2",
                "electrolyte": f"{prefix}-m{i}",
                "anode": "li",
                "ion": "Li",
                "performance": [{"capacity_mAh_per_g": 100, "temperature_C": 60, "source": source}],
            }
        )
    path.write_text(yaml.safe_dump(records), encoding="utf-8")
    return path


def stored_counts(db: Path) -> tuple[int, int]:
    """(materials, cells) in the user database, read as hydrion reads it."""
    store = UserStore(db)
    return len(store.items("material")), len(store.items("cell"))


def add_and_kill(
    db: Path, batch: Path, delay_s: float | None, after_journal: bool = False
) -> int | None:
    """Run ``hydrion db add`` and SIGKILL it after ``delay_s`` (None: let it finish).

    With ``after_journal`` the delay counts from the moment SQLite's rollback journal
    appears, i.e. inside the write transaction. Returns the exit code, or None when the
    kill came first.
    """
    env = dict(os.environ, HYDRION_USER_DB=str(db))
    process = subprocess.Popen(
        [*HYDRION, "db", "add", str(batch)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if delay_s is None:
        return process.wait()
    if after_journal:
        journal = db.with_name(db.name + "-journal")
        while process.poll() is None and not journal.exists():
            time.sleep(0.0005)
    try:
        return process.wait(timeout=delay_s)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def timed_full_run(folder: Path, batch: Path) -> tuple[float, float]:
    """Seconds of one uninterrupted ``db add`` of ``batch``, and of its write transaction
    (from the journal's appearance to the exit)."""
    db = folder / "full.sqlite"
    start = time.perf_counter()
    env = dict(os.environ, HYDRION_USER_DB=str(db))
    process = subprocess.Popen(
        [*HYDRION, "db", "add", str(batch)], env=env, stdout=subprocess.DEVNULL
    )
    journal = db.with_name(db.name + "-journal")
    while process.poll() is None and not journal.exists():
        time.sleep(0.0005)
    began = time.perf_counter()
    if process.wait() != 0:
        raise RuntimeError(f"an uninterrupted db add failed with exit code {process.returncode}")
    end = time.perf_counter()
    return end - start, end - began


def kill_runs(folder: Path, batch: Path, n: int, runs: int, seed: int = 1) -> dict[str, int]:
    """Kill ``runs`` adds; count outcomes (``half`` must stay 0).

    Even runs are killed at a random moment of the whole run, odd ones at a random moment
    of the write transaction (0–1.2 times its length after its journal appeared).
    """
    rng = random.Random(seed)
    full_s, write_s = timed_full_run(folder, batch)
    outcome = {"none stored": 0, "all stored": 0, "half": 0, "finished": 0}
    for run in range(runs):
        db = folder / f"run{run}.sqlite"
        in_write = run % 2 == 1
        delay = rng.uniform(0, 1.2 * write_s) if in_write else rng.uniform(0, 1.1 * full_s)
        code = add_and_kill(db, batch, delay, after_journal=in_write)
        materials, cells = stored_counts(db)
        if code is not None:
            outcome["finished"] += 1
        if (materials, cells) == (0, 0):
            outcome["none stored"] += 1
        elif (materials, cells) == (n, n):
            outcome["all stored"] += 1
        else:
            outcome["half"] += 1
    outcome["full run (ms)"] = round(1000 * full_s)
    outcome["write transaction to exit (ms)"] = round(1000 * write_s)
    return outcome


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    folder = Path(tempfile.mkdtemp(prefix="hydrion-kill-"))
    try:
        batch = write_batch(folder / "batch.yaml", n)
        outcome = kill_runs(folder, batch, n, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{runs} kill -9 runs of db add ({n} materials + {n} cells):")
    for key, value in outcome.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
