"""POST a JSON body to a webhook and sort its answer: delivered, rate-limited, retryable or not.

A rate limit is any answer that says "too many" (HTTP 429 or a vendor code below): the Outcome
carries ``retry_after_s``, and the run carries the rest of that destination's messages to the
next run at once (``jobs.notify.limits``). The documented codes and windows:

- Feishu / Lark custom bot: 100 requests/min and 5/s per bot; over it, ``11232`` (flow
  control) or ``9499`` "too many request"; the open platform's gateway answers HTTP 429 or 400
  with ``99991400`` and ``x-ogw-ratelimit-reset`` (seconds). open.feishu.cn/document/
  client-docs/bot-v3/add-custom-bot, open.larkoffice.com/document/ukTMukTMukTM/uUzN04SN3QjL1cDN
- DingTalk custom robot: 20 messages/min per robot; over it ``130101`` "send too fast, exceed
  20 times per minute", and the robot is throttled for 10 minutes.
  open.dingtalk.com/document/robots/custom-robot-access
- WeCom group robot: 20 messages/min per robot; over it ``45009`` "api freq out of limit".
  developer.work.weixin.qq.com/document/path/91770 and /90313 (global error codes)
- Slack incoming webhooks: about 1 message/s per channel with short bursts; over it HTTP 429
  with ``Retry-After`` in seconds. api.slack.com/docs/rate-limits
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

import requests

from config.secrets import remember
from jobs.notify import Outcome, redact, transport
from jobs.notify.transport import Unanswered

Post = Callable[..., requests.Response]
# vendor code -> seconds to stay away (the vendor's window; DingTalk throttles for 10 minutes)
RATE_CODES: dict[int, float] = {11232: 60.0, 9499: 60.0, 99991400: 60.0, 130101: 600.0,
                                45009: 60.0}  # fmt: skip
# Feishu's 9499 is also its generic "Bad Request" (a malformed or oversized body): a rate
# limit only when the message says so ("too many request")
_TOO_MANY = re.compile(r"(?i)too many|frequen|rate.?limit|freq out of limit")
NO_RETRY_AFTER_S = 60.0  # a 429 without a usable Retry-After: one minute window
MAYBE_DELIVERED = (
    "the request was sent and {what}; it may have been delivered, so it is not sent again "
    "(ask the recipients)"
)
JSON_UTF8 = {"Content-Type": "application/json; charset=utf-8"}


def post_json(
    url: str, body: dict[str, Any], timeout: float, secrets: Iterable[str | None], post: Post
) -> Outcome | Any:
    """The decoded answer, or an Outcome for a transport / HTTP failure (secrets redacted)."""
    hidden = [url, *secrets]
    remember(hidden)
    try:
        r = post(url, data=encoded(body), headers=JSON_UTF8, timeout=timeout)
    except Unanswered as exc:  # the request went out, no answer came: it may have arrived,
        # and sending it again may post it twice (trial12: a group got its escalation twice),
        # so it is not sent again and the coordinators are told (failed, listed for a week)
        what = f"no answer came within {timeout:g} s" if exc.timed_out else (
            "the connection closed without an answer")  # fmt: skip
        return Outcome(False, False, f"unanswered: {MAYBE_DELIVERED.format(what=what)}")
    except requests.ConnectTimeout:  # not connected: nothing went out, tried again later
        return Outcome(False, True, f"timeout: no connection within {timeout:.0f} s")
    except requests.Timeout:  # before the request went out (a stalled TLS handshake or proxy)
        return Outcome(False, True, f"timeout: no answer within {timeout:.0f} s")
    except requests.RequestException as exc:
        return Outcome(False, True, redact(f"connection failed: {type(exc).__name__}", hidden))
    answer = _decoded(r)
    code = _code(answer)
    if code == 9499 and not _TOO_MANY.search(str(answer.get("msg", ""))):
        code = None  # a Bad Request: judged by the channel as permanent
    if r.status_code == 429 or code in RATE_CODES:
        after = _seconds(r.headers.get("Retry-After") or r.headers.get("x-ogw-ratelimit-reset"))
        wait = after if after is not None else RATE_CODES.get(code or 0, NO_RETRY_AFTER_S)
        said = f"code {code}" if code in RATE_CODES else f"HTTP {r.status_code}"
        return Outcome(False, True, f"{said}: rate limited (retry after {wait:g} s)", wait)
    if r.status_code >= 500:
        return Outcome(False, True, _said(f"HTTP {r.status_code}: ", r.text, hidden))
    if r.status_code >= 400:
        return Outcome(False, False, _said(f"HTTP {r.status_code}: ", r.text, hidden))
    return answer


def encoded(body: dict[str, Any]) -> bytes:
    """The request body exactly as sent (UTF-8, no ``\\uXXXX`` escapes): what the size
    limits are measured on (a Chinese character is 3 bytes, not 6)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decoded(r: requests.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        return r.text


def _code(answer: Any) -> int | None:
    if not isinstance(answer, dict):
        return None
    for field in ("code", "errcode", "StatusCode"):
        if isinstance(answer.get(field), int) and not isinstance(answer.get(field), bool):
            return int(answer[field])
    return None


RETRY_AFTER_MAX_S = 86400.0  # a service's "come back in" beyond a day is read as a day


def _seconds(value: str | None) -> float | None:
    """Retry-After in seconds, within 0 and a day (review14: "1e400" was infinite, and the run
    crashed at every later run recording it); None when it is not a number."""
    try:
        x = float(value) if value is not None else None
    except ValueError:
        return None
    return None if x is None or x != x else min(max(0.0, x), RETRY_AFTER_MAX_S)


def _said(prefix: str, text: str, hidden: Iterable[str | None], limit: int = 300) -> str:
    """A service's answer for an error message: redacted first, then shortened (cutting first
    could leave half a token that no longer matches)."""
    return (prefix + redact(str(text), hidden))[:limit]


def coded(
    answer: Any, field: str, retryable: Iterable[int], hidden: Iterable[str | None]
) -> Outcome:
    """Success when ``answer[field] == 0`` (HTTP 200 alone is not success for these bots)."""
    if not isinstance(answer, dict):
        return Outcome(False, False, _said("unexpected answer: ", str(answer), hidden))
    code = answer.get(field, answer.get("StatusCode"))
    if code == 0:
        return Outcome(True)
    msg = answer.get("msg") or answer.get("errmsg") or answer.get("StatusMessage") or ""
    return Outcome(False, code in set(retryable), _said(f"{field} {code}: ", msg, hidden))


class Webhook:
    """What every signed group-bot notifier holds: its URL, secret, timeout, transport, clock."""

    def __init__(
        self, url: str, secret: str | None = None, timeout: float = 10.0,
        post: Post = transport.post, clock: Callable[[], float] = time.time,
    ) -> None:  # fmt: skip
        self.url, self.secret, self.timeout, self.post, self.clock = (
            url, secret, timeout, post, clock
        )  # fmt: skip
        remember((url, secret))
