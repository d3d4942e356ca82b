"""The Dask cluster ``hydrion predict`` runs its tasks on: a local one, or a client of an
existing scheduler whose address is checked first.
"""

from __future__ import annotations

import logging
import re

from hydrion.errors import InputError

_SCHEDULER = re.compile(r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})")
CONNECT_TIMEOUT_S = 10.0


def check_scheduler_address(address: str) -> str:
    """Check a Dask scheduler address.

    Parameters
    ----------
    address : str
        scheme://host:port, scheme tcp or tls, port 1–65535.

    Returns
    -------
    str
        ``address`` without surrounding whitespace.

    Raises
    ------
    hydrion.errors.InputError
        For an address of another form.
    """
    match = _SCHEDULER.fullmatch(address.strip())
    if match is None or not 1 <= int(match.group(3)) <= 65535:
        raise InputError(
            f"scheduler address {address!r} is not scheme://host:port, e.g. tcp://10.0.0.5:8786"
        )
    return address.strip()


def connect(address: str, timeout_s: float = CONNECT_TIMEOUT_S):
    """A Dask client of the scheduler at ``address``.

    Parameters
    ----------
    address : str
        scheme://host:port (:func:`check_scheduler_address`).
    timeout_s : float
        How long to wait for the scheduler, s.

    Returns
    -------
    distributed.Client
        The connected client.

    Raises
    ------
    hydrion.errors.InputError
        For a malformed address or a scheduler not reachable within ``timeout_s``.
    """
    from distributed import Client

    address = check_scheduler_address(address)
    try:
        return Client(address, timeout=f"{timeout_s}s")
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"no Dask scheduler reachable at {address} within {timeout_s:g} s "
            f"({type(exc).__name__})"
        ) from None


def local_cluster(workers: int, dashboard: str | None = None):
    """A local Dask cluster of ``workers`` processes (one thread each) on a free scheduler port.

    Parameters
    ----------
    workers : int
        Number of worker processes.
    dashboard : str or None
        Address for Dask's dashboard (e.g. ``":8787"``); None (default) starts none and puts
        the scheduler's HTTP health routes on a free local port, so a busy port 8787 prints no
        "Port 8787 is already in use" warning.

    Returns
    -------
    distributed.LocalCluster
        Worker logs below CRITICAL stay off stderr.
    """
    from distributed import LocalCluster

    # Without a dashboard the scheduler still serves its HTTP health routes, by default on 8787
    # (distributed.node.start_http_server); a free local port keeps them off a busy 8787.
    http = {} if dashboard else {"dashboard_address": "127.0.0.1:0"}
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        scheduler_port=0,
        dashboard_address=dashboard,
        scheduler_kwargs=http,
        silence_logs=logging.CRITICAL,
    )
