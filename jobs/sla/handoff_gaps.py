"""Waiting steps whose clock never starts: the tasks of the template steps before a task are
all done, and its 交接时间 is still empty, so the SLA does not time it (no reminder, no
escalation). Said by the runs that compute the SLA (they have ``now``), not by ``validate``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

GRACE = dt.timedelta(days=1)  # a hand-off is recorded within the day it happens

rule(
    "task.handoff_missing",
    "warning",
    ("前置步骤的任务（{before}）已于 {value} 完成，本任务的「交接时间」仍为空：它尚未计时，"
     "不会提醒，超时也不会升级",
     "填写交接时间（通常是前置任务的完成时间 {value}），本任务即开始计时"),
    ("the tasks of the steps before it ({before}) were done by {value}, and this task's "
     "handed_off_at is still empty: it is not timed, not reminded, never escalated",
     "enter its hand-off time (usually {value}, when the earlier tasks were done); its clock "
     "starts then"),
)  # fmt: skip


def _text(v: dt.datetime) -> str:
    return f"{v:%Y-%m-%d}" if v.time() == dt.time() else f"{v:%Y-%m-%d %H:%M}"


def handoffs_missing(wb: Workbook, now: dt.datetime) -> list[Finding]:
    """A waiting task of a template project whose earlier steps' tasks were all done a day or
    more before ``now`` while its 交接时间 is empty (trial38: after step 1 of PJ0031 was done,
    T000388 was in no list, its due long past, and nobody was told): start-project leaves it
    empty until the hand-off, which a department records within the day."""
    tasks, projects, templates = wb["tasks"], wb["projects"], wb["templates"]
    if "handed_off_at" not in tasks.positions:
        return []
    template = {
        p: t
        for p, t, s in zip(
            projects.column("project_id"),
            projects.column("template_id"),
            projects.column("status"),
            strict=True,
        )
        if s not in ("done", "cancelled")
    }  # a closed project's steps wait for nothing
    before = {(r["template_id"], r["step"]): _steps(r.get("depends_on"))
              for r in templates.records()}  # fmt: skip
    keys = ("project_id", "step", "task_id", "status", "done_at", "handed_off_at")
    rows = list(zip(*(tasks.column(k) for k in keys), strict=True))
    by_step: dict[tuple[Any, Any], list[tuple[Any, Any, Any]]] = {}
    for project, step, task, status, done, _ in rows:
        by_step.setdefault((project, step), []).append((task, status, done))
    out = []
    for i, (project, step, _, status, _, handed) in enumerate(rows):
        earlier = before.get((template.get(project), step)) or []
        if status not in (None, "todo") or handed is not None or not earlier:
            continue
        them = [t for s in earlier for t in by_step.get((project, s), [])]
        if not them or any(st != "done" or not isinstance(d, dt.datetime) for _, st, d in them):
            continue
        last = max(d for _, _, d in them)
        if now - last < GRACE:
            continue
        out.append(Finding(tasks.title, tasks.cell("handed_off_at", i), _text(last),
                           "task.handoff_missing", {"before": "、".join(str(t) for t, _, _ in
                                                                      them)}))  # fmt: skip
    return out


def _steps(value: Any) -> list[int]:
    """The step numbers of a 前置步骤 cell; a strange one (⓵, 第二步) is left out: the
    template's own rule says it."""
    out = []
    for d in value or ():
        text = str(d).strip()
        if isinstance(d, int) or (text.isdecimal() and len(text) < 10):
            out.append(int(d))
    return out
