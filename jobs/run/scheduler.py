"""The scheduler: the daily run at a fixed local time and the hourly run in working hours, in the
configured time zone whatever the host's, one run at a time (``jobs.run.lock``), surviving any job.

Design: a ``schedule.Scheduler`` of our own keeps the two jobs and runs the due ones
(``run_pending``). Its stock ``Job`` computes times from ``datetime.now()`` in the host's zone
(other zones need pytz), which a test cannot inject and which drifts across daylight saving, so
each job is a ``_Slot``: a ``schedule.Job`` whose next run is an aware UTC instant computed here
from the injected clock in the configured zone (``next_daily``, ``next_hourly``). The loop
sleeps through the injected ``sleep`` in slices of at most a second, so a stop request (SIGTERM,
SIGINT) ends it promptly, but only between jobs. The daily run checks ``_runs`` under the lock
before it starts: a run missed while the scheduler was down is caught up once, and two
schedulers (or a manual ``collabsheet run daily``) never do the same day's run twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import socket
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

import schedule

from config.settings import Settings
from jobs.notify import factory, redact
from jobs.run.lock import LockBusy, RunLock, lock_path
from jobs.run.timetable import (
    UTC,
    Clock,
    Raw,
    WorkingTime,
    next_daily,
    next_hourly,
    parse_hhmm,
    passed_daily,
    wall,
)

log = logging.getLogger("collabsheet.scheduler")


class Report(Protocol):
    @property
    def outcome(self) -> str: ...
    def summary(self) -> str: ...


class Jobs(Protocol):
    """What the scheduler runs: ``PipelineJobs`` in production, fakes in tests."""

    def read(self) -> Raw: ...
    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None: ...
    def run(self, kind: str, now: dt.datetime) -> Report: ...
    def record_failure(self, kind: str, now: dt.datetime, error: str) -> object: ...


class PipelineJobs:
    """``jobs.run.pipeline`` on the configured workbook and channels."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._backend: Any = None

    def backend(self) -> Any:
        from sheets_sync import open_backend

        if self._backend is None:
            self._backend = open_backend(self.settings)
        return self._backend

    def read(self) -> Raw:
        return dict(self.backend().read())

    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None:
        from jobs.run.pipeline import last_run_at

        return last_run_at(raw.get("_runs", []), kind)

    def run(self, kind: str, now: dt.datetime) -> Report:
        from jobs.run.pipeline import run_once

        try:
            return run_once(self.settings, self.backend(), None, now, kind=kind)
        except Exception:
            self._backend = None  # open it afresh next time (a replaced file, an expired session)
            raise

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> object:
        from jobs.run.pipeline import record_failure
        from sheets_sync.memory import MemoryBackend

        try:
            backend = self.backend()
        except Exception:  # the workbook cannot even be opened: record_failure uses the outbox
            backend = MemoryBackend()
        return record_failure(self.settings, backend, kind, now, error)


class _Slot(schedule.Job):
    """A ``schedule`` job timed by ``following(clock())`` instead of the host's clock and zone.

    ``slot`` is the scheduled time the pending run is for; a job function returning False (the
    lock is busy) is tried again ``retry_s`` later for the same slot."""

    def __init__(
        self, scheduler: schedule.Scheduler, clock: Clock,
        following: Callable[[dt.datetime], dt.datetime | None], retry_s: float,
    ) -> None:  # fmt: skip
        super().__init__(1, scheduler)
        self.unit = "days"
        self.clock, self.following, self.retry_s = clock, following, retry_s
        self.slot: dt.datetime | None = None

    def _schedule_next_run(self) -> None:  # schedule calls it in do() and after each run
        self.slot = self.next_run = self.following(self.clock())

    @property
    def should_run(self) -> bool:
        return self.next_run is not None and self.clock() >= self.next_run

    def run(self) -> None:
        assert self.job_func is not None
        done = self.job_func(self.slot)
        self.last_run = self.clock()
        if done:
            self._schedule_next_run()
        else:
            self.next_run = self.clock() + dt.timedelta(seconds=self.retry_s)

    def due_now(self, slot: dt.datetime) -> None:
        self.slot, self.next_run = slot, self.clock()


class Scheduler:
    """The long-running loop (see the module docstring)."""

    def __init__(
        self, settings: Settings, jobs: Jobs, lock: RunLock, *,
        clock: Clock = lambda: dt.datetime.now(UTC), sleep: Callable[[float], None] = time.sleep,
        daily_at: str = "09:00", heartbeat: Path | None = None, tick_s: float = 60.0,
        retry_s: float = 60.0, working: Callable[[dt.datetime], bool] | None = None,
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
        self.schedule = schedule.Scheduler()
        zone, at = self.zone, self.at
        self.daily = _Slot(self.schedule, clock, lambda t: next_daily(t, zone, at), retry_s)
        self.daily.do(self._attempt, "daily")
        self.hourly = _Slot(
            self.schedule, clock, lambda t: next_hourly(t, zone, self.working, at), retry_s
        )
        self.hourly.do(self._attempt, "hourly")

    def start(self) -> dt.datetime | None:
        """Make today's daily run due now when its time has passed (it runs unless ``_runs``
        has it); returns that slot, or None."""
        self.started = True
        slot = passed_daily(self.clock(), self.zone, self.at)
        if slot is not None:
            self.daily.due_now(slot)
        return slot

    def stop(self, *_: object) -> None:
        """Stop after the current job (a signal handler may call it)."""
        self.stopping = True

    def tick(self) -> None:
        self.schedule.run_pending()
        self.beat()

    def run_forever(self) -> int:
        """Run until ``stop``; 0 when stopped cleanly."""
        if not self.started:
            self.start()
        while not self.stopping:
            self.tick()
            self._nap(self._idle_s())
        log.info("scheduler stopped")
        self.beat()
        return 0

    def _idle_s(self) -> float:
        now = self.clock()
        due = [(j.next_run - now).total_seconds() for j in (self.daily, self.hourly) if j.next_run]
        return max(0.0, min([self.tick_s, *due]))

    def _nap(self, seconds: float) -> None:
        end = self.clock() + dt.timedelta(seconds=seconds)
        while not self.stopping and (left := (end - self.clock()).total_seconds()) > 0:
            self.sleep(min(left, 1.0))

    def _attempt(self, kind: str, slot: dt.datetime) -> bool:
        """One run of ``kind`` for ``slot`` under the lock; False: try again later."""
        if self.stopping:
            return False
        try:
            with self.lock.acquire(f"scheduler {kind}"):
                self.running = kind
                self.beat()
                try:
                    self._guarded(kind, slot)
                finally:
                    self.running = ""
        except LockBusy as busy:
            if kind == "daily":  # the day's run must happen: wait, then check _runs again
                log.info("daily run waits for the lock: %s", busy)
                return False
            log.info("hourly run at %s skipped: %s", wall(slot, self.zone), busy)
        return True

    def _guarded(self, kind: str, slot: dt.datetime) -> None:
        """Run; any exception is logged (redacted), recorded in ``_runs`` and reported."""
        now = wall(self.clock(), self.zone).replace(microsecond=0)
        try:
            if kind == "daily" and self._done_since(slot):
                return
            report = self.jobs.run(kind, now)
            summary = redact(report.summary(), self.secrets)
            log.info("%s", summary)
            self.last = dict(kind=kind, at=str(now), outcome=report.outcome, summary=summary)
        except Exception as exc:
            error = redact(f"{type(exc).__name__}: {exc}", self.secrets)
            trace = redact("".join(traceback.format_exception(exc)), self.secrets)
            log.error("%s run failed: %s\n%s", kind, error, trace)
            self.last = dict(kind=kind, at=str(now), outcome="failed", summary=error)
            try:
                self.jobs.record_failure(kind, now, error)
            except Exception as again:
                log.error("could not record the failure: %s", redact(str(again), self.secrets))

    def _done_since(self, slot: dt.datetime) -> bool:
        """Whether ``_runs`` has a daily run (not failed) since ``slot``; refreshes the calendar."""
        raw = self.jobs.read()
        if isinstance(self.working, WorkingTime):
            self.working.update(raw)
        last = self.jobs.last_run(raw, "daily")
        if last is not None and last >= wall(slot, self.zone):
            log.info("the daily run for %s was done at %s: not again", wall(slot, self.zone), last)
            return True
        return False

    def local(self, at: dt.datetime | None) -> str:
        return at.astimezone(self.zone).isoformat(timespec="seconds") if at else "none"

    def beat(self) -> None:
        """Rewrite the heartbeat file atomically (for monitoring; see docs/deployment.md)."""
        if self.heartbeat is None:
            return
        data = {
            "pid": os.getpid(), "host": socket.gethostname(), "zone": self.settings.timezone,
            "now": self.local(self.clock()), "running": self.running or None,
            "stopping": self.stopping, "next_daily": self.local(self.daily.next_run),
            "next_hourly": self.local(self.hourly.next_run), "last": self.last or None,
        }  # fmt: skip
        try:
            self.heartbeat.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.heartbeat.with_name(f".{self.heartbeat.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.heartbeat)
        except OSError as exc:  # a full disk must not stop the runs; monitoring will see it
            log.error("could not write the heartbeat %s: %s", self.heartbeat, exc)


def heartbeat_path(settings: Settings) -> Path:
    """``[scheduler] heartbeat``, else beside the workbook (``data/demo.scheduler.json``)."""
    return settings.heartbeat or settings.path.with_name(f"{settings.path.stem}.scheduler.json")


def on_signals(sched: Scheduler) -> None:
    """SIGTERM / SIGINT: stop after the current job; a second one stops at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if sched.stopping:
            raise SystemExit(128 + signum)
        log.warning("%s: stopping after the current job", signal.Signals(signum).name)
        sched.stop()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def serve(
    settings: Settings, *, daily_at: str | None = None, heartbeat: Path | None = None,
    plan_only: bool = False, quiet: bool = False, out: Callable[[str], None] = print,
) -> int:  # fmt: skip
    """``collabsheet scheduler``: print the plan, then run until signalled (0 when stopped)."""
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    beat = heartbeat or heartbeat_path(settings)
    sched = Scheduler(settings, PipelineJobs(settings), RunLock(lock_path(settings)),
                      daily_at=daily_at or settings.daily_at, heartbeat=beat)  # fmt: skip
    catch_up = sched.start()
    at, zone = f"{sched.at:%H:%M}", sched.zone

    def shown(t: dt.datetime | None) -> str:
        return f"{t.astimezone(zone):%Y-%m-%d %H:%M (%a) UTC%z}" if t else "none in a year"

    out(f"scheduler in {settings.timezone} for {settings.where} (pid {os.getpid()})")
    out(f"  daily  at {at} every day; next {shown(next_daily(sched.clock(), zone, sched.at))}")
    out(f"  hourly on the hour in working hours; next {shown(sched.hourly.next_run)}")
    if catch_up is not None:
        out(f"  catch-up: today's {at} daily run now, unless _runs has it")
    out(f"  lock {sched.lock.path}; heartbeat {beat}")
    if plan_only:
        return 0
    on_signals(sched)
    return sched.run_forever()
