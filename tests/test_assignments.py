"""New assignments are announced once (issue 17, item 6): a task whose assignee is new or
changed since the previous run, and every task of a project started by ``start-project``,
each with its due time; never twice, whatever runs follow."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings, settings_from_dict
from jobs.notify import Message
from jobs.projects.project_plan import ProjectPlan
from jobs.reminders.assignments import Assignment, new
from jobs.run.envelope import RunReport
from jobs.run.envelope import run as run_job
from jobs.run.start import start_project
from sheets_sync.memory import MemoryBackend
from tests.support.clocks import FakeClock
from tests.support.mutations import put
from tests.support.notifiers import Recorder
from tests.support.reminders import NOW, raw
from tests.support.workbooks import title

LATER = NOW + dt.timedelta(hours=1)


def settings(tmp_path: Path, **general: Any) -> Settings:
    data = {"outbox": {"folder": str(tmp_path / "outbox")}, "journal": str(tmp_path / "j.jsonl")}
    return settings_from_dict({"general": general, "channels": data})


def remind(s: Settings, backend: MemoryBackend, rec: Recorder, now: dt.datetime) -> RunReport:
    clock = FakeClock()
    return run_job("remind", s, backend, now, notifiers={"outbox": rec}, clock=clock,
                   sleep=clock.sleep)  # fmt: skip


def announced(rec: Recorder) -> list[Message]:
    return [m for m in rec.sent if m.key.startswith("assigned:")]


def items(m: Message) -> list[str]:
    return [i.text for s in m.sections for i in s.items]


NEW_TASK = ["K9", "PJ1", 4, "验收", "D01", "P02", "2026-11-27 09:30", "", "2026-12-01 18:00", "",
            "todo", "", ""]  # fmt: skip


def test_a_task_handed_to_someone_is_announced_once_and_again_when_reassigned(
    tmp_path: Path,
) -> None:
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(raw())
    clock = FakeClock()  # the first run (a daily one: _sla records what it saw) announces none
    run_job("daily", s, backend, NOW, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)
    assert announced(rec) == []
    tasks = title("tasks")
    backend.tabs[tasks].append(list(NEW_TASK))  # handed off at 09:30, after the 09:00 run
    remind(s, backend, rec, LATER)
    (m,) = announced(rec)
    assert (m.key, m.recipient, m.subject) == (
        "assigned:K9:P02", "lisi@example.com", "【新任务】李四：任务 K9「4 验收」"
    )  # fmt: skip
    assert items(m) == [
        "任务 K9「4 验收」 · 新品上市（PJ1） · 执行人 李四（研发部） · "
        "交接 11月27日（周五）09:30 · 截止 12月1日（周二）18:00 · 新分配给您 · "
        "收到后在 任务进度!H6 填写响应时间；完成后在 任务进度!J6 填写完成时间"
    ]
    assert m.sections[0].items[0].link == "任务进度!H6"  # the cell to fill first (操作手册)
    remind(s, backend, rec, LATER + dt.timedelta(hours=1))
    remind(s, backend, rec, LATER + dt.timedelta(hours=2))
    assert len(announced(rec)) == 1  # never twice

    row = backend.tabs[tasks].index(NEW_TASK)
    backend.tabs[tasks][row][5] = "P03"  # handed to 王五
    remind(s, backend, rec, LATER + dt.timedelta(hours=3))
    remind(s, backend, rec, LATER + dt.timedelta(hours=4))
    _, second = announced(rec)
    assert second.key == "assigned:K9:P03" and second.recipient == "wangwu@example.com"
    assert "· 已由 李四（研发部） 改派给您 ·" in items(second)[0]
    assert Counter(m.key for m in rec.sent)["assigned:K9:P03"] == 1


class Day:
    """The reminders workbook (memory backend) after the 09:00 daily run, which announces
    nothing, with a task row typed in since (``NEW_TASK`` unless given); ``run`` runs a kind at a
    moment, ``assign`` types another 执行人 into that row."""

    def __init__(self, tmp_path: Path, task: list[Any] | None = None) -> None:
        self.s, self.rec, self.clock = settings(tmp_path), Recorder(), FakeClock()
        self.backend = MemoryBackend(raw())
        self.run("daily", NOW)
        self.tasks = self.backend.tabs[title("tasks")]
        self.tasks.append(list(task or NEW_TASK))
        self.row = len(self.tasks) - 1

    def run(self, kind: str, at: dt.datetime) -> None:
        run_job(kind, self.s, self.backend, at, notifiers={"outbox": self.rec},
                clock=self.clock, sleep=self.clock.sleep)  # fmt: skip

    def assign(self, who: str) -> None:
        self.tasks[self.row][5] = who


def test_a_task_handed_back_is_announced_again_once(tmp_path: Path) -> None:
    """review16: K9 went 李四 -> 王五 -> 李四, and 李四 was never told it was back (his key was in
    the ledger). A hand-back has a key of its own, from when the one between was told."""
    day, at = Day(tmp_path), LATER
    for who in ("P02", "P03", "P02", "P02", "P03"):
        day.assign(who)
        day.run("remind", at)  # 12:00: lunch, the hand-back held until 13:00
        at += dt.timedelta(hours=1)
    keys = [m.key for m in announced(day.rec)]
    assert [k.split("@")[0] for k in keys] == [
        "assigned:K9:P02", "assigned:K9:P03", "assigned:K9:P02", "assigned:K9:P03"
    ]  # fmt: skip
    assert len(set(keys)) == 4
    assert "· 已由 王五（销售部） 改派给您 ·" in items(announced(day.rec)[2])[0]
    assert "· 已由 李四（研发部） 改派给您 ·" in items(announced(day.rec)[3])[0]


def test_a_reassignment_undone_before_it_went_out_tells_no_one(tmp_path: Path) -> None:
    """trial17: K9 (李四's, told) went to 王五 at 17:30, held at 18:00 (after hours), and back to
    李四 at 18:20; the 20:00 run superseded 王五's and the morning sent 李四 "已由 王五 改派给您",
    though 王五 never heard of it and nothing changed for 李四."""
    day = Day(tmp_path)
    day.run("remind", LATER)  # 10:00: told to 李四
    for who, hour in (("P03", 18), ("P02", 20)):
        day.assign(who)
        day.run("hourly", NOW.replace(hour=hour))
    day.run("daily", dt.datetime(2026, 11, 30, 9, 0))
    assert [m.key for m in announced(day.rec)] == ["assigned:K9:P02"]
    from jobs.reminders.reminders_tab import REMINDERS

    (gone,) = [r for r in REMINDERS.decode(day.backend.tabs["_reminders"])
               if r["key"] == "assigned:K9:P03"]  # fmt: skip
    assert gone["status"] == "superseded" and not gone["error"]  # not "held until 09:00"


def test_the_announcement_says_when_the_response_is_due_when_it_comes_first(
    tmp_path: Path,
) -> None:
    """trial17: a step with a 4-hour response limit was announced with only its completion due
    (days away); the response was late within hours, unsaid. Not when a typed 截止时间 comes
    before the response's due (the first test: the typed one governs)."""
    day = Day(tmp_path, [*NEW_TASK[:8], "", *NEW_TASK[9:]])  # no typed due
    day.run("remind", LATER)
    (m,) = announced(day.rec)
    assert items(m)[0].endswith(
        "截止 12月4日（周五）09:30 · 新分配给您 · 收到后在 任务进度!H6 填写响应时间（响应截止 "
        "12月2日（周三）09:30）；完成后在 任务进度!J6 填写完成时间"
    )  # 24 working hours from Friday 09:30


def test_a_hand_back_that_never_went_does_not_block_the_next(tmp_path: Path) -> None:
    """review20: K9 李四 (told) -> 王五 (told 17:00) -> 李四 at 18:30 (held) -> 王五 at 19:00 (the
    held one superseded) -> 李四 at 20:00: its hand-back key was the superseded one, and 李四,
    last told the task went to 王五, was never told it was back."""
    day = Day(tmp_path)
    day.run("remind", LATER)  # 10:00: 李四
    for who, at in (("P03", 17), ("P02", 18), ("P03", 19), ("P02", 20)):
        day.assign(who)
        day.run("hourly", NOW.replace(hour=at, minute=30 if at == 18 else 0))
    day.run("daily", dt.datetime(2026, 11, 30, 9, 0))
    day.run("remind", dt.datetime(2026, 11, 30, 10, 0))
    keys = [m.key for m in announced(day.rec)]
    assert [k.split("@")[0] for k in keys] == ["assigned:K9:P02", "assigned:K9:P03",
                                              "assigned:K9:P02"]  # fmt: skip
    assert keys[2].endswith(".2")  # the hand-back's second key: the first never went


def test_a_reassignment_whose_announcement_failed_is_not_sent_again(tmp_path: Path) -> None:
    """review20: 王五's announcement refused for good (failed) was sent again the next run
    under a hand-back key, as if 李四 had handed it back; failed is final."""
    from jobs.notify import Outcome

    day = Day(tmp_path)
    day.run("remind", LATER)
    day.assign("P03")
    day.rec.script["assigned:K9:P03"] = [Outcome(False, False, "550 mailbox unavailable")]
    for hours in (1, 2, 3):
        day.run("remind", LATER + dt.timedelta(hours=hours))
    assert [m.key for m in announced(day.rec)] == ["assigned:K9:P02", "assigned:K9:P03"]


def test_a_response_already_late_when_announced_says_so(tmp_path: Path) -> None:
    """review20: a hand-off typed in days late was announced with 响应截止 two days past."""
    day = Day(tmp_path, [*NEW_TASK[:6], "2026-11-23 08:30", "", "", *NEW_TASK[9:]])
    day.run("remind", LATER)
    (m,) = announced(day.rec)
    assert items(m)[0].endswith(
        "收到后在 任务进度!H6 填写响应时间（响应已超时，截止 11月25日（周三）18:00）；"
        "完成后在 任务进度!J6 填写完成时间"
    )


def test_a_hand_off_typed_in_after_the_fact_is_announced(tmp_path: Path) -> None:
    """trial15: a row added at 10:00 whose 交接时间 (08:30) is before the 09:00 run was never
    announced; the last _sla did not list it, so it is new to that person."""
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(raw())
    clock = FakeClock()
    run_job("daily", s, backend, NOW, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)
    backend.tabs[title("tasks")].append([*NEW_TASK[:6], "2026-11-27 08:30", *NEW_TASK[7:]])
    remind(s, backend, rec, LATER)
    (m,) = announced(rec)
    assert (m.key, m.recipient) == ("assigned:K9:P02", "lisi@example.com")
    assert "交接 11月27日（周五）08:30 · 截止 12月1日（周二）18:00 · 新分配给您" in items(m)[0]
    remind(s, backend, rec, LATER + dt.timedelta(hours=1))
    assert len(announced(rec)) == 1  # in the _sla of the run that announced it: never twice


def test_a_new_task_first_seen_by_an_hourly_run_at_night_is_held_not_lost(tmp_path: Path) -> None:
    """trial16: an hourly run at 20:00 saw the new task, sent nothing (quiet hours) and held
    nothing; its _sla listed the task, so the next morning it was not new: never announced."""
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(raw())
    clock = FakeClock()
    run_job("daily", s, backend, NOW, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)
    backend.tabs[title("tasks")].append([*NEW_TASK[:6], "2026-11-27 19:00", *NEW_TASK[7:]])
    evening = NOW.replace(hour=20)
    run_job("hourly", s, backend, evening, notifiers={"outbox": rec}, clock=clock,
            sleep=clock.sleep)  # fmt: skip
    assert announced(rec) == []  # quiet hours: held, not sent
    monday = dt.datetime(2026, 11, 30, 9, 5)
    run_job("daily", s, backend, monday, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)
    (m,) = announced(rec)
    assert (m.key, m.recipient) == ("assigned:K9:P02", "lisi@example.com")
    remind(s, backend, rec, monday + dt.timedelta(hours=1))
    assert len(announced(rec)) == 1


def test_a_hand_off_listed_by_an_sla_run_is_new_only_if_handed_off_by_then() -> None:
    """review16: a planned hand-off the _sla listed, or an old task whose 交接时间 was edited, is
    no new task; one an `sla` run since the previous run saw handed off is (review15)."""
    before, at = {"K9": "P02"}, SINCE  # K9 handed off at 09:30, after the 09:00 run
    assert new([A], {}, (), at, before, {"P02"}, set(), at.replace(minute=45)) != []  # seen
    assert new([A], {}, (), at, before, {"P02"}, set(), at.replace(minute=10)) == []  # planned
    assert new([A], {}, (), at, before, {"P02"}, set(), None) == []  # no sla run since


def test_a_new_task_first_seen_by_an_sla_run_is_still_announced(tmp_path: Path) -> None:
    """review15: `collabsheet sla` wrote _sla listing a task handed off after the last daily
    run; the next reminders run found it there and never announced it."""
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(raw())
    clock = FakeClock()
    run_job("daily", s, backend, NOW, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)
    backend.tabs[title("tasks")].append(list(NEW_TASK))  # handed off at 09:30
    run_job("sla", s, backend, NOW + dt.timedelta(minutes=50))
    remind(s, backend, rec, LATER + dt.timedelta(hours=1))
    (m,) = announced(rec)
    assert (m.key, m.recipient) == ("assigned:K9:P02", "lisi@example.com")
    remind(s, backend, rec, LATER + dt.timedelta(hours=2))
    assert len(announced(rec)) == 1


class Book:
    """The reminders workbook as an .xlsx file (its ledger database a file beside it): edited
    as a person would (``save``), each run on a fresh backend."""

    def __init__(self, tmp_path: Path) -> None:
        self.path, self.tabs = tmp_path / "team.xlsx", dict(raw())
        self.settings = dataclasses.replace(settings(tmp_path), path=self.path)
        self.save()

    def save(self) -> None:
        from sheets_sync.xlsx import write_xlsx

        write_xlsx(self.path, self.tabs)

    def backend(self) -> Any:
        from sheets_sync.xlsx import XlsxBackend

        return XlsxBackend(self.path, self.settings.bot_workbook)


def test_a_planned_hand_off_typed_before_an_sla_run_is_still_announced(tmp_path: Path) -> None:
    """K9 typed after the 09:00 run with its hand-off on Monday: `collabsheet sla` at 10:00
    wrote _sla listing it and the reminders runs after it took it as seen: never announced.
    The ledger database keeps what the last announcing run saw (the xlsx backend's file)."""
    b, rec = Book(tmp_path), Recorder()
    s, tabs, backend, write_xlsx = b.settings, b.tabs, b.backend, lambda *_: b.save()
    book = b.path
    clock = FakeClock()
    run_job("daily", s, backend(), NOW, notifiers={"outbox": rec}, clock=clock, sleep=clock.sleep)
    planned = [*NEW_TASK[:6], "2026-11-30 10:00", *NEW_TASK[7:]]  # Monday 10:00
    tabs[title("tasks")] = [*tabs[title("tasks")], planned]
    write_xlsx(book, tabs)
    run_job("sla", s, backend(), NOW + dt.timedelta(hours=1))
    remind(s, backend(), rec, NOW + dt.timedelta(hours=2))
    (m,) = announced(rec)
    assert (m.key, m.recipient) == ("assigned:K9:P02", "lisi@example.com")
    assert "交接 11月30日（周一）10:00" in items(m)[0]
    # not handed off yet: a 响应时间 typed now would be before the hand-off (review19)
    assert "收到后" not in items(m)[0] and m.sections[0].items[0].link.endswith("!J6")
    # but when: once handed off (trial17: the response clock's start was unsaid)
    assert items(m)[0].endswith(
        "交接后在 任务进度!H6 填写响应时间（响应时限从交接时开始计算）；"
        "完成后在 任务进度!J6 填写完成时间"
    )
    remind(s, backend(), rec, NOW + dt.timedelta(hours=3))
    run_job("daily", s, backend(), dt.datetime(2026, 11, 30, 11, 0), notifiers={"outbox": rec},
            clock=clock, sleep=clock.sleep)  # fmt: skip
    assert len(announced(rec)) == 1  # never twice


def test_a_run_that_cannot_read_the_tasks_leaves_what_the_last_run_saw(tmp_path: Path) -> None:
    """review18: a `remind` run whose 任务进度 header was broken saved "no task seen"; once the
    header was mended, a task handed off and one reassigned meanwhile were never announced."""
    b, rec = Book(tmp_path), Recorder()
    clock = FakeClock()
    run_job("daily", b.settings, b.backend(), NOW, notifiers={"outbox": rec}, clock=clock,
            sleep=clock.sleep)  # fmt: skip
    tasks = b.tabs[title("tasks")] = [list(r) for r in b.tabs[title("tasks")]]
    header = list(tasks[0])
    tasks.append(list(NEW_TASK))  # handed off at 09:30
    tasks[0] = ["编号?", *header[1:]]  # 任务编号 renamed by mistake: the tab cannot be read
    b.save()
    report = remind(b.settings, b.backend(), rec, LATER)
    assert report.unread == (title("tasks"),) and announced(rec) == []
    tasks[0] = header
    put("tasks", 2, "assignee", "P02")(b.tabs)  # K2: 王五's, now 李四's
    b.save()
    remind(b.settings, b.backend(), rec, LATER + dt.timedelta(hours=1))
    assert sorted(k for m in announced(rec) for k in m.covers) == [
        "assigned:K2:P02",
        "assigned:K9:P02",
    ]


def test_a_reassignment_seen_in_the_previous_runs_sla_tab_is_announced(tmp_path: Path) -> None:
    """K2 (王五's) was in the 09:00 run's _sla; at 10:00 it is 李四's: announced, naming 王五."""
    s, rec = settings(tmp_path, locale="en"), Recorder()
    backend = MemoryBackend(raw())
    run_job("sla", s, backend, NOW)
    backend.tabs.update(MemoryBackend(raw(put("tasks", 2, "assignee", "P02"))).tabs
                        | {k: v for k, v in backend.tabs.items() if k.startswith("_")})  # fmt: skip
    remind(s, backend, rec, LATER)
    (m,) = announced(rec)
    assert m.key == "assigned:K2:P02"
    assert m.subject == "New task for 李四: task K2 “2 交付”"
    assert "· reassigned to you from 王五 (销售部) ·" in items(m)[0]


def test_every_task_of_a_started_project_is_announced_with_its_due_time(
    demo_tabs: dict[str, Any], tmp_path: Path
) -> None:
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(demo_tabs)
    remind(s, backend, rec, NOW)
    assert announced(rec) == []
    plan = start_project(Settings(), backend, "T01", "会员积分体系开发（试点）",
                         dt.date(2026, 11, 30), None, NOW + dt.timedelta(minutes=20))  # fmt: skip
    assert isinstance(plan, ProjectPlan)
    remind(s, backend, rec, LATER)
    keys = sorted(f"assigned:{r['task_id']}:{r['assignee']}" for r in plan.records)
    got = [m for m in announced(rec) if set(m.covers) & set(keys)]
    assert sorted(k for m in got for k in m.covers) == keys  # each task once, to its assignee
    assert len(got) == len({r["assignee"] for r in plan.records})  # one message per person
    for t in plan.tasks:
        (item,) = [i for m in got for i in items(m) if i.startswith(f"任务 {t.task_id}「")]
        year = f"{t.due.year}年" if t.due.year != NOW.year else ""
        assert f"· 截止 {year}{t.due.month}月{t.due.day}日（周" in item
        assert f"）{t.due:%H:%M} · 新分配给您 ·" in item
    assert all(m.subject.startswith("【新任务】") for m in got)
    before = len(announced(rec))
    remind(s, backend, rec, LATER + dt.timedelta(hours=1))
    assert len(announced(rec)) == before  # never twice


A = Assignment("assigned:K9:P02", "K9", "P02", "PJ1", "D01", dt.datetime(2026, 11, 27, 9, 30),
               dt.datetime(2026, 11, 1, 9, 0), 4)  # fmt: skip
SINCE = dt.datetime(2026, 11, 27, 9, 0)


@pytest.mark.parametrize(
    ("known", "retry", "since", "before", "expected"),
    [
        ({}, (), None, {}, []),  # no previous run: nothing is new
        ({}, (), SINCE, {}, [""]),  # handed off after the previous run, not in its _sla
        ({}, (), SINCE, None, []),  # ... but without an _sla tab a hand-off cannot be told new
        ({}, (), SINCE, {"K9": "P02"}, []),  # ... nor when the last _sla listed it already
        # handed off before it, not in its _sla, which listed others: typed in since (trial15)
        ({}, (), SINCE + dt.timedelta(hours=1), {"K1": "P01"}, [""]),
        ({}, (), SINCE + dt.timedelta(hours=1), None, []),  # ... without an _sla: cannot tell
        ({}, (), SINCE + dt.timedelta(hours=1), {}, []),  # ... nor when it listed no task
        ({"assigned:K9:P02": "2026-11-27 10:00:00"}, (), SINCE, {}, []),  # announced already
        ({"assigned:K9:P02": "x"}, ("assigned:K9:P02",), SINCE, {}, [""]),  # pending: again
        ({}, (), SINCE + dt.timedelta(hours=1), {"K9": "P03"}, ["P03"]),  # was 王五's
        ({"assigned:K9:P01": "2026-11-27 08:00:00", "assigned:K9:P03": "2026-11-27 10:00:00"},
         (), SINCE + dt.timedelta(hours=1), {}, ["P03"]),  # the latest earlier assignee
        ({}, (), SINCE + dt.timedelta(hours=1), {"K9": "P02"}, []),  # the same person
        # the name typed before the id was (trial15): new to P02, handed over by no one
        ({}, (), SINCE + dt.timedelta(hours=1), {"K9": "李四"}, [""]),
    ],
)  # fmt: skip
def test_what_is_new(
    known: dict[str, str], retry: tuple[str, ...], since: dt.datetime | None,
    before: dict[str, str] | None, expected: list[str],
) -> None:  # fmt: skip
    people = {"P01", "P02", "P03"}
    assert [a.before for a in new([A], known, retry, since, before, people, {"K9"})] == expected


def test_a_task_owing_nothing_is_not_new_for_being_absent_from_the_last_sla() -> None:
    """review14: a task whose obligations are all met (完成时间 filled, 状态 still 进行中) is in
    no _sla: it was announced as new on a run where nothing had changed."""
    later, before = SINCE + dt.timedelta(hours=1), {"K1": "P01"}
    assert new([A], {}, (), later, before, {"P02"}, set()) == []
    assert [a.key for a in new([A], {}, (), later, before, {"P02"}, {"K9"})] == [A.key]


def test_a_new_task_in_a_group_department_goes_to_its_group_with_an_at(tmp_path: Path) -> None:
    s = settings_from_dict({"channels": {"dingtalk": {}, "journal": str(tmp_path / "j.jsonl"),
                                         "outbox": {"folder": str(tmp_path / "o")}}})  # fmt: skip
    rec, group = Recorder(), Recorder()
    backend = MemoryBackend(raw())
    notifiers = {"outbox": rec, "dingtalk": group}
    clock = FakeClock()
    run_job("daily", s, backend, NOW, notifiers=notifiers, clock=clock, sleep=clock.sleep)
    task = [*NEW_TASK[:4], "D03", "P05", *NEW_TASK[6:]]  # 孙七 of D03 (钉钉)
    backend.tabs[title("tasks")].append(task)
    run_job("remind", s, backend, LATER, notifiers=notifiers, clock=clock, sleep=clock.sleep)
    (m,) = [m for m in group.sent if m.key.startswith("assigned:")]
    assert m.group and m.channel == "dingtalk" and m.key == "assigned:K9:P05"
    assert [sec.title for sec in m.sections] == ["孙七 · 新品上市（PJ1）"]


def test_a_project_started_in_the_minute_a_run_began_is_announced_by_the_next_run(
    demo_tabs: dict[str, Any], tmp_path: Path
) -> None:
    """trial7: the run began at 09:00:30 and the project was started at 09:00:50, stamped
    09:00 (创建时间 is kept to the minute): the next run announces its tasks."""
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(demo_tabs)
    remind(s, backend, rec, NOW + dt.timedelta(seconds=30))
    before = {m.key for m in announced(rec)}
    plan = start_project(Settings(), backend, "T01", "会员积分体系开发（二期）",
                         dt.date(2026, 11, 30), None, NOW)  # fmt: skip
    assert isinstance(plan, ProjectPlan) and plan.project["created_at"] == NOW
    remind(s, backend, rec, LATER)
    keys = sorted(f"assigned:{r['task_id']}:{r['assignee']}" for r in plan.records)
    got = sorted(k for m in announced(rec) if m.key not in before for k in m.covers)
    assert got == keys


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ('{"at": "2026-11-27 09:00:00", "tasks": {"K2": "P03"}}',
         ("2026-11-27 09:00:00", {"K2": "P03"})),
        ('{"K2": "P03"}', None),  # no time: not a record of this kind
        ('{"at": "2026-11-27 09:00:00", "tasks": ["K2"]}', None),
        ("not json", None),
    ],
)  # fmt: skip
def test_the_kept_view_reads_back_or_is_none(tmp_path: Path, stored: str, read: Any) -> None:
    """What the database keeps for the next announcing run; anything else reads as none, so
    the last _sla tab stands in (never an error: the run goes on)."""
    from jobs.run.ledger_db import LedgerDb

    db = LedgerDb(tmp_path / "l.db")
    assert db.assignees() is None
    db.save(assignees=("2026-11-27 08:00:00", {"K1": "P01"}))
    assert db.assignees() == ("2026-11-27 08:00:00", {"K1": "P01"})
    with db.db:
        db.db.execute("UPDATE meta SET value = ? WHERE name = 'assignees'", (stored,))
    assert db.assignees() == read
    db.close()


def test_a_task_marked_done_by_mistake_and_set_back_is_not_new(tmp_path: Path) -> None:
    """trial18: K2 (王五, in progress, responded to) marked 已完成 at one run and set back at the
    next was announced 【新任务】 新分配给您 to the man who had it all along: the record of the
    run between did not list it (done), and it owed its completion. One responded to is in
    its assignee's hands; a task typed in late and never responded to is still announced."""
    b, rec = Book(tmp_path), Recorder()
    clock = FakeClock()
    run_job("daily", b.settings, b.backend(), NOW, notifiers={"outbox": rec}, clock=clock,
            sleep=clock.sleep)  # fmt: skip
    tasks = b.tabs[title("tasks")] = [list(r) for r in b.tabs[title("tasks")]]
    k2 = next(i for i, r in enumerate(tasks) if r[0] == "K2")
    kept = list(tasks[k2])
    tasks[k2][9], tasks[k2][10] = "2026-11-27 09:40", "done"
    b.save()
    remind(b.settings, b.backend(), rec, LATER)
    tasks[k2] = kept
    tasks.append([*NEW_TASK[:6], "2026-11-20 09:30", *NEW_TASK[7:]])  # typed in late: told
    b.save()
    remind(b.settings, b.backend(), rec, LATER + dt.timedelta(hours=1))
    assert [m.key for m in announced(rec)] == ["assigned:K9:P02"]


def test_an_approval_step_is_announced_as_an_approval(tmp_path: Path) -> None:
    """Step 3 of 研发模板 is of kind approval (审核): its announcement says 审批 and 审批人, and
    to fill 完成时间 once decided, as its reminders do; it said 任务 / 执行人 / 完成后
    (review19 left it)."""
    task = ["K9", "PJ1", 3, "审核", "D01", "P02", "2026-11-27 09:30", "", "", "", "todo", "", ""]
    day = Day(tmp_path, task)
    day.run("remind", LATER)
    (m,) = announced(day.rec)
    assert m.subject == "【新任务】李四：审批 K9「3 审核」"
    (text,) = items(m)
    assert text.startswith("审批 K9「3 审核」 · 新品上市（PJ1） · 审批人 李四（研发部） · ")
    assert text.endswith("审批后在 任务进度!J6 填写完成时间")


def test_a_dry_run_says_which_messages_go_as_one_post(
    demo_tabs: dict[str, Any], tmp_path: Path
) -> None:
    """trial24: the dry run listed 8 【新任务】 lines (7 to 丁飞), the run posted 丁飞's as one,
    【新任务】丁飞：7 项, and the outbox had 14 files for 20 messages. Each message of a post of
    several says the post's subject, in the dry run as in the run."""
    s, rec = settings(tmp_path), Recorder()
    backend = MemoryBackend(demo_tabs)
    remind(s, backend, rec, NOW)
    plan = start_project(Settings(), backend, "T01", "会员积分体系开发（试点）",
                         dt.date(2026, 11, 30), None, NOW + dt.timedelta(minutes=20))  # fmt: skip
    assert isinstance(plan, ProjectPlan)
    clock = FakeClock()
    dry = run_job("remind", s, backend, LATER, notifiers={"outbox": rec}, clock=clock,
                  sleep=clock.sleep, dry_run=True)  # fmt: skip
    mine = [d for d in dry.deliveries if d.key.startswith("assigned:")]
    by_person = Counter(d.recipient for d in mine)
    many = [p for p, n in by_person.items() if n > 1]
    assert many  # someone has several tasks of the project
    for d in mine:
        n = by_person[d.recipient]
        name = d.subject.split("：")[0].removeprefix("【新任务】")
        assert d.sent_as == ("" if n == 1 else f"【新任务】{name}：{n} 项")
    real = remind(s, backend, rec, LATER)
    assert sorted((d.key, d.sent_as) for d in real.deliveries if d.key.startswith("assigned:")) \
        == sorted((d.key, d.sent_as) for d in mine)  # fmt: skip
