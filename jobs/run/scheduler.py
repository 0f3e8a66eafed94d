"""The scheduler: the daily run at a fixed local time, the hourly run in working hours and the
weekly meeting pack (``[scheduler] weekly_at``, moved past holidays to the next working day), in the
configured time zone whatever the host's, one run at a time (``jobs.run.lock``), surviving any job.

Design: what runs when is decided here from the injected clock in the configured zone
(``jobs.run.timetable``: ``next_daily``, ``next_hourly``, daylight saving and the working
calendar handled); each of the two runs is a ``Slot``: the scheduled time the pending run is for
and when to try it next, and ``tick`` runs the slots due by the clock. Between ticks the loop
waits on a ``jobs.run.timer.Timer``, whose one method is ``wait(until, stopping)``: in
production (``jobs.run.scheduler_service``) a ``ScheduleTimer``, which registers that next
zone-correct instant, as the host's wall time, with the ``schedule`` package through its public
API only
(``every().day.at``, ``do``, ``cancel_job``, ``idle_seconds``, ``run_pending``); ``schedule``
computes in the host's zone from ``datetime.now()`` and takes no clock, so it never decides what
is due, it only wakes the loop. Tests inject a clock and ``sleep`` (the ``Nap`` timer). Waits
end promptly on a stop request (SIGTERM, SIGINT), but only between jobs. The daily run checks
``_runs`` under the lock before it starts: a run missed while the scheduler was down is caught
up once, and two schedulers (or a manual ``collabsheet run daily``) never do the same day's run
twice. That check and the run share one read of the workbook (``Jobs.read`` then
``Jobs.run(kind, now, raw)``; ``jobs.run.pipeline``). A daily run that fails is tried again with
backoff (5, 10, 20 … minutes, at most an hour apart) until it succeeds or the next day's is due;
each try reads ``_runs`` first, so a manual run in between counts.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import platform
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from config.errors import described
from config.settings import Settings
from config.weekly_pack import weekday_and_time
from jobs.notify import factory, redact
from jobs.run.interruption import record
from jobs.run.lock import LockBusy, RunLock
from jobs.run.pipeline import Jobs
from jobs.run.pipeline import Replay as Replay  # re-exported: it used to live here
from jobs.run.timer import Nap, Timer
from jobs.run.timetable import (
    UTC,
    Clock,
    Raw,
    WorkingTime,
    next_daily,
    next_hourly,
    next_weekly,
    next_working,
    parse_hhmm,
    passed_daily,
    passed_weekly,
    wall,
)

log = logging.getLogger("collabsheet.scheduler")


@dataclass
class Slot:
    """One recurring run (``kind``), timed by ``following(now)``: ``slot`` is the scheduled time
    the pending run is for, ``next_run`` when to try it (aware UTC; None: no such time in a
    year). A try that could not run (the lock is busy) is made again later for the same slot."""

    kind: str
    following: Callable[[dt.datetime], dt.datetime | None]
    slot: dt.datetime | None = None
    next_run: dt.datetime | None = None
    failures: int = 0  # runs for this slot that failed in a row

    def plan(self, now: dt.datetime) -> None:
        """The next scheduled time after ``now``."""
        self.slot = self.next_run = self.following(now)
        self.failures = 0

    def retry(self, at: dt.datetime) -> None:
        """Try the same slot again at ``at``."""
        self.next_run = at

    def due_now(self, slot: dt.datetime, now: dt.datetime) -> None:
        """Make the run for ``slot`` (a passed time) due at ``now``."""
        self.slot, self.next_run = slot, now

    def due(self, now: dt.datetime) -> bool:
        return self.next_run is not None and now >= self.next_run


class Scheduler:
    """The long-running loop (see the module docstring)."""

    def __init__(
        self, settings: Settings, jobs: Jobs, lock: RunLock, *,
        clock: Clock = lambda: dt.datetime.now(UTC), sleep: Callable[[float], None] = time.sleep,
        daily_at: str = "09:00", heartbeat: Path | None = None, tick_s: float = 60.0,
        retry_s: float = 60.0, working: Callable[[dt.datetime], bool] | None = None,
        timer: Timer | None = None, backoff_s: float = 300.0, backoff_max_s: float = 3600.0,
        weekly_at: str | None = None, workday: Callable[[dt.date], bool] | None = None,
    ) -> None:  # fmt: skip
        self.settings, self.jobs, self.lock = settings, jobs, lock
        self.clock, self.sleep, self.heartbeat, self.tick_s = clock, sleep, heartbeat, tick_s
        self.zone = settings.zone
        self.at = parse_hhmm(daily_at)
        self.working = working or WorkingTime(settings)
        self.secrets = factory.secrets(settings.channels)
        self.stopping = self.started = False
        self.running = ""
        self.last: dict[str, str] = {}
        self.retry_s = retry_s
        self.backoff_s, self.backoff_max_s = backoff_s, backoff_max_s
        self.timer = timer if timer is not None else Nap(clock, sleep, tick_s)
        zone, at = self.zone, self.at
        self.daily = Slot("daily", lambda t: next_daily(t, zone, at))
        self.hourly = Slot("hourly", lambda t: next_hourly(t, zone, self.working, at))
        day, hour, minute = weekday_and_time(weekly_at or settings.weekly.at)
        self.week_day, self.week_at = day, dt.time(hour, minute)
        if workday is None:  # a day with working time at the weekly time (the calendar's, or
            workday = (  # the injected test of working time)
                self.working.workday if isinstance(self.working, WorkingTime)
                else lambda d: self.working(dt.datetime.combine(d, self.week_at))
            )  # fmt: skip
        self.workday = workday
        self.weekly = Slot("weekly", lambda t: next_weekly(t, zone, day, self.week_at, workday))
        self.slots = (self.daily, self.hourly, self.weekly)
        for slot in self.slots:
            slot.plan(clock())

    def start(self) -> dt.datetime | None:
        """Make today's daily run due now when its time has passed (it runs unless ``_runs``
        has it), and this week's weekly run likewise; returns the daily slot, or None."""
        self.started = True
        slot = passed_daily(self.clock(), self.zone, self.at)
        if slot is not None:
            self.daily.due_now(slot, self.clock())
        week = passed_weekly(self.clock(), self.zone, self.week_day, self.week_at, self.workday,
                             self.working)  # fmt: skip
        if week is not None:  # at the next working time this week: its messages are sent at
            # once (trial18: a start-up at 21:21 sent the week's packs in the evening)
            self.weekly.due_now(week, next_working(self.clock(), self.zone, self.working))
        return slot

    def stop(self, *_: object) -> None:
        """Stop after the current job (a signal handler may call it)."""
        self.stopping = True

    def tick(self) -> None:
        """Run the runs due now, earliest first (a run that takes long delays the other; one
        missed meanwhile runs once, not once per missed time), then beat."""
        now = self.clock()
        for slot in sorted((s for s in self.slots if s.due(now)), key=lambda s: s.next_run or now):
            self._run(slot)
        self.beat()

    def _run(self, slot: Slot) -> None:
        assert slot.slot is not None  # due, so planned
        # a weekly run retried for its undelivered messages is in _runs already: not checked
        done = self._attempt(slot.kind, slot.slot, check=slot.kind != "weekly" or not slot.failures)
        # the run's parsed workbook (millions of objects, some in cycles) freed now, while the
        # scheduler waits, rather than kept until the collector's next full pass: at 100,000
        # tasks each run left ~250 MB more behind before one came
        gc.collect()
        now = self.clock()
        if done is None:  # the lock was busy
            slot.retry(now + dt.timedelta(seconds=self.retry_s))
        elif done or slot.kind == "hourly":
            slot.plan(now)
        else:  # the day's (week's) run failed: again after 5, 10, 20 … min (at most 1 h apart)
            slot.failures += 1
            wait = min(self.backoff_s * 2 ** (slot.failures - 1), self.backoff_max_s)
            at, following = now + dt.timedelta(seconds=wait), slot.following(now)
            if following is not None and at >= following:  # the next day's run comes first
                slot.plan(now)
            else:
                log.warning("the %s run for %s is tried again at %s (failure %d)", slot.kind,
                            wall(slot.slot, self.zone), self.local(at), slot.failures)  # fmt: skip
                slot.retry(at)

    def run_forever(self) -> int:
        """Run until ``stop``; 0 when stopped cleanly."""
        if not self.started:
            self.start()
        while not self.stopping:
            self.tick()
            self.timer.wait(self.next_due(), lambda: self.stopping)
        log.info("scheduler stopped")
        self.beat()
        return 0

    def next_due(self) -> dt.datetime | None:
        """When the next run is due (aware UTC; None: none planned)."""
        return min((s.next_run for s in self.slots if s.next_run is not None), default=None)

    def _attempt(self, kind: str, slot: dt.datetime, check: bool = True) -> bool | None:
        """One run of ``kind`` for ``slot`` under the lock: True when done (or skipped), False
        when it failed, None when it could not start (stopping, or the daily run's lock busy)."""
        if self.stopping:
            return None
        try:
            with self.lock.acquire(f"scheduler {kind}", keep_stopped=True) as me:
                self.running = kind
                self.beat()
                if me.replaced is not None:  # a run the last holder left unfinished
                    record(self.settings, me.replaced, self.jobs.record_failure)
                try:
                    return self._guarded(kind, slot, check)
                finally:
                    self.running = ""
        except LockBusy as busy:
            if kind != "hourly":  # the day's (week's) run must happen: wait, check _runs again
                log.info("%s run waits for the lock: %s", kind, busy)
                return None
            log.info("hourly run at %s skipped: %s", wall(slot, self.zone), busy)
        return True

    def _guarded(self, kind: str, slot: dt.datetime, check: bool = True) -> bool:
        """Run; any exception is logged (redacted), recorded in ``_runs`` and reported (False).
        A weekly run whose messages were not all delivered is False too: tried again with
        backoff (the ledger sends only what is owed). ``check``: skip a slot ``_runs`` has."""
        now = wall(self.clock(), self.zone).replace(microsecond=0)
        try:
            raw = None
            if kind != "hourly":  # one read for the check and the run
                raw = self.jobs.read()
                if check and self._done_since(raw, slot, kind):
                    return True
            report = self.jobs.run(kind, now, raw)
            summary = redact(report.summary(self.settings.locale), self.secrets)  # terminal's
            log.info("%s", summary)
            diverted = redact(str(getattr(report, "diverted", "")), self.secrets)
            if diverted:  # the results file was locked: its fallback, merged by the next run
                log.warning("%s", diverted)
                summary = f"{summary}; {diverted}"
            self.last = dict(kind=kind, at=str(now), outcome=report.outcome, summary=summary)
            return kind != "weekly" or not getattr(report, "retry", report.outcome != "ok")
        except Exception as exc:
            error = redact(described(exc), self.secrets)
            trace = redact("".join(traceback.format_exception(exc)), self.secrets)
            log.error("%s run failed: %s\n%s", kind, error, trace)
            self.last = dict(kind=kind, at=str(now), outcome="failed", summary=error)
            try:
                self.jobs.record_failure(kind, now, error)
            except Exception as again:
                log.error("could not record the failure: %s", redact(str(again), self.secrets))
            return False

    def _done_since(self, raw: Raw, slot: dt.datetime, kind: str = "daily") -> bool:
        """Whether ``raw``'s ``_runs`` has a ``kind`` run (not failed) since ``slot``; refreshes
        the working calendar from ``raw``."""
        if isinstance(self.working, WorkingTime):
            self.working.update(raw)
        last = self.jobs.last_run(raw, kind)
        if last is not None and last >= wall(slot, self.zone):
            log.info("the %s run for %s was done at %s: not again", kind, wall(slot, self.zone),
                     last)  # fmt: skip
            return True
        return False

    def local(self, at: dt.datetime | None) -> str:
        return at.astimezone(self.zone).isoformat(timespec="seconds") if at else "none"

    def beat(self) -> None:
        """Rewrite the heartbeat file atomically (for monitoring; see docs/deployment.md)."""
        if self.heartbeat is None:
            return
        data = {
            "pid": os.getpid(), "host": platform.node(), "zone": self.settings.timezone,
            "now": self.local(self.clock()), "running": self.running or None,
            "stopping": self.stopping, "next_daily": self.local(self.daily.next_run),
            "next_hourly": self.local(self.hourly.next_run),
            "next_weekly": self.local(self.weekly.next_run), "last": self.last or None,
        }  # fmt: skip
        try:
            self.heartbeat.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.heartbeat.with_name(f".{self.heartbeat.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.heartbeat)
        except OSError as exc:  # a full disk must not stop the runs; monitoring will see it
            log.error("could not write the heartbeat %s: %s", self.heartbeat, exc)
