"""A user's model file is read with torch's restricted unpickler first: no code runs from it.

The malicious checkpoint's ``__reduce__`` opens (creates) a marker file when unpickled by the
full unpickler, as ``CHGNet.from_file``/``SevenNetCalculator`` do (``weights_only=False``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="torch is not installed")

from hydrion.atomistic.potentials import check_plain_weights, load_calculator  # noqa: E402
from hydrion.errors import InputError  # noqa: E402


class _Planted:
    """Unpickled by the full unpickler, this calls open(marker, 'w'): the marker appears."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture
def evil(tmp_path: Path) -> tuple[Path, Path]:
    """(malicious checkpoint, marker that must never exist)."""
    marker = tmp_path / "marker"
    file = tmp_path / "evil.pth.tar"
    torch.save({"model": _Planted(marker), "state_dict": {}}, file)
    return file, marker


@pytest.mark.parametrize("backend", ["chgnet", "sevenn"])
def test_a_model_file_that_would_run_code_is_refused_and_runs_nothing(evil, backend):
    file, marker = evil
    with pytest.raises(InputError, match="not a plain weights checkpoint") as caught:
        load_calculator(f"{backend}:{file}", "cpu")
    assert "\n" not in str(caught.value)
    assert not marker.exists()


def test_plain_weights_pass_the_check_and_junk_is_not_a_checkpoint(tmp_path):
    plain = tmp_path / "plain.pt"
    torch.save({"state_dict": {"w": torch.zeros(2)}, "epoch": 3}, plain)
    check_plain_weights(plain)  # no error
    junk = tmp_path / "junk.pt"
    junk.write_bytes(b"not a checkpoint")
    with pytest.raises(InputError, match="not a torch checkpoint"):
        check_plain_weights(junk)


@pytest.mark.parametrize("backend", ["chgnet", "sevenn"])
def test_cli_refuses_the_malicious_file_in_one_line(run_cli, evil, tmp_path, backend):
    pytest.importorskip(backend, reason=f"{backend} is not installed")
    pytest.importorskip("ase", reason="ase is not installed")
    file, marker = evil
    args = ["md", "run", "libh4-p63mc", "-T", "400K", "--time", "10fs"]  # one frame
    code, _, err = run_cli(*args, "--model", f"{backend}:{file}", "--out", str(tmp_path / "o"))
    assert code == 2 and err.count("\n") == 1
    assert "not a plain weights checkpoint" in err and "--trust-model-file" in err
    assert not marker.exists()
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_predict_spec_with_a_malicious_model_runs_nothing(run_cli, evil, tmp_path):
    pytest.importorskip("distributed", reason="Dask distributed is not installed")
    file, marker = evil
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"structure: libh4-p63mc\ntemperatures: [400 K]\ntime: 1 fs\nmodel: chgnet:{file}\n"
        f"out: {tmp_path / 'o'}\n"
    )
    code, _, err = run_cli("predict", str(spec))
    assert code == 2 and err.count("\n") == 1 and "not a plain weights checkpoint" in err
    assert not marker.exists()


def test_trusting_the_file_loads_it_as_the_library_does(evil):
    """The opt-in hands the file to the backend's full unpickler (so the marker appears)."""
    pytest.importorskip("chgnet", reason="chgnet is not installed")
    file, marker = evil
    with pytest.raises(InputError, match="not a chgnet model file"):
        load_calculator(f"chgnet:{file}", "cpu", trust_model_file=True)
    assert marker.exists()


# sevenn: slow (importing SevenNet costs ~7 s on CI's machine); chgnet keeps the refusal in the
# default run, and `pytest -m slow` runs the SevenNet case
@pytest.mark.parametrize("backend", ["chgnet", pytest.param("sevenn", marks=pytest.mark.slow)])
def test_a_plain_file_that_is_not_a_model_is_one_line_exit_2(run_cli, tmp_path, backend):
    """CHGNet raised TypeError ('int' object is not subscriptable, 41 lines, exit 1);
    SevenNet printed two UserWarnings first."""
    pytest.importorskip(backend, reason=f"{backend} is not installed")
    pytest.importorskip("ase", reason="ase is not installed")
    file = tmp_path / "five.pt"
    torch.save(5, file)
    args = ["md", "run", "libh4-p63mc", "-T", "400K", "--time", "10fs", "--device", "cpu"]
    code, _, err = run_cli(*args, "--model", f"{backend}:{file}", "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.count("\n") == 1 and f"not a {backend} model file" in err, err
