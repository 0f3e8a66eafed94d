"""A page request starts the workbook read; the app script takes that read instead of another."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from config.errors import WorkbookNotFoundError
from config.settings import Settings, load_settings
from dashboard import data
from dashboard.serve import ahead
from dashboard.serve.arrival import ReadOnArrival, is_page
from dashboard.serve.backend_url import backend_script, page_segment
from sheets_sync.demo import generate
from sheets_sync.xlsx import write_xlsx

pytestmark = pytest.mark.usefixtures("fresh_dashboard_cache")  # tests/conftest.py

TODAY = dt.date(2026, 11, 27)


class Reads:
    """Counts ``read_snapshot`` calls; ``gate`` holds each read until it is set."""

    def __init__(self) -> None:
        self.count = 0
        self.pages: list[str | None] = []
        self.gate = threading.Event()
        self.gate.set()
        self.real = data.read_snapshot

    def __call__(self, settings: Settings, page: str | None = None) -> data.Snapshot:
        self.count += 1
        self.pages.append(page)
        self.gate.wait(30)
        return self.real(settings, page)


@pytest.fixture(autouse=True)
def _read_ahead() -> Iterator[None]:
    """The reads started ahead plugged into dashboard.data, as the server does."""
    ahead.install()
    yield
    ahead.uninstall()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    counter = Reads()
    monkeypatch.setattr(data, "read_snapshot", counter)
    yield counter
    counter.gate.set()


def settings_for(tmp_path: Path, ttl_s: int = 600, workbook: bool = True) -> Settings:
    book = tmp_path / "book.xlsx"
    if workbook:
        write_xlsx(book, generate(TODAY, tasks=60))
    config = tmp_path / "collabsheet.toml"
    config.write_text(
        f'[workbook]\npath = "{book.as_posix()}"\n\n[dashboard]\nttl_s = {ttl_s}\n',
        encoding="utf-8",
    )
    return load_settings(config)


def request(settings: Settings | None, path: str, method: str = "GET", kind: str = "http") -> bool:
    """Send one request through the middleware; True if it reached the app behind."""
    reached: list[dict[str, Any]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        reached.append(scope)

    scope = {"type": kind, "method": method, "path": path, "headers": []}
    asyncio.run(ReadOnArrival(app, settings)(scope, None, None))
    return [(s["type"], s["path"]) for s in reached] == [(kind, path)]


def settled() -> None:
    """Wait for the read started ahead, if any."""
    for future in ahead.pending():
        future.result(30)


@pytest.mark.parametrize(
    ("path", "method", "kind", "page"),
    [
        ("/", "GET", "http", True),
        ("/overview", "GET", "http", True),
        ("/progress", "GET", "http", True),
        ("/overview", "POST", "http", False),
        ("/_stcore/health", "GET", "http", False),
        ("/_stcore/stream", "GET", "websocket", False),
        ("/static/js/index.abc123.js", "GET", "http", False),
        ("/favicon.png", "GET", "http", False),
        ("/robots.txt", "GET", "http", False),
        ("/dash/_stcore/health", "GET", "http", False),  # under a base URL path
        ("/dash/overview", "GET", "http", True),
    ],
)
def test_only_a_page_request_counts_as_an_arrival(
    path: str, method: str, kind: str, page: bool
) -> None:
    assert is_page({"type": kind, "method": method, "path": path}) is page


def test_a_page_request_starts_the_read_and_the_script_takes_it(
    tmp_path: Path, reads: Reads
) -> None:
    settings = settings_for(tmp_path)
    reads.gate.clear()  # the read is still under way when the script asks for it
    assert request(settings, "/overview")
    assert reads.count == 1
    assert request(settings, "/progress")  # a second visitor does not start another
    assert reads.count == 1
    assert reads.pages == ["overview"]  # the page asked for is parsed first
    reads.gate.set()
    snapshot = data.load_snapshot(settings)
    assert reads.count == 1
    assert len(snapshot.workbook["tasks"]) == len(reads.real(settings).workbook["tasks"]) > 50
    assert data.load_snapshot(settings) is snapshot  # then cached, as before


def test_assets_and_endpoints_do_not_read(tmp_path: Path, reads: Reads) -> None:
    settings = settings_for(tmp_path)
    for path in ("/_stcore/health", "/static/js/main.js", "/favicon.png"):
        assert request(settings, path)
    assert request(settings, "/_stcore/stream", kind="websocket")
    assert reads.count == 0


def test_a_cached_read_is_not_read_again_before_its_ttl(tmp_path: Path, reads: Reads) -> None:
    settings = settings_for(tmp_path, ttl_s=600)
    data.load_snapshot(settings)
    assert request(settings, "/overview")
    assert reads.count == 1
    ahead._fresh[repr(settings)] -= 601  # the cached read is now past its TTL
    assert request(settings, "/overview")
    settled()
    assert reads.count == 2


def test_a_read_ahead_nobody_took_soon_is_not_shown(tmp_path: Path, reads: Reads) -> None:
    settings = settings_for(tmp_path, ttl_s=600)
    assert ahead.read_ahead(settings)
    settled()
    started, future = ahead._ahead[repr(settings)]
    ahead._ahead[repr(settings)] = (started - ahead.READ_AHEAD_S - 1, future)  # a probe's read
    snapshot = data.load_snapshot(settings)
    assert reads.count == 2
    assert snapshot is not future.result()


def test_a_taken_read_aheads_age_counts_in_the_ttl(tmp_path: Path, reads: Reads) -> None:
    settings = settings_for(tmp_path, ttl_s=600)
    assert ahead.read_ahead(settings)
    started, _ = ahead._ahead[repr(settings)]
    data.load_snapshot(settings)
    assert ahead._fresh[repr(settings)] == started
    assert reads.count == 1


def test_no_read_ahead_while_sign_in_is_configured(tmp_path: Path, reads: Reads) -> None:
    import dataclasses

    settings = dataclasses.replace(settings_for(tmp_path), dashboard_auth="password")
    assert request(settings, "/overview")
    assert not ahead.read_ahead(settings)
    assert reads.count == 0 and not ahead.pending()


def test_refresh_drops_a_read_started_before_it(tmp_path: Path, reads: Reads) -> None:
    settings = settings_for(tmp_path)
    assert ahead.read_ahead(settings)
    settled()
    data.clear_cache(settings)  # the refresh button
    data.load_snapshot(settings)
    assert reads.count == 2


def test_a_failed_read_ahead_is_read_again(tmp_path: Path, reads: Reads) -> None:
    settings = settings_for(tmp_path, workbook=False)
    assert request(settings, "/")
    settled_quietly()
    with pytest.raises(WorkbookNotFoundError, match=r"run `collabsheet init .*` for an empty one"):
        data.load_snapshot(settings)  # read again: still missing, the visitor's error
    assert reads.count == 2
    assert request(settings, "/")  # not kept: the next page request reads again
    settled_quietly()
    write_xlsx(tmp_path / "book.xlsx", generate(TODAY, tasks=10))
    assert len(data.load_snapshot(settings).workbook["tasks"]) > 5
    assert reads.count == 4  # the failed read-ahead was not reused


def settled_quietly() -> None:
    """Wait for the read started ahead, whatever its outcome."""
    for future in ahead.pending():
        future.exception(30)


def test_a_broken_config_lets_the_request_through_without_a_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: Reads
) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("[workbook\n", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["app.py", "--config", str(config)])
    assert request(None, "/overview")
    assert reads.count == 0


@pytest.mark.parametrize(
    ("path", "base", "segment"),
    [
        ("/", "", False),
        ("/progress", "", True),
        ("/progress/", "", True),
        ("/collab/", "collab", False),
        ("/collab/progress", "/collab/", True),
        ("/sla/", "sla", False),  # a base path named like a page
        ("/sla/sla", "sla", True),
        ("/nope", "", None),  # a mistyped page: Streamlit finds its server itself
        ("/collab/nope", "collab", None),
    ],
)
def test_page_segment_of_an_address(path: str, base: str, segment: bool | None) -> None:
    assert page_segment(path, base) is segment
    script = backend_script(segment)
    assert (b"BACKEND_BASE_URL" in script) is (segment is not None)
