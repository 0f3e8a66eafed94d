"""Quiet hours: outside working hours only level-3 escalations go; the rest is held back until
the next opening (``next_opening``)."""

from __future__ import annotations

import datetime as dt

from config.remind_settings import RemindSettings
from jobs.workdays.calendar import WorkCalendar


def quiet_now(remind: RemindSettings, now: dt.datetime, cal: WorkCalendar | None = None) -> bool:
    """Outside working hours (the working calendar's day, with holidays and 调休, when given;
    else the configured weekdays and hours) when quiet hours apply."""
    if not remind.channels.quiet_hours:
        return False
    minute = now.hour * 60 + now.minute
    if cal is not None and cal.first <= now.date() <= cal.last:
        day = cal.day(now.date())
        return not (day.working and any(a <= minute < b for a, b in day.hours))
    c = remind.calendar
    working = now.weekday() in c.workdays and any(a <= minute < b for a, b in c.hours)
    return not working


def next_opening(
    remind: RemindSettings, now: dt.datetime, cal: WorkCalendar | None = None
) -> dt.datetime:
    """The first moment in working hours at or after ``now`` (the working calendar's days while
    it covers them, then the configured weekdays and hours): when held-back messages go out."""
    c = remind.calendar
    day = now.date()
    for _ in range(400):
        if cal is not None and cal.first <= day <= cal.last:
            d = cal.day(day)
            spans = d.hours if d.working else ()
        else:
            spans = tuple(c.hours) if day.weekday() in c.workdays else ()
        midnight = dt.datetime.combine(day, dt.time())
        for a, b in spans:
            if now < midnight + dt.timedelta(minutes=b):
                return max(now, midnight + dt.timedelta(minutes=a))
        day += dt.timedelta(days=1)
    return now + dt.timedelta(days=1)  # no working hour in a year: try again tomorrow
