"""A Ctrl-C during the report ends it, and its workers, at once: one line, exit 130, no
process left (2 of 9 interrupts left the parent waiting forever on its workers: outside check
V1)."""

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from hydrion.report.builder import _start_worker, _stop_workers

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the report forks its workers on Linux only"
)


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stop_workers_ends_running_workers_and_cancels_the_rest():
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(_sleep, 30.0) for _ in range(4)]
    time.sleep(0.5)  # the first two run
    processes = list(pool._processes.values())
    start = time.monotonic()
    _stop_workers(pool)
    for process in processes:
        process.join(timeout=10)
    assert time.monotonic() - start < 10  # not the 30 s of the running tasks
    assert all(not process.is_alive() for process in processes)
    # none ran to its end: cancelled, or (queued to a worker already) failed with the pool
    assert all(future.cancelled() or future.exception(timeout=10) for future in futures)


def test_a_worker_leaves_ctrl_c_to_its_parent():
    context = multiprocessing.get_context("fork")
    kb = object()  # a stand-in: the worker only keeps it
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=_start_worker, initargs=(kb,)
    ) as pool:
        handler = pool.submit(signal.getsignal, signal.SIGINT).result()
    assert handler == signal.SIG_IGN


@pytest.mark.slow
@pytest.mark.parametrize("after_s", [2.0, 4.0])
def test_ctrl_c_during_the_report_ends_it_and_its_workers(tmp_path, after_s):
    env = {
        **os.environ,
        "HYDRION_USER_DB": str(tmp_path / "user.sqlite"),
        "MPLBACKEND": "Agg",
    }
    child = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"  # as a shell starts it
        "from hydrion.cli.console_script import main\n"
        f"sys.argv = ['hydrion', 'report', '--out', {str(tmp_path / 'out')!r}]\n"
        "main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child],
        env=env,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after_s)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the parent and its workers
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1] == "hydrion: error: aborted (interrupted)"
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left in the group
        os.killpg(process.pid, 0)
