"""``hydrion db export``: the text of the export of records with odd values, and refused
output paths.

The expected files in ``data/export_odd`` are the export of ``tests/kb/data/export_odd.yaml``
(the curated records left out, so that they stay fixed).
"""

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "export_odd"
RECORDS = Path(__file__).parents[1] / "kb" / "data" / "export_odd.yaml"
EXPORTS = [
    ("materials.csv", ("--format", "csv")),
    ("materials.json", ("--format", "json")),
    ("cells.csv", ("--format", "csv", "--kind", "cell")),
    ("cells.json", ("--format", "json", "--kind", "cell")),
]


@pytest.fixture
def odd_records(monkeypatch, run_cli):
    """A user database of the odd records, and a knowledge base without curated records."""
    from hydrion.kb import loaded_records
    from hydrion.kb.curated import Curated, load_curated

    curated = Curated(materials={}, cells={}, references=load_curated().references)
    monkeypatch.setattr(loaded_records, "load_curated", lambda: curated)
    code, _, err = run_cli("db", "add", str(RECORDS))
    assert code == 0, err


@pytest.mark.parametrize(("name", "args"), EXPORTS, ids=[name for name, _ in EXPORTS])
def test_export_file_of_odd_records(odd_records, run_cli, tmp_path, name, args):
    target = tmp_path / name
    code, out, err = run_cli("db", "export", *args, "--out", str(target))
    assert (code, err) == (0, "")
    assert target.read_bytes() == (DATA / name).read_bytes()
    rows = 3 if name.startswith("cells") else 17
    assert out == f"wrote {rows} rows to {target}\n"


@pytest.mark.parametrize(("name", "args"), EXPORTS, ids=[name for name, _ in EXPORTS])
def test_export_to_stdout_of_odd_records(odd_records, run_cli, name, args):
    code, out, err = run_cli("db", "export", *args)
    assert (code, err) == (0, "")
    assert out == (DATA / name).read_text(encoding="utf-8") + "\n"


def test_empty_export(monkeypatch, run_cli, tmp_path):
    """No records: a CSV of an empty header line, an empty JSON list."""
    from hydrion.kb import loaded_records
    from hydrion.kb.curated import Curated, load_curated

    curated = Curated(materials={}, cells={}, references=load_curated().references)
    monkeypatch.setattr(loaded_records, "load_curated", lambda: curated)
    assert run_cli("db", "export") == (0, "\n\n", "")
    assert run_cli("db", "export", "--format", "json") == (0, "[]\n", "")
    code, out, _ = run_cli("db", "export", "--kind", "cell", "--out", str(tmp_path / "c.csv"))
    assert (code, out, (tmp_path / "c.csv").read_text()) == (
        0,
        f"wrote 0 rows to {tmp_path}/c.csv\n",
        "\n",
    )


def assert_refused(result, *words):
    code, out, err = result
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("hydrion: error: "), err
    assert all(word in err for word in words), err


def test_a_full_device_is_one_line(run_cli):
    assert_refused(run_cli("db", "export", "--out", "/dev/full"), "/dev/full", "No space left")


def test_a_folder_that_cannot_be_written_is_one_line(run_cli):
    """/proc takes no new files, not even root's."""
    assert_refused(run_cli("db", "export", "--out", "/proc/kb.csv"), "/proc/kb.csv", "cannot write")


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(monkeypatch, run_cli, tmp_path):
    import errno

    from hydrion.cli import db_export

    real = db_export.unspooled

    def disk_fills(spool):
        rows = real(spool)
        yield next(rows)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db_export, "unspooled", disk_fills)
    target = tmp_path / "kb.csv"
    target.write_text("keep me")
    assert_refused(run_cli("db", "export", "--out", str(target)), "No space left")
    assert target.read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["kb.csv"]


def test_file_permissions_and_links(run_cli, tmp_path):
    """A new file gets the permissions open() gives; a file written over keeps its own; a
    symbolic link stays a link to the file, which gets the export."""
    import os
    import stat

    new = tmp_path / "new.csv"
    assert run_cli("db", "export", "--kind", "cell", "--out", str(new))[0] == 0
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(kept)
    assert run_cli("db", "export", "--kind", "cell", "--out", str(link))[0] == 0
    assert link.is_symlink() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert kept.read_text() == new.read_text() != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.csv", "link.csv", "new.csv"]


def test_a_pipe_is_written_in_place():
    """``--out /dev/stdout`` with stdout a pipe: the pipe gets the export (no file to rename)."""
    import subprocess
    import sys

    args = ["db", "export", "--kind", "cell", "--out", "/dev/stdout"]
    done = subprocess.run(
        [sys.executable, "-m", "hydrion.cli.main", *args], capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("cell,cathode,electrolyte,anode,ion,capacity_mAh_per_g,")
    assert done.stdout.endswith(" rows to /dev/stdout\n")
