"""A FIFO, folder or missing path is refused in one line before any reader opens it."""

import os
from pathlib import Path

import pytest

from hydrion.atomistic.screening import read_spec
from hydrion.errors import FileFormatError
from hydrion.experiment.conductivity_tables import read_conductivity_table
from hydrion.experiment.cv_files import read_cv
from hydrion.experiment.cycler_files import read_cycling
from hydrion.experiment.readers import read_table
from hydrion.experiment.spectrum_readers import read_spectra
from hydrion.input_files import regular_file
from hydrion.kb.record_files import read_record_file

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "reader",
    [
        read_table,
        read_conductivity_table,
        read_cv,
        read_cycling,
        read_spectra,
        read_spec,
        read_record_file,
    ],
)
def test_readers_refuse_a_fifo_without_blocking(reader, fifo: Path) -> None:
    with pytest.raises(FileFormatError, match="not a regular file"):
        reader(fifo)


def test_regular_file_names_the_problem(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="no such file"):
        regular_file(tmp_path / "missing.csv")
    with pytest.raises(FileFormatError, match="is a folder"):
        regular_file(tmp_path)
    data = tmp_path / "x.csv"
    data.write_text("a,b\n1,2\n")
    assert regular_file(str(data)) == data


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (["eis"], ["--thickness", "0.1 cm", "--area", "1 cm2"]),
        (["cv"], []),
        (["cycling"], ["--mass", "1 mg"]),
        (["arrhenius", "fit"], []),
        (["db", "add"], []),
    ],
)
def test_cli_refuses_a_fifo_in_one_line(command, options, fifo: Path, run_cli, user_db) -> None:
    code, _, err = run_cli(*command, str(fifo), *options)
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "not a regular file" in err or "no such file" in err
