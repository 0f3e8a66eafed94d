"""Why a run sent nothing, in one line: not a working day, quiet hours (both: held back until
the next opening), nothing due, or everything due already sent earlier today.

A run that sent (or would send) something has no silence; neither has one whose messages
failed, were carried or wait for a retry: their own lines say why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from config.phrases import Phrases, language
from config.remind_settings import RemindSettings
from config.sla_rules import CalendarSettings
from jobs.reminders.quiet_hours import next_opening, quiet_now
from jobs.reminders.reminders_tab import Entry
from jobs.workdays.calendar import ZH_NAMES, WorkCalendar

WENT = ("sent", "would_send")
EXPLAINED = ("failed", "dead", "carried", "pending")  # each has a line with its error
_ZH_DAYS = "一二三四五六日"
_EN_NAMES = {zh: en for en, zh in ZH_NAMES.items()}


@dataclass(frozen=True)
class Silence:
    """Why nothing went: ``reason`` is not_working_day, quiet_hours (each ``_none`` when nothing
    is held for the opening), nothing_due, waiting (retries not due yet: ``sent_today`` of
    them, the first at ``until``) or all_sent."""

    reason: str
    day: dt.date
    until: dt.datetime | None = None  # the next opening, when held back
    holiday: str = ""  # the day's name in the working calendar (国庆节), if any
    sent_today: int = 0
    last_sent: str = ""  # HH:MM of the last message sent today
    hourly: bool = False
    unread: tuple[str, ...] = ()  # tabs not read: said after the reason (trial20: 人员 unread)

    def line(self, locale: str, dry_run: bool = False) -> str:
        """The one line, in ``locale`` (zh-CN or en)."""
        en = language(locale) == "en"
        reason = (
            "nothing_due_hourly" if self.reason == "nothing_due" and self.hourly else self.reason
        )
        if en:
            name = _EN_NAMES.get(self.holiday, self.holiday)
            names = ", ".join(filter(None, (name, f"{self.day:%A}")))
        else:
            names = "，".join(filter(None, (self.holiday, f"星期{_ZH_DAYS[self.day.weekday()]}")))
        text = _TEXT(
            locale, reason, day=self.day, names=names,
            until=f"{self.until:%Y-%m-%d %H:%M}" if self.until else "", n=self.sent_today,
            last=self.last_sent,
        )  # fmt: skip
        if self.unread:  # whatever else is so (review23: all_sent left it out)
            text += _TEXT(locale, "unread", tabs=_TEXT(locale, "sep").join(self.unread))
        head = _TEXT(locale, "head_dry" if dry_run else "head")
        return _TEXT(locale, "line", head=head, text=text)


_ZH = {
    "head": "未发送任何消息",
    "sep": "、",
    "head_dry": "不会发送任何消息",
    "line": "{head}：{text}",
    "not_working_day": "今天（{day}，{names}）不是工作日，提醒将在 {until} 发出",
    "quiet_hours": "现在是免打扰时段（工作时间外），提醒将在 {until} 发出",
    "quiet_hours_none": "现在是免打扰时段（工作时间外），没有暂缓待发的提醒",
    "not_working_day_none": "今天（{day}，{names}）不是工作日，没有暂缓待发的提醒",
    "nothing_due": "没有到期的提醒",
    "unread": "；未读取的工作表（{tabs}）中的事项和收件人不在本次提醒中，请先修正（原因见 "
    "_checks 或 collabsheet validate）",
    "nothing_due_hourly": "没有到期的提醒（每小时运行只发送三级升级、重试、暂缓到工作时间的消息和"
    "新任务通知）",
    "all_sent": "到期的提醒都已发送过（今天 {n} 条，最后一条 {last}）",
    "waiting": "{n} 条消息等待重试，最早 {until} 起发送（频率限制或渠道暂时无法送达，见 "
    "_reminders）",
}
_EN = {
    "head": "nothing sent",
    "sep": ", ",
    "head_dry": "would send nothing",
    "line": "{head}: {text}",
    "not_working_day": "{day} ({names}) is not a working day; reminders go at {until}",
    "quiet_hours": "quiet hours (outside working hours); reminders go at {until}",
    "quiet_hours_none": "quiet hours (outside working hours); no reminder is held",
    "not_working_day_none": "{day} ({names}) is not a working day; no reminder is held",
    "nothing_due": "nothing is due",
    "unread": "; the items and people of the tabs not read ({tabs}) are in no reminder: correct "
    "them first (why: _checks or collabsheet validate)",
    "nothing_due_hourly": "nothing is due (the hourly run sends level-3 escalations, retries, "
    "messages held for working hours and new-task announcements only)",
    "all_sent": "everything due was sent already ({n} message(s) today, the last at {last})",
    "waiting": "{n} message(s) wait to be retried, the first from {until} (a rate limit or a "
    "channel not reachable for now: see _reminders)",
}
_TEXT = Phrases.from_locales("jobs/reminders/silence.py", {"zh-CN": _ZH, "en": _EN})


def working_day(calendar: CalendarSettings, day: dt.date, cal: WorkCalendar | None) -> bool:
    """Whether ``day`` is a working day: the working calendar's, else the configured weekdays
    (``[calendar]``)."""
    if cal is not None and cal.first <= day <= cal.last:
        return cal.day(day).working
    return day.weekday() in calendar.workdays


def silence(
    remind: RemindSettings,
    now: dt.datetime,
    cal: WorkCalendar | None,
    statuses: Sequence[str],
    ledger: Iterable[Entry],
    hourly: bool = False,
    unread: Sequence[str] = (),
) -> Silence | None:
    """Why this run's deliveries (``statuses``) sent nothing; None when something went or the
    deliveries say why themselves. ``ledger``: the reminders ledger after the run; ``unread``:
    the titles of the tabs not read (nothing due is not all that is so then)."""
    if any(s in WENT or s in EXPLAINED for s in statuses):
        return None
    today = now.date()
    if quiet_now(remind, now, cal):
        opens = next_opening(remind, now, cal)
        name = cal.day(today).name if cal is not None and cal.first <= today <= cal.last else ""
        reason = "quiet_hours" if working_day(remind.calendar, today, cal) else "not_working_day"
        entries = list(ledger)
        held = any(s in ("held", "would_hold") for s in statuses) or any(
            e.status == "held" for e in entries)  # fmt: skip
        if not held:  # no promise of what is not held (trial17: "提醒将在 13:00 发出", and the
            reason += "_none"  # 13:00 run sent nothing)
        ledger = entries
        return Silence(reason, today, opens, name, hourly=hourly, unread=tuple(unread))
    stamp, entries = today.isoformat(), list(ledger)
    # retries not due yet (trial23: 426 waiting for DingTalk's 10 minutes were "all sent")
    later = sorted(e.next_at for e in entries
                   if e.status == "pending" and e.next_at > f"{now:%Y-%m-%d %H:%M:%S}")  # fmt: skip
    if later:
        first = dt.datetime.strptime(later[0][:16], "%Y-%m-%d %H:%M")
        return Silence("waiting", today, first, sent_today=len(later), unread=tuple(unread))
    sent = sorted(e.sent_at for e in entries if e.status == "sent" and e.sent_at[:10] == stamp)
    if sent:
        return Silence("all_sent", today, sent_today=len(sent), last_sent=sent[-1][11:16],
                       unread=tuple(unread))  # fmt: skip
    return Silence("nothing_due", today, hourly=hourly, unread=tuple(unread))
