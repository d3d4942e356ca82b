"""The one column finder and number reader every lab-file reader shares."""

import re

import numpy as np
import pandas as pd
import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.columns import column_numbers, find_column, match_column
from hydrion.experiment.readers import read_sheets


def test_headers_match_without_whitespace_and_case_in_pattern_order():
    frame = pd.DataFrame(columns=["Test Time (s)", "Voltage (V)", "I/mA", "freq/Hz"])
    assert find_column(frame, (r"test_?time.*",)) == "Test Time (s)"
    assert find_column(frame, (r"ewe.*", r"voltage.*")) == "Voltage (V)"
    assert find_column(frame, (r"<?i>?/ma",)) == "I/mA"
    assert find_column(frame, (r"FREQ/HZ",)) == "freq/Hz"  # the pattern's case does not matter
    assert find_column(frame, (r"current.*",)) is None
    # the first pattern wins over column order
    assert find_column(frame, (r"i/ma", r"test.*")) == "I/mA"


def test_a_match_keeps_the_unit_group_as_written():
    frame = pd.DataFrame(columns=["T (K)", "sigma [mS / cm]"])
    pattern = re.compile(r"sigma(?:[_/(\[](?P<unit>[^)\]]+)[)\]]?)?", re.IGNORECASE)
    column, match = match_column(frame, (pattern,))
    assert column == "sigma [mS / cm]"
    assert match.group("unit") == "mS/cm"  # case kept: mS is millisiemens, not ms


def test_column_numbers_read_decimal_commas_and_name_damaged_rows():
    frame = pd.DataFrame({"f": ["1,5", " 2.5", "3"], "z": ["1", "x", "y"], "t": ["1", "2", ""]})
    assert column_numbers(frame, "f", "a.csv") == pytest.approx(np.array([1.5, 2.5, 3.0]))
    with pytest.raises(FileFormatError, match=r"a.csv: 2 value\(s\) in column 'z' are not"):
        column_numbers(frame, "z", "a.csv")
    with pytest.raises(FileFormatError, match="a.csv is truncated or damaged: the last row"):
        column_numbers(frame, "t", "a.csv")


def test_sheets_of_a_workbook_come_back_by_name_with_clean_headers(tmp_path):
    pytest.importorskip("openpyxl")
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({" time ": [1, 2, 3], "empty": [None] * 3}).to_excel(
            writer, sheet_name="data", index=False
        )
        pd.DataFrame({"note": ["x"]}).to_excel(writer, sheet_name="info", index=False)
    sheets = read_sheets(path)
    assert list(sheets) == ["data", "info"]
    assert list(sheets["data"].columns) == ["time"]  # stripped, the empty column dropped


def test_a_damaged_workbook_is_one_file_format_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip archive")
    with pytest.raises(FileFormatError, match="broken.xlsx is not a readable spreadsheet"):
        read_sheets(path)
