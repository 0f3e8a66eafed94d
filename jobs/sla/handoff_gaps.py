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
    c = tasks.columns
    project, step, status, handed = c["project_id"], c["step"], c["status"], c["handed_off_at"]
    # the waiting tasks of open template projects whose step waits for others: few; only the
    # tasks of those other steps are looked at (a pass of set lookups at 100,000 tasks)
    unhanded = [i for i, h in enumerate(handed) if h is None]  # C-speed: most are handed on
    waiting = {
        i: earlier for i in unhanded
        if status[i] in (None, "todo") and project[i] in template
        and (earlier := before.get((template[project[i]], step[i])))
    }  # fmt: skip
    wanted = {(project[i], s) for i, earlier in waiting.items() for s in earlier}
    projects_ = {p for p, _ in wanted}
    by_step: dict[tuple[Any, Any], list[int]] = {}
    for k in (k for k, p in enumerate(project) if p in projects_):
        if (project[k], step[k]) in wanted:
            by_step.setdefault((project[k], step[k]), []).append(k)
    ids, done_at = c["task_id"], c["done_at"]
    out = []
    for i, earlier in waiting.items():
        them = [k for s in earlier for k in by_step.get((project[i], s), [])]
        if not them or any(status[k] != "done" or not isinstance(done_at[k], dt.datetime)
                           for k in them):  # fmt: skip
            continue
        last = max(done_at[k] for k in them)
        if now - last < GRACE:
            continue
        out.append(Finding(tasks.title, tasks.cell("handed_off_at", i), _text(last),
                           "task.handoff_missing", {"before": "、".join(str(ids[k])
                                                                      for k in them)}))  # fmt: skip
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
