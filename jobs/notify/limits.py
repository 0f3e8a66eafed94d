"""Per-destination rate limits (sliding windows) and the run's one waiting budget.

A run may wait for a slot, but all its waits together stay within ``max_wait_s`` (one
``WaitBudget`` shared by every destination's limiter), so the run lock is never held longer
than that for rate limits. When a service says "too many" (``back_off``), its destination is
closed for the rest of the run: its remaining messages are carried to the next run at once,
with ``resume_s`` as their next attempt; the other destinations go on.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable

from config.phrases import Phrases

STAMP = "%Y-%m-%d %H:%M:%S"  # the ledger's times
# the ledger's reason for a message over a rate limit, in the workbook's language, and the
# moment its destination may be tried again
CARRIED = Phrases("jobs/notify/limits.py", {
    "carried": ("{channel} 达到频率限制：顺延到下一次运行",
                "rate limit of {channel}: carried to the next run"),
    # a request it did not answer (it may have arrived): the rest are not sent into the silence
    "silent": ("{channel} 本次运行中有请求无应答：顺延到下一次运行",
               "{channel} left a request unanswered this run: carried to the next run"),
    # a part after one of its message still owed: parts arrive in order
    "behind": ("{channel} 本消息前面的部分尚未送出：顺延到下一次运行",
               "{channel}: an earlier part of this message is still owed: carried to the next run"),
    "from": ("（{resume:%H:%M:%S} 起）", " (from {resume:%H:%M:%S})"),
})  # fmt: skip
# what tells a carried message's reason in either language, whatever its channel and moment:
# rows written before the reasons followed the workbook's language say it in English
WHYS = ("carried", "silent", "behind")
MARKS = {why: tuple(text.split("{channel}")[1].strip() for text in CARRIED[why]) for why in WHYS}
CARRIED_MARKS = tuple(mark for why in WHYS for mark in MARKS[why])
SHORT_S = 5.0  # a Retry-After this short is waited out (within the budget), not carried


class WaitBudget:
    """The seconds a run may still spend waiting for rate-limit slots, over all destinations."""

    def __init__(self, max_wait_s: float) -> None:
        self.left = max(0.0, max_wait_s)
        self.spent = 0.0

    def take(self, seconds: float) -> None:
        self.left -= seconds
        self.spent += seconds


class RateLimiter:
    """At most ``limit`` sends per ``window`` seconds for each (limit, window) pair."""

    def __init__(
        self,
        windows: tuple[tuple[int, float], ...],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        budget: WaitBudget | None = None,
    ) -> None:
        self.windows = tuple((n, w) for n, w in windows if n > 0)
        self.clock, self.sleep = clock, sleep
        self.budget = budget
        self.sent: deque[float] = deque()
        self.blocked_until = 0.0  # a service's Retry-After
        self.closed = False  # the service said "too many" in this run: carry the rest

    def wait_s(self) -> float:
        """Seconds until the next send is allowed."""
        now = self.clock()
        longest = max((w for _, w in self.windows), default=0.0)
        while self.sent and self.sent[0] <= now - longest:
            self.sent.popleft()
        need = max(0.0, self.blocked_until - now)
        for n, w in self.windows:
            recent = [t for t in self.sent if t > now - w]
            if len(recent) >= n:
                need = max(need, recent[-n] + w - now)
        return need

    def acquire(self, max_wait_s: float) -> bool:
        """Take a slot, sleeping up to ``max_wait_s`` and what is left of the run's budget;
        False: carry the message to the next run (at once when the destination is closed)."""
        if self.closed:
            return False
        need = self.wait_s()
        allowed = max_wait_s if self.budget is None else min(max_wait_s, self.budget.left)
        if need > allowed:
            return False
        if need > 0:
            self.sleep(need)
            if self.budget is not None:
                self.budget.take(need)
        self.sent.append(self.clock())
        return True

    def back_off(self, seconds: float) -> None:
        """The service said "too many" (429 Retry-After, 11232, 9499, 130101, 45009): none
        before ``seconds`` from now, to the second; and when that is longer than a short
        wait (``SHORT_S``), no more sends to this destination in this run."""
        self.blocked_until = max(self.blocked_until, self.clock() + seconds)
        self.closed = self.closed or seconds > SHORT_S

    def seed(self, ages_s: list[float], blocked_s: float = 0.0) -> None:
        """Sends of earlier runs (seconds ago) still inside a window, and a wait a service
        asked for that has not passed: the limits hold across runs (from the ledger)."""
        now = self.clock()
        self.sent = deque(sorted(now - a for a in ages_s if a >= 0))
        if blocked_s > 0:
            self.blocked_until = max(self.blocked_until, now + blocked_s)

    def resume_s(self) -> float:
        """Seconds from now until this destination may be tried again (a carried message's
        next attempt)."""
        return self.wait_s()


def carried_reason(
    locale: str, channel: str, resume: dt.datetime | None = None, why: str = "carried"
) -> str:
    """Why a message waits for a later run, and from when (``resume``): ``channel``'s rate
    limit, a request it left unanswered (``silent``) or an earlier part owed (``behind``)."""
    moment = CARRIED(locale, "from", resume=resume) if resume is not None else ""
    return CARRIED(locale, why, channel=channel) + moment


def carried_why(error: str) -> str:
    """Which carry a ledger reason says (``carried_reason``'s ``why``), in either language."""
    return next((why for why in WHYS if any(mark in error for mark in MARKS[why])), "carried")


def is_carried(error: str) -> bool:
    """Whether a ledger reason is a rate limit's carry (``carried_reason``), in either language."""
    return any(mark in error for mark in CARRIED_MARKS)


def history(
    records: Iterable[tuple[str, str, str, str, str]], now: dt.datetime, window_s: float = 60.0
) -> dict[str, tuple[list[float], float]]:
    """From the ledger's (channel, status, sent_at, next_at, error) rows: per destination, the
    ages of the sends inside the last ``window_s`` and the longest wait a service still asks
    for (messages carried over a rate limit), for ``RateLimiter.seed``."""
    out: dict[str, tuple[list[float], float]] = {}
    # the stamps sort as text: a send before the window is passed over unparsed (the ledger
    # holds thousands; a stamp not of ours parses as long ago, so skipping it changes nothing)
    since = (now - dt.timedelta(seconds=window_s)).strftime(STAMP)
    for channel, status, sent_at, next_at, error in records:
        ages, blocked = out.get(channel, ([], 0.0))
        if status == "sent" and sent_at and sent_at >= since:
            age = (now - _stamp(sent_at)).total_seconds()
            if -window_s < age < window_s:  # stamped after ``now``: a run that ended after it
                ages.append(max(age, 0.0))  # began (trial23: its late sends were dropped)
        elif status == "pending" and next_at and is_carried(error):
            blocked = max(blocked, (_stamp(next_at) - now).total_seconds())
        out[channel] = (ages, blocked)
    return out


def _stamp(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, STAMP)
    except ValueError:  # not a time we wrote: as if long ago
        return dt.datetime.min
