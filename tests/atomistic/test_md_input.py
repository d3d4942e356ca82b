"""MD run settings checked before any model loads: temperature ladder names, pressure,
time step and equilibration time, from ``md run`` options and from a predict spec."""

from __future__ import annotations

import pytest

from hydrion.atomistic.md import ladder
from hydrion.atomistic.md_settings import RunSettings, parse_equilibration_fs
from hydrion.atomistic.screening import read_spec, tasks
from hydrion.errors import InputError, UnitError
from hydrion.units import parse_temperature_K


@pytest.fixture
def no_model(monkeypatch):
    """Fail the test if a command gets as far as loading a potential."""

    def load(*args, **kwargs):
        pytest.fail("the model was loaded before the bad input was refused")

    monkeypatch.setattr("hydrion.atomistic.potentials.load_calculator", load)


@pytest.mark.parametrize("second", ["500 K", "226.85 C", "500.0000001 K", "500.004 K"])
def test_a_temperature_given_twice_is_refused_as_it_would_share_a_file(second):
    """500 K and 226.85 °C both ran into T500K_r0.extxyz with different seeds."""
    with pytest.raises(InputError, match=r"repeats 500\.0 K .* T500K_r\*") as caught:
        ladder([500.0, parse_temperature_K(second)], production_steps=40)
    assert "\n" not in str(caught.value)


def test_temperatures_apart_by_the_resolution_get_their_own_files():
    runs = ladder([500.0, 500.01, 1234.5678], production_steps=40, replicas=2)
    names = [name for name, _ in runs]
    assert names == [
        "T500K_r0.extxyz",
        "T500K_r1.extxyz",
        "T500.01K_r0.extxyz",
        "T500.01K_r1.extxyz",
        "T1234.57K_r0.extxyz",
        "T1234.57K_r1.extxyz",
    ]
    # the thermostat runs at the temperature the file names, so a rerun finds its file
    assert [s.temperature_K for _, s in runs][::2] == [500.0, 500.01, 1234.57]
    assert [s.seed for _, s in runs] == [0, 1, 1000, 1001, 2000, 2001]


def test_cli_temperature_given_twice_is_one_line(run_cli, no_model, tmp_path):
    """`md run -T 500K,500K` ran the first and then failed 'holds a different run'."""
    code, out, err = run_cli(
        "md", "run", "libh4-p63mc", "-T", "500K,500K", "--time", "1ps", "--out", str(tmp_path)
    )
    assert code == 2 and err.count("\n") == 1 and "repeats 500.0 K" in err, err
    assert list(tmp_path.iterdir()) == []


SPEC = "structure: libh4-p63mc\ntime: 1 ps\nout: {out}\n"


def _spec(tmp_path, body: str):
    file = tmp_path / "spec.yaml"
    file.write_text(SPEC.format(out=tmp_path / "out") + body)
    return file


def test_spec_temperature_given_twice_is_refused(tmp_path):
    """Two tasks had the same trajectory path: two Dask workers could write one file."""
    with pytest.raises(InputError, match=r"spec\.yaml: temperature 500\.0 K repeats"):
        read_spec(_spec(tmp_path, "temperatures: [500 K, 500 K]\n"))
    spec = read_spec(_spec(tmp_path, "temperatures: [500 K, 500.01 K]\nreplicas: 2\n"))
    paths = [t.trajectory for t in tasks(spec)]
    assert len(set(paths)) == len(paths) == 4


@pytest.mark.parametrize("pressure", [-1e12, 1e12, 100.5, -100.5])
def test_pressure_beyond_the_guard_is_refused(pressure):
    with pytest.raises(InputError, match="beyond hydrion's NPT limit of ±100 GPa"):
        RunSettings(temperature_K=400.0, production_steps=40, pressure_GPa=pressure)
    assert RunSettings(temperature_K=400.0, production_steps=40, pressure_GPa=-100.0)


def test_cli_pressure_is_checked_before_the_model_loads(run_cli, no_model, tmp_path):
    """`--pressure "-1e12 GPa"` was accepted: the model loaded and the cell was crushed."""
    code, _, err = run_cli(
        "md", "run", "libh4-p63mc", "-T", "400K", "--time", "1ps", "--pressure", "-1e12 GPa",
        "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "-1e+12 GPa is beyond" in err, err


@pytest.mark.parametrize("timestep_fs", [1e-300, 0.009, 5.01])
def test_time_step_outside_its_bounds_is_refused(timestep_fs):
    with pytest.raises(InputError, match=r"outside \[0.01, 5\] fs"):
        RunSettings(temperature_K=400.0, production_steps=40, timestep_fs=timestep_fs)


@pytest.mark.parametrize(("text", "fs"), [("0 fs", 0.0), ("0 ps", 0.0), ("0", 0.0), ("2 ps", 2000)])
def test_equilibration_may_be_zero_in_any_time_unit(text, fs):
    """'0 ps' was accepted but '0 fs' refused as not positive."""
    assert parse_equilibration_fs(text) == pytest.approx(fs)


@pytest.mark.parametrize(("text", "problem"), [("-1 ps", "zero or positive"), ("2", "no unit")])
def test_equilibration_negative_or_bare_is_refused(text, problem):
    with pytest.raises(UnitError, match=problem):
        parse_equilibration_fs(text)


def test_spec_equilibration_zero_fs_is_accepted(tmp_path):
    spec = read_spec(_spec(tmp_path, "temperatures: [500 K]\nequilibration: 0 fs\n"))
    assert spec["equilibration_steps"] == 0
    with pytest.raises(UnitError, match="equilibration: '-2 ps' must be zero or positive"):
        read_spec(_spec(tmp_path, "temperatures: [500 K]\nequilibration: -2 ps\n"))
