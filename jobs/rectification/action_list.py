"""The 整改清单 (rectification list): the actions of every retrospective across projects, with
owner, due and status, overdue first. Read from the 复盘 tab; ``now`` is passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sheets_sync.workbook import Workbook

Status = Literal["overdue", "open", "no_due", "no_action", "done"]
ORDER: dict[str, int] = {"overdue": 0, "open": 1, "no_due": 2, "no_action": 3, "done": 4}
STATUS_TEXT = {
    "zh-CN": {"overdue": "已逾期", "open": "进行中", "no_due": "未设期限", "no_action": "待定措施",
              "done": "已完成"},
    "en": {"overdue": "overdue", "open": "open", "no_due": "no deadline",
           "no_action": "no action", "done": "done"},
}  # fmt: skip


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
    overdue_h: float  # hours past due (0 unless overdue)


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


def action_list(wb: Workbook, now: dt.datetime, include_done: bool = False) -> list[ActionItem]:
    """Open actions (and findings still without one), overdue first and longest overdue
    first, then by due; done ones too with ``include_done``, last."""
    people = wb["people"]
    name = dict(zip(people.column("person_id"), people.column("name"), strict=True))
    dept = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    projects = wb["projects"]
    title = dict(zip(projects.column("project_id"), projects.column("name"), strict=True))
    t = wb["retrospectives"]
    items = []
    for i, r in enumerate(t.records()):
        due = r["action_due"]
        due = dt.datetime.combine(due, dt.time(18)) if type(due) is dt.date else due
        status = _status(r["action"] or "", due, r["action_done_at"], now)
        if status == "done" and not include_done:
            continue
        owner = r["action_owner"] or ""
        late = (now - due).total_seconds() / 3600 if status == "overdue" and due else 0.0
        items.append(
            ActionItem(
                r["retro_id"], f"{t.title}!{t.cell('action', i)}", r["project_id"],
                title.get(r["project_id"], ""), r["finding"] or "", r["action"] or "", owner,
                name.get(owner, ""), dept.get(owner, ""), due, r["action_done_at"], status,
                round(late, 1),
            )
        )  # fmt: skip
    far = dt.datetime.max
    return sorted(items, key=lambda a: (ORDER[a.status], -a.overdue_h, a.due or far, a.retro_id))
