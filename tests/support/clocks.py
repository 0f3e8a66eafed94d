"""A fake monotonic clock and a check of rate-limit windows, for the ledger and the runs."""

from __future__ import annotations


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s


def windows_ok(times: list[float], n: int, w: float) -> bool:
    return all(sum(1 for u in times if t <= u < t + w) <= n for t in times)
