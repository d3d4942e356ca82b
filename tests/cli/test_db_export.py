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
