"""analyse() on a synthetic extxyz trajectory: wrapping, D*, σ by Nernst–Einstein, storing."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

pytest.importorskip("ase", reason="the atomistic extra (ASE) is not installed")

from ase import Atoms  # noqa: E402
from ase.io import write  # noqa: E402
from scipy import constants  # noqa: E402

from hydrion.atomistic.analysis import analyse  # noqa: E402

D_CM2_PER_S = 2e-5
FRAME_FS = 100.0


def _write_random_walk(path, frames=600, n_li=32, box=10.0, seed=5):
    """Li random walkers wrapped into a cubic box, with the sidecar md.run_md would write."""
    rng = np.random.default_rng(seed)
    step = math.sqrt(2 * D_CM2_PER_S * 1e4 * FRAME_FS / 1000)  # Å per axis per frame
    start = rng.uniform(0, box, size=(n_li, 3))
    walk = start + np.cumsum(rng.normal(0, step, size=(frames, n_li, 3)), axis=0)
    images = [Atoms("Li" * n_li, positions=p % box, cell=[box] * 3, pbc=True) for p in walk]
    write(path, images, format="extxyz")
    meta = {
        "settings": {
            "temperature_K": 600.0,
            "seed": 0,
            "production_steps": frames * 20,
            "timestep_fs": FRAME_FS / 20,
            "save_every": 20,
        },
        "frame_interval_fs": FRAME_FS,
        "model": {"model": "synthetic"},
        "structure": {},
        "formula": "Li",
        "frames_written": frames,
    }
    path.with_name(path.name + ".json").write_text(json.dumps(meta))
    return n_li / (box * 1e-8) ** 3


def test_analyse_recovers_d_and_sigma_through_wrapped_coordinates(tmp_path):
    path = tmp_path / "walk.extxyz"
    n_per_cm3 = _write_random_walk(path)
    result = analyse(path, "Li", n_blocks=5)
    d = result.D_tracer_cm2_per_s
    assert abs(d.value - D_CM2_PER_S) < 3 * d.error
    assert result.diffusive  # MSD ≫ (2 Å)²
    expected = n_per_cm3 * constants.e**2 * D_CM2_PER_S / (constants.k * 600.0)
    sigma = result.sigma_S_per_cm
    assert abs(sigma.value - expected) < 3 * sigma.error
    assert result.simulated_time_ps == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("sidecar", "message"),
    [
        ("[1]", "not the metadata hydrion md run writes"),
        ('{"settings": 5}', "not the metadata hydrion md run writes"),
        ('{"settings": {"temperature_K": 600}}', "frame_interval_fs is None"),
        ('{"settings": {"temperature_K": -1}, "frame_interval_fs": 1}', "temperature_K is -1"),
        ("{not json", "not readable metadata"),
    ],
)
def test_a_sidecar_hydrion_did_not_write_is_one_line(run_cli, tmp_path, sidecar, message):
    """A sidecar without frame_interval_fs was a KeyError traceback in md analyse."""
    path = tmp_path / "walk.extxyz"
    _write_random_walk(path, frames=20)
    path.with_name(path.name + ".json").write_text(sidecar)
    code, _, err = run_cli("md", "analyse", str(path), "--estimator", "blocks")
    assert code == 2 and err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("temperature_K", 6000.0, "settings.temperature_K is 6000.0"),
        ("temperature_K", 1e30, "settings.temperature_K is 1e+30"),
        ("frame_interval_fs", 1e-300, "frame_interval_fs is 1e-300"),
        ("frame_interval_fs", 1e308, "frame_interval_fs is 1e+308"),
        ("frame_interval_fs", 50.0, "is not the time step 5 fs × save_every 20"),
        ("timestep_fs", 1e-300, "settings.timestep_fs is 1e-300"),
        ("pressure_GPa", -1e12, "settings.pressure_GPa is -1000000000000.0"),
        ("seed", True, "settings.seed is True"),
        ("frames_written", -1, "frames_written is -1"),
    ],
)
@pytest.mark.parametrize("store", [False, True])
def test_sidecar_numbers_beyond_what_md_run_writes_are_one_line(
    run_cli, tmp_path, monkeypatch, key, value, message, store
):
    """6000 K or 1e30 K was accepted (a pydantic traceback with --store); a frame interval of
    1e-300 fs was a LinAlgError traceback, 1e308 fs printed nonsense."""
    db = tmp_path / "user.sqlite"
    monkeypatch.setenv("HYDRION_USER_DB", str(db))
    path = tmp_path / "walk.extxyz"
    _write_random_walk(path, frames=60)  # enough for 5 blocks: a good sidecar is stored
    sidecar = path.with_name(path.name + ".json")
    meta = json.loads(sidecar.read_text())
    (meta if key in ("frame_interval_fs", "frames_written") else meta["settings"])[key] = value
    sidecar.write_text(json.dumps(meta))
    code, out, err = run_cli(
        "md", "analyse", str(path), "--estimator", "blocks", *(["--store", "k"] if store else [])
    )
    assert code == 2 and err.count("\n") == 1 and message in err and not out, err
    assert not db.exists()  # refused before the user database is opened


def test_a_missing_trajectory_is_file_not_found(run_cli, tmp_path):
    """It said 'no metadata file' for a trajectory that is not there."""
    code, _, err = run_cli("md", "analyse", str(tmp_path / "nonexist.extxyz"))
    assert code == 2 and err.count("\n") == 1 and "nonexist.extxyz: no such file" in err, err


@pytest.mark.parametrize("frames_written", [59, 61, 0])
def test_a_frame_count_other_than_the_sidecars_is_one_line(run_cli, tmp_path, frames_written):
    """A sidecar saying 400 frames was accepted with 401 frames in the file."""
    path = tmp_path / "walk.extxyz"
    _write_random_walk(path, frames=60)
    sidecar = path.with_name(path.name + ".json")
    sidecar.write_text(
        json.dumps({**json.loads(sidecar.read_text()), "frames_written": frames_written})
    )
    code, out, err = run_cli("md", "analyse", str(path), "--estimator", "blocks")
    assert code == 2 and err.count("\n") == 1 and not out, err
    assert f"60 frames, but its sidecar says frames_written {frames_written}" in err


def _hand_written(path, structure):
    """A random walk whose sidecar is the documented hand-written one, with ``structure``."""
    _write_random_walk(path, frames=200)
    sidecar = path.with_name(path.name + ".json")
    meta = {**json.loads(sidecar.read_text()), "structure": structure}
    meta["model"] = {"model": "my-dft-md"}
    sidecar.write_text(json.dumps(meta))


def test_a_hand_written_sidecar_naming_its_material_reaches_sigma(run_cli, tmp_path):
    """A hand-written sidecar (no curated structure) was stored with family 'md-prediction',
    so `sigma LiBH4` found 0 of its predictions."""
    path = tmp_path / "walk.extxyz"
    _hand_written(path, {"material": "LiBH4"})
    code, out, err = run_cli("md", "analyse", str(path), "--estimator", "blocks", "--store", "mine")
    assert code == 0, err
    assert "prediction mine: stored" in out and "hydrion sigma LiBH4 -T" in out
    code, out, err = run_cli("sigma", "LiBH4", "-T", "120C")
    assert code == 0, err
    predicted = out[out.index("LiBH4: predicted (MLIP MD, my-dft-md)") :]
    assert "no DOI (user structure)" in predicted and "doi:—" not in out
    assert "σ at 327 °C" in predicted and "mine (user database" in predicted


def test_a_hand_written_sidecar_without_a_material_says_how_to_link_it(run_cli, tmp_path):
    path = tmp_path / "walk.extxyz"
    _hand_written(path, {})
    code, out, err = run_cli("md", "analyse", str(path), "--estimator", "blocks", "--store", "k")
    assert code == 0, err
    assert (
        'linked to no measured material: name it in the sidecar as "structure": {"material"' in out
    )
    _, out, _ = run_cli("sigma", "LiBH4", "-T", "120C")
    assert "predicted" not in out


@pytest.mark.parametrize(
    ("material", "message"),
    [("no-such-material", "no-such-material"), (5, "structure.material is 5")],
)
def test_a_material_the_kb_lacks_is_one_line(run_cli, tmp_path, material, message):
    path = tmp_path / "walk.extxyz"
    _hand_written(path, {"material": material})
    code, out, err = run_cli("md", "analyse", str(path), "--estimator", "blocks", "--store", "k")
    assert code == 2 and err.count("\n") == 1 and message in err, err
