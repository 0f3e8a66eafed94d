"""How the scheduler waits for its next run: one method, ``Timer.wait(until, stopping)``.

``Scheduler`` decides everything from its injected clock (which run is due, catch-up, lock
retries, the heartbeat); a timer only waits between two ticks. Two implementations:

- ``ScheduleTimer`` (production, ``collabsheet scheduler``): the ``schedule`` package, through
  its public API only. The zone-correct instant of the next run is computed by
  ``jobs.run.timetable`` (``next_daily`` / ``next_hourly``: the configured zone, daylight
  saving, China's holidays and 调休, working hours); this converts it to the host's local wall
  time, the only time ``schedule`` knows, and registers it as
  ``every().day.at("HH:MM:SS").do(...)`` (tag ``run``) beside a heartbeat job
  ``every(n).seconds.do(...)`` (tag ``beat``). It sleeps ``idle_seconds`` in slices of at most a
  second (so a stop request ends the wait promptly) and fires with ``run_pending``. A new
  instant (after a run, a lock retry) cancels the old job with ``cancel_job`` and registers the
  new one. An instant more than a day ahead of the host's wall clock (a holiday between two
  hourly runs, a 25-hour day) is registered as ``every(h).hours.at("MM:SS")``, ``h`` hours
  after the current one. A wall time the host's clock shows twice (its own daylight saving
  ending) may fire early (the loop finds nothing due by its clock and waits again) and then
  late by up to a heartbeat (a minute).
- ``Nap`` (tests, and any caller with a clock of its own): sleeps through an injected ``sleep``
  until ``until`` or the next heartbeat by the injected clock.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Protocol

import schedule

from jobs.run.timetable import Clock

Stopping = Callable[[], bool]


class Timer(Protocol):
    def wait(self, until: dt.datetime | None, stopping: Stopping) -> None:
        """Return once ``until`` (aware UTC; None: no run planned) has come, at the next
        heartbeat if sooner, or soon after ``stopping()`` turns true."""
        ...


class Nap:
    """Waits by the injected ``clock`` and ``sleep`` (the scheduler's default)."""

    def __init__(self, clock: Clock, sleep: Callable[[float], None], beat_s: float) -> None:
        self.clock, self.sleep, self.beat_s = clock, sleep, beat_s

    def wait(self, until: dt.datetime | None, stopping: Stopping) -> None:
        end = self.clock() + dt.timedelta(seconds=self.beat_s)
        end = min(end, until) if until is not None else end
        while not stopping() and (left := (end - self.clock()).total_seconds()) > 0:
            self.sleep(min(left, 1.0))


def host_wall(at: dt.datetime) -> dt.datetime:
    """Aware instant -> the host's naive local wall time (as ``schedule`` keeps ``next_run``),
    rounded up to a whole second (``at()`` takes seconds: never fire before ``at``)."""
    local = at.astimezone().replace(tzinfo=None)
    if local.microsecond:
        local = local.replace(microsecond=0) + dt.timedelta(seconds=1)
    return local


class ScheduleTimer:
    """Waits with a ``schedule.Scheduler`` (see the module docstring); ``sleep`` and
    ``scheduler`` are injectable, ``schedule`` itself always reads the host's real clock."""

    def __init__(
        self, beat_s: float = 60.0, *, sleep: Callable[[float], None] = time.sleep,
        scheduler: schedule.Scheduler | None = None,
    ) -> None:  # fmt: skip
        self.scheduler = scheduler if scheduler is not None else schedule.Scheduler()
        self.sleep = sleep
        self.job: schedule.Job | None = None  # the run job, at the planned instant
        self.fired = False
        self.scheduler.every(max(1, round(beat_s))).seconds.do(self.fire).tag("beat")

    def fire(self) -> None:
        self.fired = True

    def plan(self, until: dt.datetime | None) -> schedule.Job | None:
        """Register the run job at ``until``'s host wall time, unless it is already there."""
        local = host_wall(until) if until is not None else None
        if self.job is not None and self.job.next_run == local:
            return self.job
        if self.job is not None:
            self.scheduler.cancel_job(self.job)
            self.job = None
        if local is not None and local > dt.datetime.now():  # else the host's clock repeats
            self.job = self.register(local)  # an hour (daylight saving): wait for a heartbeat
        return self.job

    def register(self, local: dt.datetime) -> schedule.Job:
        """A job whose ``next_run`` is ``local``: ``every().day.at("HH:MM:SS")``, the first such
        wall time ahead; when that is too early (``local`` is more than a day ahead),
        ``every(h).hours.at("MM:SS")``, ``h`` whole hours after the current one."""
        job = self.scheduler.every().day.at(f"{local:%H:%M:%S}").tag("run").do(self.fire)
        for _ in range(2):  # twice: the hour may turn between our count and schedule's
            if job.next_run == local:
                break
            self.scheduler.cancel_job(job)
            hour = dt.datetime.now().replace(minute=0, second=0, microsecond=0)
            hours = round((local.replace(minute=0, second=0) - hour) / dt.timedelta(hours=1))
            job = self.scheduler.every(max(1, hours)).hours.at(f"{local:%M:%S}")
            job = job.tag("run").do(self.fire)
        return job

    def wait(self, until: dt.datetime | None, stopping: Stopping) -> None:
        if until is not None and until <= dt.datetime.now(dt.UTC):
            return  # due already: the scheduler ticks at once
        self.plan(until)
        self.fired = False
        while not self.fired and not stopping():
            idle = self.scheduler.idle_seconds
            self.sleep(min(1.0, max(0.0, idle if idle is not None else 1.0)))
            self.scheduler.run_pending()
