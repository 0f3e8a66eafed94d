"""Reads started by a page request, before its script asks (dashboard/serve/arrival.py).

A page request starts the workbook read on a worker thread when the cached read is missing or
past its TTL; the script's ``dashboard.data.load_snapshot`` then takes that read (waiting for it
if needed) instead of starting another. A read not taken within ``READ_AHEAD_S`` is not used,
and its age counts in the TTL. ``install`` plugs this into ``dashboard.data``
(``data.READ_AHEAD``); without it the dashboard reads when a script asks, as it always can.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from config.settings import Settings
from dashboard import data
from dashboard.snapshot import Snapshot

READ_AHEAD_S = 15.0  # a read started by a page request is taken by a script within this

# reads started by a page request, and when the cache last got a read, by the settings' repr
_ahead: dict[str, tuple[float, Future[Snapshot]]] = {}
_fresh: dict[str, float] = {}
_lock = threading.Lock()
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")


def read_ahead(settings: Settings, page: str | None = None) -> bool:
    """Start a read now, unless the cache holds one younger than the TTL or one started less
    than ``READ_AHEAD_S`` ago; ``load_snapshot`` takes it. Never with sign-in configured: no
    read before a viewer has signed in. Returns whether a read was started."""
    if settings.dashboard_auth != "none":
        return False
    key, now, ttl = repr(settings), time.monotonic(), settings.dashboard_ttl_s
    with _lock:
        cached = _fresh.get(key)
        pending = _ahead.get(key)
        if (cached is not None and now - cached < ttl) or (
            pending is not None and now - pending[0] < READ_AHEAD_S
        ):
            return False
        if pending is not None:
            pending[1].cancel()  # nobody came for it (a probe, a closed tab)
        # data.read_snapshot looked up now: the tests count reads by replacing it
        _ahead[key] = (now, _pool.submit(data.read_snapshot, settings, page))
    return True


class Ahead:
    """What ``dashboard.data`` asks (its ``ReadAhead``): a read to take, the cache's reads."""

    def take(self, key: str) -> tuple[float, Snapshot] | None:
        """The read started for ``key`` less than ``READ_AHEAD_S`` ago and when it started
        (waiting for it); None when there is none, or it is older, or it failed."""
        with _lock:
            pending = _ahead.pop(key, None)
        if pending is None or time.monotonic() - pending[0] >= READ_AHEAD_S:
            return None
        try:
            return pending[0], pending[1].result()
        except Exception:  # a failed read is read again by the script
            return None

    def cached(self, key: str, started: float | None) -> None:
        """The cache got a read started at ``started``; None: the cache was cleared (reads
        started before now are forgotten too)."""
        with _lock:
            if started is None:
                _ahead.pop(key, None)
                _fresh.pop(key, None)
            else:
                _fresh[key] = started


def install() -> None:
    """Let ``dashboard.data`` take reads started ahead."""
    data.READ_AHEAD = Ahead()


def uninstall() -> None:
    """Back to reading when a script asks (and forget reads started ahead)."""
    data.READ_AHEAD = None
    forget()


def forget() -> None:
    """Forget every read started ahead and when the cache got its reads (the tests' reset)."""
    with _lock:
        for _, future in _ahead.values():
            future.cancel()
        _ahead.clear()
        _fresh.clear()


def pending() -> list[Future[Snapshot]]:
    """The reads started ahead and not yet taken."""
    with _lock:
        return [future for _, future in _ahead.values()]
