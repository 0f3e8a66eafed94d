"""One reminder item in words a person can act on (issue 17, item 6): what it is, who owns it,
when it is due (date, weekday, time) and how late, what to fill in which cell, and why it
reached this reader. Made once per obligation (``Said``); the reader's reason is added per
message (``Words.item``), since one obligation is in a digest, a head's list and a meeting list.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd

from jobs.notify import Item
from jobs.reminders.names import CLIP, Names
from jobs.reminders.said import ITEM_BYTES, RECORD_BYTES, Said, clip, cut, days, hours
from sheets_sync.workbook import Workbook

DEPTS = 3  # departments a dispute names before "等"
RANK = {"breached": 0, "at_risk": 1, "on_track": 2}  # severity: breached first
# the layers that reach management: a dispute there carries its negotiation (issue 19, item 4)
MANAGEMENT = ("mgmt", "urgent")


class Words(Names):
    """An obligation said once (``Said``) in the workbook's names and the words of one locale,
    and as one item for each reader (a digest, a head's or management's list, the meeting)."""

    def __init__(
        self, wb: Workbook, t: dict[str, str], now: dt.datetime, day_h: float = 8.0
    ) -> None:
        super().__init__(wb, t, now, day_h)
        # a kind's words and a reason's, made once per planning call as the names are
        self._kinds: dict[str, tuple[str, str, str, str | None]] = {}
        self._why: dict[tuple[Any, ...], str] = {}

    def unread(self, typed: Any) -> str:
        """What a 截止时间 typed and not read (``due_typed``: 任务进度!I388「下周三」) makes of
        the due time: the limit's, said (trial18: another date than the one typed, unsaid)."""
        return self.t["due_unread"].format(value=typed) if typed else ""

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
            # past its due time with no working time since (after hours, a weekend): late, in
            # days only (trial17: "已超时 0 工作小时" read oddly)
            state = t["late"].format(h=hours(late), unit=unit) if hours(late) != hours(0.0) else (
                t["late_0"])  # fmt: skip
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
        due_at = t["due_at"].format(when=self.when(due)) + self.unread(r.get("due_typed"))
        return Said(
            what, self.project(r["project_id"]), owner, due_at + t["comma"] + state + days,
            todo, link, state, (RANK.get(status, 3), -late if status == "breached" else left),
            int(r["level"]), role, (ladder[0], ladder[1], ladder[2]), unit, kind,
            self.negotiation(ref, r) if kind == "dispute" else None, at_once, str(r["key"]),
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
        return Item(" · ".join(filter(None, parts)), s.link, ref=s.key)  # what says something

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
                    s.link, ref=s.key)  # fmt: skip

    @staticmethod
    def short(s: Said) -> str:
        """The item in a few words: 任务 T000354「3 需求评审」."""
        return s.what.split(" · ")[0]

    def worst(self, said: list[Said]) -> str:
        """The subject's tail: the count and the most urgent item."""
        top = min(said, key=lambda s: s.severity)
        worst = self.t["worst"].format(what=self.short(top), state=top.state)
        return self.t["count" if len(said) > 1 else "count_1"].format(n=len(said), worst=worst)
