"""hydrion md / predict refuse bad input with one line and exit code 2 (no MD is run)."""

from __future__ import annotations

import pytest


def md_run(*extra: str, material: str = "libh4-p63mc", T: str = "500K", time: str = "1ps"):
    """The arguments of ``hydrion md run`` with a valid default for each required option."""
    return ["md", "run", material, "--temperature", T, "--time", time, *extra]


@pytest.mark.parametrize(
    "args, message",
    [
        (md_run(material="li2b12h12"), "curated"),
        (md_run(T="-300C"), "zero"),
        (md_run(time="5 V"), "is a voltage, not a time"),
        (["md", "analyse", "missing.extxyz"], "missing.extxyz: no such file"),
        (["predict", "missing.yaml"], "no such file"),
        (md_run(T="500"), "has no unit"),
        (md_run(time="50"), "has no unit"),
        (md_run("--out", ""), "folder name"),
        (md_run(time="1e99ps"), "limit of 10,000,000"),
        (md_run("--atoms", "100000000"), "limit of 100,000 atoms"),
        # settings are refused before the model loads (a negative seed was a traceback)
        (md_run("--seed", "-1"), "--seed"),
        (md_run(T="500K,1e9K"), "MD limit of 3000 K"),
        (md_run("--timestep", "10fs", time="1ps"), "outside [0.01, 5] fs"),
        (md_run(time="1fs"), "do not reach one saved frame"),
        (md_run("--threads", "0"), "--threads"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(run_cli, args, message):
    code, out, err = run_cli(*args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("hydrion: error:")
    assert message in err


def test_unknown_model_lists_the_installed_ones(run_cli):
    pytest.importorskip("torch", reason="the atomistic extra is not installed")
    pytest.importorskip("ase", reason="the atomistic extra is not installed")
    code, _, err = run_cli(*md_run("--model", "mace-mp-0", "--atoms", "12"))
    assert code == 2 and "installed:" in err


def test_md_analyse_store_takes_a_key_as_every_command_does(run_cli):
    """``--store KEY`` (a flag before): the key is the stored material's id."""
    _, help_text, _ = run_cli("md", "analyse", "--help")
    line = next(li for li in help_text.splitlines() if "--store" in li)
    assert "KEY" in line
    code, _, err = run_cli("md", "analyse", "run.extxyz", "--store")
    assert code == 2 and "requires an argument" in err
    code, _, err = run_cli("md", "analyse", "run.extxyz", "--store", " ")
    assert code == 2 and "--store needs a non-empty key" in err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("compositions: [{name: ../../escaped}]", "compositions[0].name"),
        ("compositions: [{name: 5}]", "compositions[0].name"),
        ("compositions: [{name: a, substitute: {Li: Xx}}]", "compositions[0].substitute"),
        ("ion: K", "ion K is not in the structure"),
        ("replicas: 100000000", "replicas is a whole number ≤ 1,000"),
        ("colour: red", "unknown spec keys ['colour']"),
    ],
)
def test_predict_refuses_a_bad_spec_before_any_run(run_cli, tmp_path, line, message):
    """Each of these wrote outside out, raised a traceback, ran the MD or hung."""
    spec = tmp_path / "spec.yaml"
    out = tmp_path / "work" / "out"
    spec.write_text(
        f"structure: libh4-p63mc\ntemperatures: [400 K]\ntime: 1 fs\nout: {out}\n{line}\n"
    )
    code, _, err = run_cli("predict", str(spec))
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "work" / "escaped").exists()
    assert not out.exists() or not any(out.iterdir())
