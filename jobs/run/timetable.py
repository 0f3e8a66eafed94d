"""When the runs are due: local wall times in the configured zone as UTC instants (daylight
saving handled), the next daily, hourly and weekly times, and whether a moment is working time
(or a day a working day)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from config.errors import CollabsheetError
from config.settings import Settings
from jobs.reminders.routing import quiet_now
from jobs.workdays.calendar import WorkCalendar, compile_calendar, overrides_from
from sheets_sync.workbook import parse_workbook

Clock = Callable[[], dt.datetime]  # aware UTC now
Raw = Mapping[str, Sequence[Sequence[Any]]]
UTC = dt.UTC


def parse_hhmm(text: str) -> dt.time:
    """'09:00' -> 09:00; an error naming the form otherwise."""
    try:
        return dt.time.fromisoformat(text.strip()).replace(second=0, microsecond=0)
    except ValueError as exc:
        raise CollabsheetError(
            f"每日运行时间 {text!r}：请写成 HH:MM，例如 09:00",
            f"daily time {text!r}: expected HH:MM such as 09:00",
        ) from exc


def instant(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A naive wall time in ``zone`` as aware UTC: a time that happens twice is the first, one
    skipped by daylight saving moves forward by the gap (02:30 -> 03:30)."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def wall(at: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Aware instant -> naive wall time in ``zone`` (as the sheets and ``_runs`` write it)."""
    return at.astimezone(zone).replace(tzinfo=None)


def next_daily(now: dt.datetime, zone: ZoneInfo, at: dt.time) -> dt.datetime:
    """The first daily time ``at`` (local) strictly after ``now``."""
    day = wall(now, zone).date()
    while (t := instant(dt.datetime.combine(day, at), zone)) <= now:
        day += dt.timedelta(days=1)
    return t


def passed_daily(now: dt.datetime, zone: ZoneInfo, at: dt.time) -> dt.datetime | None:
    """Today's daily time when it has passed (a start-up after it may have to catch up)."""
    t = instant(dt.datetime.combine(wall(now, zone).date(), at), zone)
    return t if t <= now else None


def next_hourly(
    now: dt.datetime, zone: ZoneInfo, working: Callable[[dt.datetime], bool], skip: dt.time
) -> dt.datetime | None:
    """The next whole local hour after ``now`` inside working hours, except ``skip`` (the daily
    run's time: that run does everything the hourly one does). None: no working hour in a year."""
    local = wall(now, zone).replace(minute=0, second=0, microsecond=0)
    for _ in range(24 * 400):
        local += dt.timedelta(hours=1)
        t = instant(local, zone)
        if t <= now or wall(t, zone) != local:  # passed, or a wall time daylight saving skips
            continue
        if local.time() != skip and working(local):
            return t
    return None


def weekly_slot(
    monday: dt.date, zone: ZoneInfo, weekday: int, at: dt.time,
    workday: Callable[[dt.date], bool],
) -> dt.datetime | None:  # fmt: skip
    """The weekly time of the ISO week starting ``monday``: its day ``weekday`` at ``at``, or
    the first working day after it when that day is not one (Monday 2026-10-05, National Day:
    Thursday 10-08). None: no working day in the two weeks from it."""
    day = monday + dt.timedelta(days=weekday)
    for _ in range(14):
        if workday(day):
            return instant(dt.datetime.combine(day, at), zone)
        day += dt.timedelta(days=1)
    return None


def _monday(now: dt.datetime, zone: ZoneInfo) -> dt.date:
    today = wall(now, zone).date()
    return today - dt.timedelta(days=today.weekday())


def next_weekly(
    now: dt.datetime, zone: ZoneInfo, weekday: int, at: dt.time,
    workday: Callable[[dt.date], bool],
) -> dt.datetime | None:  # fmt: skip
    """The first weekly time strictly after ``now`` (last week's, moved past a holiday, may
    still be ahead). Two weeks whose times fall on one day make one run. None: none in a year."""
    monday = _monday(now, zone)
    for w in range(-1, 53):
        t = weekly_slot(monday + dt.timedelta(weeks=w), zone, weekday, at, workday)
        if t is not None and t > now:
            return t
    return None


def passed_weekly(
    now: dt.datetime, zone: ZoneInfo, weekday: int, at: dt.time,
    workday: Callable[[dt.date], bool], working: Callable[[dt.datetime], bool] | None = None,
) -> dt.datetime | None:  # fmt: skip
    """This week's weekly time when it has passed earlier today, or on an earlier day with no
    working time since that day ended (a catch-up moved from the evening to the next morning
    survives a restart in the night: review21); a start-up later than that waits for the
    next week's. The run is skipped when ``_runs`` has it."""
    t = weekly_slot(_monday(now, zone), zone, weekday, at, workday)
    if t is None or t > now:
        return None
    day = wall(t, zone).date()
    if day == wall(now, zone).date():
        return t
    if working is None:
        return None
    ended = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
    if _worked(ended, now, zone, working):
        return None
    # and working time left this week to run it in (not at 08:00 on the Sunday after)
    return t if working(wall(now, zone)) or next_working(now, zone, working) != now else None


def _worked(start: dt.datetime, end: dt.datetime, zone: ZoneInfo,
            working: Callable[[dt.datetime], bool]) -> bool:  # fmt: skip
    """Whether any quarter hour from ``start`` to ``end`` is working time (a week at most)."""
    t = start.astimezone(zone)
    while t < end and t < start + dt.timedelta(days=7):
        if working(t.replace(tzinfo=None)):
            return True
        t += dt.timedelta(minutes=15)
    return False


def next_working(
    now: dt.datetime, zone: ZoneInfo, working: Callable[[dt.datetime], bool]
) -> dt.datetime:
    """``now`` if it is working time (``working`` of the wall time), else the next quarter hour
    that is in the same ISO week (a weekly run makes the pack of the week it runs in: review21),
    else ``now``: a catch-up that sends goes then, not in the evening."""
    if working(wall(now, zone)):
        return now
    t = now.astimezone(zone).replace(second=0, microsecond=0)
    t += dt.timedelta(minutes=15 - t.minute % 15)
    week = t.isocalendar()[:2]
    while t.isocalendar()[:2] == week:
        if working(t.replace(tzinfo=None)):
            return t.astimezone(now.tzinfo)
        t += dt.timedelta(minutes=15)
    return now


class WorkingTime:
    """Whether a local time is working time on the working calendar (configured hours and
    workdays, official holidays and 调休, the workbook's calendar tab): the reminders' test."""

    def __init__(self, settings: Settings) -> None:
        channels = dataclasses.replace(settings.channels, quiet_hours=True)
        self.settings = dataclasses.replace(settings, channels=channels)
        self.overrides: dict[dt.date, Any] = {}
        self.calendar: WorkCalendar | None = None

    def update(self, raw: Raw) -> None:
        """Take the calendar tab's overrides from a fresh read of the workbook (only that tab is
        parsed: the run parses the whole workbook from the same read)."""
        try:
            tab = parse_workbook(raw, self.settings, lazy=True)["calendar"]
        except CollabsheetError:  # not a whole workbook: keep what we had
            return
        overrides, _ = overrides_from(tab)
        if overrides != self.overrides:
            self.overrides, self.calendar = overrides, None

    def _calendar(self, day: dt.date) -> WorkCalendar:
        """The working calendar around ``day`` (90 days from the day before, compiled once)."""
        cal = self.calendar
        if cal is None or not cal.first <= day <= cal.last:
            first = day - dt.timedelta(days=1)
            s = self.settings
            cal = compile_calendar(
                s.calendar, s.timezone, first, first + dt.timedelta(days=90), self.overrides
            )
            self.calendar = cal
        return cal

    def __call__(self, local: dt.datetime) -> bool:
        return not quiet_now(self.settings.remind_section, local, self._calendar(local.date()))

    def workday(self, day: dt.date) -> bool:
        """Whether ``day`` has working hours (holidays, 调休 and the calendar tab applied)."""
        d = self._calendar(day).day(day)
        return bool(d.working and d.hours)
