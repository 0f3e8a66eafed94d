"""A pure computation run in a forked child process beside the run's own work (Linux only).

After the SLA, a large run's steps are single-threaded Python (the GIL): the checks, the KPIs
and the rows of the bot tabs do not depend on delivery, so a child forked with the parsed
workbook already in its memory (nothing is copied up front) computes them on another core
while the parent plans and sends the reminders. The result comes back pickled through a pipe.

The child only computes: it sends nothing, writes no file and ends with ``os._exit`` (no exit
handler, no buffer of the parent flushed twice). Where fork is unavailable or unsafe (Windows;
macOS, whose system libraries do not survive it), when the fork fails, or when the child dies,
cannot pickle its result or stays silent for ``PATIENCE`` seconds, the parent computes the
result itself: the outcome is the same, only slower. An error raised by the computation is
raised again by the parent's own call, with its own traceback.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

PATIENCE = 120.0  # seconds without a byte from the child before the parent computes it itself
_CHUNK = 1 << 20


def can_fork() -> bool:
    """Fork is used on Linux only (see the module docstring)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Forked(Generic[T]):
    """``compute()`` started in a child process; ``result()`` is its value (computed here when
    the child could not give it). ``fork`` False: computed here, when ``result`` is asked."""

    def __init__(self, compute: Callable[[], T], fork: bool = True) -> None:
        self._compute = compute
        self._pid = 0
        self._fd = -1
        self.forked = False  # True when the value came from the child
        self.child = 0  # the child's process id, 0 when none was started
        if not (fork and can_fork()):
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, answer, leave without running anything else
            code = 1
            try:
                os.close(read)
                payload = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(payload)
                while view:
                    view = view[os.write(write, view) :]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._fd, self.child = pid, read, pid

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def result(self) -> T:
        """The child's value, or ``compute()`` run here (see the module docstring)."""
        if not self._pid:
            return self._compute()
        payload = self._receive()
        ok = self._reap()
        if ok and payload:
            try:
                value: T = pickle.loads(payload)
            except Exception:  # a value that does not unpickle: computed here instead
                return self._compute()
            self.forked = True
            return value
        return self._compute()

    def _receive(self) -> bytes:
        """Everything the child wrote, until it closes the pipe (or stays silent too long)."""
        pieces: list[bytes] = []
        try:
            while True:
                ready, _, _ = select.select([self._fd], [], [], PATIENCE)
                if not ready:
                    self.close()  # silent: stuck; the parent computes it
                    return b""
                piece = os.read(self._fd, _CHUNK)
                if not piece:
                    return b"".join(pieces)
                pieces.append(piece)
        finally:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1

    def _reap(self) -> bool:
        """Wait for the child; True when it ended well (exit status 0)."""
        if not self._pid:
            return False
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0

    def close(self) -> None:
        """Stop and reap the child if it is still there (the run ended another way)."""
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
