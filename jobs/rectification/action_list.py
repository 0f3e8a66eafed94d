"""The 整改清单 (rectification list): the actions of every retrospective across projects, with
owner, due and status, overdue first. Read from the 复盘 tab; ``now`` is passed in.

Whether an action is overdue, and by how much, is its ``action`` obligation's SLA
(``jobs.sla.status.sla_of``: working hours on the SLA clock past the due time, as ``sla`` and
``remind`` say it); an action the SLA does not time falls back to its due time on the wall clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from config.phrases import Phrases
from config.settings import SlaSettings
from jobs.sla.obligations import typed_due
from jobs.sla.status import sla_of
from sheets_sync.workbook import Workbook

Status = Literal["overdue", "open", "no_due", "no_action", "done"]
ORDER: dict[str, int] = {"overdue": 0, "open": 1, "no_due": 2, "no_action": 3, "done": 4}
STATUS_TEXT = Phrases.from_locales("jobs/rectification/action_list.py", {
    "zh-CN": {"overdue": "已超时", "open": "未到期", "no_due": "未设期限", "no_action": "待定措施",
              "done": "已完成"},
    "en": {"overdue": "overdue", "open": "not yet due", "no_due": "no deadline",
           "no_action": "no action", "done": "done"},
})  # fmt: skip


@dataclass(frozen=True)
class ActionItem:
    """One line of the list: the retrospective row, its action and where it stands."""

    retro_id: str
    cell: str  # the action's cell, e.g. 复盘!H5
    project_id: str
    project: str
    finding: str
    action: str
    owner: str  # person_id ("" when none)
    owner_name: str
    dept_id: str
    due: dt.datetime | None
    done_at: dt.datetime | None
    status: Status
    overdue_h: float  # hours past due on ``clock`` (0 unless overdue)
    clock: str = "calendar"  # "business" (working hours, the SLA's) or "calendar"


def _status(
    action: str, due: dt.datetime | None, done: dt.datetime | None, now: dt.datetime
) -> Status:
    if done is not None:
        return "done"
    if not action:
        return "no_action"
    if due is None:
        return "no_due"
    return "overdue" if due < now else "open"


def _timed(result: pd.DataFrame) -> dict[str, tuple[bool, float, str, dt.datetime | None]]:
    """retro_id -> (breached, working hours past due, clock, due) of each timed action
    obligation (its due: the typed 整改期限, else the rule's, 24 h after the retrospective)."""
    if result.empty:
        return {}
    rows = result[result["kind"] == "action"]
    return {
        str(ref): (status == "breached", round(max(-float(left), 0.0), 1), str(clock),
                   due.to_pydatetime() if pd.notna(due) else None)
        for ref, status, left, clock, due in zip(
            rows["ref"], rows["status"], rows["remaining_h"], rows["clock"], rows["due_at"],
            strict=True,
        )
    }  # fmt: skip


def action_list(
    wb: Workbook,
    now: dt.datetime,
    include_done: bool = False,
    sla: SlaSettings | None = None,
    result: pd.DataFrame | None = None,
) -> list[ActionItem]:
    """Open actions (and findings still without one), overdue first and longest overdue
    first, then by due; done ones too with ``include_done``, last. ``result``: the SLA at
    ``now`` (``sla_of``), computed with the rules ``sla`` (the defaults when None) if not given."""
    if result is None:
        result = sla_of(wb, sla if sla is not None else SlaSettings(), now).result
    timed = _timed(result)
    people = wb["people"]
    name = dict(zip(people.column("person_id"), people.column("name"), strict=True))
    dept = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    projects = wb["projects"]
    title = dict(zip(projects.column("project_id"), projects.column("name"), strict=True))
    t = wb["retrospectives"]
    items = []
    for i, r in enumerate(t.records()):
        due = typed_due(r["action_due"])  # a date alone: by the end of that day, as the SLA
        status = _status(r["action"] or "", due, r["action_done_at"], now)
        if status == "done" and not include_done:
            continue
        owner = r["action_owner"] or ""
        late = (now - due).total_seconds() / 3600 if status == "overdue" and due else 0.0
        clock = "calendar"
        if status in ("overdue", "open", "no_due") and str(r["retro_id"]) in timed:
            # as the SLA times it: without 整改期限, by the rule's (trial16: R0031 was 未设期限
            # here and in the weekly pack, overdue in _sla, the reminders and the escalations)
            breached, hours, clock, sla_due = timed[str(r["retro_id"])]
            status, late = ("overdue", hours) if breached else ("open", 0.0)
            due = due or sla_due
        items.append(
            ActionItem(
                r["retro_id"], f"{t.title}!{t.cell('action', i)}", r["project_id"],
                title.get(r["project_id"], ""), r["finding"] or "", r["action"] or "", owner,
                name.get(owner, ""), dept.get(owner, ""), due, r["action_done_at"], status,
                round(late, 1), clock,
            )
        )  # fmt: skip
    far = dt.datetime.max
    return sorted(items, key=lambda a: (ORDER[a.status], -a.overdue_h, a.due or far, a.retro_id))
