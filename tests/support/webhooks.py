"""A loopback webhook receiver (Feishu, DingTalk, WeCom, Slack) that records what arrives and
answers as scripted; the ``receiver`` fixture in ``tests/conftest.py`` serves one per test."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET = "SECtest-signing-secret-0123456789"


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: Any


Behave = Callable[[Received], tuple[int, dict[str, str], str]]


@dataclass
class Receiver:
    url: str
    seen: list[Received] = field(default_factory=list)
    behave: list[Behave] = field(default_factory=list)
    delay_s: float = 0.0


@contextmanager
def serving() -> Iterator[Receiver]:
    """A receiver listening on a free loopback port until the block ends."""
    rec = Receiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length).decode()
            parts = urllib.parse.urlsplit(self.path)
            got = Received(parts.path, dict(urllib.parse.parse_qsl(parts.query)), json.loads(raw))
            rec.seen.append(got)
            if rec.delay_s:
                time.sleep(rec.delay_s)
            status, headers, body = rec.behave[0](got) if rec.behave else (200, {}, "{}")
            if len(rec.behave) > 1:
                rec.behave.pop(0)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        server.shutdown()
        server.server_close()


def dingtalk_ok(r: Received) -> tuple[int, dict[str, str], str]:
    """DingTalk's answer: ok when the request is signed with ``SECRET``, else errcode 310000."""
    ts = r.query["timestamp"]
    digest = hmac.new(SECRET.encode(), f"{ts}\n{SECRET}".encode(), hashlib.sha256).digest()
    if r.query.get("sign") != base64.b64encode(digest).decode():  # parse_qsl decoded it once
        return 200, {}, json.dumps({"errcode": 310000, "errmsg": "sign not match"})
    return 200, {}, json.dumps({"errcode": 0, "errmsg": "ok"})
