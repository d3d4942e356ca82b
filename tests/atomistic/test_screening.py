"""hydrion predict's Dask machinery: a 2-worker local cluster, a retried task, a rerun.

The MD task itself is tested in test_md.py; here a light task stands in for it so the test
needs only ``distributed`` (skipped without it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask distributed is not installed")

from distributed import Client, LocalCluster  # noqa: E402

from hydrion.atomistic.screening import (  # noqa: E402
    Stored,
    Task,
    check_scheduler_address,
    connect,
    read_spec,
    screen,
    tasks,
)
from hydrion.errors import HydrionError, InputError  # noqa: E402

SPEC = """
structure: libh4-p63mc
temperatures: [500 K, 550 K]
time: 1 ps
replicas: 2
compositions:
  - name: libh4
  - name: na25
    substitute: {old: Li, new: Na, fraction: 0.25, seed: 1}
out: OUT
"""


def _light_task(task: Task) -> str:
    """Writes the trajectory once; fails on the first attempt of the 550 K replica-1 run."""
    path = task.trajectory
    path.parent.mkdir(parents=True, exist_ok=True)
    attempts = path.with_suffix(".attempts")
    count = int(attempts.read_text()) + 1 if attempts.exists() else 1
    attempts.write_text(str(count))
    if task.temperature_K == 550 and task.replica == 1 and count == 1:
        raise RuntimeError("simulated worker failure")
    if not path.exists():
        path.write_text(f"{task.composition} {task.temperature_K} {task.seed}\n")
    return str(path)


def _cluster() -> LocalCluster:
    """Two in-process workers (threads), no dashboard."""
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)


@pytest.fixture
def spec(tmp_path):
    file = tmp_path / "spec.yaml"
    file.write_text(SPEC.replace("OUT", str(tmp_path / "out")))
    return read_spec(file)


def test_spec_expands_to_seeded_tasks(spec):
    runs = tasks(spec)
    assert len(runs) == 2 * 2 * 2
    assert spec["production_steps"] == 2000  # 1 ps at 0.5 fs
    assert sorted({t.seed for t in runs if t.composition == "libh4"}) == [0, 1, 1000, 1001]
    assert [t.trajectory for t in tasks(spec)] == [t.trajectory for t in runs]  # stable paths


def test_local_cluster_retries_a_failed_task_and_a_rerun_skips_finished_work(spec):
    stored: list[tuple[str, int]] = []

    def store(name: str, paths: list[str]):
        stored.append((name, len(paths)))
        return Stored(f"md-{name}", len(stored) <= 2, "", {"model": "m"}, "blocks")

    seen: list[tuple[int, int]] = []
    with _cluster() as cluster, Client(cluster) as client:
        first = screen(
            spec, client, run=_light_task, store=store, progress=lambda k, n: seen.append((k, n))
        )
        assert [r.failed for r in first] == [(), ()]
        assert seen == [(k, 8) for k in range(1, 9)]  # one report per finished run
        assert [(r.model, r.estimator) for r in first] == [({"model": "m"}, "blocks")] * 2
        assert [len(r.trajectories) for r in first] == [4, 4]
        retried = Path(spec["out"]) / "libh4" / "T550K_r1.attempts"
        assert retried.read_text() == "2"  # failed once, retried once
        before = {p: Path(p).read_text() for r in first for p in r.trajectories}
        second = screen(spec, client, run=_light_task, store=store)
    assert {p: Path(p).read_text() for r in second for p in r.trajectories} == before
    assert [r.newly_stored for r in first] == [True, True]
    assert [r.newly_stored for r in second] == [False, False]


def test_a_task_failing_every_retry_is_reported_and_its_composition_not_stored(spec):
    def always_fails(task: Task) -> str:
        if task.composition == "na25":
            raise RuntimeError("broken")
        return _light_task(task)

    with _cluster() as cluster, Client(cluster) as client:
        results = screen(
            spec, client, run=always_fails, retries=1, store=lambda n, p: Stored(n, True)
        )
    by_name = {r.composition: r for r in results}
    assert by_name["libh4"].record_id == "libh4"
    assert by_name["na25"].record_id is None and len(by_name["na25"].failed) == 4


def test_runs_that_cannot_be_analysed_are_reported_not_raised(spec):
    """The MD finished but the analysis refused it (e.g. too few frames): the other
    composition is still stored and the trajectories are kept."""

    def store(name: str, paths: list[str]) -> Stored:
        if name == "na25":
            raise InputError("5 frames in 5 blocks leave fewer than 10 frames per block")
        return Stored(name, True)

    with _cluster() as cluster, Client(cluster) as client:
        results = screen(spec, client, run=_light_task, store=store)
    by_name = {r.composition: r for r in results}
    assert by_name["libh4"].record_id == "libh4"
    assert by_name["na25"].record_id is None and len(by_name["na25"].trajectories) == 4
    assert by_name["na25"].failed == (
        "analysis: 5 frames in 5 blocks leave fewer than 10 frames per block",
    )


def test_bad_spec_is_refused(tmp_path):
    file = tmp_path / "bad.yaml"
    file.write_text("structure: libh4-p63mc\ntemperatures: [500 K]\ntime: 1 ps\nmodle: x\n")
    with pytest.raises(InputError, match="unknown spec keys"):
        read_spec(file)


def test_deeply_nested_or_misshapen_spec_is_refused_in_one_line(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 5000 + "]" * 5000)
    with pytest.raises(InputError, match="nested too deeply"):
        read_spec(deep)
    shaped = tmp_path / "shape.yaml"
    shaped.write_text("structure: {a: [1]}\ntemperatures: [500 K]\ntime: 1 ps\n")
    with pytest.raises(InputError, match="'structure' has the wrong form"):
        read_spec(shaped)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("temperatures: [500]\ntime: 1 ps\n", "temperatures: '500' has no unit"),
        ("temperatures: [500 K]\ntime: 50\n", "time: '50' has no unit"),
        ("temperatures: [500 K]\ntime: 1 ps\ntimestep: 0.5\n", "timestep: '0.5' has no unit"),
        ("temperatures: [500 K]\ntime: 1 ps\nequilibration: 2\n", "equilibration: '2' has no"),
        ("temperatures: [500 K]\ntime: 1:30\n", "time: cannot read '1:30'|time: '1:30'"),
        ("temperatures: [500 K]\ntime: 0x1F ps\n", "time: "),
    ],
)
def test_spec_numbers_need_units_as_on_the_command_line(tmp_path, body, problem):
    """A bare number is refused naming the key (YAML 1.1 once read 1:30 as 90)."""
    file = tmp_path / "spec.yaml"
    file.write_text("structure: libh4-p63mc\n" + body)
    with pytest.raises(InputError, match=problem) as caught:
        read_spec(file)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "line",
    ["atoms: 1:30", "replicas: yes", "save_every: 0", "seed: -1", "atoms: 96.5", "replicas: 0x2"],
)
def test_spec_counts_are_whole_numbers(tmp_path, line):
    """Counts were read with int(): '1:30' escaped as ValueError, 96.5 became 96."""
    file = tmp_path / "spec.yaml"
    file.write_text(f"structure: libh4-p63mc\ntemperatures: [500 K]\ntime: 1 ps\n{line}\n")
    key = line.split(":")[0]
    with pytest.raises(InputError, match=f"{key} is a whole number"):
        read_spec(file)


@pytest.mark.parametrize("address", ["banana", "tcp://host", "tcp://h:0", "tcp://h:99999"])
def test_scheduler_address_syntax_is_checked(address):
    with pytest.raises(InputError, match="scheme://host:port"):
        check_scheduler_address(address)
    assert check_scheduler_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"


def test_unreachable_scheduler_is_refused_within_the_timeout():
    with pytest.raises(InputError, match="no Dask scheduler reachable at tcp://127.0.0.1:1"):
        connect("tcp://127.0.0.1:1", timeout_s=1)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("structure: banana\n", "no curated structure 'banana'"),
        ("structure: libh4-p63mc\nout: {file}/sub\n", "is a file, not a folder"),
        ("structure: libh4-p63mc\natoms: 100000000\n", "limit of 100,000 atoms"),
        ("structure: libh4-p63mc\ntimestep: 0.5 fs\n", None),
    ],
)
def test_spec_structure_output_and_size_are_checked_before_any_task(tmp_path, extra, message):
    blocker = tmp_path / "a.csv"
    blocker.write_text("x\n")
    file = tmp_path / "spec.yaml"
    body = "temperatures: [500 K]\ntime: 1 ps\n" + extra.format(file=blocker)
    file.write_text(body.replace("timestep: 0.5 fs\n", f"out: {tmp_path / 'o'}\n"))
    if message is None:
        assert read_spec(file)["out"] == str((tmp_path / "o").resolve())
        return
    with pytest.raises(HydrionError, match=message):
        read_spec(file)


def test_a_failing_task_is_reported_in_one_line(spec):
    def fail(task):
        raise RuntimeError("first line\nsecond line\nthird")

    with Client(
        LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None)
    ) as client:
        results = screen(spec, client, run=fail, retries=0, store=lambda n, p: ("x", True, ""))
    assert all(len(r.failed) > 0 for r in results)
    assert all(f.endswith("RuntimeError: first line") for r in results for f in r.failed)


@pytest.mark.parametrize(
    ("compositions", "message"),
    [
        ("[{name: ../../escaped}]", r"compositions\[0\].name: String should match"),
        ("[{name: /tmp/abs}]", r"compositions\[0\].name: String should match"),
        ("[{name: 5}]", r"compositions\[0\].name: Input should be a valid string"),
        ("[{name: a, colour: red}]", r"compositions\[0\].colour: Extra inputs"),
        ("[{name: a, substitute: {Li: Xx}}]", r"compositions\[0\].substitute.old: Field required"),
        (
            "[{name: a, substitute: {old: Li, new: Xx, fraction: 0.5}}]",
            r"substitute.new: 'Xx' is not an element",
        ),
        (
            "[{name: a, substitute: {old: Li, new: Na, fraction: 2}}]",
            r"substitute.fraction: Input should be less than or equal to 1",
        ),
        ("[]", "non-empty list"),
        ("[{name: a}, {name: a}]", "distinct name"),
    ],
)
def test_compositions_are_checked_before_anything_runs(tmp_path, compositions, message):
    """A name was a path (../../escaped wrote outside out), name: 5 a traceback, unknown keys
    and substitute: {Li: Xx} were accepted."""
    file = tmp_path / "spec.yaml"
    file.write_text(
        "structure: libh4-p63mc\ntemperatures: [500 K]\ntime: 1 ps\n"
        f"out: {tmp_path / 'o'}\ncompositions: {compositions}\n"
    )
    with pytest.raises(InputError, match=message) as caught:
        read_spec(file)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ion: K", "ion K is not in the structure"),
        ("ion: Qq", "ion: 'Qq' is not an element"),
        ("replicas: 100000000", "replicas is a whole number ≤ 1,000"),
        ("device: tpu", "device is auto, cpu or cuda"),
        ("temperatures: [" + ", ".join(["500 K"] * 20) + "]\nreplicas: 1000", "limit of 10,000"),
        # run settings are checked before any worker starts (each task failed 3 times before)
        ("save_every: 4000", "do not reach one saved frame"),
        ("timestep: 10 fs", "time step 10.0 fs is outside"),
        ("temperatures: [500 K, 1e9 K]", "beyond hydrion's MD limit of 3000 K"),
        ("threads: 0", "threads is a whole number ≥ 1"),
    ],
)
def test_spec_ion_counts_and_device_are_bounded(tmp_path, line, message):
    """ion: K ran the MD; replicas: 100000000 hung building the task list."""
    file = tmp_path / "spec.yaml"
    body = f"structure: libh4-p63mc\ntime: 1 ps\nout: {tmp_path / 'o'}\n{line}\n"
    if "temperatures" not in line:
        body += "temperatures: [500 K]\n"
    file.write_text(body)
    with pytest.raises(InputError, match=message):
        read_spec(file)


def test_a_substituted_ion_is_allowed_and_names_stay_inside_out(tmp_path):
    file = tmp_path / "spec.yaml"
    file.write_text(
        "structure: libh4-p63mc\ntemperatures: [500 K]\ntime: 1 ps\nion: Na\n"
        f"out: {tmp_path / 'o'}\n"
        "compositions: [{name: na25, substitute: {old: Li, new: Na, fraction: 0.25, seed: 1}}]\n"
    )
    spec = read_spec(file)
    assert spec["compositions"] == [
        {"name": "na25", "substitute": {"old": "Li", "new": "Na", "fraction": 0.25, "seed": 1}}
    ]
    (run,) = tasks(spec)
    assert run.trajectory.resolve().is_relative_to(tmp_path / "o")


def test_threads_reach_every_task_and_default_to_torch(tmp_path):
    file = tmp_path / "spec.yaml"
    body = f"structure: libh4-p63mc\ntemperatures: [500 K]\ntime: 1 ps\nout: {tmp_path / 'o'}\n"
    file.write_text(body)
    assert read_spec(file)["threads"] is None  # torch's default unless the spec says
    file.write_text(body + "threads: 2\n")
    (run,) = tasks(read_spec(file))
    assert dict(run.spec)["threads"] == 2


def test_the_local_cluster_starts_no_dashboard_unless_asked(capfd):
    import socket

    from hydrion.atomistic.screening import local_cluster

    with socket.socket() as busy:  # whatever holds 8787, no "Port 8787 is already in use"
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            busy.bind(("127.0.0.1", 8787))
            busy.listen()
        except OSError:
            pass  # already held by something else: the same situation
        with local_cluster(1) as cluster:
            assert cluster.scheduler.services["dashboard"].port != 8787
    assert "8787" not in capfd.readouterr().err
