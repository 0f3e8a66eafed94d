"""Row consistency: times in order, statuses that match their dates, well-formed quarters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jobs.kpis.quarters import parse_quarter
from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "time.order",
    "error",
    (
        "「{label}」{value} 早于「{before_label}」{before}",
        "检查这两个时间，后发生的不能早于先发生的",
    ),
    (
        "'{key}' {value} is before '{before_key}' {before}",
        "check both times: the later event cannot come first",
    ),
)
rule(
    "task.done_without_time",
    "warning",
    ("任务状态为已完成，但没有填写完成时间", "填写完成时间，SLA 和指标才能计算"),
    ("the task is done but has no done_at", "enter done_at so SLA and KPIs can count it"),
)
rule(
    "task.untimed",
    "warning",
    ("任务已开始（进行中、受阻或已填写响应时间），但「交接时间」为空或无法识别：本行不计时限，"
     "不会提醒或升级", "填写交接时间（任务交给执行人的时间），如 2026-12-07 09:00"),
    ("the task has started (doing, blocked or responded to) but its handed_off_at is empty or "
     "unreadable: it is not timed, and no reminder or escalation goes",
     "enter handed_off_at (when the task was handed to its assignee), e.g. 2026-12-07 09:00"),
)  # fmt: skip
rule(
    "task.unknown_step",
    "warning",
    ("步骤 {value} 不在项目所用模板「{template}」中", "改成模板中的步骤序号"),
    (
        "step {value} is not a step of the project's template '{template}'",
        "use a step number of the template",
    ),
)
rule(
    "survey.quarter",
    "error",
    ("季度「{value}」格式不对", "写成 2026Q4、2026-Q4、2026年第4季度 或 2026年四季度"),
    (
        "quarter '{value}' is not in the form 2026Q4",
        "write the quarter as 2026Q4, 2026-Q4, 2026年第4季度 or 2026年四季度",
    ),
)
rule(
    "person.email",
    "warning",
    ("邮箱「{value}」格式不对，邮件提醒发不出去", "改成 name@example.com 这样的地址"),
    (
        "'{value}' is not an email address; email reminders cannot reach this person",
        "enter an address like name@example.com",
    ),
)
rule(
    "task.before_project",
    "warning",
    (
        "项目 {project} 的第一次交接 {value} 早于项目的创建时间 {created}（{where}），不是同一天",
        "核对这两个时间（项目是补登记的，就把创建时间改为实际开始的日期）；改正之前，"
        "新项目启动周期不计这个项目",
    ),
    (
        "project {project}'s first hand-off {value} is on a day before the project was created, "
        "{created} ({where})",
        "check both times (for a project entered late, set created_at to when it really "
        "started); until then the start-up time KPI leaves this project out",
    ),
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PLAIN = (dt.date, dt.datetime)  # exactly these types: a subclass may compare otherwise

# tab -> pairs (earlier, later) that must be in order
ORDER = {
    "projects": (("start_date", "target_date"), ("created_at", "closed_at")),
    "tasks": (("handed_off_at", "responded_at"), ("handed_off_at", "done_at")),
    "disputes": (("raised_at", "decided_at"),),
    "retrospectives": (("held_on", "action_done_at"),),
}


def _comparable(x: object) -> object:
    # a date compares with a datetime as its midnight
    if isinstance(x, dt.date) and not isinstance(x, dt.datetime):
        return dt.datetime(x.year, x.month, x.day)
    return x


def _before(b: object, a: object) -> bool:
    """``b`` earlier than ``a``; two values of the same plain type compare as they are."""
    if type(a) is type(b) and type(a) in _PLAIN:
        return b < a  # type: ignore[operator,no-any-return]
    return _comparable(b) < _comparable(a)  # type: ignore[operator,no-any-return]


def day(x: dt.date) -> dt.date:
    """The day of a date or a moment: a project started before it was created only when its
    first hand-off is on an earlier day (a time typed or not that day is no error)."""
    return x.date() if isinstance(x, dt.datetime) else x


def started_before_created(wb: Workbook) -> list[Finding]:
    """A warning per project whose first task hand-off is on a day before its 创建时间
    (trial11: a start-up time of -8 days counted in the KPI, unsaid)."""
    projects, tasks = wb["projects"], wb["tasks"]
    created: dict[Any, tuple[Any, int]] = {}
    for j, (p, c) in enumerate(
        zip(projects.column("project_id"), projects.column("created_at"), strict=True)
    ):
        if p is not None and isinstance(c, dt.date):
            created.setdefault(p, (c, j))
    first: dict[Any, tuple[Any, int]] = {}
    for i, (p, t) in enumerate(
        zip(tasks.column("project_id"), tasks.column("handed_off_at"), strict=True)
    ):
        if isinstance(t, dt.date) and p in created and (p not in first or _before(t, first[p][0])):
            first[p] = (t, i)
    out = []
    for p, (t, i) in first.items():
        c, j = created[p]
        if day(t) < day(c):
            where = f"{projects.title}!{projects.cell('created_at', j)}"
            params = {"project": p, "created": c, "where": where}
            out.append(
                Finding(
                    tasks.title, tasks.cell("handed_off_at", i), t, "task.before_project", params
                )
            )
    return out


def untimed(wb: Workbook) -> list[Finding]:
    """A warning per open task that has begun (进行中 or 受阻, or a 响应时间 typed) without a
    readable 交接时间: the SLA times a task from its hand-off, so it had no reminder and no
    escalation, unsaid (trial20: T000274, overdue, left every list). A later step still
    waiting for the earlier ones (待办, its planned 截止时间 typed by start-project) is not
    timed yet, rightly."""
    tasks, projects = wb["tasks"], wb["projects"]
    if "handed_off_at" not in tasks.positions:
        return []
    cancelled = {
        p for p, s in zip(projects.column("project_id"), projects.column("status"), strict=True)
        if s == "cancelled"
    }  # fmt: skip
    keys = ("handed_off_at", "status", "responded_at", "project_id")
    return [
        Finding(tasks.title, tasks.cell("handed_off_at", i), handed, "task.untimed")
        for i, (handed, status, responded, project) in enumerate(
            zip(*(tasks.column(k) for k in keys), strict=True)
        )
        if handed is None and status != "done" and project not in cancelled
        and (status in ("doing", "blocked") or responded is not None)
    ]  # fmt: skip


def check_consistency(wb: Workbook) -> list[Finding]:
    findings: list[Finding] = started_before_created(wb) + untimed(wb)
    for tab, pairs in ORDER.items():
        t = wb[tab]
        for early, late in pairs:
            both = zip(t.column(early), t.column(late), strict=True)
            # two values of one plain type (nearly all) compare here, the others in ``_before``
            rows = [
                i for i, (a, b) in enumerate(both)
                if a is not None and b is not None
                and (b < a if type(a) is type(b) and type(a) in _PLAIN else _before(b, a))
            ]  # fmt: skip
            for i in rows:
                a, b = t.column(early)[i], t.column(late)[i]
                ce, cl = t.schema.column(early), t.schema.column(late)
                findings.append(
                    Finding(
                        t.title,
                        t.cell(late, i),
                        b,
                        "time.order",
                        {
                            "key": late,
                            "label": cl.label,
                            "before_key": early,
                            "before_label": ce.label,
                            "before": a,
                        },
                    )
                )

    tasks = wb["tasks"]
    template_of = dict(
        zip(wb["projects"].column("project_id"), wb["projects"].column("template_id"), strict=True)
    )
    steps: dict[str, set[int]] = {}
    for tid, step in zip(
        wb["templates"].column("template_id"), wb["templates"].column("step"), strict=True
    ):
        steps.setdefault(tid, set()).add(step)
    for r in wb["templates"].skipped:  # a step left out for another error still exists
        steps.setdefault(r["template_id"], set()).add(r["step"])
    check_steps = "step" in wb["templates"].positions and "step" in tasks.positions
    columns = (tasks.column(k) for k in ("status", "done_at", "project_id", "step"))
    said: set[str] | None = None  # cells parsing reported (an unreadable 完成时间 is filled)
    for i, (status, done_at, project_id, step) in enumerate(zip(*columns, strict=True)):
        if status == "done" and done_at is None:
            if said is None:
                said = {f.cell for f in wb.findings if f.tab == tasks.title}
            cell = tasks.cell("done_at", i)
            if cell not in said:  # trial15: 「12月2日」 was not a date and also "not filled"
                findings.append(Finding(tasks.title, cell, None, "task.done_without_time"))
        template = template_of.get(project_id)
        if check_steps and template in steps and step not in steps[template]:
            findings.append(
                Finding(
                    tasks.title,
                    tasks.cell("step", i),
                    step,
                    "task.unknown_step",
                    {"template": template},
                )
            )

    survey = wb["survey"]
    for i, q in enumerate(survey.column("quarter")):
        if q is not None and parse_quarter(q) is None:  # the KPIs' own parser
            findings.append(Finding(survey.title, survey.cell("quarter", i), q, "survey.quarter"))
    people = wb["people"]
    for i, email in enumerate(people.column("email")):
        if email is not None and not _EMAIL.match(email):
            findings.append(Finding(people.title, people.cell("email", i), email, "person.email"))
    return findings
