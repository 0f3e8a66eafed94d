"""The names of one workbook as a reminder says them (issue 17, item 6): a person with their
department, a department, a project, a task's step, a dispute, an action and a time (date,
weekday, hour), each looked up once and clipped to fit an item (``jobs.reminders.items``)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pandas as pd

from jobs.reminders.said import Dispute, clip
from sheets_sync.workbook import Workbook

# cell text longer than this is cut with "…": the structure of an item (due, what to do, why)
# must survive the channel's item limit (jobs/notify/parts.py shortens an item from its end)
CLIP = {"name": 30, "project": 24, "text": 40, "negotiation": 60}
# the column each kind asks to fill: (table, column key)
FILL = {
    "response": ("tasks", "responded_at"), "completion": ("tasks", "done_at"),
    "approval": ("tasks", "done_at"), "dispute": ("disputes", "status"),
    "action": ("retrospectives", "action_done_at"),
    "retrospective": ("retrospectives", "project_id"),
}  # fmt: skip


class Names:
    """The names of one workbook (looked up once) and the words of one locale."""

    def __init__(
        self, wb: Workbook, t: dict[str, str], now: dt.datetime, day_h: float = 8.0
    ) -> None:
        self.t, self.now, self.day_h = t, now, day_h
        self.wb = wb
        people = wb["people"]
        self.people = dict(zip(map(str, people.column("person_id")),
                               zip(people.column("name"), people.column("dept_id"), strict=True),
                               strict=True))  # fmt: skip
        depts = wb["departments"]
        self.depts = {str(d): n for d, n in zip(depts.column("dept_id"), depts.column("name"),
                                                strict=True)}  # fmt: skip
        projects = wb["projects"]
        self.projects = dict(zip(map(str, projects.column("project_id")),
                                 projects.column("name"), strict=True))  # fmt: skip
        self.labels = {k: wb[tab].schema.column(col).label for k, (tab, col) in FILL.items()}
        wd = t["weekdays"]
        self.weekdays = wd.split() if " " in wd else list(wd)
        # the words of a person, a project, a naive time, made once per id / value (one
        # planning call: a Words lives in one Planner), as each is said for many items
        self._person: dict[str, str] = {}
        self._dept: dict[str, str] = {}
        self._project: dict[str, str] = {}
        self._when: dict[tuple[type, Any], str] = {}
        self._names: dict[str, str] = {}

    # the words of tasks, disputes and actions, indexed when first said (a planning call that
    # says none, as announcing assignments, never indexes the 100,000 tasks)
    @functools.cached_property
    def tasks(self) -> dict[str, tuple[Any, Any]]:
        """Task id -> (step, step name); built at C speed, the same pairs as a dict display."""
        tasks = self.wb["tasks"]
        return dict(zip(map(str, tasks.column("task_id")),
                        zip(tasks.column("step"), tasks.column("step_name"), strict=True),
                        strict=True))  # fmt: skip

    @functools.cached_property
    def disputes(self) -> dict[str, Dispute]:
        disputes = self.wb["disputes"]
        where = "negotiation" in disputes.positions
        return {
            str(r["dispute_id"]): Dispute(
                r["description"],
                r["departments"],
                r["raised_at"],
                r["raised_by"],
                r["status"],
                r["negotiation"],
                f"{disputes.title}!{disputes.cell('negotiation', n)}" if where else disputes.title,
            )
            for n, r in enumerate(disputes.records())
        }

    @functools.cached_property
    def actions(self) -> dict[str, Any]:
        retros = self.wb["retrospectives"]
        return dict(zip(map(str, retros.column("retro_id")), retros.column("action"),
                        strict=True))  # fmt: skip

    # -- pieces ------------------------------------------------------------------------------
    def when(self, at: Any) -> str:
        """12月8日（周二）18:00; the year too when it is not this year's."""
        if at is None:
            return self.t["no_due"]
        # equal naive times of one type say the same words (an aware time is said afresh:
        # equal instants in two zones have different wall clocks)
        memo = (type(at), at) if getattr(at, "tzinfo", True) is None else None
        said = self._when.get(memo) if memo is not None else None
        if said is None:
            said = self._said_when(at)
            if memo is not None:
                self._when[memo] = said
        return said

    def _said_when(self, at: Any) -> str:
        if pd.isna(at):
            return self.t["no_due"]
        at = pd.Timestamp(at).to_pydatetime()
        t = self.t
        form = t["date"] if at.year == self.now.year else t["date_year"]
        return form.format(y=at.year, m=at.month, d=at.day, wd=self.weekdays[at.weekday()],
                           mon=f"{at:%b}", hm=f"{at:%H:%M}")  # fmt: skip

    def dept(self, dept_id: Any) -> str:
        """研发部: a department's name (its id when the departments tab has none)."""
        if type(dept_id) is not str:
            return clip(self.depts.get(str(dept_id)) or dept_id or "", CLIP["project"])
        said = self._dept.get(dept_id)
        if said is None:
            said = self._dept[dept_id] = clip(self.depts.get(dept_id) or dept_id, CLIP["project"])
        return said

    def person(self, person_id: Any) -> str:
        """张三（研发部）: the name and department of a person of the people tab."""
        if type(person_id) is not str:
            return self._person_said(person_id)
        said = self._person.get(person_id)
        if said is None:
            said = self._person[person_id] = self._person_said(person_id)
        return said

    def _person_said(self, person_id: Any) -> str:
        name, dept = self.people.get(str(person_id), (person_id, None))
        who = clip(name or person_id or "?", CLIP["project"])
        return self.t["person"].format(name=who, dept=self.dept(dept)) if dept else who

    def project(self, project_id: Any) -> str:
        """会员积分体系开发（PJ0031）, or "" without a project."""
        pid = project_id if isinstance(project_id, str) else ""
        said = self._project.get(pid)
        if said is None:
            said = self._project[pid] = self._project_said(pid)
        return said

    def _project_said(self, pid: str) -> str:
        name = clip(self.projects.get(pid, pid), CLIP["project"])
        return self.t["person"].format(name=name, dept=pid) if pid else ""

    def name(self, kind: str, ref: str) -> str:
        """The item's own words: a task's step name, a dispute's description, an action."""
        if kind in ("response", "completion", "approval"):
            step, name = self.tasks.get(ref, (None, None))
            text = " ".join([str(x) for x in (step, name) if x not in (None, "")])
            said = self._names.get(text)  # the steps' names repeat across projects
            if said is None:
                said = self._names[text] = clip(text, CLIP["name"])
            return said
        if kind == "dispute":
            d = self.disputes.get(ref)
            return clip(d.text if d else "", CLIP["text"])
        return clip(self.actions.get(ref), CLIP["text"])
