"""Fake clocks: a monotonic one (rate-limit windows, the ledger) and an aware wall clock (the
scheduler), and a check of rate-limit windows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s


def windows_ok(times: list[float], n: int, w: float) -> bool:
    return all(sum(1 for u in times if t <= u < t + w) <= n for t in times)


class WallClock:
    """Aware UTC time for the scheduler that moves only when it sleeps (``now`` passed in, never
    a patched ``datetime``); ``stop`` (the scheduler's) is called once ``end`` has come."""

    def __init__(self, start: dt.datetime, end: dt.datetime | None = None) -> None:
        self.t, self.end = start, end
        self.stop: Callable[[], None] | None = None

    def __call__(self) -> dt.datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += dt.timedelta(seconds=seconds)
        if self.end is not None and self.t >= self.end and self.stop is not None:
            self.stop()
