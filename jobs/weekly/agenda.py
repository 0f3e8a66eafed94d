"""The week's item lists, each row with its owner and its cell: breached and escalated
obligations, disputes awaiting a decision, retrospective actions due or overdue, cases that
recurred this quarter, and the survey's latest quarter per department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from jobs.cases.recurrence import CaseStats, quarter_of
from jobs.kpis.quarters import parse_quarter
from jobs.rectification.action_list import ActionItem, action_list
from jobs.reminders.said import hours  # half up, as the messages say it (review31)
from sheets_sync.workbook import Workbook

AHEAD = dt.timedelta(days=7)  # an action due within the coming week is on the list


TASK_KINDS = ("response", "completion", "approval")  # one task's obligations: one line


@dataclass(frozen=True)
class Overdue:
    """A breached obligation, or a task's breached obligations on one line (escalated when
    its level is 2 or more); the level, lateness, due time and cell are the latest one's."""

    kinds: tuple[str, ...]  # ("response", "completion"): T000268 late to respond and finish
    ref: str
    project_id: str
    dept_id: str
    owner: str  # person_id
    due: dt.datetime | None
    over_h: float  # hours past due on its clock
    level: int
    cell: str  # 任务进度!J277
    breached: bool = True  # False: escalated before its due (a major dispute at once)
    clock: str = "business"  # over_h's hours: working (business) or wall-clock (calendar)
    typed: str = ""  # a 截止时间 typed and not read (下周三): ``due`` is the limit's


@dataclass(frozen=True)
class Dispute:
    """A dispute not decided yet: its text, the departments, and how long it has been open."""

    dispute_id: str
    raised_at: dt.datetime | None
    raised_by: str
    departments: tuple[str, ...]
    scenario: str
    activity: str
    description: str
    severity: str
    status: str
    open_days: int | None
    cell: str


@dataclass(frozen=True)
class SurveyLine:
    """One department's answers in the latest quarter with answers."""

    dept_id: str
    answers: int
    people: int  # active people of the department: how many could answer
    mean_overall: float | None


@dataclass(frozen=True)
class LeftOut:
    """A row of a tab the packs draw from, left out for an error (validate says which): the
    packs name it, or its items would vanish from them unsaid (trial26)."""

    tab: str  # its key: tasks
    title: str  # 任务进度
    row: int
    depts: tuple[str, ...]  # its departments as typed (none: every pack names it)


@dataclass(frozen=True)
class Items:
    overdue: tuple[Overdue, ...]
    disputes: tuple[Dispute, ...]
    actions: tuple[ActionItem, ...]
    cases: tuple[CaseStats, ...]
    quarter: str  # the quarter of ``cases`` (now's)
    survey_quarter: str  # the latest quarter with answers ("" when none)
    survey: tuple[SurveyLine, ...]
    left: tuple[LeftOut, ...] = ()


def _text(v: object) -> str:
    return "" if v is None else str(v)


def _blank(v: Any) -> str:
    """A frame's cell as text ("" for None and NaN)."""
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def overdue(result: pd.DataFrame) -> list[Overdue]:
    """Breached obligations and those escalated before their due (a major or escalated dispute
    at management at once: trial13, DS0014 at level 3 was missing from the pack while the SLA
    page listed it), one line per task (its response and completion named together: a
    meeting counts tasks), highest level first, then longest past due."""
    listed = (result["status"] == "breached") | (result["level"] >= 1)
    rows: list[dict[Any, Any]] = result[listed].to_dict("records")
    worst: dict[tuple[str, str], Overdue] = {}
    kinds: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        due = r["due_at"].to_pydatetime() if pd.notna(r["due_at"]) else None
        dept = r["dept_id"]
        dept = dept if isinstance(dept, str) else "、".join(map(str, dept or ()))
        kind = str(r["kind"])
        o = Overdue(
            (kind,), str(r["ref"]), _blank(r["project_id"]), dept,
            _blank(r["person_id"]), due, float(hours(max(-float(r["remaining_h"]), 0.0))),
            int(r["level"]), f"{r['tab']}!{r['cell']}", r["status"] == "breached",
            str(r.get("clock") or "business"), _blank(r.get("due_typed")),
        )  # fmt: skip
        key = ("task" if kind in TASK_KINDS else kind, o.ref)
        kinds.setdefault(key, []).append(kind)
        if key not in worst or (o.level, o.over_h) > (worst[key].level, worst[key].over_h):
            worst[key] = o
    order = {k: i for i, k in enumerate(TASK_KINDS)}  # response before completion
    out = [replace(o, kinds=tuple(sorted(kinds[k], key=lambda x: order.get(x, 0))))
           for k, o in worst.items()]  # fmt: skip
    return sorted(out, key=lambda o: (-o.level, -o.over_h, o.ref))


def disputes(wb: Workbook, now: dt.datetime) -> list[Dispute]:
    """Disputes whose status is not decided, oldest first."""
    t = wb["disputes"]
    out = []
    for i, r in enumerate(t.records()):
        if r["status"] == "decided" or not r["dispute_id"]:
            continue
        raised = r["raised_at"]
        days = (now - raised).days if isinstance(raised, dt.datetime) else None
        out.append(Dispute(
            str(r["dispute_id"]), raised, _text(r["raised_by"]), tuple(r["departments"] or ()),
            _text(r["scenario"]), _text(r["activity"]), _text(r["description"]),
            _text(r["severity"]), _text(r["status"]), days,
            f"{t.title}!{t.cell('dispute_id', i)}",
        ))  # fmt: skip
    far = dt.datetime.max
    return sorted(out, key=lambda d: (d.raised_at or far, d.dispute_id))


def actions(wb: Workbook, now: dt.datetime, result: pd.DataFrame | None = None) -> list[ActionItem]:
    """Open actions overdue or due within the coming week (the 整改清单's order; ``result``:
    the SLA at ``now``, which says which actions are overdue)."""
    return [
        a for a in action_list(wb, now, result=result)
        if a.status == "overdue" or (a.status == "open" and a.due is not None
                                     and a.due <= now + AHEAD)
    ]  # fmt: skip


def recurring(stats: Sequence[CaseStats], now: dt.datetime) -> list[CaseStats]:
    """Cases with a recurrence in the current quarter, most first."""
    q = quarter_of(now.date())
    hot = [s for s in stats if s.by_quarter.get(q, 0) > 0]
    return sorted(hot, key=lambda s: (-s.by_quarter[q], s.case_id))


def survey(wb: Workbook) -> tuple[str, list[SurveyLine]]:
    """The latest quarter with answers and, per active department, its answers, the people who
    could answer and the mean 总体满意度 (1-5)."""
    t = wb["survey"]
    quarters = {q for v in set(t.column("quarter")) if (q := parse_quarter(v)) is not None}
    if not quarters:
        return "", []
    latest = max(quarters)
    counts: dict[str, int] = {}
    scores: dict[str, list[float]] = {}
    for q, dept, overall in zip(t.column("quarter"), t.column("dept_id"), t.column("overall"),
                                strict=True):  # fmt: skip
        if parse_quarter(q) == latest and dept:
            counts[str(dept)] = counts.get(str(dept), 0) + 1
            if isinstance(overall, int | float) and not isinstance(overall, bool):
                scores.setdefault(str(dept), []).append(float(overall))
    people: dict[str, int] = {}
    for dept, active in zip(wb["people"].column("dept_id"), wb["people"].column("active"),
                            strict=True):  # fmt: skip
        if dept and active is not False:
            people[str(dept)] = people.get(str(dept), 0) + 1
    out = []
    for d in wb["departments"].records():
        dept_id = str(d["dept_id"] or "")
        if not dept_id or d["active"] is False:
            continue
        got = scores.get(dept_id, [])
        mean = round(sum(got) / len(got), 2) if got else None
        out.append(SurveyLine(dept_id, counts.get(dept_id, 0), people.get(dept_id, 0), mean))
    return str(latest), out


# the tabs the packs draw from, and the columns naming a row's departments
DEPT_COLUMNS = {"tasks": ("dept_id",), "disputes": ("departments", "decided_dept"),
                "retrospectives": (), "projects": ("initiator_dept",),
                "cases": ("departments",), "survey": ("dept_id",)}  # fmt: skip


def left_out(wb: Workbook) -> list[LeftOut]:
    """The rows of the packs' tabs left out for an error, in tab and sheet order (a tab not
    read at all is said as such, not row by row)."""
    out = []
    p = wb["projects"]  # a 复盘 row's department: its project's (review31: every pack's)
    by_project = dict(zip(p.column("project_id"), p.column("initiator_dept"), strict=True))
    for key, columns in DEPT_COLUMNS.items():
        t = wb.tables.get(key)
        if t is None or t.unusable:
            continue
        for row, record in zip(t.skipped_rows, t.skipped, strict=True):
            depts: list[str] = []
            for v in (record.get(c) for c in columns):
                depts += map(str, v) if isinstance(v, list | tuple) else [str(v)] if v else []
            if key == "retrospectives" and by_project.get(record.get("project_id")):
                depts.append(str(by_project[record.get("project_id")]))
            out.append(LeftOut(key, t.title, row, tuple(depts)))
    return out


def items(
    wb: Workbook, result: pd.DataFrame, stats: Sequence[CaseStats], now: dt.datetime
) -> Items:
    """Every list of the week, for the whole company (a department's pack filters them)."""
    q, lines = survey(wb)
    return Items(
        tuple(overdue(result)), tuple(disputes(wb, now)), tuple(actions(wb, now, result)),
        tuple(recurring(stats, now)), str(quarter_of(now.date())), q, tuple(lines),
        tuple(left_out(wb)),
    )  # fmt: skip
