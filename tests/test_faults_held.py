"""Faults of the run loop (issue 16, item 2): held-back messages go out. A daily run outside
working hours (``daily_at = "08:00"``, the scheduler's catch-up at 19:00) holds the day's
messages back until the next opening, and the first run in working hours sends them; a daily
run that fails at 09:00 is tried again with backoff. The real pipeline on the demo workbook, the
scheduler's clock passed in; after the runs every key went out exactly once, none was lost."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from config.errors import BackendError
from config.settings import Settings, settings_from_dict
from jobs.notify import Message, Outcome
from jobs.run.envelope import run as run_job
from jobs.run.lock import RunLock
from jobs.run.pipeline import PipelineJobs, Report
from jobs.run.scheduler import Scheduler
from jobs.run.timetable import Raw, instant, wall
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import WallClock
from tests.support.demo import Tabs
from tests.support.notifiers import Recorder

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(local: str) -> dt.datetime:
    """A Shanghai wall time as the aware UTC instant the scheduler's clock gives."""
    return instant(dt.datetime.fromisoformat(local), SHANGHAI)


class Timed(Recorder):
    """Records every send with the scheduler's local time."""

    def __init__(self, clock: WallClock) -> None:
        super().__init__()
        self.wall = clock
        self.at: dict[str, list[str]] = {}

    def send(self, message: Message) -> Outcome:
        when = f"{wall(self.wall(), SHANGHAI):%a %H:%M}"
        self.at.setdefault(message.key, []).append(when)
        return super().send(message)


class Flaky(MemoryBackend):
    """The workbook: its first read or first write fails (the file unreachable, or open)."""

    def __init__(self, tabs: Tabs, fail: str = "") -> None:
        super().__init__(tabs)
        self.fail = fail

    def read(self) -> dict[str, list[list[Any]]]:
        if self.fail == "read":
            self.fail = ""
            raise BackendError("the workbook could not be read (unreachable); run again")
        return super().read()

    def write(self, tabs: Any) -> None:
        if self.fail == "write":
            self.fail = ""
            raise BackendError("the results file is open in another program; close it")
        super().write(tabs)


class Jobs(PipelineJobs):
    """The real pipeline, keeping each run's report."""

    reports: list[Any]

    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Report:
        report = super().run(kind, now, raw)
        self.reports.append(report)
        return report


def settings(folder: Path) -> Settings:
    return settings_from_dict({"channels": {"outbox": {"folder": str(folder / "outbox")},
                                            "journal": str(folder / "journal.jsonl")},
                               "weekly": {"folder": str(folder / "weekly")}})  # fmt: skip


def daily_run(demo: Tabs, folder: Path, time: str) -> set[str]:
    """The keys one daily run sends alone on the untouched workbook at ``time`` (local)."""
    folder.mkdir()
    rec = Recorder()
    run_job("daily", settings(folder), MemoryBackend(demo), dt.datetime.fromisoformat(time),
            notifiers={"outbox": rec})  # fmt: skip
    return {m.key for m in rec.sent}


SCENARIOS = {
    # daily_at, started, stopped, last daily in _runs, fault, when the day's messages go out
    "daily at 08:00": ("08:00", "2026-11-27 07:30", "2026-11-27 18:30", None, "",
                       "2026-11-27 09:00"),  # the 09:00 hourly run, the first in working hours
    "catch-up at 19:00": ("09:00", "2026-11-27 19:00", "2026-11-30 12:30", "2026-11-26 09:00:01",
                          "", "2026-11-30 09:00"),  # the next working morning (after a weekend)
    "09:00 run fails to read": ("09:00", "2026-11-27 08:30", "2026-11-27 12:30", None, "read",
                                "2026-11-27 09:05"),  # the first retry, five minutes later
    "09:00 run fails to write": ("09:00", "2026-11-27 08:30", "2026-11-27 12:30", None, "write",
                                 "2026-11-27 09:00"),  # sent, recorded in the journal: not again
}  # fmt: skip


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_message_of_the_day_goes_out_once(name: str, demo_tabs: Tabs, tmp_path: Path) -> None:
    daily_at, start, stop, last, fault, goes_out = SCENARIOS[name]
    expected = daily_run(demo_tabs, tmp_path / "alone", goes_out)
    tabs = demo_tabs
    if last is not None:  # the daily run of the day before is in _runs: no catch-up for it
        tabs = {**demo_tabs, "_runs": [["run_id", "job", "started_at", "outcome"],
                                       ["r0", "daily", last, "ok"]]}  # fmt: skip
    backend = Flaky(tabs, fault)
    clock = WallClock(at(start), end=at(stop))
    rec = Timed(clock)
    jobs = Jobs(settings(tmp_path), backend, {"outbox": rec})
    jobs.reports = []
    sched = Scheduler(settings(tmp_path), jobs, RunLock(tmp_path / "run.lock"), clock=clock,
                      sleep=clock.sleep, daily_at=daily_at)  # fmt: skip
    clock.stop = sched.stop
    assert sched.run_forever() == 0

    counts = Counter(m.key for m in rec.sent)
    assert {k: n for k, n in counts.items() if n > 1} == {}  # 0 duplicated
    assert expected - set(counts) == set()  # 0 lost
    # the day's messages (Monday 09:00 also brings the weekly pack: keyed by its week; a task
    # handed off since the previous run is announced then: keyed by task and person)
    day = {
        k for k in counts if not k.startswith(("escalation:", "failure:", "weekly:", "assigned:"))
    }
    assert {k.rsplit(":", 1)[1] for k in day} == {goes_out[:10]}
    when = f"{dt.datetime.fromisoformat(goes_out):%a %H:%M}"
    assert {k: rec.at[k] for k in day if rec.at[k] != [when]} == {}  # at the first chance
    header, *rows = backend.tabs["_reminders"]
    status = Counter(r[header.index("status")] for r in rows)
    assert set(status) <= {"sent", "superseded"}  # nothing held, pending or failed is left
    if name == "catch-up at 19:00":  # held at 19:00 for Monday's opening, and said so
        first = jobs.reports[0]
        assert (first.kind, f"{first.started_at:%a %H:%M}") == ("daily", "Fri 19:00")
        held = [d for d in first.deliveries if d.status == "held"]
        days = {d.key.rsplit(":", 1)[1] for d in held if not d.key.startswith("assigned:")}
        assert days == {"2026-11-30"}  # and new assignments, held too: keyed by task, person
        assert {d.error for d in held} == {"工作时间外暂缓，2026-11-30 09:00 发出"}  # zh-CN
        final = {r[header.index("key")]: r[header.index("status")] for r in rows}
        assert {final[d.key] for d in held} <= {"sent", "superseded"}
