"""POST a JSON body to a webhook and sort transport failures into retryable or permanent."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import requests

from jobs.notify import Outcome, redact

Post = Callable[..., requests.Response]
RATE_CODES = (11232, 130101, 45009)  # Feishu flow control, DingTalk 20/min, WeCom freq limit
_SEEN: set[str] = set()  # webhook URLs and secrets used in this process


class _Redact(logging.Filter):
    """urllib3 logs request paths at DEBUG; a webhook's path is its token: redact it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage(), _SEEN), ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_Redact())


def post_json(
    url: str, body: dict[str, Any], timeout: float, secrets: Iterable[str | None], post: Post
) -> Outcome | Any:
    """The decoded answer, or an Outcome for a transport / HTTP failure (secrets redacted)."""
    hidden = [url, *secrets]
    _SEEN.update(h for h in hidden if h)
    try:
        r = post(url, json=body, timeout=timeout)
    except requests.Timeout:
        return Outcome(False, True, f"timeout: no answer within {timeout:.0f} s")
    except requests.RequestException as exc:
        return Outcome(False, True, redact(f"connection failed: {type(exc).__name__}", hidden))
    if r.status_code == 429:
        after = _seconds(r.headers.get("Retry-After"))
        return Outcome(False, True, f"HTTP 429 rate limited (Retry-After {after})", after)
    if r.status_code >= 500:
        return Outcome(False, True, f"HTTP {r.status_code}: {redact(r.text[:200], hidden)}")
    if r.status_code >= 400:
        return Outcome(False, False, f"HTTP {r.status_code}: {redact(r.text[:200], hidden)}")
    try:
        return r.json()
    except ValueError:
        return r.text


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def coded(
    answer: Any, field: str, retryable: Iterable[int], hidden: Iterable[str | None]
) -> Outcome:
    """Success when ``answer[field] == 0`` (HTTP 200 alone is not success for these bots)."""
    if not isinstance(answer, dict):
        return Outcome(False, False, redact(f"unexpected answer: {str(answer)[:200]}", hidden))
    code = answer.get(field, answer.get("StatusCode"))
    if code == 0:
        return Outcome(True)
    msg = answer.get("msg") or answer.get("errmsg") or answer.get("StatusMessage") or ""
    text = redact(f"{field} {code}: {msg}"[:300], hidden)
    return Outcome(False, code in set(retryable), text, 60.0 if code in RATE_CODES else None)


class Webhook:
    """What every signed group-bot notifier holds: its URL, secret, timeout, transport, clock."""

    def __init__(
        self, url: str, secret: str | None = None, timeout: float = 10.0,
        post: Post = requests.post, clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self.url, self.secret, self.timeout, self.post, self.clock = (
            url, secret, timeout, post, clock
        )  # fmt: skip
