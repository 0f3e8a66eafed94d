"""The daily pipeline as the scheduler sees it, faked (``FakeJobs``: ``_runs`` rows in memory,
the runs recorded), a scheduler on a ``WallClock`` that stops it at the clock's end, and the
times in UTC the scheduler tests speak in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.schema import BOT_TABS
from config.settings import Settings
from jobs.run.lock import RunLock
from jobs.run.runs_tab import last_run_at
from jobs.run.scheduler import Scheduler
from jobs.run.timetable import Raw
from tests.support.clocks import WallClock

# a webhook address with its secret: a failed run's error must not show it
HOOK = "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FakeReport:
    kind: str
    outcome: str = "ok"

    def summary(self, locale: str = "en") -> str:
        return f"{self.kind} run: {self.outcome}"


class FakeJobs:
    """The pipeline as the scheduler sees it: ``_runs`` rows in memory, runs recorded."""

    def __init__(self, *runs: tuple[str, str, str], fail: tuple[str, ...] = ()) -> None:
        self.rows: list[list[Any]] = [list(BOT_TABS["_runs"])]
        for job, at, outcome in runs:
            self.add(job, at, outcome)
        self.fail = fail
        self.ran: list[tuple[str, dt.datetime]] = []
        self.failures: list[tuple[str, dt.datetime, str]] = []
        self.reads: list[Raw] = []  # every read of the workbook by the scheduler
        self.given: list[Raw | None] = []  # what each run was handed instead of reading

    def add(self, job: str, at: str, outcome: str) -> None:
        row = dict.fromkeys(BOT_TABS["_runs"], "")
        row.update(run_id=f"r{len(self.rows)}", job=job, started_at=at, outcome=outcome)
        self.rows.append(list(row.values()))

    def read(self) -> Raw:
        raw = {"_runs": [list(r) for r in self.rows]}
        self.reads.append(raw)
        return raw

    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None:
        return last_run_at(raw["_runs"], kind)  # the pipeline's own reading of _runs

    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> FakeReport:
        self.ran.append((kind, now))
        self.given.append(raw)
        if kind in self.fail:
            raise RuntimeError(f"cannot post to {HOOK}")
        self.add(kind, f"{now:%Y-%m-%d %H:%M:%S}", "ok")
        return FakeReport(kind)

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> None:
        self.failures.append((kind, now, error))
        self.add(kind, f"{now:%Y-%m-%d %H:%M:%S}", "failed")


def scheduler(
    tmp: Path, clock: WallClock, jobs: Any, settings: Settings | None = None, **kw: Any
) -> Scheduler:
    sched = Scheduler(
        settings or Settings(), jobs, RunLock(tmp / "run.lock"), clock=clock, sleep=clock.sleep,
        **kw,
    )  # fmt: skip
    clock.stop = sched.stop
    return sched


def ran(jobs: FakeJobs, kind: str) -> list[str]:
    return [f"{t:%m-%d %H:%M}" for k, t in jobs.ran if k == kind]
