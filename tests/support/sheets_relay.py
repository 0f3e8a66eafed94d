"""The Sheets emulation shared with another process: ``relay`` serves this process's
``SheetsEmulator`` on 127.0.0.1, and ``Forwarding`` (a requests adapter for the other process)
sends every https request there with its real URL in a header, so a dashboard server started
for a test (``relayed_dashboard``) reads and appends to the very spreadsheet the test's own
CLI calls use."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter

from dashboard.serve.launch import serve
from tests.support.sheets_emulator import SheetsEmulator

HEADER = "X-Relay-Url"
ROOT = Path(__file__).resolve().parents[2]
HOP = {"connection", "content-length", "transfer-encoding", "content-encoding", "keep-alive"}


@contextmanager
def relay(emulator: SheetsEmulator) -> Iterator[str]:
    """Serve ``emulator`` on a free port of 127.0.0.1; yields the relay's URL."""
    lock = threading.Lock()  # the emulation answers one request at a time

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size) if size else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in HOP and k != HEADER}  # fmt: skip
            prepared = requests.Request(
                self.command, self.headers[HEADER], headers=headers, data=body
            ).prepare()
            with lock:
                answer = emulator.send(prepared)
            self.send_response(answer.status_code)
            for k, v in answer.headers.items():
                if k.lower() not in HOP:
                    self.send_header(k, v)
            content = answer.content or b""
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def relayed_dashboard(emulator: SheetsEmulator, config: Path, cwd: Path) -> Iterator[str]:
    """The dashboard for ``config`` on 127.0.0.1, its Google backend reaching ``emulator``:
    plain Streamlit (no plumbing) started by ``tests.support.relayed_dashboard``; its URL."""
    with relay(emulator) as url, pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", str(ROOT))  # the server's ``python -m tests.support…``
        runner = ("tests.support.relayed_dashboard", url)
        with serve(str(config), cwd=cwd, plumbing=False, runner=runner) as served:
            yield served


class Forwarding(BaseAdapter):
    """Sends each request to the relay at ``url``, naming where it was meant to go."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.session = requests.Session()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        headers: Mapping[str, str] = {**request.headers, HEADER: request.url or ""}
        return self.session.request(
            request.method or "GET", self.url, headers=dict(headers), data=request.body,
            timeout=60, allow_redirects=False,
        )  # fmt: skip

    def close(self) -> None:
        self.session.close()
