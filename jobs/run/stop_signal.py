"""SIGTERM taken as Ctrl+C while a command holds the run lock (trial36: ``kill`` or a stopped
systemd unit ended ``run daily`` at once, unrecorded: the lock said nothing of a stop and the
next run sent the message in flight again as if the run had crashed).

The command then ends as Ctrl+C ends it: the lock keeps its record marked ``stopped`` for the
next run to tell the coordinators, the CLI says 已中断 and exits 143 (128 + SIGTERM). Only where
nobody else handles SIGTERM (the scheduler stops after its current job) and only on the main
thread (the dashboard's survey form appends from another)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def term_as_interrupt() -> Iterator[None]:
    """For the body: SIGTERM raises KeyboardInterrupt, where SIGTERM has its default action."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
