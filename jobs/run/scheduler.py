"""The scheduler: the daily run at a fixed local time and the hourly run in working hours, in the
configured time zone whatever the host's, one run at a time (``jobs.run.lock``), surviving any job.

Design: every time is computed here from the injected clock in the configured zone
(``jobs.run.timetable``: ``next_daily``, ``next_hourly``, daylight saving and the working
calendar handled), and each of the two runs is a ``Slot``: the scheduled time the pending run is
for and when to try it next. No scheduling library is involved: the ``schedule`` package's jobs
compute their times from ``datetime.now()`` in the host's zone (other zones need pytz) and take
no clock, so it could only be used by overriding its private ``Job._schedule_next_run`` (as this
module once did), which a release of it may change without notice. The loop sleeps through the
injected ``sleep`` in slices of at most a second, so a stop request (SIGTERM, SIGINT) ends it
promptly, but only between jobs. The daily run checks ``_runs`` under the lock before it starts:
a run missed while the scheduler was down is caught up once, and two schedulers (or a manual
``collabsheet run daily``) never do the same day's run twice. That check and the run share one
read of the workbook (``Jobs.read`` then ``Jobs.run(kind, now, raw)``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import platform
import signal
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol, cast

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
    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Report:
        """One run; ``raw``: the workbook ``read`` returned moments ago under the run lock, for
        the run to use instead of reading it again (None: the run reads it)."""
        ...

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> object: ...


Tabs = Mapping[str, list[list[Any]]]


def requests_of(backend: Any) -> int:
    """The backend's API request count (``sheets_sync`` backends count them; 0 otherwise)."""
    return int(getattr(backend, "requests", 0))


class Replay:
    """``backend`` whose next ``read`` hands back ``raw``, read moments before by the scheduler,
    instead of reading the workbook again; everything else goes to ``backend``. Its request
    count includes that read (``spent`` requests), so ``_runs`` counts the run's requests
    as if the run had read the workbook itself."""

    def __init__(self, backend: Any, raw: Tabs, spent: int = 0) -> None:
        self.backend, self.raw, self.spent = backend, raw, spent
        self.replayed = False

    @property
    def requests(self) -> int:
        return requests_of(self.backend) - (0 if self.replayed else self.spent)

    def read(self) -> Tabs:
        if self.replayed:
            return cast(Tabs, self.backend.read())
        self.replayed = True
        return self.raw

    def write(self, tabs: Mapping[str, Any]) -> None:
        self.backend.write(tabs)

    def append(self, title: str, records: Any, keys: Any) -> None:
        self.backend.append(title, records, keys)

    def link(self, title: str, cell: str) -> str:
        return str(self.backend.link(title, cell))


class PipelineJobs:
    """``jobs.run.envelope.run`` on the configured workbook and channels."""

    def __init__(self, settings: Settings, backend: Any = None) -> None:
        self.settings = settings
        self._backend: Any = backend
        self._read: tuple[int, int] | None = None  # id() of the last read, requests it made

    def backend(self) -> Any:
        from sheets_sync import open_backend

        if self._backend is None:
            self._backend = open_backend(self.settings)
        return self._backend

    def read(self) -> Raw:
        """The workbook as the backend hands it over (not copied: a lazy xlsx read stays lazy
        for the run that uses it)."""
        try:
            backend = self.backend()
            before = requests_of(backend)
            raw = cast(Tabs, backend.read())
        except Exception:
            self._backend = None  # open it afresh next time (a replaced file, an expired session)
            raise
        self._read = (id(raw), requests_of(backend) - before)  # not the read: a skipped run
        # must not keep the workbook in memory; the caller holds it until it hands it to run()
        return raw

    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None:
        from jobs.run.log import last_run_at

        return last_run_at(raw.get("_runs", []), kind)

    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Report:
        from jobs.run.envelope import run

        last, self._read = self._read, None
        try:
            backend = self.backend()
            if raw is not None:
                spent = last[1] if last is not None and last[0] == id(raw) else 0
                backend = Replay(backend, cast(Tabs, raw), spent)
            return run(kind, self.settings, backend, now)
        except Exception:
            self._backend = None  # open it afresh next time (a replaced file, an expired session)
            raise

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> object:
        from jobs.run.failure import record_failure
        from sheets_sync.memory import MemoryBackend

        try:
            backend = self.backend()
        except Exception:  # the workbook cannot even be opened: record_failure uses the outbox
            backend = MemoryBackend()
        return record_failure(self.settings, backend, kind, now, error)


@dataclass
class Slot:
    """One recurring run (``kind``), timed by ``following(now)``: ``slot`` is the scheduled time
    the pending run is for, ``next_run`` when to try it (aware UTC; None: no such time in a
    year). A try that could not run (the lock is busy) is made again later for the same slot."""

    kind: str
    following: Callable[[dt.datetime], dt.datetime | None]
    slot: dt.datetime | None = None
    next_run: dt.datetime | None = None

    def plan(self, now: dt.datetime) -> None:
        """The next scheduled time after ``now``."""
        self.slot = self.next_run = self.following(now)

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
        zone, at = self.zone, self.at
        self.daily = Slot("daily", lambda t: next_daily(t, zone, at))
        self.hourly = Slot("hourly", lambda t: next_hourly(t, zone, self.working, at))
        self.slots = (self.daily, self.hourly)
        for slot in self.slots:
            slot.plan(clock())

    def start(self) -> dt.datetime | None:
        """Make today's daily run due now when its time has passed (it runs unless ``_runs``
        has it); returns that slot, or None."""
        self.started = True
        slot = passed_daily(self.clock(), self.zone, self.at)
        if slot is not None:
            self.daily.due_now(slot, self.clock())
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
        if self._attempt(slot.kind, slot.slot):
            slot.plan(self.clock())
        else:
            slot.retry(self.clock() + dt.timedelta(seconds=self.retry_s))

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
        due = [(s.next_run - now).total_seconds() for s in self.slots if s.next_run]
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
            raw = None
            if kind == "daily":  # one read for the check and the run
                raw = self.jobs.read()
                if self._done_since(raw, slot):
                    return
            report = self.jobs.run(kind, now, raw)
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

    def _done_since(self, raw: Raw, slot: dt.datetime) -> bool:
        """Whether ``raw``'s ``_runs`` has a daily run (not failed) since ``slot``; refreshes the
        working calendar from ``raw``."""
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
            "pid": os.getpid(), "host": platform.node(), "zone": self.settings.timezone,
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
