"""The weekly slot of the scheduler (issue 19, item 2): ``[scheduler] weekly_at = "MON 09:00"``
fires once on Monday 09:00 Asia/Shanghai (the host in UTC), on the next working day when Monday
is a holiday (2026-10-05, National Day: Thursday 10-08), once for two weeks whose times fall on
one day (Spring Festival 2026), and a start-up later that Monday catches up once."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from config.schema import BOT_TABS
from config.settings import Settings, settings_from_dict
from jobs.run import scheduler_service
from jobs.run.cli import main
from jobs.run.lock import RunLock
from jobs.run.runs_tab import last_run_at
from jobs.run.scheduler import Scheduler
from jobs.run.timetable import Raw
from tests.support.clocks import WallClock


class Report:
    def __init__(self, outcome: str = "ok", retry: bool | None = None) -> None:
        self.outcome = outcome
        self.retry = outcome != "ok" if retry is None else retry  # as WeeklyReport.retry

    def summary(self, locale: str = "en") -> str:
        return self.outcome


class Jobs:
    """The pipeline as the scheduler sees it: ``_runs`` in memory, every run recorded."""

    def __init__(self, undelivered: int = 0, final: bool = False) -> None:
        self.rows: list[list[Any]] = [list(BOT_TABS["_runs"])]
        self.ran: list[tuple[str, dt.datetime]] = []
        self.undelivered = undelivered  # weekly runs that leave a message owed
        self.final = final  # ... failed for good (nothing a later run can deliver)

    def read(self) -> Raw:
        return {"_runs": [list(r) for r in self.rows]}

    def last_run(self, raw: Raw, kind: str) -> dt.datetime | None:
        return last_run_at(raw["_runs"], kind)

    def run(self, kind: str, now: dt.datetime, raw: Raw | None = None) -> Report:
        self.ran.append((kind, now))
        row = dict.fromkeys(BOT_TABS["_runs"], "")
        row.update(run_id=f"r{len(self.rows)}", job=kind, started_at=f"{now:%Y-%m-%d %H:%M:%S}",
                   outcome="ok")  # fmt: skip
        self.rows.append(list(row.values()))
        if kind == "weekly" and self.undelivered:
            self.undelivered -= 1
            return Report("errors", retry=not self.final)
        return Report()

    def record_failure(self, kind: str, now: dt.datetime, error: str) -> None:
        raise AssertionError(f"{kind} failed: {error}")

    def weekly(self) -> list[str]:
        return [f"{t:%Y-%m-%d %a %H:%M}" for k, t in self.ran if k == "weekly"]


def run_between(
    tmp: Path, start: dt.datetime, end: dt.datetime, settings: Settings | None = None,
    jobs: Jobs | None = None,
) -> Jobs:  # fmt: skip
    jobs = jobs or Jobs()
    clock = WallClock(start, end)
    sched = Scheduler(settings or Settings(), jobs, RunLock(tmp / "run.lock"), clock=clock,
                      sleep=clock.sleep)  # fmt: skip
    clock.stop = sched.stop
    sched.run_forever()
    return jobs


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # two ordinary weeks: Monday 09:00 Shanghai (01:00 UTC), once each
        (utc(2026, 11, 29), utc(2026, 12, 13), ["2026-11-30 Mon 09:00", "2026-12-07 Mon 09:00"]),
        # National Day: Monday 10-05 to Wednesday 10-07 are holidays: Thursday 10-08, then 10-12
        (utc(2026, 10, 1), utc(2026, 10, 13), ["2026-10-08 Thu 09:00", "2026-10-12 Mon 09:00"]),
        # Spring Festival: the weeks of 02-16 and 02-23 both fall on Tuesday 02-24: one run
        (utc(2026, 2, 12), utc(2026, 3, 3), ["2026-02-24 Tue 09:00", "2026-03-02 Mon 09:00"]),
    ],
)
def test_the_weekly_slot_fires_once_a_week_on_a_working_day(
    tmp_path: Path, start: dt.datetime, end: dt.datetime, expected: list[str]
) -> None:
    assert run_between(tmp_path, start, end).weekly() == expected


def test_weekly_at_is_configurable(tmp_path: Path) -> None:
    settings = settings_from_dict({"scheduler": {"weekly_at": "fri 16:30"}})
    jobs = run_between(tmp_path, utc(2026, 11, 29), utc(2026, 12, 6), settings)
    assert jobs.weekly() == ["2026-12-04 Fri 16:30"]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (utc(2026, 12, 7, 3), ["2026-12-07 Mon 11:00"]),  # started at 11:00 that Monday: now
        # started at 21:21 that Monday: at the next working time, not in the evening (trial18:
        # the packs went out at once)
        (utc(2026, 12, 7, 13, 21), ["2026-12-08 Tue 09:00"]),
        # restarted on Tuesday 08:30, no working time since Monday ended (stopped in the night
        # before the deferred catch-up): at 09:00 (review21: the same-day rule lost it)
        (utc(2026, 12, 8, 0, 30), ["2026-12-08 Tue 09:00"]),
        (utc(2026, 12, 8, 3), []),  # started on Tuesday 11:00: next week's
    ],
)
def test_a_start_later_that_day_catches_up_once(
    tmp_path: Path, start: dt.datetime, expected: list[str]
) -> None:
    jobs = run_between(tmp_path, start, start + dt.timedelta(hours=14))
    assert jobs.weekly() == expected


def test_a_catch_up_done_already_is_not_run_again(tmp_path: Path) -> None:
    """Monday's pack made at 09:00; the scheduler restarted on Tuesday: nothing again."""
    jobs = run_between(tmp_path, utc(2026, 12, 6, 16), utc(2026, 12, 7, 2))
    assert jobs.weekly() == ["2026-12-07 Mon 09:00"]
    run_between(tmp_path, utc(2026, 12, 8, 3), utc(2026, 12, 8, 9), jobs=jobs)
    assert jobs.weekly() == ["2026-12-07 Mon 09:00"]


def test_a_catch_up_in_the_weeks_last_evening_goes_at_once(tmp_path: Path) -> None:
    """weekly_at FRI 16:30, started Friday 21:21: the next working time is next week, whose
    pack that run would make (review21: the week's own pack was never made); so at once."""
    settings = settings_from_dict({"scheduler": {"weekly_at": "fri 16:30"}})
    jobs = run_between(tmp_path, utc(2026, 12, 4, 13, 21), utc(2026, 12, 7, 6), settings)
    assert jobs.weekly() == ["2026-12-04 Fri 21:21"]


def test_a_pack_left_undelivered_is_tried_again_with_backoff(tmp_path: Path) -> None:
    """The run left a message owed (outcome errors, in _runs): again at 09:05 and 09:15
    although _runs has the run; then done until next week."""
    jobs = run_between(tmp_path, utc(2026, 12, 6), utc(2026, 12, 8), jobs=Jobs(undelivered=2))
    assert jobs.weekly() == ["2026-12-07 Mon 09:00", "2026-12-07 Mon 09:05",
                             "2026-12-07 Mon 09:15"]  # fmt: skip


def test_a_pack_that_failed_for_good_is_not_tried_again(tmp_path: Path) -> None:
    """Failed or dead messages are final: the run says errors (exit 1, _runs), and the
    scheduler does not run the week's pack again for them (review12: every hour, all week)."""
    jobs = Jobs(undelivered=200, final=True)
    jobs = run_between(tmp_path, utc(2026, 12, 6), utc(2026, 12, 8), jobs=jobs)
    assert jobs.weekly() == ["2026-12-07 Mon 09:00"]


def test_the_plan_names_the_weekly_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # on a Monday morning (the wall clock made this fail on a Tuesday after 10:00, when the
    # plan rightly names this week's catch-up at the next working time instead)
    monday = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    monkeypatch.setattr(scheduler_service, "Scheduler", partial(Scheduler, clock=lambda: monday))
    config = tmp_path / "c.toml"
    config.write_text(
        f'[workbook]\npath = "{tmp_path / "wb.xlsx"}"\n\n[scheduler]\nweekly_at = "tue 10:00"\n',
        encoding="utf-8",
    )
    assert main(["scheduler", "--plan", "--config", str(config), "--locale", "en"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("  weekly "))
    assert line.startswith("  weekly TUE 10:00 (next working day after a holiday)")
    assert line.endswith("next 2026-12-08 10:00 (Tue) UTC+0800")
    assert main(["scheduler", "--plan", "--config", str(config)]) == 0  # zh-CN, the default
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("  每周运行："))
    assert line.startswith("  每周运行：TUE 10:00（遇节假日顺延到下一个工作日），生成周例会材料；")
    assert line.endswith("下次 2026-12-08 10:00 (周二) UTC+0800")
