"""Fixtures shared by the test modules."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import group_members


@pytest.fixture(scope="session", autouse=True)
def _no_process_left_behind() -> Iterator[None]:
    """The test suite leaves no process behind: whatever a test started in pytest's process
    group (a server, a CLI) has ended when the session ends. A leftover fails the run, named,
    and is then killed. Linux only (it reads /proc); processes started in a new session are
    the starting test's to check (tests/test_dashboard_serve.py does)."""
    if not Path("/proc/self/stat").is_file():
        yield
        return
    group = os.getpgid(0)
    before = set(group_members(group))
    yield
    deadline = time.monotonic() + 15  # a server stopped by the last test may still be exiting
    left = {pid: cmd for pid, cmd in group_members(group).items() if pid not in before}
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = {pid: cmd for pid, cmd in group_members(group).items() if pid not in before}
    for pid in left:
        with contextlib.suppress(OSError):  # ended meanwhile
            os.kill(pid, signal.SIGKILL)
    if left:
        named = "\n".join(f"  {pid}: {cmd[:300]}" for pid, cmd in sorted(left.items()))
        pytest.fail(f"the test suite left {len(left)} process(es) running:\n{named}")
