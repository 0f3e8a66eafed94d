"""A task that has begun without a readable 交接时间 is not timed by the SLA (it is timed from
its hand-off): a warning at that cell says so, instead of the task leaving every reminder and
list unsaid (trial20: T000274, 进行中 and overdue, was in no message once G275 was cleared)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.mutations import apply, put
from tests.support.workbooks import findings_of

UNTIMED = (
    "任务已开始（进行中、受阻或已填写响应时间），但「交接时间」为空或无法识别：本行不计时限，"
    "不会提醒或升级"
)


def untimed(*changes: tuple[int, str, Any]) -> list[tuple[str, str, str, str]]:
    """(cell, rule, message, fix) of the task.untimed findings after ``changes`` to 任务进度
    (data row, column key, value)."""
    _, found = findings_of(apply(*(put("tasks", r, k, v) for r, k, v in changes)))
    return [(f.cell, f.rule, f.message(), f.fix()) for f in found if f.rule == "task.untimed"]


FIX = "填写交接时间（任务交给执行人的时间），如 2026-12-07 09:00"


@pytest.mark.parametrize(
    ("changes", "cells"),
    [
        ([], []),  # K1 done, K2 handed off, K3 待办 without anything: a step still waiting
        ([(2, "handed_off_at", "")], ["G3"]),  # K2 进行中, its 交接时间 cleared
        ([(2, "handed_off_at", "11/26/2026 10:00")], ["G3"]),  # unreadable: an error too
        ([(2, "handed_off_at", ""), (2, "status", "blocked")], ["G3"]),
        ([(2, "handed_off_at", ""), (2, "status", "todo")], ["G3"]),  # its 响应时间 is filled
        ([(2, "handed_off_at", ""), (2, "status", "todo"), (2, "responded_at", "")], []),
        ([(3, "status", "doing")], ["G4"]),  # K3 started, never handed off
        ([(3, "due_at", "2026-12-01 18:00")], []),  # planned: start-project types its due
        ([(1, "handed_off_at", "")], []),  # K1 done: nothing to time
    ],
)
def test_a_started_task_without_a_hand_off_is_said_at_its_cell(
    changes: list[tuple[int, str, Any]], cells: list[str]
) -> None:
    assert untimed(*changes) == [(c, "task.untimed", UNTIMED, FIX) for c in cells]


def test_an_unreadable_hand_off_is_both_errors_at_its_cell() -> None:
    _, found = findings_of(apply(put("tasks", 2, "handed_off_at", "11/26/2026 10:00")))
    assert [(f.cell, f.rule) for f in found if f.cell == "G3"] == [
        ("G3", "date.format"),
        ("G3", "task.untimed"),
    ]
