"""A text table with thousands of columns is refused early, in one line."""

from pathlib import Path

import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.readers import MAX_COLUMNS, read_table


def _wide(tmp_path: Path, columns: int) -> Path:
    path = tmp_path / "wide.csv"
    header = ",".join(f"c{i}" for i in range(columns))
    path.write_text(header + "\n" + ",".join("1" for _ in range(columns)) + "\n")
    return path


@pytest.mark.parametrize("columns", [MAX_COLUMNS + 1, 30_000])
def test_too_many_columns_refused(tmp_path: Path, columns: int) -> None:
    with pytest.raises(FileFormatError, match=r"wide.csv has \d+ or more columns \(at most 1000\)"):
        read_table(_wide(tmp_path, columns))


def test_max_columns_still_read(tmp_path: Path) -> None:
    frame = read_table(_wide(tmp_path, MAX_COLUMNS))
    assert frame.shape == (1, MAX_COLUMNS)
    assert frame.columns[-1] == f"c{MAX_COLUMNS - 1}"


def test_cli_one_line(tmp_path: Path, run_cli) -> None:
    code, _, err = run_cli("arrhenius", "fit", str(_wide(tmp_path, 30_000)))
    assert code == 2
    assert err.strip().count("\n") == 0 and "columns (at most 1000)" in err
