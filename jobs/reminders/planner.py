"""The reminder router's workings (pure): each wanted obligation of the SLA frame made one
``Row`` (``jobs.reminders.rows``) with its item and project title, and the ``Planner`` that
groups rows into the digests, the head, management and meeting lists and the urgent
escalations, on each person's or department's channel."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from config.channels import GROUP_KINDS
from config.remind_settings import RemindSettings
from jobs.notify import Item, Message, Section
from jobs.notify.escaping import defuse
from jobs.reminders.items import Words
from jobs.reminders.people import Person, people_of
from jobs.reminders.reach import Reach
from jobs.reminders.rows import Row, by, union
from jobs.reminders.said import day_hours
from jobs.reminders.texts import TEXTS
from sheets_sync.workbook import Workbook


class Planner:
    """The routing of one day's messages: the workbook's people, departments and projects read
    once, each obligation a ``Row``, the layers (digests, lists, urgent) built from them."""

    def __init__(
        self, wb: Workbook, remind: RemindSettings, now: dt.datetime,
        link: Callable[[str, str], str],
    ) -> None:  # fmt: skip
        self.s, self.now, self.link = remind, now, link
        self.t = TEXTS.words(remind.locale)
        self.date = now.date().isoformat()
        self.words = Words(wb, self.t, now, day_hours(remind.calendar.hours))
        self.people = people_of(wb)
        self.reach = Reach(wb, link, remind.locale)
        self.depts = {str(r["dept_id"]): r for r in wb["departments"].records() if r["dept_id"]}
        ids, names = wb["projects"].column("project_id"), wb["projects"].column("name")
        self.projects = {str(p): str(n) for p, n in zip(ids, names, strict=True)}
        self._channel: dict[str, str] = {}  # dept -> its channel, looked up once per planning

    # -- content ---------------------------------------------------------------------------
    def rows(self, frame: pd.DataFrame) -> list[Row]:
        """The frame (a default index) as rows: columns read once, the (project, due) order
        sorted once (stable, so every subset keeps the order it would get sorted alone)."""
        n = len(frame)
        rank = [0] * n
        order = frame.sort_values(["project_id", "due_at"], na_position="last").index
        for i, pos in enumerate(order):
            rank[pos] = i
        names = ("key", "kind", "ref", "status", "level", "dept_id", "person_id", "project_id",
                 "tab", "cell", "due_at", "remaining_h", "clock", "ladder_1", "ladder_2",
                 "ladder_3", "elapsed_h", "goal_h", "at_once", "due_typed")  # fmt: skip
        present = [c for c in names if c in frame.columns]
        columns = [frame[c].tolist() for c in present]
        out = []
        for pos, values in enumerate(zip(*columns, strict=True)):
            r = dict(zip(present, values, strict=True))
            said = self.words.say(r, self.link(str(r["tab"]), str(r["cell"])))
            today = bool(pd.notna(due := r.get("due_at")) and due.date() == self.now.date())
            out.append(Row(pos, rank[pos], r["key"], r["kind"], r["ref"], r["status"],
                            int(r["level"]), r["dept_id"], r["person_id"],
                            self.title(r["project_id"]), said, today))  # fmt: skip
        return out

    def sections(
        self, rows: Iterable[Row], layer: str, by_person: bool = False
    ) -> tuple[Section, ...]:
        """Items by project (by person and project in a group message), each in the words of
        ``layer`` (why it reaches this reader)."""
        groups: dict[str, list[Item]] = defaultdict(list)
        for r in sorted(rows, key=lambda r: r.rank):
            item = self.words.item(r.said, layer)
            groups[self.who(r) + r.title if by_person else r.title].append(item)
        return tuple(Section(k, tuple(v)) for k, v in groups.items())

    def by_severity(self, rows: Iterable[Row]) -> tuple[Section, ...]:
        """The coordinators' items by status (breached, at risk, due today, not due: trial29,
        DS0016 due next week was 今日到期), the most late first, each naming its project."""
        groups: dict[str, list[Row]] = defaultdict(list)
        for r in sorted(rows, key=lambda r: (r.said.severity, r.rank)):
            groups["not_due" if r.status == "on_track" and not r.due_today else r.status].append(r)
        return tuple(
            Section(self.t["by_status"].format(status=self.t[s], n=len(g)),
                    tuple(self.words.item(r.said, "meeting", with_project=True) for r in g))
            for s, g in groups.items()
        )  # fmt: skip

    def subject(self, head: str, rows: Sequence[Row]) -> str:
        """A subject with the count and the worst item (``head`` alone without items)."""
        if not rows:
            return head
        return head + self.t["colon"] + self.words.worst([r.said for r in rows])

    def title(self, project_id: Any) -> str:
        """A section's title: the project, 新品上市（PJ1）, as announcements say it."""
        pid = project_id if isinstance(project_id, str) else ""
        name = self.projects.get(pid, pid)
        return self.t["person"].format(name=name, dept=pid) if pid else self.t["none"]

    def who(self, r: Row) -> str:
        """The person before the project in a group message's section title."""
        who = self.people.get(str(r.person_id))
        return f"{who.name if who else r.person_id} · "

    def channel_of(self, dept_id: str) -> str:
        """The department's own group (通知群, a configured destination), else its channel."""
        channel = self._channel.get(dept_id)
        if channel is None:
            channel = self._channel[dept_id] = self._channel_of(dept_id)
        return channel

    def _channel_of(self, dept_id: str) -> str:
        dept = self.depts.get(dept_id) or {}
        return self.s.channels.route_of(dept.get("channel"), dept.get("destination"))

    def group(self, channel: str) -> bool:
        return self.s.channels.kind_of(channel) in GROUP_KINDS

    def personal(
        self, who: Person, key: str, subject: str, intro: str, sections: tuple[Section, ...],
        level: int = 0, covers: tuple[str, ...] = (),
    ) -> list[Message]:  # fmt: skip
        """A message to one person by mail when e-mail is configured, else the outbox; none
        when a mail has no address (a gap for the coordinators, never an outbox file)."""
        mail = "email" in self.s.channels.channels
        channel = self.channel_of(who.dept_id)
        channel = "email" if self.group(channel) or channel == "email" else channel
        channel = channel if channel != "email" or mail else "outbox"
        if channel == "email" and not who.email:
            self.reach.mail_missing(who, subject)
            return []
        to = who.email or f"{who.person_id}@outbox.invalid"
        return [Message(key, channel, to, subject, intro, sections, (), False, level,
                        self.s.locale, who.name, covers)]  # fmt: skip

    def mentions(self, channel: str, persons: Iterable[Person]) -> tuple[str, ...]:
        """The ids a group of ``channel`` @-mentions (its platform's column)."""
        return self.reach.mentions(self.s.channels.kind_of(channel), persons)

    # -- the layers --------------------------------------------------------------------------
    def extra(
        self, notes: Mapping[str, tuple[Item, ...]], ids: Iterable[str]
    ) -> tuple[Section, ...]:
        """The case-library section of a digest (nothing when these people have no notes)."""
        items = tuple(x for pid in ids for x in notes.get(pid, ()))
        return (Section(self.t["cases"], items),) if items else ()

    def digests(
        self, rows: Sequence[Row], notes: Mapping[str, tuple[Item, ...]] = {}
    ) -> list[Message]:
        """One digest per person per day; a group channel gets one merged message per dept."""
        out: list[Message] = []
        mine = by((r for r in rows if r.person_id in self.people), "person_id")
        self.reach.strangers({p: [(r.kind, r.ref) for r in rs] for p, rs in by(
            (r for r in rows if r.person_id and r.person_id == r.person_id  # not NaN
             and r.person_id not in self.people), "person_id"
        ).items()})  # fmt: skip
        by_group: dict[str, list[Person]] = defaultdict(list)
        noted = [p for p in notes if p in self.people]
        for pid in sorted({*mine, *noted}):
            who = self.people[pid]
            if self.group(self.channel_of(who.dept_id)):
                by_group[who.dept_id].append(who)
                continue
            own = mine.get(pid, [])
            subject = self.subject(self.t["digest"].format(date=self.date, name=who.name), own)
            out += self.personal(who, f"digest:{pid}:{self.date}", subject,
                                 self.t["digest_intro"],
                                 self.sections(own, "digest") + self.extra(notes, [pid]),
                                 covers=tuple(r.key for r in own))  # fmt: skip
        for dept_id, members in sorted(by_group.items()):
            ids = [m.person_id for m in members]
            own = union(mine, ids)
            name = defuse(str((self.depts.get(dept_id) or {}).get("name") or dept_id))
            out.append(Message(
                f"digest:{dept_id}:{self.date}", self.channel_of(dept_id), f"{dept_id} {name}",
                self.subject(self.t["group"].format(date=self.date, name=name), own),
                self.t["digest_intro"],
                self.sections(own, "digest", by_person=True) + self.extra(notes, ids),
                self.mentions(self.channel_of(dept_id), members), True, 0,
                self.s.locale, name,
                tuple(r.key for r in own),
            ))  # fmt: skip
        return out

    def lists(
        self, rows: Sequence[Row], failed: list[tuple[str, str]], notes: tuple[Item, ...] = ()
    ) -> list[Message]:
        """Heads (level >= 2 of their dept), management (level 3, disputes past the window),
        coordinators (the meeting list: level >= 2, disputes, failed sends)."""
        out: list[Message] = []
        t, date = self.t, self.date
        high = by((r for r in rows if r.level >= 2), "dept_id")
        top = by(
            (r for r in rows
             if r.level >= 3 or (r.kind == "dispute" and r.status == "breached")), "dept_id"
        )  # fmt: skip
        heads: dict[str, list[str]] = defaultdict(list)
        bosses: dict[str, list[str]] = defaultdict(list)
        managers = [p.person_id for p in self.people.values() if p.role == "manager"]
        for dept_id, d in self.depts.items():
            if d.get("head") in self.people:
                heads[str(d["head"])].append(dept_id)
            elif high.get(dept_id):  # a name typed for the head's id, one inactive, or none
                dept, head = str(d.get("name") or dept_id), d.get("head")
                if head:
                    self.reach.stranger_head(str(head), dept_id, dept)
                else:
                    self.reach.no_head(dept_id, dept)
            boss = [str(d["escalate_to"])] if d.get("escalate_to") in self.people else managers
            for b in boss:
                bosses[b].append(dept_id)
        for dept_id in sorted(d for d in high if isinstance(d, str) and d and d not in self.depts):
            self.reach.left_out(str(dept_id))  # its row left out (a blank 部门名称, …)
        got = self.reach.unread()  # a tab not read: its items are in no message (trial18/19)
        unread = (Section(t["unread"], got),) if got else ()
        for layer, who_depts, pool in (("head", heads, high), ("mgmt", bosses, top)):
            for pid, depts in sorted(who_depts.items()):
                own = union(pool, depts)
                if own or unread:  # a tab not read: its items may be theirs (review22)
                    who = self.people[pid]
                    out += self.personal(
                        who, f"{layer}:{pid}:{date}",
                        self.subject(t[layer].format(date=date, name=who.name), own),
                        t[f"{layer}_intro"], self.sections(own, layer) + unread,
                        3 if layer == "mgmt" else 2, tuple(r.key for r in own),
                    )  # fmt: skip
        meeting = [r for r in rows if r.level >= 2 or r.kind == "dispute"]
        sections = self.by_severity(meeting)
        if failed:
            sections += (Section(t["failed"], tuple(Item(e, ref=k) for k, e in failed)),)
        if notes:
            sections += (Section(t["recurring"], notes),)
        sections += self.reach.section()  # mails not sent, @s not made: missing contacts
        sections += unread
        for who in sorted(self.people.values(), key=lambda p: p.person_id):
            if who.role == "coordinator" and sections:
                out += self.personal(
                    who, f"meeting:{who.person_id}:{date}",
                    self.subject(t["meeting"].format(date=date), meeting),
                    t["meeting_intro"], sections, 2, tuple(r.key for r in meeting),
                )  # fmt: skip
        return out

    def urgent(self, rows: Iterable[Row]) -> list[Message]:
        """A level-3 escalation to the department's channel (who must act, its head and boss);
        a dispute's also to its other departments' heads, each in person."""
        out: list[Message] = []
        # per department, made once: its name, channel, head and boss, and the group's @s
        seen: dict[str, tuple[str, str, list[Person], tuple[str, ...] | None]] = {}
        for r in rows:
            dept_id = str(r.dept_id)
            known = seen.get(dept_id)
            if known is None:
                dept = self.depts.get(dept_id) or {}
                channel = self.channel_of(dept_id)
                targets = [self.people[p] for p in (dept.get("head"), dept.get("escalate_to"))
                           if p in self.people]  # fmt: skip
                ats = self.mentions(channel, targets) if self.group(channel) else None
                known = seen[dept_id] = (defuse(str(dept.get("name") or "")), channel, targets, ats)
            name, channel, targets, ats = known
            # who must act (not a dispute's raiser) too, by mail or @ in their department's
            # group, not another's (trial29: T000274 @ its head, not 方帆; review31)
            doer = self.people.get(str(r.person_id)) if r.kind != "dispute" else None
            doers = [doer] if doer is not None and doer not in targets else []
            if ats is not None:
                ours = doers and str(doers[0].dept_id) == dept_id
                ats, doers = self.mentions(channel, [*doers, *targets]) if ours else ats, []
            urgent = "urgent_at_once" if r.said.at_once else "urgent"  # major, not that late
            subject = self.t[urgent].format(ref=self.words.short(r.said))
            sections = (Section(r.title, (self.words.item(r.said, "urgent"),)),)
            key = f"escalation:{r.key}:3"
            others = self._other_heads(r, targets) if r.kind == "dispute" else []
            if ats is not None:
                out.append(Message(
                    key, channel, f"{r.dept_id} {name}".strip(), subject, self.t["urgent_intro"],
                    sections, ats, True, 3, self.s.locale, name, (str(r.key),),
                ))  # fmt: skip
            for who in others if ats is not None else [*doers, *targets, *others]:
                out += self.personal(who, f"{key}:{who.person_id}", subject,
                                     self.t["urgent_intro"], sections, 3,
                                     (str(r.key),))  # fmt: skip
        return out

    def _other_heads(self, r: Row, targets: list[Person]) -> list[Person]:
        """The heads of a dispute's other departments, not among ``targets`` already."""
        dispute = self.words.disputes.get(str(r.ref))
        depts = (dispute.departments if dispute is not None else None) or ()
        heads = dict.fromkeys(
            str(head) for d in depts if str(d) != str(r.dept_id)
            if (head := (self.depts.get(str(d)) or {}).get("head")) in self.people
        )  # fmt: skip
        mine = {t.person_id for t in targets}
        return [self.people[h] for h in heads if h not in mine]
