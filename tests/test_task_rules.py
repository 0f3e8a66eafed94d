"""A task's row against what the SLA and the reminders make of it (trial29): a due time before
its hand-off, and an assignee of another department than the task's, each a warning at its
cell saying what the run will do; a done task is history, not checked."""

from __future__ import annotations

from typing import Any

import pytest

from config.settings import Settings
from jobs.checks.task_rules import check_tasks
from jobs.checks.validation import validate
from sheets_sync.workbook import parse_workbook
from tests.support.mutations import put
from tests.support.reminders import raw

# K2: 销售部 (D02), 王五 (P03), handed off 2026-11-03 17:00, due 2026-11-08 17:00, doing


def findings(*mutations: Any) -> list[tuple[str, str, str]]:
    wb = parse_workbook(raw(*mutations), Settings())
    return [(f.cell, f.rule, f"{f.message()} — {f.fix()}") for f in check_tasks(wb)]


LATE = (
    "任务交接时已超时，会立即按超时提醒并逐级升级 — "
    "核对截止时间；若是前序步骤延误所致，与负责部门商定新的截止时间后改正"
)
ELSEWHERE = (
    "执行人 P05（孙七）属于 客服部（D03），任务的部门是 销售部（D02）："
    "超时升级发给 销售部（D02） 的负责人，执行人所在部门不会收到 — "
    "若任务归 客服部（D03），把部门编号改为 D03；否则改派给 销售部（D02） 的人"
)
AT_NOON = "截止时间 2026-11-03 12:00 早于交接时间 2026-11-03 17:00："
DAY_BEFORE = "截止时间 2026-11-02 早于交接时间 2026-11-03 17:00："


@pytest.mark.parametrize(
    ("mutations", "expected"),
    [
        ([], []),
        ([put("tasks", 2, "due_at", "2026-11-03 12:00")],
         [("I3", "task.due_before_handoff", AT_NOON + LATE)]),
        # a date alone is by the end of that day: handed off that afternoon is in time
        ([put("tasks", 2, "due_at", "2026-11-03")], []),
        ([put("tasks", 2, "due_at", "2026-11-02")],
         [("I3", "task.due_before_handoff", DAY_BEFORE + LATE)]),
        ([put("tasks", 2, "assignee", "P05")], [("F3", "task.assignee_elsewhere", ELSEWHERE)]),
        # done: history
        ([put("tasks", 1, "assignee", "P05"), put("tasks", 1, "due_at", "2026-11-01 09:00")], []),
    ],
)  # fmt: skip
def test_a_task_the_run_would_misroute_or_call_late_at_once_is_a_warning(
    mutations: list[Any], expected: list[tuple[str, str, str]]
) -> None:
    assert findings(*mutations) == expected


def test_validate_runs_the_task_rules() -> None:
    wb = parse_workbook(raw(put("tasks", 2, "assignee", "P05")), Settings())
    assert [(f.cell, f.severity) for f in validate(wb) if f.rule == "task.assignee_elsewhere"] == [
        ("F3", "warning")
    ]


def test_the_english_lines_use_ascii_parentheses() -> None:
    """review31: the English line said 客服部（D03）'s head."""
    wb = parse_workbook(raw(put("tasks", 2, "assignee", "P05")), Settings())
    (f,) = check_tasks(wb)
    assert f.message("en") == (
        "assignee P05 (孙七) is in 客服部 (D03), the task in 销售部 (D02): its escalations go to "
        "销售部 (D02)'s head, not the assignee's"
    )


@pytest.mark.parametrize("status", ["doing", "进行中", "blocked"])
def test_a_done_time_on_a_task_not_done_is_a_warning(status: str) -> None:
    """trial30: T000355 set back to 进行中 with its 完成时间 kept: counted as done and on time,
    no reminder, and no finding."""
    got = findings(
        put("tasks", 2, "done_at", "2026-11-05 10:00"), put("tasks", 2, "status", status)
    )
    label = "受阻" if status == "blocked" else "进行中"
    text = (f"填写了完成时间 2026-11-05 10:00，状态却是「{label}」：按已完成计算，不再提醒"
            "或升级 — 任务已完成就把状态改为已完成；若重新打开，删除完成时间")  # fmt: skip
    assert got == [("J3", "task.done_time_open", text)]


def test_a_done_time_on_an_untimed_task_is_not_said_counted_as_done() -> None:
    """review32: a task not handed off yet, or of a cancelled project, is not timed at all."""
    assert findings(put("tasks", 3, "done_at", "2026-11-05 10:00")) == []  # K3: no hand-off
    cancelled = put("projects", 1, "status", "cancelled")
    assert findings(put("tasks", 2, "done_at", "2026-11-05 10:00"), cancelled) == []


def test_a_done_time_with_a_blank_status_is_a_warning_too() -> None:
    """review33: a blank status was passed over, yet the SLA ends the task at its 完成时间."""
    got = findings(put("tasks", 2, "done_at", "2026-11-05 10:00"), put("tasks", 2, "status", ""))
    assert [(c, r) for c, r, _ in got] == [("J3", "task.done_time_open")]
    assert "状态却是「—」" in got[0][2]
