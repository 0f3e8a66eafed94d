"""A pure step computed in a forked child process while the run goes on: a second core.

The compute steps hold the GIL, so threads cannot share them out. A child forked once the
workbook is parsed (and frozen: jobs/run/envelope.py) shares its memory copy-on-write, computes
one step and sends back only the result, pickled through a pipe; the run waits for it before
anything is sent or written. The step is pure, so wherever the child cannot help — no
``os.fork`` (only Linux forks here: macOS' system libraries are not fork-safe), one core, a
child killed or hung, an exception, a result that does not pickle — the run computes it itself
and gets the same result, or the same exception with its own traceback. The child leaves with
``os._exit``: none of the run's exit handlers, buffers, locks or database runs twice.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# where a child can help: Linux (fork is the default there) with a second core for this
# process (its CPU affinity: a container given one core of many has one)
ENABLED = sys.platform == "linux" and hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1
# a child still silent after this long is taken for hung (a step at 100,000 tasks takes under a
# second): it is killed and the run computes the step itself
PATIENCE_S = 300.0


class Forked(Generic[T]):
    """``func(*args)``, started in a child now when it can be, and ``result()`` when needed;
    ``fork`` False: computed by ``result()`` (the run has nothing to do meanwhile)."""

    def __init__(self, func: Callable[..., T], *args: Any, fork: bool = True) -> None:
        self._func, self._args = func, args
        self._pid, self._fd = 0, -1
        if ENABLED and fork:
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            with warnings.catch_warnings():  # Python 3.12 warns of forking beside threads: the
                # run's (decoding, idle by now) hold no lock the child takes, as it only computes
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory or process left: the run computes the step
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child
            code = 1
            try:
                os.close(read)
                for sig in (signal.SIGINT, signal.SIGTERM):  # not the run's handlers
                    signal.signal(sig, signal.SIG_DFL)
                data = pickle.dumps(self._func(*self._args), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._fd = pid, read

    @property
    def forked(self) -> bool:
        """A child computes the step (else ``result()`` computes it here)."""
        return self._pid != 0

    def result(self) -> T:
        """The step's result: the child's, or computed here when the child gave none."""
        data = self._collect() if self._pid else None
        if data is not None:
            value: T = pickle.loads(data)
            return value
        return self._func(*self._args)

    def close(self) -> None:
        """End the child, if it still runs (the run failed before it needed the result)."""
        if self._pid:
            _end(self._pid)
            self._pid = 0
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _collect(self) -> bytes | None:
        """The child's pickled result, or None (it failed, died or took too long)."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + PATIENCE_S
        try:
            while (left := deadline - time.monotonic()) > 0:
                if not select.select([self._fd], [], [], left)[0]:
                    continue
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            else:  # hung: killed below
                chunks = []
            pid, self._pid = self._pid, 0
            status = _end(pid, kill=not chunks)
        finally:
            os.close(self._fd)
            self._fd = -1
        return b"".join(chunks) if chunks and status == 0 else None


def _end(pid: int, kill: bool = True) -> int:
    """Reap the child (killed first when ``kill``): its exit status, or -1."""
    if kill:
        with contextlib.suppress(ProcessLookupError):  # gone already: reaped below
            os.kill(pid, signal.SIGKILL)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return -1
    return os.waitstatus_to_exitcode(status)
