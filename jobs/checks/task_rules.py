"""A task's row against what the SLA and the reminders make of it: a due time before the
hand-off (late from its first minute, at management within the hour), an assignee of another
department than the task's (its escalations go to the task's department), and a 完成时间 on a
task not done (counted as done: reopened, it would go unreminded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jobs.sla.obligations import typed_due
from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "task.due_before_handoff",
    "warning",
    ("截止时间 {value} 早于交接时间 {handed}：任务交接时已超时，会立即按超时提醒并逐级升级",
     "核对截止时间；若是前序步骤延误所致，与负责部门商定新的截止时间后改正"),
    ("due {value} is before the hand-off {handed}: the task is overdue from the start, and is "
     "reminded and escalated as such at once",
     "check the due time; if an earlier step's delay caused it, agree a new one with the "
     "department and correct it"),
)  # fmt: skip
rule(
    "task.assignee_elsewhere",
    "warning",
    ("执行人 {value}（{name}）属于 {theirs}，任务的部门是 {dept}：超时升级发给 {dept} 的负责人，"
     "执行人所在部门不会收到",
     "若任务归 {theirs}，把部门编号改为 {theirs_id}；否则改派给 {dept} 的人"),
    ("assignee {value} ({name}) is in {theirs_en}, the task in {dept_en}: its escalations go to "
     "{dept_en}'s head, not the assignee's", "if the task is {theirs_en}'s, set its dept_id to "
     "{theirs_id}; else assign it to someone in {dept_en}"),
)  # fmt: skip

rule(
    "task.done_time_open",
    "warning",
    ("填写了完成时间 {value}，状态却是「{status}」：按已完成计算，不再提醒或升级",
     "任务已完成就把状态改为已完成；若重新打开，删除完成时间"),
    ("done_at {value} is filled but the status is '{status}': counted as done, no reminder or "
     "escalation goes", "if it is done, set the status to done; if it was reopened, delete "
     "done_at"),
)  # fmt: skip


def _text(v: dt.datetime) -> str:
    return f"{v:%Y-%m-%d}" if v.time() == dt.time() else f"{v:%Y-%m-%d %H:%M}"


def check_tasks(wb: Workbook) -> list[Finding]:
    """Open tasks only: a done one's times are history, its routing moot (trial29: T000340
    handed off after its due went to management as 已严重超时 within the hour, unsaid;
    T000249 of 销售部 assigned to 客服部's 宋涛璐 escalated to 销售部's head, unsaid)."""
    tasks, people, depts = wb["tasks"], wb["people"], wb["departments"]
    where = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    names = dict(zip(people.column("person_id"), people.column("name"), strict=True))
    dept_names = dict(zip(depts.column("dept_id"), depts.column("name"), strict=True))

    def dept(d: Any, en: str = "") -> str:  # 客服部（D03）, en 客服部 (D03)
        return f"{dept_names.get(d) or d} ({d})" if en else f"{dept_names.get(d) or d}（{d}）"

    out = []
    keys = ("status", "handed_off_at", "due_at", "dept_id", "assignee", "done_at", "project_id")
    projects = wb["projects"]
    cancelled = {p for p, s in zip(projects.column("project_id"), projects.column("status"),
                                   strict=True) if s == "cancelled"}  # fmt: skip
    labels = dict(getattr(tasks.schema.column("status"), "choices", None) or ())
    for i, (status, handed, due, dept_id, assignee, done, project) in enumerate(
        zip(*(tasks.column(k) if k in tasks.columns else [None] * len(tasks) for k in keys),
            strict=True)
    ):  # fmt: skip
        if status == "done":
            continue
        # untimed (not handed off, a cancelled project's): "counted as done" is not said
        timed = isinstance(handed, dt.datetime) and project not in cancelled
        if isinstance(done, dt.datetime) and status != "done" and timed:  # trial30: T000355
            said = {"status": labels.get(status, status) if status else "—"}  # blank: too
            out.append(Finding(tasks.title, tasks.cell("done_at", i), _text(done),
                               "task.done_time_open", said))  # fmt: skip
        # a due date alone (or 00:00) is by the end of that day, as the SLA reads it
        end = typed_due(due)
        if isinstance(handed, dt.datetime) and isinstance(end, dt.datetime) and end < handed:
            out.append(Finding(tasks.title, tasks.cell("due_at", i), _text(due),
                               "task.due_before_handoff", {"handed": _text(handed)}))  # fmt: skip
        theirs = where.get(assignee)
        if dept_id and theirs and theirs != dept_id:
            params = {"name": names.get(assignee) or assignee, "theirs": dept(theirs),
                      "theirs_id": theirs, "dept": dept(dept_id), "theirs_en": dept(theirs, "en"),
                      "dept_en": dept(dept_id, "en")}  # fmt: skip
            out.append(Finding(tasks.title, tasks.cell("assignee", i), assignee,
                               "task.assignee_elsewhere", params))  # fmt: skip
    return out
