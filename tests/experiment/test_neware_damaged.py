"""A damaged .ndax that NewareNDA only logs about is refused in one line, not read on."""

import logging
import zipfile
from collections.abc import Iterator
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


@pytest.fixture(scope="module")
def bad(shared_dir: Path, tmp_path_factory) -> Iterator[Path]:
    """The damaged copy, read by NewareNDA once for both tests (~0.8 s a read).

    NewareNDA.read of this path runs the first time; later calls log the same records to the
    ``newarenda`` logger and return the same frame, so hydrion's own handling (the log it
    collects, the refusal, the CLI's one line) runs each time.
    """
    import NewareNDA

    path = _damaged_copy(shared_dir / NDAX, tmp_path_factory.mktemp("neware") / "bad.ndax")
    real, logger, held = NewareNDA.read, logging.getLogger("newarenda"), {}

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            held["records"].append(record)

    def read_once(name: str, *args, **kwargs):
        if name != str(path):
            return real(name, *args, **kwargs)
        if "frame" not in held:
            held["records"], keep = [], _Keep()
            logger.addHandler(keep)
            try:
                held["frame"] = real(name, *args, **kwargs)
            finally:
                logger.removeHandler(keep)
        else:
            for record in held["records"]:
                logger.handle(record)
        return held["frame"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(NewareNDA, "read", read_once)
        yield path


def test_damaged_testinfo_is_refused_in_one_line(bad: Path, capsys) -> None:
    with pytest.raises(FileFormatError, match=r"bad.ndax is a damaged Neware file \(.*TestInfo"):
        read_cycling(bad)
    assert capsys.readouterr().err == ""  # NewareNDA's logged traceback stays out of stderr


def test_cli_exit_2_one_line(bad: Path, run_cli) -> None:
    code, _, err = run_cli("cycling", str(bad), "--mass", "1 mg")
    assert code == 2
    assert err.strip().count("\n") == 0 and "damaged Neware file" in err


@pytest.mark.slow  # the same file is read and checked in test_cycling_corpus (default run)
def test_intact_file_still_reads(shared_dir: Path) -> None:
    data = read_cycling(shared_dir / NDAX)
    assert data.instrument == "neware" and len(data.voltage_V) > 1000
