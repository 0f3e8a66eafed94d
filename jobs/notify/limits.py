"""Per-destination rate limits (sliding windows) and the run's one waiting budget.

A run may wait for a slot, but all its waits together stay within ``max_wait_s`` (one
``WaitBudget`` shared by every destination's limiter), so the run lock is never held longer
than that for rate limits. When a service says "too many" (``back_off``), its destination is
closed for the rest of the run: its remaining messages are carried to the next run at once,
with ``resume_s`` as their next attempt; the other destinations go on.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class WaitBudget:
    """The seconds a run may still spend waiting for rate-limit slots, over all destinations."""

    def __init__(self, max_wait_s: float) -> None:
        self.left = max(0.0, max_wait_s)
        self.spent = 0.0

    def take(self, seconds: float) -> None:
        self.left -= seconds
        self.spent += seconds


class RateLimiter:
    """At most ``limit`` sends per ``window`` seconds for each (limit, window) pair."""

    def __init__(
        self,
        windows: tuple[tuple[int, float], ...],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        budget: WaitBudget | None = None,
    ) -> None:
        self.windows = tuple((n, w) for n, w in windows if n > 0)
        self.clock, self.sleep = clock, sleep
        self.budget = budget
        self.sent: deque[float] = deque()
        self.blocked_until = 0.0  # a service's Retry-After
        self.closed = False  # the service said "too many" in this run: carry the rest

    def wait_s(self) -> float:
        """Seconds until the next send is allowed."""
        now = self.clock()
        longest = max((w for _, w in self.windows), default=0.0)
        while self.sent and self.sent[0] <= now - longest:
            self.sent.popleft()
        need = max(0.0, self.blocked_until - now)
        for n, w in self.windows:
            recent = [t for t in self.sent if t > now - w]
            if len(recent) >= n:
                need = max(need, recent[-n] + w - now)
        return need

    def acquire(self, max_wait_s: float) -> bool:
        """Take a slot, sleeping up to ``max_wait_s`` and what is left of the run's budget;
        False: carry the message to the next run (at once when the destination is closed)."""
        if self.closed:
            return False
        need = self.wait_s()
        allowed = max_wait_s if self.budget is None else min(max_wait_s, self.budget.left)
        if need > allowed:
            return False
        if need > 0:
            self.sleep(need)
            if self.budget is not None:
                self.budget.take(need)
        self.sent.append(self.clock())
        return True

    def back_off(self, seconds: float) -> None:
        """The service said "too many" (429 Retry-After, 11232, 9499, 130101, 45009): no more
        sends to this destination in this run, and none before ``seconds`` from now."""
        self.blocked_until = max(self.blocked_until, self.clock() + seconds)
        self.closed = True

    def resume_s(self) -> float:
        """Seconds from now until this destination may be tried again (a carried message's
        next attempt)."""
        return self.wait_s()
