"""Every ``--store`` path leaves a user material visible (db show, db list, sigma), with no
"no index row" warning: ``cv --store my-libh4-lii`` used to delete the material's index rows
(the stored 'window' replaced under the material's id took them along), until ``db reindex``."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import numpy as np
import pytest

MATERIAL = "my-libh4-lii"
# the README's example user record (illustrative numbers, as there)
RECORD = """\
- id: my-libh4-lii
  name: LiBH4-LiI (my pellet)
  kind: electrolyte
  ions: [Li]
  family: BH4
  formula: Li(BH4)0.75I0.25
  conductivities:
    - sigma_S_per_cm: 2.1e-5
      temperature_C: 30
      source: {kind: user, citation: "lab notebook 3, p. 12"}
    - sigma_S_per_cm: 1.5e-4
      temperature_C: 60
      source: {kind: user, citation: "lab notebook 3, p. 13"}
"""
STALE = "have no index row"


@pytest.fixture
def added(run_cli, tmp_path, user_db) -> Path:
    """A user database holding the README's record, added with ``db add``."""
    path = tmp_path / "my.yaml"
    path.write_text(RECORD)
    code, out, err = run_cli("db", "add", str(path))
    assert code == 0 and MATERIAL in out, err
    return user_db


def assert_visible(run_cli, user_db: Path) -> None:
    """The material answers db show, db list and sigma, its index rows are all there, and
    no command warns of stored records without index rows."""
    code, out, err = run_cli("db", "show", MATERIAL)
    assert code == 0 and "LiBH4-LiI (my pellet)" in out and STALE not in err, err
    code, out, err = run_cli("db", "list", "--kind", "electrolyte", "--json")
    assert code == 0 and STALE not in err, err
    assert MATERIAL in {row["id"] for row in json.loads(out)["materials"]}
    code, out, err = run_cli("sigma", MATERIAL, "-T", "30C", "--json")
    assert code == 0 and STALE not in err, err
    # the σ law through the record's two values: 2.1e-5 S/cm at 30 °C
    assert json.loads(out)["sigma_S_per_cm"] == pytest.approx(2.1e-5, rel=1e-6)
    with sqlite3.connect(user_db) as connection:
        counts = [
            connection.execute(f"SELECT count(*) FROM {t} WHERE id = ?", (MATERIAL,)).fetchone()[0]  # noqa: S608
            for t in ("materials", "material_ions", "conductivities")
        ]
        keys = connection.execute("SELECT key FROM lookup WHERE id = ?", (MATERIAL,)).fetchall()
    assert counts == [1, 1, 2] and (MATERIAL,) in keys


@pytest.mark.parametrize("flag", ["--store", "--material"])  # --material: the README's spelling
def test_cv_store_keeps_the_user_material(run_cli, added, shared_dir, flag):
    path = shared_dir / "cases/lab-files/F8a_cv_onset_from_later_sweep.csv"
    for _ in range(2):  # a second run replaces the stored window
        code, out, err = run_cli("cv", str(path), "--area", "1 cm2", flag, MATERIAL)
        assert code == 0 and f"stored with {MATERIAL}" in out, err
    assert_visible(run_cli, added)
    _, out, _ = run_cli("db", "show", MATERIAL)
    assert "CV window (user, hydrion cv --store): ≤1.51–5.26 V vs Li/Li+" in out


def test_eis_store_under_the_materials_id_keeps_it(run_cli, added, shared_dir):
    path = shared_dir / "cases/lab-files/F4_latp_li_inductive_tail.csv"
    args = ("eis", str(path), "--thickness", "1 mm", "--area", "1 cm2")
    circuit = ("--circuit", "L0-R0-p(R1,CPE1)-CPE2")
    code, out, err = run_cli(*args, *circuit, "--store", MATERIAL, "--material", MATERIAL)
    assert code == 0 and f"stored as eis_fit '{MATERIAL}'" in out, err
    assert_visible(run_cli, added)


def test_arrhenius_fit_store_under_the_materials_id_keeps_it(run_cli, added, tmp_path):
    path = tmp_path / "pellet.csv"
    temperatures_C = np.linspace(25, 100, 8)
    sigma = 1e2 * np.exp(-0.57 / (8.617333262e-5 * (temperatures_C + 273.15)))
    path.write_text(
        "T_C,sigma_S_per_cm\n"
        + "".join(f"{t:.2f},{s:.6e}\n" for t, s in zip(temperatures_C, sigma, strict=True))
    )
    for _ in range(2):
        code, _, err = run_cli(
            "arrhenius", "fit", str(path), "--store", MATERIAL, "--material", MATERIAL
        )
        assert code == 0, err
    assert_visible(run_cli, added)


def test_cycling_store_of_a_cell_with_the_user_electrolyte_keeps_it(run_cli, added, tmp_path):
    path = tmp_path / "cell.csv"  # one discharge, one charge: ±0.1 mA for 3660 s each
    rows, t = ["time/s,Ewe/V,I/mA,cycle number", "0,2.4,0,1"], 60
    for current_mA, start_V, end_V in ((-0.1, 2.4, 1.8), (0.1, 1.8, 2.4)):
        for k in range(61):
            rows.append(f"{t},{start_V + (end_V - start_V) * k / 60:.4f},{current_mA},1")
            t += 60
        rows.append(f"{t},{end_V},0,1")
        t += 60
    path.write_text("\n".join(rows) + "\n")
    parts = ("--cathode", "tis2", "--electrolyte", MATERIAL, "--anode", "li")
    code, out, err = run_cli(
        "cycling",
        str(path),
        "--mass",
        "2 mg",
        "--store",
        "my-cell",
        *parts,
        "--temperature",
        "60 C",
    )
    assert code == 0 and "stored as cell 'my-cell'" in out, err
    assert_visible(run_cli, added)
    code, out, err = run_cli("db", "show", MATERIAL, "--json")
    assert code == 0 and json.loads(out)["cells"] == ["my-cell"], err


def test_db_add_of_a_second_record_naming_the_user_material_keeps_it(run_cli, added, tmp_path):
    path = tmp_path / "cell.yaml"
    path.write_text(
        f"""\
- id: my-cell-2
  cathode: tis2
  electrolyte: {MATERIAL}
  anode: li
  ion: Li
  performance:
    - capacity_mAh_per_g: 200
      temperature_C: 60
      source: {{kind: user, citation: "lab notebook 3, p. 14"}}
"""
    )
    code, _, err = run_cli("db", "add", str(path))
    assert code == 0, err
    assert_visible(run_cli, added)
    code, out, err = run_cli("db", "show", MATERIAL, "--json")
    assert code == 0 and json.loads(out)["cells"] == ["my-cell-2"], err


def test_md_analyse_store_of_a_prediction_for_the_user_material_keeps_it(run_cli, added, tmp_path):
    ase = pytest.importorskip("ase", reason="the atomistic extra (ASE) is not installed")
    from ase.io import write

    frames, n_li, box, frame_fs = 200, 16, 10.0, 100.0
    rng = np.random.default_rng(3)
    step = math.sqrt(2 * 2e-5 * 1e4 * frame_fs / 1000)  # Å per axis per frame, D = 2e-5 cm²/s
    walk = rng.uniform(0, box, (n_li, 3)) + np.cumsum(rng.normal(0, step, (frames, n_li, 3)), 0)
    path = tmp_path / "walk.extxyz"
    write(path, [ase.Atoms("Li" * n_li, p % box, cell=[box] * 3, pbc=True) for p in walk])
    sidecar = {
        "settings": {
            "temperature_K": 600.0,
            "seed": 0,
            "production_steps": frames * 20,
            "timestep_fs": frame_fs / 20,
            "save_every": 20,
        },
        "frame_interval_fs": frame_fs,
        "model": {"model": "my-dft-md"},
        "structure": {"material": MATERIAL},
        "formula": "Li",
        "frames_written": frames,
    }
    path.with_name(path.name + ".json").write_text(json.dumps(sidecar))
    args = ("md", "analyse", str(path), "--estimator", "blocks")
    code, out, err = run_cli(*args, "--store", "my-md")
    assert code == 0 and "prediction my-md: stored" in out, err
    assert_visible(run_cli, added)
    code, out, err = run_cli(*args, "--store", MATERIAL)  # the material's own id: refused
    assert code == 2 and err.count("\n") == 1 and MATERIAL in err, err
    assert_visible(run_cli, added)


def test_a_store_damaged_this_way_is_repaired_by_the_warnings_advice(run_cli, added):
    """A file written by the faulty versions (the material's index rows deleted, its record
    and the window kept) warns on every command and is whole again after ``db reindex``."""
    with sqlite3.connect(added) as connection:  # exactly what the faulty replace deleted
        for table in ("materials", "material_ions", "lookup", "conductivities", "windows"):
            connection.execute(f"DELETE FROM {table} WHERE id = ?", (MATERIAL,))  # noqa: S608
        connection.execute(
            "INSERT INTO records (kind, key, payload, added_at) VALUES ('window', ?, '{}', '')",
            (MATERIAL,),
        )
    code, _, err = run_cli("db", "show", MATERIAL)
    assert code == 2 and f"no material '{MATERIAL}'" in err
    assert "1 stored record(s) have no index row" in err and "hydrion db reindex" in err
    code, out, err = run_cli("db", "reindex")
    assert code == 0 and "1 record(s) indexed, 0 left out" in out, err
    assert_visible(run_cli, added)
