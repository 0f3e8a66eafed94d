"""One reminder item in words a person can act on (issue 17, item 6): what it is, who owns it,
when it is due (date, weekday, time) and how late, what to fill in which cell, and why it
reached this reader. Made once per obligation (``Said``); the reader's reason is added per
message (``Words.item``), since one obligation is in a digest, a head's list and a meeting list.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import Any

import pandas as pd

from jobs.notify import Item
from jobs.reminders.said import (
    ITEM_BYTES,
    RECORD_BYTES,
    Dispute,
    Said,
    clip,
    cut,
    days,
    hours,
)
from sheets_sync.workbook import Workbook

# cell text longer than this is cut with "…": the structure of an item (due, what to do, why)
# must survive the channel's item limit (jobs/notify/parts.py shortens an item from its end)
CLIP = {"name": 30, "project": 24, "text": 40, "negotiation": 60}
DEPTS = 3  # departments a dispute names before "等"
# the column each kind asks to fill: (table, column key)
FILL = {
    "response": ("tasks", "responded_at"), "completion": ("tasks", "done_at"),
    "approval": ("tasks", "done_at"), "dispute": ("disputes", "status"),
    "action": ("retrospectives", "action_done_at"),
    "retrospective": ("retrospectives", "project_id"),
}  # fmt: skip
RANK = {"breached": 0, "at_risk": 1, "on_track": 2}  # severity: breached first
# the layers that reach management: a dispute there carries its negotiation (issue 19, item 4)
MANAGEMENT = ("mgmt", "urgent")


class Words:
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
        self._kinds: dict[str, tuple[str, str, str, str | None]] = {}
        self._names: dict[str, str] = {}
        self._why: dict[tuple[Any, ...], str] = {}

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

    # -- one obligation ----------------------------------------------------------------------
    def say(self, r: dict[str, Any], link: str) -> Said:
        """``r``: one row of the SLA frame (kind, ref, tab, cell, project_id, person_id,
        due_at, remaining_h, status, level, clock, ladder_1..3)."""
        t, kind, ref = self.t, str(r["kind"]), str(r["ref"])
        what_word, word, role, todo_form = self._kind(kind)
        name = self.name(kind, ref)
        what = f"{what_word} {ref}" + (t["quote"].format(name) if name else "")
        if kind == "dispute":
            depts = (d.departments if (d := self.disputes.get(ref)) else None) or ()
            if depts:
                named = "、".join(self.dept(d) for d in depts[:DEPTS])
                what += f" · {t['involves']} {named}" + ("…" if len(depts) > DEPTS else "")
        owner = f"{word} {self.person(r['person_id'])}" if r["person_id"] else ""
        unit = t["business_h" if r.get("clock", "business") == "business" else "calendar_h"]
        rem = r["remaining_h"]
        # the frame's hours are floats (NaN when unknown): no pandas per row for those
        left = rem if type(rem) is float else float(rem) if pd.notna(rem) else math.nan
        due, status = r["due_at"], str(r["status"])
        if status == "breached":
            late = max(-left, 0.0) if not math.isnan(left) else 0.0
            span = (self.now - pd.Timestamp(due).to_pydatetime()) if pd.notna(due) else None
            n = span.days if span is not None else 0
            state = t["late"].format(h=hours(late), unit=unit)
            days = t["days"].format(n=n) if n > 1 else t["day"] if n == 1 else t["under_a_day"]
        else:
            late, days = 0.0, ""
            state = t["left"].format(h=hours(max(left, 0.0)), unit=unit)
        todo = todo_form.format(cell=f"{r['tab']}!{r['cell']}", label=self.labels[kind]) \
            if todo_form is not None else ""  # fmt: skip
        ladder = (float(r.get("ladder_1", 0.0) or 0.0), float(r.get("ladder_2", 0.0) or 0.0),
                  float(r.get("ladder_3", 0.0) or 0.0))  # fmt: skip
        # a major / escalated dispute said as such unless it is that late anyway (the ladder's)
        at_once = "" if status == "breached" and late >= ladder[2] else str(r.get("at_once") or "")
        return Said(
            what, self.project(r["project_id"]), owner,
            t["due_at"].format(when=self.when(due)) + t["comma"] + state + days,
            todo, link, state, (RANK.get(status, 3), -late if status == "breached" else left),
            int(r["level"]), role, (ladder[0], ladder[1], ladder[2]), unit, kind,
            self.negotiation(ref, r) if kind == "dispute" else None, at_once,
        )  # fmt: skip

    def _kind(self, kind: str) -> tuple[str, str, str, str | None]:
        """A kind's words, looked up once: what it is, the owner's word before a name ("raised
        by 张三"), their role in a reason ("you are the person who raised it"), what to fill."""
        said = self._kinds.get(kind)
        if said is None:
            t = self.t
            word = t.get(f"owner_{kind}", kind)
            said = self._kinds[kind] = (
                t.get(f"what_{kind}", kind),
                word,
                t.get(f"role_{kind}", word),
                t.get(f"todo_{kind}"),
            )
        return said

    def negotiation(self, ref: str, r: dict[str, Any]) -> tuple[str, str, str, str] | None:
        """A dispute as management reads it: raised when and by whom; negotiated for how many
        working days against its window ([sla.dispute] goal_h), its status; its 协商记录 with
        the cell to read it whole, or that nobody recorded any."""
        d, t = self.disputes.get(ref), self.t
        if d is None:
            return None
        raised = t["raised"].format(who=self.person(d.raised_by), when=self.when(d.raised_at))
        business = r.get("clock", "business") == "business"
        per = self.day_h if business else 24.0
        talks = []
        for key, h in (("negotiated", r.get("elapsed_h")), ("window", r.get("goal_h"))):
            if h is not None and pd.notna(h):
                n = days(float(h) / per)
                unit = ("workday" if business else "calendar_day") + ("" if n == "1" else "s")
                talks.append(t[key].format(n=n, unit=t[unit]))
        if d.status:
            talks.append(t["status_is"].format(t.get(f"status_{d.status}", d.status)))
        text = clip(d.negotiation, CLIP["negotiation"])
        if text:
            log = t["log"].format(cell=d.cell)
        else:
            log = t["no_log" if "!" in d.cell else "no_log_column"].format(cell=d.cell)
        return raised, t["comma"].join(talks), log, text

    def why(self, s: Said, layer: str) -> str:
        """Why the item reached this reader: the owner's digest, a head's or management's
        list (escalation level in words), a dispute past its window, the meeting list."""
        key = (layer, s.at_once, s.level, s.ladder, s.unit, s.role, s.kind)  # all it depends on
        said = self._why.get(key)
        if said is None:
            said = self._why[key] = self._why_said(s, layer)
        return said

    def _why_said(self, s: Said, layer: str) -> str:
        t = self.t
        level = ""
        if s.at_once:  # 操作手册 §8: 重大争议立即提交管理层, whatever its window says
            level = t[f"at_once_{s.at_once}"]
        elif s.level:
            h = s.ladder[s.level - 1]
            since = t["since"].format(h=hours(h), unit=s.unit) if h > 0 else t["since_0"]
            level = t[f"why_{s.level}"].format(role=s.role, since=since)
        if layer == "digest":
            mine = t["why_owner"].format(role=s.role)
            return t["semi"].join((mine, level)) if level else mine
        if layer == "mgmt" and s.kind == "dispute" and s.level < 3:
            return t["why_dispute"]
        if layer == "meeting" and not level:
            return t["why_meeting"]
        return level or t["why_meeting"]

    def item(self, s: Said, layer: str, with_project: bool = False) -> Item:
        """The item as one line: what · project · owner · due and lateness · why · to do; a
        dispute for management: what · raised · negotiated and status · why · to do · 协商记录."""
        if layer in MANAGEMENT and s.negotiation:
            return self.escalated(s, layer)
        parts = (s.what, s.project if with_project else "", s.owner, s.due, self.why(s, layer),
                 s.todo)  # fmt: skip
        return Item(" · ".join(filter(None, parts)), s.link)  # the parts that say something

    def escalated(self, s: Said, layer: str) -> Item:
        """A dispute for management within ``ITEM_BYTES``: its description, then the departments
        involved, then who raised it are cut (from their end, "…") before the 协商记录 gets less
        than ``RECORD_BYTES``; the status, why, what to do and the record's cell stay whole."""
        assert s.negotiation is not None
        raised, talks, log, text = s.negotiation
        fixed = " · ".join(p for p in (talks, self.why(s, layer), s.todo, log) if p)
        ident = re.match(r"\S+ [A-Za-z0-9_-]+", s.what)  # 争议 DS0001: kept whole
        floor = len(ident.group(0).encode()) + len("…".encode()) if ident else 0
        cuttable = [(p, floor if i == 0 else 0) for i, p in enumerate(s.what.split(" · ", 1))]
        cuttable.append((raised, 0))
        room = ITEM_BYTES - len(s.link.encode()) - len(fixed.encode())
        over = sum(len(f"{p} · ".encode()) for p, _ in cuttable if p)
        over += min(len(text.encode()), RECORD_BYTES) - room
        kept = []
        for part, least in cuttable:
            short = cut(part, max(len(part.encode()) - over, least)) if over > 0 else part
            over -= len(part.encode()) - len(short.encode())
            kept.append(short)
        head = " · ".join(p for p in (*kept, fixed) if p)
        return Item(head + cut(text, ITEM_BYTES - len(head.encode()) - len(s.link.encode())),
                    s.link)  # fmt: skip

    @staticmethod
    def short(s: Said) -> str:
        """The item in a few words: 任务 T000354「3 需求评审」."""
        return s.what.split(" · ")[0]

    def worst(self, said: list[Said]) -> str:
        """The subject's tail: the count and the most urgent item."""
        top = min(said, key=lambda s: s.severity)
        worst = self.t["worst"].format(what=self.short(top), state=top.state)
        return self.t["count" if len(said) > 1 else "count_1"].format(n=len(said), worst=worst)
