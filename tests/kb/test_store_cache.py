"""The compiled cache of the curated records: current, stale, corrupt, concurrent, unwritable."""

import pickle
import subprocess
import sys

import pytest

from hydrion.kb import curated
from hydrion.kb.curated import Curated, cached_curated, curated_key


@pytest.fixture(scope="module")
def validated() -> Curated:
    return curated._validate_curated()


def _cache_files(folder):
    return sorted(folder.glob("curated-*.pickle"))


def test_first_call_writes_the_cache_and_the_second_reads_it(tmp_path, validated, monkeypatch):
    first = cached_curated(tmp_path)
    assert first.materials == validated.materials and first.cells == validated.cells
    assert [p.name for p in _cache_files(tmp_path)] == [f"curated-{curated_key()}.pickle"]

    def no_validation():
        raise AssertionError("the current cache was not used")

    monkeypatch.setattr(curated, "_validate_curated", no_validation)
    second = cached_curated(tmp_path)
    assert second.materials["libh4"] == validated.materials["libh4"]
    assert second.references == validated.references


def test_key_follows_the_data_files(monkeypatch):
    key = curated_key()
    assert key == curated_key() and len(key) == 32
    monkeypatch.setattr("hydrion.__version__", "999.0")
    assert curated_key() != key


def test_a_stale_cache_is_rebuilt_and_removed(tmp_path, validated, monkeypatch):
    stale = tmp_path / "curated-0000.pickle"
    stale.write_bytes(pickle.dumps(("0000", Curated({}, {}, {}))))
    current = tmp_path / f"curated-{curated_key()}.pickle"
    current.write_bytes(pickle.dumps(("another key", Curated({}, {}, {}))))  # wrong key inside
    result = cached_curated(tmp_path)
    assert len(result.materials) == len(validated.materials) > 0
    assert _cache_files(tmp_path) == [current]
    assert pickle.loads(current.read_bytes())[0] == curated_key()


@pytest.mark.parametrize(
    "damage", [b"", b"not a pickle at all", pickle.dumps(["a list", 1]), "truncated"]
)
def test_a_corrupt_cache_is_rebuilt(tmp_path, validated, damage):
    path = tmp_path / f"curated-{curated_key()}.pickle"
    if damage == "truncated":
        cached_curated(tmp_path)
        damage = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(damage)
    result = cached_curated(tmp_path)
    assert result.materials == validated.materials
    assert pickle.loads(path.read_bytes())[1].materials == validated.materials


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, validated):
    below_a_file = tmp_path / "notes.txt"
    below_a_file.write_text("a file, not a folder")
    result = cached_curated(below_a_file / "cache")
    assert result.materials == validated.materials


@pytest.mark.slow
def test_two_processes_building_at_once_leave_one_whole_cache(tmp_path, validated):
    script = (
        "import sys; from pathlib import Path; from hydrion.kb.curated import cached_curated; "
        "print(len(cached_curated(Path(sys.argv[1])).materials))"
    )
    builders = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    counts = [int(builder.communicate()[0]) for builder in builders]
    assert counts == [len(validated.materials)] * 3
    (path,) = _cache_files(tmp_path)
    assert pickle.loads(path.read_bytes())[1].materials == validated.materials
    assert not list(tmp_path.glob(".curated-*"))  # no temporary file left behind
