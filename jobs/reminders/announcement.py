"""The message announcing a new assignment (【新任务】): to the person, or to their department's
group with an @ of them; which assignments are new is ``jobs.reminders.assignments``'s."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import pandas as pd

from jobs.notify import Item, Message, Section
from jobs.reminders.assignments import Assignment
from jobs.reminders.items import Words
from jobs.reminders.people import Person
from jobs.reminders.said import clip


class Planner(Protocol):
    """What announcing needs of the reminder planner (``jobs.reminders.routing``)."""

    @property
    def t(self) -> dict[str, str]: ...
    @property
    def words(self) -> Words: ...
    @property
    def people(self) -> Mapping[str, Person]: ...
    @property
    def depts(self) -> Mapping[str, Any]: ...

    def channel_of(self, dept_id: str) -> str: ...
    def group(self, channel: str) -> bool: ...


# (who, key, subject, intro, sections) -> the planner's message to that person (none when
# they cannot be reached), and (channel, who) -> the @-mention of them in that group
Personal = Callable[[Person, str, str, str, tuple[Section, ...]], list[Message]]
Mention = Callable[[str, Person], tuple[str, ...]]


def announce(
    p: Planner, assignments: Iterable[Assignment], link: Callable[[str, str], str], locale: str,
    personal: Personal, mention: Mention,
) -> list[Message]:  # fmt: skip
    """One message per new assignment (the run merges those to one reader into one): to the
    person, or to their department's group with an @ of them."""
    out: list[Message] = []
    w, t = p.words, p.t
    for a in assignments:
        who = p.people.get(a.person_id)
        if who is None:
            continue
        k = a.kind  # completion or approval (a step of kind 审批: review19)
        what = f"{t[f'what_{k}']} {a.task_id}" + (t["quote"].format(clip(a.step, 40))
                                                 if a.step else "")  # fmt: skip
        start = t["start_at"].format(when=w.when(a.handoff)) if a.handoff is not None and (
            not pd.isna(a.handoff)) else t["not_handed"]  # fmt: skip
        why = (t["why_reassigned"].format(before=w.person(a.before)) if a.before
               else t["why_assigned"])  # fmt: skip
        todo = t[f"todo_{k}"].format(cell=f"{a.tab}!{a.cell}", label=w.labels[k])
        if a.respond_cell:  # 收到就确认 (操作手册): the response first, then the completion
            by = a.respond_due is not None and pd.notna(a.respond_due)
            late = by and pd.Timestamp(a.respond_due) <= pd.Timestamp(w.now)  # review20
            form = "todo_handed" if a.respond_later else "todo_received_late" if late else (
                "todo_received_by" if by else "todo_received")  # fmt: skip
            first = t[form].format(
                cell=f"{a.tab}!{a.respond_cell}",
                label=w.labels["response"],
                when=w.when(a.respond_due) if by else "",
            )
            todo = f"{first}{t['semi']}{todo}"
        owner = f"{t[f'owner_{k}']} {w.person(who.person_id)}"
        due = t["due_at"].format(when=w.when(a.due)) + w.unread(a.due_typed)
        parts = [what, w.project(a.project_id), owner, start, due, why, todo]
        first_cell = a.cell if a.respond_later else a.respond_cell or a.cell  # to fill now
        item = Item(" · ".join(x for x in parts if x), link(a.tab, first_cell))
        title = w.project(a.project_id) or t["none"]
        subject = t["assigned"].format(name=who.name, what=what)
        channel = p.channel_of(who.dept_id)
        if p.group(channel):
            name = str((p.depts.get(who.dept_id) or {}).get("name") or who.dept_id)
            out.append(Message(
                a.key, channel, f"{who.dept_id} {name}", subject, t["assigned_intro"],
                (Section(f"{who.name} · {title}", (item,)),), mention(channel, who), True,
                0, locale, name, (a.key,),
            ))  # fmt: skip
        else:
            out += personal(who, a.key, subject, t["assigned_intro"], (Section(title, (item,)),))
    return out
