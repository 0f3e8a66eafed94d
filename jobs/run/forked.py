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
import ctypes
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Python 3.12 warns of forking beside threads: the run's (decoding, idle by the fork) hold no
# lock the child takes, as it only computes (set once: catch_warnings is not thread-safe)
warnings.filterwarnings("ignore", ".*fork", DeprecationWarning, r"jobs\.run\.forked")


def _cores() -> float:
    """The cores this process may use: its CPU affinity, and a cgroup v2 quota (a container
    given one core of many: `--cpus=1`)."""
    cores = float(len(os.sched_getaffinity(0)))
    with contextlib.suppress(OSError, ValueError):
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text(encoding="ascii").split()[:2]
        if quota != "max":
            cores = min(cores, int(quota) / int(period))
    return cores


# where a child can help: Linux (fork is the default there) with a second core
ENABLED = sys.platform == "linux" and hasattr(os, "fork") and _cores() >= 2
# a child still silent after this long is taken for hung (a step at 100,000 tasks takes under a
# second): it is killed and the run computes the step itself
PATIENCE_S = 300.0


class Forked(Generic[T]):
    """``func(*args)``, started in a child now when it can be, and ``result()`` when needed;
    ``fork`` False: computed by ``result()`` (the run has nothing to do meanwhile)."""

    def __init__(self, func: Callable[..., T], *args: Any, fork: bool = True) -> None:
        self._func, self._args = func, args
        self._pid, self._fd = 0, -1
        self._value: tuple[T] | None = None  # the result, once had
        if ENABLED and fork:
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        # no handler of the run may run in the child before it is on its own (review34: a
        # KeyboardInterrupt there unwound through the run's lock and released it): every
        # signal is held across the fork, the child takes the default actions, then lets them in
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
        try:
            pid = os.fork()
        except OSError:  # no memory or process left: the run computes the step
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child
            code = 1
            try:
                os.close(read)
                for sig in signal.valid_signals():
                    if callable(signal.getsignal(sig)):  # the run's handlers: not here
                        signal.signal(sig, signal.SIG_DFL)
                _die_with(parent)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                data = pickle.dumps(self._func(*self._args), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(write)
        self._pid, self._fd = pid, read

    @property
    def forked(self) -> bool:
        """A child computes the step (else ``result()`` computes it here)."""
        return self._pid != 0

    def result(self) -> T:
        """The step's result: the child's, or computed here when the child gave none; the
        same object when asked again."""
        if self._value is None:
            data = self._collect() if self._pid else None
            self._value = (pickle.loads(data) if data is not None else self._func(*self._args),)
        return self._value[0]

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
            try:
                ready = select.poll()  # any descriptor number (select() stops at 1024)
                ready.register(self._fd, select.POLLIN)
                while (left := deadline - time.monotonic()) > 0:
                    if not ready.poll(left * 1000):
                        continue
                    chunk = os.read(self._fd, 1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
                else:  # hung: killed below
                    chunks = []
            except OSError:  # the pipe failed: the run computes the step
                chunks = []
            pid, self._pid = self._pid, 0
            status = _end(pid, kill=not chunks)
        finally:
            os.close(self._fd)
            self._fd = -1
        return b"".join(chunks) if chunks and status == 0 else None


def _die_with(parent: int) -> None:
    """In the child: killed when the run's process dies (kill -9, the OOM killer), else an
    orphan would hold the run lock's file; gone at once if the run died already."""
    with contextlib.suppress(OSError, AttributeError):  # no prctl: an orphan ends by itself
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


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
