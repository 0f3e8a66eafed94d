"""The round's letters (pure): one invitation per active person when a round opens, one
reminder to those who have not answered after ``remind_after_workdays`` working days.

Each letter holds the person's own link, so it goes on their personal path as the digests do
(``jobs.reminders.routing``: their department's channel when it is personal, else e-mail when
configured and known, else the outbox), never to a group. Keys
``survey:QUARTER:CLOSE:invite|remind:PERSON`` make the reminder ledger send each once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from config.channels import Channels
from jobs.notify import Item, Message, Section
from jobs.notify.escaping import defuse
from jobs.survey.rounds import Round
from jobs.workdays.calendar import WorkCalendar

TEXT = {
    "zh-CN": {
        "invite": "【满意度调研】{quarter} 跨部门协作满意度调研",
        "remind": "【满意度调研·提醒】{quarter} 跨部门协作满意度调研尚未填写",
        "intro": "{name}，您好：请在 {close} 前填写本季度的跨部门协作满意度调研（约 2 分钟），"
                 "评价权责清晰度、流程顺畅度、沟通效率。链接仅供您本人使用，请勿转发；"
                 "截止前可再次打开修改答卷。",
        "anonymous": "本次调研匿名：答卷只记录部门，不记录姓名。",
        "item": "填写问卷",
    },
    "en": {
        "invite": "Satisfaction survey {quarter}: cross-department collaboration",
        "remind": "Reminder: the satisfaction survey {quarter} is still open for you",
        "intro": "Dear {name}, please answer this quarter's cross-department collaboration "
                 "survey by {close} (about 2 minutes): clarity of responsibilities, smoothness "
                 "of processes, communication efficiency. The link is yours alone, do not "
                 "forward it; until the close you may open it again to change your answer.",
        "anonymous": "This survey is anonymous: answers keep the department, not the name.",
        "item": "Take the survey",
    },
}  # fmt: skip


@dataclass(frozen=True)
class Invitee:
    person_id: str
    name: str
    dept_id: str
    email: str


def invitees(people: Iterable[Mapping[str, Any]]) -> list[Invitee]:
    """Every active person with a department, in id order."""
    out = [
        Invitee(str(r["person_id"]), defuse(str(r.get("name") or r["person_id"])),
                str(r["dept_id"]), str(r.get("email") or "").strip())
        for r in people
        if r.get("person_id") and r.get("dept_id") and r.get("active") is not False
    ]  # fmt: skip
    return sorted(out, key=lambda p: p.person_id)


def personal_channel(who: Invitee, dept_channel: Any, channels: Channels) -> str:
    """The person's own path: as ``jobs.reminders.routing`` sends a digest to one person."""
    mail = "email" in channels.channels and bool(who.email)
    channel = channels.route(dept_channel)
    if channels.kind_of(channel) not in ("email", "outbox"):  # a group: never a personal link
        channel = "email" if mail else "outbox"
    return "outbox" if channel == "email" and not mail else channel


def letters(
    kind: str, rnd: Round, people: Iterable[Invitee], dept_channels: Mapping[str, Any],
    channels: Channels, link: Callable[[Invitee], str], locale: str,
) -> list[Message]:  # fmt: skip
    """``kind`` "invite" or "remind": one message per person, with their link."""
    t = TEXT["en" if locale == "en" else "zh-CN"]
    intro_extra = f"\n{t['anonymous']}" if rnd.anonymous else ""
    out = []
    for who in people:
        channel = personal_channel(who, dept_channels.get(who.dept_id), channels)
        to = who.email or f"{who.person_id}@outbox.invalid"
        subject = t[kind].format(quarter=rnd.quarter)
        intro = t["intro"].format(name=who.name, close=rnd.close_on) + intro_extra
        section = Section(rnd.quarter, (Item(t["item"], link(who)),))
        out.append(Message(f"survey:{rnd.tag()}:{kind}:{who.person_id}", channel, to, subject,
                           intro, (section,), (), False, 0, locale, who.name))  # fmt: skip
    return out


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
