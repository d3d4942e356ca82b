"""read_table on the layouts instrument exports use: delimiters, locales, preambles, headers."""

import numpy as np
import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.readers import read_table


@pytest.mark.parametrize(
    "text",
    [
        "time/s\tEwe/V\tI/mA\n0,000E+000\t2,5E+000\t1,0E-001\n1,0E+001\t2,6E+000\t1,0E-001\n",
        "time/s;Ewe/V;I/mA\n0,0;2,5;0,1\n10,0;2,6;0,1\n",
        "time/s,Ewe/V,I/mA\n0.0,2.5,0.1\n10.0,2.6,0.1\n",
        "time/s Ewe/V I/mA\n0.0   2.5  0.1\n10.0  2.6  0.1\n",
        "# exported by a script\n# second comment\ntime/s,Ewe/V,I/mA\n0.0,2.5,0.1\n10,2.6,0.1\n",
        "Instrument:,XYZ\nOperator:,someone\nMass (g):,1.0\n\ntime/s,Ewe/V,I/mA\n0,2.5,0.1\n"
        "10,2.6,0.1\n",
        "Name:\tcell 1\n\ntime/s\tEwe/V\tI/mA\n\n0\t2.5\t0.1\t\n10\t2.6\t0.1\t\n",
    ],
    ids=["tab-comma-exponent", "semicolon", "comma", "spaces", "comments", "preamble", "trailing"],
)
def test_layouts_give_the_same_table(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="latin-1")
    frame = read_table(path)
    assert list(frame.columns) == ["time/s", "Ewe/V", "I/mA"]
    assert frame.to_numpy(float) == pytest.approx(np.array([[0, 2.5, 0.1], [10, 2.6, 0.1]]))


def test_headerless_table_gets_numbered_columns(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("1000\t10,5\t-2,0\n100\t11,0\t-3,5\n")
    frame = read_table(path)
    assert list(frame.columns) == ["0", "1", "2"]
    assert frame["1"].tolist() == [10.5, 11.0]


def test_bare_biologic_header_and_text_without_table(tmp_path):
    bare = tmp_path / "bare.mpt"
    bare.write_text("EC-Lab ASCII FILE\nNb header lines : 3\n\n")
    with pytest.raises(FileFormatError, match="no data rows"):
        read_table(bare)
    comments = tmp_path / "c.csv"
    comments.write_text("# only\n# comments\n")
    with pytest.raises(FileFormatError, match="no data lines"):
        read_table(comments)
