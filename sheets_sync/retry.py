"""Bounded retries: exponential backoff with jitter, honouring Retry-After, then a clear error.

gspread's own BackOffHTTPClient retries a persistent 429 without end; a scheduled job must
instead give up within a known bound and say so. That bound covers at least one quota window:
Google's quotas are per minute and refill after 60 s ("Quotas are refilled every minute",
Sheets API usage limits), so the last try waits until ``window`` (70 s) after the first, within
``seconds`` ([google] retry_seconds, 120 s by default). This module knows nothing of gspread:
the caller raises ``Transient`` for an answer worth retrying.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from config.errors import BackendError

T = TypeVar("T")
QUOTA_WINDOW = 70.0  # seconds: one per-minute quota window and some slack


class QuotaExhaustedError(BackendError):
    """Google kept refusing (429 / 5xx / timeouts) after every allowed attempt."""


class Transient(Exception):
    """A failed attempt worth retrying: what happened and how long Google asked us to wait."""

    def __init__(self, what: str, retry_after: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """At most ``attempts`` tries within ``seconds``; waits grow from ``base`` up to ``cap``;
    the last try comes no sooner than ``window`` seconds after the first (at most ``seconds``)."""

    attempts: int = 5
    seconds: float = 120.0
    window: float = QUOTA_WINDOW
    base: float = 1.0
    cap: float = 32.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Wait before retry ``attempt`` (1-based): half fixed, half random, never below
        Retry-After."""
        step = min(self.cap, self.base * 2 ** (attempt - 1))
        wait = step / 2 + self.jitter() * step / 2
        return max(wait, retry_after or 0.0)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds (Google sends seconds; an HTTP date is treated as unknown)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def with_retries(call: Callable[[], T], what: str, policy: RetryPolicy) -> T:
    """Run ``call``; retry on Transient within the policy's bounds, else raise a clear error."""
    start = policy.clock()
    last = ""
    for attempt in range(1, max(1, policy.attempts) + 1):
        try:
            return call()
        except Transient as exc:
            last = exc.what
            if attempt >= policy.attempts:
                break
            wait = policy.delay(attempt, exc.retry_after)
            elapsed = policy.clock() - start
            if attempt == policy.attempts - 1:  # the last try: after the quota has refilled
                wait = max(wait, min(policy.window, policy.seconds) - elapsed)
            if elapsed + wait > policy.seconds:
                break
            policy.sleep(wait)
    elapsed = policy.clock() - start
    raise QuotaExhaustedError(  # both languages: it reaches the coordinators' 【运行失败】 mail
        f"Google 表格在 {elapsed:.0f} 秒内重试 {attempt} 次仍拒绝（{what}；最后的应答：{last}），"
        "此后没有再写入。请一分钟后重新运行，或在配置中调大 [google] retry_attempts / "
        "retry_seconds",
        f"Google Sheets still refused to {what} after {attempt} attempt(s) in {elapsed:.0f} s "
        f"(last answer: {last}); nothing more was written. Wait a minute and run again, or "
        "raise [google] retry_attempts / retry_seconds in the config",
    )
