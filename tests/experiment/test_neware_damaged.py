"""A damaged .ndax that NewareNDA only logs about is refused in one line, not read on."""

import zipfile
from pathlib import Path

import pytest

from hydrion.errors import FileFormatError
from hydrion.experiment.cycler_files import read_cycling

pytest.importorskip("NewareNDA")

NDAX = "corpus/cycling/cellpy__20260302_IFE_BTS85_2_9_8_1.ndax"


def _damaged_copy(source: Path, target: Path) -> Path:
    """``source`` with one byte of TestInfo.xml's compressed data zeroed."""
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("TestInfo.xml")
    raw = bytearray(source.read_bytes())
    raw[info.header_offset + 30 + len(info.filename) + len(info.extra) + 2] = 0
    target.write_bytes(raw)
    return target


def test_damaged_testinfo_is_refused_in_one_line(shared_dir: Path, tmp_path: Path, capsys) -> None:
    bad = _damaged_copy(shared_dir / NDAX, tmp_path / "bad.ndax")
    with pytest.raises(FileFormatError, match=r"bad.ndax is a damaged Neware file \(.*TestInfo"):
        read_cycling(bad)
    assert capsys.readouterr().err == ""  # NewareNDA's logged traceback stays out of stderr


def test_cli_exit_2_one_line(shared_dir: Path, tmp_path: Path, run_cli) -> None:
    bad = _damaged_copy(shared_dir / NDAX, tmp_path / "bad.ndax")
    code, _, err = run_cli("cycling", str(bad), "--mass", "1 mg")
    assert code == 2
    assert err.strip().count("\n") == 0 and "damaged Neware file" in err


@pytest.mark.slow  # the same file is read and checked in test_cycling_corpus (default run)
def test_intact_file_still_reads(shared_dir: Path) -> None:
    data = read_cycling(shared_dir / NDAX)
    assert data.instrument == "neware" and len(data.voltage_V) > 1000
