"""Per-destination rate limits (sliding windows): wait for a slot, or say to carry over."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most ``limit`` sends per ``window`` seconds for each (limit, window) pair."""

    def __init__(
        self,
        windows: tuple[tuple[int, float], ...],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.windows = tuple((n, w) for n, w in windows if n > 0)
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()
        self.blocked_until = 0.0  # a service's Retry-After

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
        """Take a slot, sleeping up to ``max_wait_s``; False: over budget, carry to next run."""
        need = self.wait_s()
        if need > max_wait_s:
            return False
        if need > 0:
            self.sleep(need)
        self.sent.append(self.clock())
        return True

    def back_off(self, seconds: float) -> None:
        """The service said "too many" (429 Retry-After, errcode 130101 …): pause here."""
        self.blocked_until = max(self.blocked_until, self.clock() + seconds)
