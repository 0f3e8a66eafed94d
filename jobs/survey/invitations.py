"""The round's letters (pure): one invitation per active person when a round opens, one
reminder to those who have not answered after ``remind_after_workdays`` working days.

Each letter holds the person's own link, so it goes on their personal path as the digests do
(``jobs.reminders.routing``: their department's channel when it is personal, else e-mail when
configured, else the outbox), never to a group; a mail to a person without an address is not
sent but a finding at their 邮箱 cell. Keys
``survey:QUARTER:CLOSE:invite|remind:PERSON`` make the reminder ledger send each once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from config.channels import Channels
from config.phrases import Phrases
from jobs.notify import Item, Message, Section
from jobs.notify.escaping import defuse
from jobs.survey.rounds import Round
from jobs.workdays.calendar import WorkCalendar
from sheets_sync.finding import Finding, rule
from sheets_sync.table import Table

rule(
    "survey.no_address", "error",
    ("{name} 的调研邀请通过邮件发送，但「邮箱」为空：没有发出（不会写进发件箱当作已发送）",
     "填写 {name} 的邮箱，再运行 collabsheet survey remind"),
    ("{name}'s survey letter goes by e-mail, but the email cell is empty: it was not sent (never "
     "an outbox file recorded as sent)", "enter {name}'s e-mail address, then run collabsheet "
     "survey remind"),
)  # fmt: skip

TEXT = Phrases.from_locales("jobs/survey/invitations.py", {
    "zh-CN": {
        "invite": "【满意度调研】{quarter} 跨部门协作满意度调研",
        "remind": "【满意度调研·提醒】{quarter} 跨部门协作满意度调研尚未填写",
        "intro": "{name}，您好：请在 {close} 前填写本季度的跨部门协作满意度调研（约 2 分钟），"
                 "评价权责清晰度、流程顺畅度、沟通效率。链接仅供您本人使用，请勿转发；"
                 "截止前可再次打开修改答卷。",
        "reminder": "{name}，您好：本季度的跨部门协作满意度调研您还没有填写，{close} 截止"
                    "（约 2 分钟）。链接仅供您本人使用，请勿转发。",
        "anonymous": "本次调研匿名：答卷只记录部门，不记录姓名。",
        "item": "填写问卷",
        "link": "打开问卷",
    },
    "en": {
        "invite": "Satisfaction survey {quarter}: cross-department collaboration",
        "remind": "Reminder: the satisfaction survey {quarter} is still open for you",
        "intro": "Dear {name}, please answer this quarter's cross-department collaboration "
                 "survey by {close} (about 2 minutes): clarity of responsibilities, smoothness "
                 "of processes, communication efficiency. The link is yours alone, do not "
                 "forward it; until the close you may open it again to change your answer.",
        "reminder": "Dear {name}, you have not answered this quarter's cross-department "
                    "collaboration survey yet; it closes on {close} (about 2 minutes). The link "
                    "is yours alone, do not forward it.",
        "anonymous": "This survey is anonymous: answers keep the department, not the name.",
        "item": "Take the survey",
        "link": "open the survey",
    },
})  # fmt: skip


@dataclass(frozen=True)
class Invitee:
    person_id: str
    name: str
    dept_id: str
    email: str
    index: int = 0  # the person's record in the people table (the cell of a finding)


def invitees(people: Iterable[Mapping[str, Any]]) -> list[Invitee]:
    """Every active person with a department, in id order."""
    out = [
        Invitee(str(r["person_id"]), defuse(str(r.get("name") or r["person_id"])),
                str(r["dept_id"]), str(r.get("email") or "").strip(), i)
        for i, r in enumerate(people)
        if r.get("person_id") and r.get("dept_id") and r.get("active") is not False
    ]  # fmt: skip
    return sorted(out, key=lambda p: p.person_id)


def personal_channel(who: Invitee, dept_channel: Any, channels: Channels) -> str:
    """The person's own path, as ``jobs.reminders.routing`` sends one person a digest: their
    department's channel when it is personal, else e-mail when configured, else the outbox;
    "" for a mail without an address (not sent: a finding at the cell)."""
    mail = "email" in channels.channels
    channel = channels.route(dept_channel)
    if channels.kind_of(channel) not in ("email", "outbox"):  # a group: never a personal link
        channel = "email" if mail else "outbox"
    if channel == "email" and not mail:
        channel = "outbox"
    return "" if channel == "email" and not who.email else channel


def letters(
    kind: str, rnd: Round, people: Iterable[Invitee], dept_channels: Mapping[str, Any],
    channels: Channels, link: Callable[[Invitee], str], locale: str,
) -> list[Message]:  # fmt: skip
    """``kind`` "invite" or "remind": one message per person, with their link."""
    t = TEXT.words(locale)
    intro_extra = f"\n{t['anonymous']}" if rnd.anonymous else ""  # a line of its own
    out = []
    for who in people:
        channel = personal_channel(who, dept_channels.get(who.dept_id), channels)
        if not channel:  # no address for the mail: said by ``unreachable``
            continue
        to = who.email or f"{who.person_id}@outbox.invalid"
        subject = t[kind].format(quarter=rnd.quarter)
        # a reminder says it is one (trial35: the invitation's words again), the link's
        # words say where it goes (trial35: 打开表格, a sheet's words)
        words = t["reminder"] if kind == "remind" else t["intro"]
        intro = words.format(name=who.name, close=rnd.close_on) + intro_extra
        section = Section(rnd.quarter, (Item(t["item"], link(who), t["link"]),))
        out.append(Message(f"survey:{rnd.tag()}:{kind}:{who.person_id}", channel, to, subject,
                           intro, (section,), (), False, 0, locale, who.name))  # fmt: skip
    return out


def unreachable(
    people: Iterable[Invitee], dept_channels: Mapping[str, Any], channels: Channels,
    table: Table,
) -> list[Finding]:  # fmt: skip
    """A finding at the 邮箱 cell of each person whose letter would go by mail without an
    address (their letter is not planned)."""
    return [
        Finding(table.title, table.cell("email", who.index), None, "survey.no_address",
                {"name": who.name})
        for who in people
        if not personal_channel(who, dept_channels.get(who.dept_id), channels)
    ]  # fmt: skip


def remind_due(rnd: Round, cal: WorkCalendar, days: int, now: dt.datetime) -> bool:
    """Whether ``days`` working days have passed since the round opened (the day it opened
    not counted): opened on a Monday with 3, the reminder is due from Thursday."""
    day, seen = rnd.opened.date(), 0
    while day < now.date():
        day += dt.timedelta(days=1)
        if cal.first <= day <= cal.last and cal.day(day).working:
            seen += 1
    return seen >= days


def close_after(opened: dt.date, cal: WorkCalendar, days: int) -> dt.date:
    """The default close date: the ``days``-th working day after ``opened``."""
    day, seen = opened, 0
    while seen < days:
        day += dt.timedelta(days=1)
        if day > cal.last:  # beyond the calendar compiled: count weekdays
            seen += day.weekday() < 5
        elif cal.day(day).working:
            seen += 1
    return day
