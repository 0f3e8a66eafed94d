"""Quiet hours: outside working hours only level-3 escalations go."""

from __future__ import annotations

import datetime as dt

from config.settings import Settings
from jobs.workdays.calendar import WorkCalendar


def quiet_now(settings: Settings, now: dt.datetime, cal: WorkCalendar | None = None) -> bool:
    """Outside working hours (the working calendar's day, with holidays and 调休, when given;
    else the configured weekdays and hours) when quiet hours apply."""
    if not settings.channels.quiet_hours:
        return False
    minute = now.hour * 60 + now.minute
    if cal is not None and cal.first <= now.date() <= cal.last:
        day = cal.day(now.date())
        return not (day.working and any(a <= minute < b for a, b in day.hours))
    c = settings.calendar
    working = now.weekday() in c.workdays and any(a <= minute < b for a, b in c.hours)
    return not working
