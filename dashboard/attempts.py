"""Failed sign-ins, counted per user name across every session of the server: after ``LIMIT``
failures within ``WINDOW_S`` the name is refused (its password not even checked) until the
window has passed, and each failure is logged with the name, never the password.

The per-session delay (dashboard/auth.py) slowed one browser only: twelve sessions made twelve
guesses in six seconds, unlogged (trial27). The counts live in this process (one Streamlit
server); a restart forgets them.
"""

from __future__ import annotations

import logging
import threading
from collections import deque

LIMIT = 5  # failures of one name within the window, then refused until the window has passed
SHARED = 30  # the shared password's (no name): any visitor's guesses would lock out the team
WINDOW_S = 900.0
LOG = logging.getLogger("collabsheet.dashboard.sign_in")


class Attempts:
    """Failed sign-ins per user name (lowercased; "" for the shared password), thread-safe."""

    def __init__(self, limit: int = LIMIT, window_s: float = WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._failed: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> deque[float]:
        times = self._failed.setdefault(name.strip().lower(), deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def blocked(self, name: str, now: float) -> float:
        """Seconds until ``name`` may try again (0: now)."""
        limit = self.limit if name.strip() else max(self.limit, SHARED)
        with self._lock:
            times = self._recent(name, now)
            return times[0] + self.window_s - now if len(times) >= limit else 0.0

    def failed(self, name: str, now: float) -> None:
        """One more failure of ``name``, logged."""
        with self._lock:
            times = self._recent(name, now)
            times.append(now)
            n = len(times)
        LOG.warning("dashboard sign-in failed for user %r (%d in %d min)", name, n,
                    self.window_s // 60)  # fmt: skip

    def succeeded(self, name: str) -> None:
        """A good sign-in clears the name's count."""
        with self._lock:
            self._failed.pop(name.strip().lower(), None)


ATTEMPTS = Attempts()  # the server's: every session's sign-ins
