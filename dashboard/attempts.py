"""Sign-ins, counted per user name across every session of the server: after ``LIMIT`` failures
within ``WINDOW_S`` the name is refused (its password not even checked) until the window has
passed, and each failure is logged with the name when it is a configured one (a password typed
into the name field is never logged).

The per-session delay (dashboard/auth.py) slowed one browser only: twelve sessions made twelve
guesses in six seconds, unlogged (trial27). A try is reserved under the lock before its
password is checked, so sessions at the same moment cannot all pass the count (review32); a
good sign-in gives its own reservation back. The counts live in this process (one Streamlit
server); a restart forgets them. Anyone can keep a name refused by guessing it: the price of
the limit, said in the README.
"""

from __future__ import annotations

import logging
import threading
from collections import deque

LIMIT = 5  # failures of one name within the window, then refused until the window has passed
SHARED = 30  # the shared password's (no name): any visitor's guesses would lock out the team
WINDOW_S = 900.0
NAMES = 1000  # names held before those whose tries have all passed are swept out
LOG = logging.getLogger("collabsheet.dashboard.sign_in")


class Attempts:
    """Tries per user name (lowercased; "" for the shared password), thread-safe."""

    def __init__(self, limit: int = LIMIT, window_s: float = WINDOW_S) -> None:
        self.limit, self.window_s = limit, window_s
        self._tries: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        """``key``'s tries within the window; a name whose tries have all passed is forgotten
        (review33: every name guessed stayed, the table grew without end)."""
        times = self._tries.get(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            self._tries.pop(key, None)
        return times

    def reserve(self, name: str, now: float) -> float:
        """Count a try of ``name`` now, before its password is checked: 0, or the seconds until
        it may try again (refused: nothing counted)."""
        key = name.strip().lower()
        limit = self.limit if key else max(self.limit, SHARED)
        with self._lock:
            if len(self._tries) > NAMES:  # every name guessed stayed (review33): swept
                for old in list(self._tries):
                    self._recent(old, now)
            times = self._recent(key, now)
            if len(times) >= limit:
                return times[0] + self.window_s - now
            times.append(now)
            self._tries[key] = times
            return 0.0

    def failed(self, shown: str, name: str, now: float) -> None:
        """The reserved try of ``name`` failed: logged as ``shown`` (the name, when known)."""
        with self._lock:
            n = len(self._recent(name.strip().lower(), now))
        LOG.warning("dashboard sign-in failed for user %s (%d in %d min)", shown, n,
                    self.window_s // 60)  # fmt: skip

    def succeeded(self, name: str, now: float) -> None:
        """The reserved try of ``name`` at ``now`` was good: it is given back (and a named
        user's earlier failures cleared; the shared password's stay, they may be a visitor's)."""
        key = name.strip().lower()
        with self._lock:
            times = self._recent(key, now)
            if key:
                times.clear()
            elif now in times:
                times.remove(now)
            if not times:
                self._tries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._tries.clear()


ATTEMPTS = Attempts()  # the server's: every session's sign-ins
