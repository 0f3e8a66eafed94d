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

import requests

SECRET = "SECtest-signing-secret-0123456789"


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: Any
    size: int = 0  # the request body's bytes, as sent


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
            query = dict(urllib.parse.parse_qsl(parts.query))
            got = Received(parts.path, query, json.loads(raw), length)
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


# ------------------------------------------------------------------------- vendors' stand-ins
# The documented limits and answers each stand-in applies (the notifiers cite the same pages):
# - Feishu custom bot: 5 requests/s and 100/min per bot, over it 11232 (or 9499 "too many
#   request"); body at most 20 KB; bad signature 19021, missing keyword 19024.
#   open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
# - DingTalk custom robot: 20 messages/min, over it 130101 "send too fast, exceed 20 times per
#   minute" (and 10 minutes of throttling); bad signature 310000; body at most 20,000 bytes.
#   open.dingtalk.com/document/robots/custom-robot-access
# - WeCom group robot: 20 messages/min, over it 45009 "api freq out of limit"; markdown content
#   at most 4096 bytes, over it 40058. developer.work.weixin.qq.com/document/path/91770, /90313
# - Slack incoming webhook: about 1 message/s, over it HTTP 429 with Retry-After; at most 50
#   blocks (invalid_blocks), 3,000 characters per section text, 40,000 characters of text
#   (msg_too_long). api.slack.com/docs/rate-limits, api.slack.com/reference/block-kit/blocks
RATE: dict[str, tuple[tuple[int, float], ...]] = {
    "feishu": ((5, 1.0), (100, 60.0)),
    "dingtalk": ((20, 60.0),),
    "wecom": ((20, 60.0),),
    "slack": ((1, 1.0),),
}
TOO_MANY: dict[str, tuple[int, dict[str, str], str]] = {
    "feishu": (200, {}, json.dumps({"code": 11232, "msg": "frequency limited", "data": {}})),
    "feishu9499": (200, {}, json.dumps({"code": 9499, "msg": "too many request", "data": {}})),
    "dingtalk": (200, {}, json.dumps(
        {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"})),
    "wecom": (200, {}, json.dumps({"errcode": 45009, "errmsg": "api freq out of limit"})),
    "slack": (429, {"Retry-After": "30"}, "rate_limited"),
    "slack-short": (429, {"Retry-After": "2"}, "rate_limited"),
}  # fmt: skip
OK_ANSWER: dict[str, str] = {
    "feishu": json.dumps({"code": 0, "msg": "success", "data": {}}),
    "dingtalk": json.dumps({"errcode": 0, "errmsg": "ok"}),
    "wecom": json.dumps({"errcode": 0, "errmsg": "ok"}),
    "slack": "ok",
}
BODY_BYTES = {"feishu": 20 * 1024, "dingtalk": 20_000}


@dataclass
class StandIn:
    """A vendor as documented, on the test's clock: every request takes a rate-limit slot;
    over a window, over a size limit or during a scripted ``burst`` it answers as the vendor
    does. ``accepted`` holds the requests answered ok (what reached the group)."""

    kind: str
    clock: Callable[[], float]
    burst: list[str] = field(default_factory=list)  # forced "too many" answers (TOO_MANY keys)
    burst_at: int = 0  # the burst begins at this request (0: the first)
    times: list[float] = field(default_factory=list)
    accepted: list[Received] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # limits a request broke

    def __call__(self, r: Received) -> tuple[int, dict[str, str], str]:
        now = self.clock()
        over = any(sum(1 for t in self.times if t > now - w) >= n for n, w in RATE[self.kind])
        self.times.append(now)
        if self.burst and len(self.times) > self.burst_at:
            return TOO_MANY[self.burst.pop(0)]
        if over:
            self.broken.append(f"rate at {now:g}")
            return TOO_MANY[self.kind]
        problem = self.too_big(r)
        if problem:
            self.broken.append(problem[2])
            return problem
        self.accepted.append(r)
        return 200, {}, OK_ANSWER[self.kind]

    def too_big(self, r: Received) -> tuple[int, dict[str, str], str] | None:
        if self.kind in BODY_BYTES and r.size > BODY_BYTES[self.kind]:
            if self.kind == "feishu":
                return 200, {}, json.dumps({"code": 9499, "msg": "Bad Request", "data": {}})
            return 200, {}, json.dumps({"errcode": 460101, "errmsg": "message too long"})
        if self.kind == "wecom":
            content = r.body.get("markdown", {}).get("content", "")
            if len(content.encode()) > 4096:
                return (
                    200,
                    {},
                    json.dumps(
                        {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
                    ),
                )
        if self.kind == "slack":  # characters as JavaScript counts them: UTF-16 units
            blocks = r.body.get("blocks", [])
            sections = [b["text"]["text"] for b in blocks if b.get("type") == "section"]
            if len(blocks) > 50 or any(_units(t) > 3000 for t in sections):
                return 400, {}, "invalid_blocks"
            if _units(r.body.get("text", "")) + sum(_units(t) for t in sections) > 40_000:
                return 400, {}, "msg_too_long"
        return None


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def echo_forms(path_and_query: str) -> str:
    """What a careless service writes back: the token and the URL path raw, URL-encoded,
    encoded twice and JSON-escaped (``\\/``), as in ``{"msg":"invalid token xyz…"}``."""
    parts = urllib.parse.urlsplit(path_and_query)
    query = dict(urllib.parse.parse_qsl(parts.query))
    token = query.get("access_token") or query.get("key") or parts.path.rsplit("/", 1)[-1]
    once = urllib.parse.quote(path_and_query, safe="")
    escaped = json.dumps(path_and_query)[1:-1].replace("/", "\\/")
    twice = urllib.parse.quote(once, safe="")
    quoted = urllib.parse.quote(token, safe="")
    return f"invalid token {token} ({quoted}) for {path_and_query} {once} {twice} json {escaped}"


@contextmanager
def echoing() -> Iterator[str]:
    """A service that refuses every request and echoes its token back (``echo_forms``): as
    JSON ``msg`` / ``errmsg`` (Feishu, DingTalk, WeCom codes), or as a raw 403 body (Slack)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            echo = echo_forms(self.path)
            if "/services/" in self.path:
                status, body = 403, f"invalid_token: {echo} {json.dumps({'url': echo})}"
            else:
                status = 200
                body = json.dumps({"code": 19021, "errcode": 310000, "msg": echo, "errmsg": echo})
            self.send_response(status)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Posting:
    """A notifier's ``post`` that hands each request to a Behave (a ``StandIn``) in-process,
    as the loopback server would, without a socket: for tests that send thousands of parts."""

    def __init__(self, behave: Behave) -> None:
        self.behave = behave

    def __call__(self, url: str, data: bytes = b"", **_: Any) -> requests.Response:
        parts = urllib.parse.urlsplit(url)
        got = Received(parts.path, dict(urllib.parse.parse_qsl(parts.query)), json.loads(data),
                       len(data))  # fmt: skip
        status, headers, body = self.behave(got)
        r = requests.Response()
        r.status_code, r._content, r.encoding = status, body.encode(), "utf-8"
        r.headers.update(headers)
        return r
