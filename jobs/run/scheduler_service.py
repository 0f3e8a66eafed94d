"""``collabsheet scheduler`` as a service: where the heartbeat goes, the plan printed in the
configured language, SIGTERM / SIGINT handled, then the ``jobs.run.scheduler.Scheduler`` loop
with the production timer and lock until it is stopped."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from config.phrases import language
from config.settings import Settings
from jobs.run.lock import RunLock, lock_path
from jobs.run.pipeline import PipelineJobs
from jobs.run.scheduler import Scheduler
from jobs.run.setup_text import say
from jobs.run.timer import ScheduleTimer
from jobs.run.timetable import next_daily

log = logging.getLogger("collabsheet.scheduler")


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
    lock = RunLock(lock_path(settings), locale=settings.locale, zone=settings.zone)  # terminal's
    sched = Scheduler(settings, PipelineJobs(settings), lock,
                      daily_at=daily_at or settings.daily_at, heartbeat=beat,
                      timer=ScheduleTimer())  # fmt: skip
    catch_up = sched.start()
    at, zone = f"{sched.at:%H:%M}", sched.zone

    loc = settings.locale

    def shown(t: dt.datetime | None) -> str:
        if t is None:
            return say(loc, "scheduler.none")
        t = t.astimezone(zone)
        day = f"{t:%a}" if language(loc) == "en" else "周" + "一二三四五六日"[t.weekday()]
        return f"{t:%Y-%m-%d %H:%M} ({day}) {t:UTC%z}"

    out(say(loc, "scheduler.head", zone=settings.timezone, where=settings.where,
            pid=os.getpid()))  # fmt: skip
    out(say(loc, "scheduler.daily", at=at, next=shown(next_daily(sched.clock(), zone, sched.at))))
    out(say(loc, "scheduler.hourly", next=shown(sched.hourly.next_run)))
    out(say(loc, "scheduler.weekly", at=settings.weekly.at, next=shown(sched.weekly.next_run)))
    if catch_up is not None:
        out(say(loc, "scheduler.catch_up", at=at))
    out(say(loc, "scheduler.lock", lock=sched.lock.path, beat=beat))
    if plan_only:
        return 0
    on_signals(sched)
    return sched.run_forever()
