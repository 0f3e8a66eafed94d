"""Fixtures shared by the test modules."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.demo import Tabs, new_demo_tabs
from tests.support.notifiers import Recorder
from tests.support.processes import descends, group_members, parent
from tests.support.webhooks import Receiver, serving

if TYPE_CHECKING:
    from tests.support.survey_book import Book


@pytest.fixture(autouse=True)
def _no_failed_sign_ins() -> Iterator[None]:
    """Each test starts with no failed dashboard sign-in counted (dashboard/attempts.py keeps
    them per user name for the server's process: the AppTests share this one)."""
    from dashboard.attempts import ATTEMPTS

    ATTEMPTS.clear()
    yield


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
    me = os.getpid()
    # Under pytest-xdist the workers share the group: a worker answers for what it started
    # (its descendants) and for orphans, never for the other worker's live servers.
    shared = bool(os.environ.get("PYTEST_XDIST_WORKER"))

    def leftovers() -> dict[int, str]:
        return {
            pid: cmd
            for pid, cmd in group_members(group).items()
            if pid not in before and (not shared or descends(pid, me) or parent(pid) == 1)
        }

    yield
    deadline = time.monotonic() + 15  # a server stopped by the last test may still be exiting
    left = leftovers()
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = leftovers()
    for pid in left:
        with contextlib.suppress(OSError):  # ended meanwhile
            os.kill(pid, signal.SIGKILL)
    if left:
        named = "\n".join(f"  {pid}: {cmd[:300]}" for pid, cmd in sorted(left.items()))
        pytest.fail(f"the test suite left {len(left)} process(es) running:\n{named}")


# ----------------------------------------------------------------------------- the demo workbook


@pytest.fixture
def demo_tabs() -> Tabs:
    """The demo workbook's tabs (``tests/support/demo.py``), a fresh copy for each test."""
    return new_demo_tabs()


@pytest.fixture(scope="session")
def _demo_xlsx_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sheets_sync.xlsx import write_xlsx

    book = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    write_xlsx(book, new_demo_tabs())
    return book


@pytest.fixture
def demo_xlsx(_demo_xlsx_once: Path, tmp_path: Path) -> Path:
    """The demo workbook as ``tmp_path / "demo.xlsx"``, the test's own copy to change."""
    book = tmp_path / "demo.xlsx"
    shutil.copyfile(_demo_xlsx_once, book)
    return book


@pytest.fixture(params=["xlsx", "google"])
def survey_book(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Book:
    """The survey workbook (``tests/support/survey_book.py``) on each backend, in ``tmp_path``;
    the survey secret set (a dashboard server started by the test inherits it) and the CLI run
    in this process routed to the book."""
    from tests.support.survey_book import SECRET, make_book

    monkeypatch.setenv("COLLABSHEET_SURVEY_SECRET", SECRET)
    book = make_book(request.param, tmp_path)
    book.route(monkeypatch)
    return book


# ----------------------------------------------------------------------------- fakes and caches


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A loopback webhook receiver (``tests/support/webhooks.py``) for the test."""
    with serving() as rec:
        yield rec


@pytest.fixture
def fresh_dashboard_cache() -> Iterator[None]:
    """Streamlit's caches and the dashboard's reads started ahead emptied before and after the
    test; the dashboard's test modules use it for every test (``pytestmark``)."""
    from tests.support.dashboard import forget_reads

    forget_reads()
    yield
    forget_reads()


# ----------------------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium (``tests/support/browser.py``) for the module's tests; the
    module calls ``playwright_or_skip()`` at its import."""
    from tests.support.browser import launched

    with launched() as b:
        yield b


@pytest.fixture
def rec(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Every channel of the config sends into one recording notifier (each send by key)."""
    from config.channels import KINDS
    from jobs.notify import factory

    recorder = Recorder()
    monkeypatch.setattr(factory, "notifiers", lambda channels: dict.fromkeys(KINDS, recorder))
    return recorder
