"""Spectra with huge or infinite impedances: one refusal line, no numpy warnings."""

import warnings
from pathlib import Path

import numpy as np
import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.spectrum_readers import read_spectra


def _spectrum_file(tmp_path: Path, z_re: str, z_im: str) -> Path:
    frequency = np.logspace(6, -1, 30)
    z = 100 + 1 / (1j * 2 * np.pi * frequency * 1e-6)
    rows = ["freq,Zre,Zim"] + [f"{f},{v.real},{v.imag}" for f, v in zip(frequency, z, strict=True)]
    rows[10] = f"{frequency[9]},{z_re},{z_im}"
    path = tmp_path / "spectrum.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("z_re", "z_im", "message"),
    [("inf", "-20", "non-finite"), ("1.5e308", "-1.5e308", "too large to compute")],
)
def test_refused_in_one_line_without_warnings(tmp_path, z_re, z_im, message) -> None:
    path = _spectrum_file(tmp_path, z_re, z_im)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning would fail the test
        with pytest.raises(FileFormatError, match=message):
            read_spectra(path)


def test_cli_one_line_exit_2(tmp_path, run_cli) -> None:
    path = _spectrum_file(tmp_path, "1e308", "-1e308")
    code, _, err = run_cli("eis", str(path), "--thickness", "0.1 cm", "--area", "1 cm2")
    assert code == 2
    assert err.strip().count("\n") == 0
