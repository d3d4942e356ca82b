"""The issue's "done when": ``hydrion md run`` → ``md analyse --store`` and ``hydrion predict``
run real MD on the CPU on a 12-atom LiBH4 cell and land their predictions in the database.

Tiny on purpose (20 frames of 0.5 fs per run): the ions never leave the vibrational regime,
so every stored σ must come back flagged ILL-DETERMINED, never as a plain number. Skipped
without the atomistic extra (torch, ASE, sevenn, kinisi, distributed).
"""

from __future__ import annotations

import json

import pytest

from hydrion.kb import open_kb

TEMPERATURES = "500K,550K,600K"
FRAMES = [
    "--time",
    "10fs",
    "--save-every",
    "1",
    "--atoms",
    "12",
    "--device",
    "cpu",
    "--threads",
    "1",
]


@pytest.fixture(autouse=True, scope="module")
def _atomistic_extra() -> None:
    """Skip without the atomistic extra; imported when a test runs, not at collection (these
    tests are slow: the default run collects them only to leave them out)."""
    for package in ("torch", "ase", "sevenn", "kinisi", "distributed"):
        pytest.importorskip(package, reason=f"the atomistic extra ({package}) is not installed")


def _prediction(record_id: str):
    """The stored record and its provenance (the source note of its values)."""
    record = open_kb().material(record_id)
    assert "[MD prediction " in record.name and "not a measurement" in record.description
    provenance = json.loads(record.conductivities[0].source.note.removeprefix("provenance: "))
    return record, provenance


@pytest.mark.slow
def test_md_run_then_analyse_store_lands_in_the_database(run_cli, tmp_path):
    out = tmp_path / "md"
    code, _, err = run_cli(
        "md", "run", "libh4-p63mc", "-T", TEMPERATURES, *FRAMES, "--out", str(out)
    )
    assert code == 0, err
    assert "production frame 20/20" in err  # progress was shown
    runs = sorted(str(p) for p in out.glob("*.extxyz"))
    assert len(runs) == 3
    code, text, err = run_cli("md", "analyse", *runs, "--store", "libh4-md-e2e")
    assert code == 0, err
    assert "stored in the user database" in text and "doi:10.1016/j.matt.2020.04.027" in text
    record, provenance = _prediction("libh4-md-e2e")
    assert provenance["model"]["model"] == "sevennet-0" and provenance["model"]["backend_version"]
    assert provenance["n_atoms"] == 12 and provenance["estimator"] == "kinisi"
    assert [r["temperature_K"] for r in provenance["runs"]] == [500.0, 550.0, 600.0]
    assert all(c.note.startswith("ILL-DETERMINED") for c in record.conductivities)


@pytest.mark.slow
def test_predict_runs_real_md_on_a_local_cluster_and_stores_once(run_cli, tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "structure: libh4-p63mc\ntemperatures: [500 K]\ntime: 10 fs\n"
        f"save_every: 1\natoms: 12\ndevice: cpu\nthreads: 1\nout: {tmp_path / 'predict'}\n"
    )
    code, text, err = run_cli("predict", str(spec), "--workers", "1")
    assert code == 0, err
    assert "MD runs finished: 1/1" in err
    assert "sevennet-0 (sevenn" in text and "kinisi" in text
    (stored,) = [m for m in open_kb().materials(predictions=True) if m.id.startswith("md-libh4-")]
    assert stored.id in text
    record, provenance = _prediction(stored.id)
    assert provenance["estimator"] == "kinisi" and provenance["n_atoms"] == 12
    assert all(c.note.startswith("ILL-DETERMINED") for c in record.conductivities)
    # a rerun finds every run finished and the prediction stored: nothing is redone
    trajectories = {p: p.stat().st_mtime_ns for p in (tmp_path / "predict").rglob("*.extxyz")}
    code, text, err = run_cli("predict", str(spec), "--workers", "1")
    assert code == 0, err
    assert "already stored (skipped)" in text
    assert {p: p.stat().st_mtime_ns for p in trajectories} == trajectories
