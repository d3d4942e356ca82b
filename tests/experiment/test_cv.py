"""Apparent window from a synthetic cyclic voltammogram."""

import numpy as np
import pytest

from hydrion.errors import FileFormatError, InputError
from hydrion.experiment.cv import apparent_window, store_window, with_file_reference
from hydrion.experiment.cv_files import read_cv


def _cv(tmp_path):
    up = np.linspace(2.0, 5.0, 61)
    down = np.linspace(5.0, -0.2, 105)
    e = np.concatenate([up, down])
    j = np.where(e > 4.2, 0.5 * (e - 4.2), 0.0) + np.where(e < 0.0, 2.0 * e, 0.0)
    path = tmp_path / "cv.csv"
    rows = "\n".join(f"{a},{b}" for a, b in zip(e, j, strict=True))
    path.write_text("potential_V,current_density_mA_per_cm2\n" + rows)
    return path


def test_window_from_threshold(tmp_path):
    e, j = read_cv(_cv(tmp_path))
    window = apparent_window(e, j, 0.05)
    assert window.high_V == pytest.approx(4.3, abs=0.06)  # 0.5·(E − 4.2) > 0.05
    assert window.low_V == pytest.approx(-0.05, abs=0.06)
    # a threshold above every current of the data (0.4 mA/cm²) finds nothing: refused
    with pytest.raises(InputError, match="above the largest current density"):
        apparent_window(e, j, 10.0)


def test_truncated_mpt_is_refused_as_cycling_refuses_it(tmp_path):
    path = tmp_path / "cut.mpt"
    rows = "\n".join(f"{t:.1f}\t{2 + 0.01 * t:.4f}\t{1e-3 * t:.4E}" for t in range(12))
    path.write_text(
        "EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\t<I>/mA\n"
        + rows
        + "\n12.0\t2.1200\t-9.64E-"
    )
    with pytest.raises(FileFormatError, match="truncated"):
        read_cv(path, area_cm2=1.0)


def test_store_with_material(tmp_path):
    from hydrion.kb import open_kb

    e, j = read_cv(_cv(tmp_path))
    store = open_kb().user_store
    window = apparent_window(e, j, 0.05)
    with pytest.raises(InputError, match="reference"):
        store_window(store, "my-libh4", window)  # no reference electrode, no file
    stored = store_window(store, "my-libh4", with_file_reference(window, "cv.csv", "Li"))
    assert store.get("window", "my-libh4")["method"] == "experimental"
    assert stored["reference"] == "Li/Li+" and stored["file"] == "cv.csv"
    assert "assumed Li/Li+" in stored["reference_source"]


def test_bad_files(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n3,4\n5,6\n")
    with pytest.raises(FileFormatError):
        read_cv(path)
    with pytest.raises(InputError):
        apparent_window(np.arange(3.0), np.zeros(3), 0.0)


def test_cv_command_stores_the_window(tmp_path, run_cli):
    code, out, _ = run_cli(
        "cv", str(_cv(tmp_path)), "--threshold", "0.05 mA cm-2", "--material", "LiBH4", "--json"
    )
    assert code == 0 and '"material": "libh4"' in out


def test_read_cv_is_still_importable_from_cv():
    from hydrion.experiment import cv, cv_files

    assert cv.read_cv is cv_files.read_cv
