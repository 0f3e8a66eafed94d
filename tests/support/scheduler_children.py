"""The scheduler tests' child processes: each function here runs in a Python of its own
(``child``), in the host zone TZ names or beside another scheduler, and prints or leaves in
its folder what it saw."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from config.schema import BOT_TABS
from config.settings import Settings
from jobs.run.lock import RunLock
from jobs.run.scheduler import Scheduler
from jobs.run.scheduler_service import on_signals
from jobs.run.timer import ScheduleTimer
from jobs.run.timetable import Raw, next_daily, next_hourly, wall
from tests.support.clocks import WallClock
from tests.support.fake_jobs import FakeJobs, FakeReport, ran, scheduler, utc

ROOT = Path(__file__).resolve().parents[2]


def child(code: str, tmp: Path, **env: str) -> subprocess.Popen[str]:
    """``code`` (a call of a function of this module) run in a child Python, with ``env``."""
    return subprocess.Popen(
        [sys.executable, "-c", f"import tests.support.scheduler_children as t; t.{code}"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def day_in_shanghai(tmp: str) -> None:
    """Child process: a whole Friday stepped by the injected clock; prints what ran."""
    time.tzset()
    clock = WallClock(utc(2026, 11, 26, 15, 30), end=utc(2026, 11, 27, 16, 30))
    jobs = FakeJobs(("daily", "2026-11-26 09:00:01", "ok"))  # Thursday's ran: no catch-up
    exit_code = scheduler(Path(tmp), clock, jobs).run_forever()
    offset = dt.datetime(2026, 11, 27, 12).astimezone().utcoffset() or dt.timedelta(0)
    hours = offset.total_seconds() / 3600
    result = {"daily": ran(jobs, "daily"), "hourly": ran(jobs, "hourly"), "exit": exit_code}
    print(json.dumps({**result, "host_offset_h": hours}))


def timer_in_host(zone_name: str) -> None:
    """Child process (the host's zone from TZ): the production timer registers the next daily
    and hourly instants, computed in ``zone_name`` from the real clock, as the host's wall time
    (the hourly one beyond a holiday, more than a day ahead); after the run it cancels that job
    and registers the next. Prints what it saw."""
    import schedule

    time.tzset()
    zone, host = ZoneInfo(zone_name), ZoneInfo(os.environ["TZ"])
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)  # still ahead when registered
    reopens = wall(now, zone) + dt.timedelta(hours=30)  # a holiday: closed for 30 hours
    daily = next_daily(now, zone, dt.time(9))
    hourly = next_hourly(now, zone, lambda local: local >= reopens, dt.time(9))
    assert hourly is not None
    sched = schedule.Scheduler()
    seen: list[tuple[list[Any], list[Any], list[Any]]] = []

    def sleep(_: float) -> None:  # no real sleeping: look, then let the moment "come"
        seen.append((sched.get_jobs("run"), [str(j.next_run) for j in sched.get_jobs("run")],
                     sched.get_jobs("beat")))  # fmt: skip
        for job in sched.get_jobs("run"):
            job.run()  # schedule's public "run the job and reschedule it"

    timer = ScheduleTimer(sleep=sleep, scheduler=sched)
    timer.wait(daily, lambda: False)
    timer.wait(hourly, lambda: len(seen) >= 2)
    (first, at1, beat1), (second, at2, beat2) = seen
    local = dt.datetime.now().astimezone().utcoffset()
    print(json.dumps({
        "host": local == dt.datetime.now(host).utcoffset(),  # really in that host zone
        "daily": [at1, [str(daily.astimezone(host).replace(tzinfo=None))]],
        "hourly": [at2, [str(hourly.astimezone(host).replace(tzinfo=None))]],
        "beyond_holiday": hourly.astimezone(zone).replace(tzinfo=None) >= reopens
        and hourly - now > dt.timedelta(days=1),  # so registered by the hours, not the day
        "replaced": len(first) == len(second) == 1 and first[0] is not second[0]
        and first[0] not in sched.get_jobs(),  # the first run job was cancelled
        "beats": [len(beat1), len(beat2)],
    }))  # fmt: skip


def the_daily_job(tmp: str) -> None:
    """Child process: one of two schedulers started together; the daily run appends a line."""
    folder = Path(tmp)
    (folder / f"ready.{os.getpid()}").touch()
    while not (folder / "go").exists():
        time.sleep(0.01)
    runs = folder / "runs.jsonl"

    class SharedJobs(FakeJobs):
        def read(self) -> Raw:
            rows = [json.loads(x) for x in runs.read_text().splitlines()] if runs.exists() else []
            return {"_runs": [list(BOT_TABS["_runs"]), *rows]}

        def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> FakeReport:
            with open(folder / "ran.txt", "a") as f:
                f.write(f"{os.getpid()}\n")
            time.sleep(0.3)  # holding the lock
            row = dict.fromkeys(BOT_TABS["_runs"], "")
            row.update(job=kind, started_at=f"{now:%Y-%m-%d %H:%M:%S}", outcome="ok")
            with open(runs, "a") as f:
                f.write(json.dumps(list(row.values())) + "\n")
            return FakeReport(kind)

    sched = Scheduler(Settings(), SharedJobs(), RunLock(folder / "run.lock"), daily_at="00:00",
                      retry_s=0.05, working=lambda t: False)  # fmt: skip
    slot = sched.start()
    while sched.daily.slot == slot:
        sched.tick()
        time.sleep(0.02)


def slow_daily(tmp: str) -> None:
    """Child process: the real signal handling around a daily run that takes a while."""
    folder = Path(tmp)

    class Slow(FakeJobs):
        def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> FakeReport:
            (folder / f"{kind}.started").touch()
            time.sleep(0.5)
            (folder / f"{kind}.finished").touch()
            return FakeReport(kind)

    sched = Scheduler(Settings(), Slow(), RunLock(folder / "run.lock"), daily_at="00:00",
                      heartbeat=folder / "beat.json", working=lambda t: True)  # fmt: skip
    on_signals(sched)
    sys.exit(sched.run_forever())
