"""A few MD steps on a 12-atom LiBH4 cell with each backend; metadata, resume, skip.

Skipped where the atomistic extra is absent (torch, ASE, sevenn, chgnet):
``pip install torch==2.13.0 && pip install -e ".[dev,atomistic]"``.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("torch", reason="the atomistic extra (torch CPU build) is not installed")
pytest.importorskip("ase", reason="the atomistic extra (ASE) is not installed")
pytest.importorskip("sevenn", reason="the atomistic extra (sevenn) is not installed")
pytest.importorskip("chgnet", reason="the atomistic extra (chgnet) is not installed")

from pymatgen.io.ase import AseAtomsAdaptor  # noqa: E402

from hydrion.atomistic.md import RunSettings, read_metadata, run_md  # noqa: E402
from hydrion.atomistic.potentials import installed_models, load_calculator  # noqa: E402
from hydrion.atomistic.structures import structure_entry  # noqa: E402
from hydrion.errors import InputError, MissingDataError  # noqa: E402

SETTINGS = RunSettings(temperature_K=500.0, production_steps=4, save_every=2, seed=3)


@pytest.fixture(scope="module")
def atoms():
    return AseAtomsAdaptor.get_atoms(structure_entry("libh4-p63mc").build())


def test_weights_ship_inside_the_wheels():
    assert {"sevennet-0", "sevennet-mf-0", "chgnet-0.3.0"} <= set(installed_models())


def test_unknown_model_lists_the_installed_ones():
    with pytest.raises(MissingDataError, match="installed: sevennet-0"):
        load_calculator("mace-mp-0", "cpu")


@pytest.mark.slow
@pytest.mark.parametrize("model", ["sevennet-0", "chgnet"])
def test_a_few_md_steps_record_model_and_resume(model, atoms, tmp_path):
    calc, info = load_calculator(model, "cpu", threads=1)  # faster on busy cores
    path = tmp_path / "run.extxyz"
    prov = structure_entry("libh4-p63mc").provenance()
    result = run_md(atoms, calc, info.as_dict(), SETTINGS, path, prov)
    meta = read_metadata(path)
    assert result.frames == 2 and meta["status"] == "finished"
    assert meta["model"]["model"] == info.model and meta["model"]["backend_version"]
    assert meta["structure"]["doi"] == "10.1016/S0925-8388(02)00521-2"
    assert meta["simulated_time_ps"] == pytest.approx(0.002)
    # a finished run is skipped
    assert run_md(atoms, calc, info.as_dict(), SETTINGS, path, prov).skipped
    # a run killed after its first frame resumes from it and ends with the same frames
    meta["frames_written"], meta["status"] = 1, "production"
    path.with_name(path.name + ".json").write_text(json.dumps(meta))
    resumed = run_md(atoms, calc, info.as_dict(), SETTINGS, path, prov)
    assert resumed.resumed_from_frame == 1 and resumed.frames == 2
    assert path.read_text().count("Lattice=") == 2
    # other settings never overwrite it
    other = RunSettings(temperature_K=600.0, production_steps=4, save_every=2)
    with pytest.raises(InputError, match="different run"):
        run_md(atoms, calc, info.as_dict(), other, path, prov)


@pytest.mark.slow
def test_a_few_npt_steps_change_the_cell_and_record_the_pressure(atoms, tmp_path):
    from ase.io import read

    calc, info = load_calculator("sevennet-0", "cpu", threads=1)
    settings = RunSettings(
        temperature_K=500.0, production_steps=4, save_every=2, seed=3, pressure_GPa=0.0
    )
    path = tmp_path / "npt.extxyz"
    run_md(atoms, calc, info.as_dict(), settings, path)
    assert read_metadata(path)["settings"]["pressure_GPa"] == 0.0
    frames = read(path, index=":")
    assert frames[-1].get_volume() != pytest.approx(atoms.get_volume(), rel=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sevenn", "chgnet"])
def test_a_local_file_that_is_not_a_model_is_refused(backend, tmp_path):
    junk = tmp_path / "binary.bin"
    junk.write_bytes(b'"not a pickle\x00\x01')
    with pytest.raises(InputError, match="is not a torch checkpoint"):
        load_calculator(f"{backend}:{junk}", "cpu")
