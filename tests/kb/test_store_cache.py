"""The compiled cache of the curated records: current, stale, corrupt, planted, unsafe,
concurrent, unwritable."""

import hashlib
import json
import os
import pickle
import subprocess
import sys
import warnings

import pytest

from hydrion.errors import HydrionWarning
from hydrion.kb import curated
from hydrion.kb.curated import CACHE_FORMAT, Curated, cache_file, cached_curated, curated_key


@pytest.fixture(scope="module")
def validated() -> Curated:
    return curated._validate_curated()


@pytest.fixture
def rebuilds(monkeypatch, validated) -> list[Curated]:
    """Each validation from the YAML, recorded; it returns the records validated once above.

    Validating the YAML again costs ~0.5 s a call; the first test checks a real build and
    read-back, the others check which files are read, rebuilt and written, and count the
    rebuilds here.
    """
    calls: list[Curated] = []

    def validate() -> Curated:
        calls.append(validated)
        return validated

    monkeypatch.setattr(curated, "_validate_curated", validate)
    return calls


def _cache_files(folder):
    return sorted(folder.glob("curated-*"))


def _stored(path) -> tuple[dict, dict]:
    """The header and the payload of a cache file."""
    header, _, payload = path.read_bytes().partition(b"\n")
    return json.loads(header), json.loads(payload)


def _stored_sigma(path) -> float:
    (libh4,) = [r for r in _stored(path)[1]["records"] if r["id"] == "libh4"]
    return libh4["conductivities"][0]["sigma_S_per_cm"]


def _write(path, header: dict, payload: bytes) -> None:
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


class _RunsAShellCommand:
    """What an attacker pickles: unpickling it runs ``touch marker``."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_first_call_writes_the_cache_and_the_second_reads_it(tmp_path, validated, monkeypatch):
    first = cached_curated(tmp_path)
    assert first == validated
    assert _cache_files(tmp_path) == [cache_file(tmp_path, curated_key())]
    header, _ = _stored(cache_file(tmp_path, curated_key()))
    assert header["format"] == CACHE_FORMAT and header["key"] == curated_key()

    def no_validation():
        raise AssertionError("the current cache was not used")

    monkeypatch.setattr(curated, "_validate_curated", no_validation)
    second = cached_curated(tmp_path)
    assert second == validated  # materials, cells and references, all fields
    assert second.materials["libh4"].conductivities[0].sigma_S_per_cm == 1e-8


def test_the_cache_folder_and_file_are_private(tmp_path, rebuilds):
    folder = tmp_path / "new" / "hydrion"
    cached_curated(folder)
    assert len(rebuilds) == 1
    assert folder.stat().st_mode & 0o777 == 0o700
    assert cache_file(folder, curated_key()).stat().st_mode & 0o777 == 0o600


def test_key_follows_the_data_files(monkeypatch):
    key = curated_key()
    assert key == curated_key() and len(key) == 32
    monkeypatch.setattr("hydrion.__version__", "999.0")
    assert curated_key() != key


def test_a_stale_cache_is_rebuilt_and_removed(tmp_path, validated, rebuilds):
    stale = tmp_path / "curated-0000.json"
    stale.write_text("{}\n{}")
    current = cache_file(tmp_path, curated_key())
    cached_curated(tmp_path)
    payload = current.read_bytes().partition(b"\n")[2]
    _write(current, {"format": CACHE_FORMAT, "key": "another key", "sha256": ""}, payload)
    result = cached_curated(tmp_path)
    assert result == validated and len(rebuilds) == 2
    assert _cache_files(tmp_path) == [current]
    assert _stored(current)[0]["key"] == curated_key()


def test_a_planted_pickle_of_the_old_name_is_never_loaded(tmp_path, validated, rebuilds):
    marker = tmp_path / "MARKER"
    planted = tmp_path / f"curated-{curated_key()}.pickle"
    planted.write_bytes(pickle.dumps((curated_key(), _RunsAShellCommand(marker))))
    assert cached_curated(tmp_path) == validated and len(rebuilds) == 1
    assert not marker.exists()
    assert not planted.exists()  # removed beside the new cache


@pytest.mark.slow
def test_hydrion_db_show_does_not_run_a_planted_pickle(tmp_path):
    marker = tmp_path / "MARKER"
    planted = tmp_path / f"curated-{curated_key()}.pickle"
    planted.write_bytes(pickle.dumps((curated_key(), _RunsAShellCommand(marker))))
    env = {**os.environ, "HYDRION_CACHE_DIR": str(tmp_path), "HYDRION_USER_DB": str(tmp_path / "u")}
    cli = "from hydrion.cli.main import main; main()"
    shown = subprocess.run(
        [sys.executable, "-c", cli, "db", "show", "LiBH4"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "LiBH4" in shown.stdout
    assert not marker.exists()


def test_planted_numbers_with_a_wrong_checksum_are_rebuilt(tmp_path, validated, rebuilds):
    path = cache_file(tmp_path, curated_key())
    cached_curated(tmp_path)
    header, payload = _stored(path)
    for record in payload["records"]:
        if record["id"] == "libh4":
            record["conductivities"][0]["sigma_S_per_cm"] = 1.0  # 8 decades too high
    _write(path, header, json.dumps(payload).encode())  # header keeps the old checksum
    result = cached_curated(tmp_path)
    assert result.materials["libh4"].conductivities[0].sigma_S_per_cm == 1e-8
    assert result == validated and len(rebuilds) == 2
    assert _stored_sigma(path) == 1e-8  # the file was rewritten


def test_content_that_breaks_the_schema_is_rebuilt_even_with_a_right_checksum(
    tmp_path, validated, rebuilds
):
    path = cache_file(tmp_path, curated_key())
    cached_curated(tmp_path)
    _, payload = _stored(path)
    payload["records"][0]["conductivities"] = [{"sigma_S_per_cm": -1}]
    text = json.dumps(payload).encode()
    header = {"format": CACHE_FORMAT, "key": curated_key()}
    _write(path, {**header, "sha256": hashlib.sha256(text).hexdigest()}, text)
    assert cached_curated(tmp_path) == validated and len(rebuilds) == 2
    assert _stored_sigma(path) == 1e-8


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        b'["a list", 1]\n{}',
        b'{"format": "something else"}\n{}',
        pickle.dumps(("key", Curated({}, {}, {}))),
        "truncated",
        "header only",
    ],
)
def test_a_corrupt_or_foreign_cache_is_rebuilt(tmp_path, validated, rebuilds, damage):
    path = cache_file(tmp_path, curated_key())
    if damage in ("truncated", "header only"):
        cached_curated(tmp_path)
        whole = path.read_bytes()
        size = len(whole) // 2 if damage == "truncated" else whole.index(b"\n") + 1
        damage = whole[:size]
    path.write_bytes(damage)
    before = len(rebuilds)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # silently rebuilt, no warning
        result = cached_curated(tmp_path)
    assert result == validated and len(rebuilds) == before + 1
    assert _stored(path)[0]["key"] == curated_key()
    assert _stored_sigma(path) == 1e-8


def test_a_planted_link_is_not_followed(tmp_path, validated, rebuilds):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    cache_file(folder, curated_key()).symlink_to(elsewhere)
    assert cached_curated(folder) == validated and len(rebuilds) == 1
    assert not cache_file(folder, curated_key()).is_symlink()  # replaced by a real file
    assert elsewhere.read_text() == "{}"


def test_a_world_writable_cache_folder_is_refused_with_one_warning(tmp_path, validated, rebuilds):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    cached_curated(tmp_path / "safe")  # a valid cache, planted in the shared folder
    planted = cache_file(folder, curated_key())
    planted.write_bytes(cache_file(tmp_path / "safe", curated_key()).read_bytes())
    with pytest.warns(HydrionWarning) as caught:
        result = cached_curated(folder)
    assert len(caught) == 1
    assert "writable by group or others" in str(caught[0].message)
    assert "\n" not in str(caught[0].message)
    assert result == validated and len(rebuilds) == 2  # validated in memory
    assert _cache_files(folder) == [planted]  # nothing read or written there


def test_a_cache_folder_of_another_user_is_refused(tmp_path, validated, rebuilds, monkeypatch):
    cached_curated(tmp_path)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)

    def no_read(*args):
        raise AssertionError("the cache of another user was read")

    monkeypatch.setattr(curated, "_read_cache", no_read)
    with pytest.warns(HydrionWarning, match="not owned by the current user"):
        assert cached_curated(tmp_path) == validated
    assert len(rebuilds) == 2


def test_a_group_writable_cache_file_is_not_read_and_is_replaced(tmp_path, validated, rebuilds):
    path = cache_file(tmp_path, curated_key())
    cached_curated(tmp_path)
    path.chmod(0o666)
    with pytest.warns(HydrionWarning, match="cache file .* is writable by group or others"):
        assert cached_curated(tmp_path) == validated
    assert len(rebuilds) == 2
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, validated, rebuilds):
    below_a_file = tmp_path / "notes.txt"
    below_a_file.write_text("a file, not a folder")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = cached_curated(below_a_file / "cache")
    assert result == validated and len(rebuilds) == 1


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
    header, _ = _stored(path)
    assert header["key"] == curated_key()
    assert cached_curated(tmp_path) == validated
    assert not list(tmp_path.glob(".curated-*"))  # no temporary file left behind
