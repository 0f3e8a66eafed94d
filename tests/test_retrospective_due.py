"""A done project owes a retrospective (issue 19 item 3): without a 复盘 row it is an obligation
of the project's owner, from its closing time, timed by ``[sla.retrospective]`` (5 working
days, 40 business hours, by default); it shows in ``sla`` and reaches the owner's digest like
any other obligation, and the first 复盘 row naming the project settles it. ``now`` is passed
in."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from config.errors import ConfigError
from config.settings import Settings, settings_from_dict
from jobs.notify import Message
from jobs.run.envelope import run as run_job
from jobs.sla.status import sla_of
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.mutations import Mutation, add_column, add_rows, apply
from tests.support.notifiers import Recorder
from tests.support.workbooks import Raw, parse

# PJ3 closed on Friday 2026-11-20 17:00: 1 h that day, 32 h Monday to Thursday, 7 h on Friday
# 11-27 (09:00-12:00, 13:00-17:00) -> due 2026-11-27 17:00 (40 business hours); owned by P01
# of D01 (initiated by D02: the owner's department is the one reminded)
CLOSED = add_rows("projects", ["PJ3", "收尾项目", "T1", "D02", "P01", "2026-11-01 09:00",
                               "2026-11-02", "2026-11-30", "done", "medium",
                               "2026-11-20 17:00"])  # fmt: skip
HELD = add_rows("retrospectives", ["R3", "PJ3", "2026-11-24 15:00", "process", "交接晚了", "",
                                   "", "", "", "", ""])  # fmt: skip


def owed(*mutations: Mutation, now: dt.datetime, settings: Settings | None = None) -> list[Any]:
    """The retrospective obligations at ``now``: (key, person, dept, cell, status, due, level)."""
    settings = settings or Settings()
    result = sla_of(parse(apply(*mutations)), settings.sla_section, now).result
    rows = result[result["kind"] == "retrospective"]
    return [
        (r["key"], r["person_id"], r["dept_id"], r["cell"], r["status"],
         r["due_at"].strftime("%Y-%m-%d %H:%M"), r["level"])
        for _, r in rows.iterrows()
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("now", "status", "level"),
    [
        (dt.datetime(2026, 11, 23, 10, 0), "on_track", 0),  # 2 of 40 hours gone
        (dt.datetime(2026, 11, 27, 13, 0), "at_risk", 0),  # 4 h left < 10 h (25% of 40)
        (dt.datetime(2026, 11, 27, 17, 30), "breached", 1),  # past 17:00
        (dt.datetime(2026, 11, 30, 17, 0), "breached", 2),  # 8 business hours late
    ],
)
def test_before_n_working_days_open_after_them_breached(
    now: dt.datetime, status: str, level: int
) -> None:
    assert owed(CLOSED, now=now) == [
        ("retrospective:PJ3", "P01", "D01", "A4", status, "2026-11-27 17:00", level)
    ]


@pytest.mark.parametrize("now", [dt.datetime(2026, 11, 23, 10), dt.datetime(2026, 12, 7, 10)])
def test_a_retrospective_row_settles_it(now: dt.datetime) -> None:
    assert owed(CLOSED, HELD, now=now) == []


def test_only_done_projects_with_a_closing_time_owe_one() -> None:
    at = dt.datetime(2026, 12, 7, 10)
    no_time = add_rows("projects", ["PJ4", "未填完成时间", "T1", "D01", "P03", "2026-11-01 09:00",
                                    "2026-11-02", "2026-11-30", "done", "medium", ""])  # fmt: skip
    stopped = add_rows("projects", ["PJ5", "已取消", "T1", "D01", "P03", "2026-11-01 09:00",
                                    "2026-11-02", "2026-11-30", "cancelled", "medium",
                                    "2026-11-20 17:00"])  # fmt: skip
    assert owed(no_time, stopped, now=at) == []
    assert [k for k, *_ in owed(CLOSED, no_time, stopped, now=at)] == ["retrospective:PJ3"]


def test_the_rule_is_configurable_as_sla_retrospective() -> None:
    settings = settings_from_dict({"sla": {"retrospective": {"goal_h": 16.0}}})  # 2 days
    assert owed(CLOSED, now=dt.datetime(2026, 11, 25, 10, 0), settings=settings) == [
        ("retrospective:PJ3", "P01", "D01", "A4", "breached", "2026-11-24 17:00", 1)
    ]
    with pytest.raises(ConfigError, match=r"sla\.retrospective\.goal_h"):
        settings_from_dict({"sla": {"retrospective": {"goal_h": -1}}})


def test_an_action_marked_done_without_a_time_is_not_timed() -> None:
    """Validation reports it (retro.done_without_time); the clock does not nag its owner."""
    done = add_column("retrospectives", "action_status", "done", "done")
    result = sla_of(parse(apply(done)), Settings().sla_section, dt.datetime(2026, 12, 7)).result
    assert sorted(result.loc[result["kind"] == "action", "key"]) == ["action:R1"]
    result = sla_of(parse(apply()), Settings().sla_section, dt.datetime(2026, 12, 7)).result
    assert sorted(result.loc[result["kind"] == "action", "key"]) == ["action:R1", "action:R2"]


@pytest.mark.parametrize(
    ("locale", "item"),
    [
        ("zh-CN", "项目复盘 PJ3 · 项目负责人 张三（研发部） · 截止 11月27日（周五）17:00，"
                  "已超时 8 工作小时（已过 3 个自然日） · 您是项目负责人；"
                  "已升级至部门负责人（2 级）：超时达 8 工作小时 · 开完复盘会后在「复盘」添加记录，"
                  "项目编号填 协作项目!A4 中的编号"),
        ("en", "project retrospective PJ3 · project owner 张三 (研发部) · due Fri 27 Nov 17:00, 8 "
               "working hours late (3 calendar days) · you are the project owner; escalated to the "
               "department head (level 2): 8 working hours late or more · after the "
               "retrospective, add its rows to 复盘 with the 项目编号 of 协作项目!A4"),
    ],
)  # fmt: skip
def test_the_owner_is_reminded_in_the_daily_run(locale: str, item: str) -> None:
    """PJ3's retrospective is in its owner's digest (beside P01's open dispute DS1), linked to
    the project's row; once a 复盘 row names PJ3, no message mentions it."""
    settings = settings_from_dict({"general": {"locale": locale}})
    now, clock = dt.datetime(2026, 11, 30, 17, 0), FakeClock()

    def sent(raw: Raw) -> list[Message]:
        rec = Recorder()
        run_job("daily", settings, MemoryBackend(raw), now, notifiers={"outbox": rec},
                clock=clock, sleep=clock.sleep)  # fmt: skip
        return list(rec.sent)

    (digest,) = [m for m in sent(apply(CLOSED)) if m.key == "digest:P01:2026-11-30"]
    assert digest.covers == ("dispute:DS1", "retrospective:PJ3")
    items = [i for s in digest.sections for i in s.items if "PJ3" in i.text]
    assert [(i.text, i.link) for i in items] == [(item, "协作项目!A4")]
    assert [m.key for m in sent(apply(CLOSED, HELD)) if "retrospective:PJ3" in m.covers] == []
