"""The demo's working clock: positions in working minutes on the official calendar.

Part of the demo workbook (``sheets_sync.demo``): every demo time is a position in working
minutes (09:00-12:00 and 13:00-18:00 on the working days of China's official calendar, from
``chinese_calendar``, minus the demo company's own days off), so people act in working hours
and the demo's hours mean what the SLA clock counts. A table of days makes each conversion
O(1), for benchmark workbooks of 100,000 tasks.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import chinese_calendar
import holidays

DAY_MIN = 480  # 09:00-12:00 and 13:00-18:00
_MORNING = 180
_YEARS = 3  # the table reaches this many years either side of today


@functools.cache
def _statutory(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("CN", years=year))


def _official_workday(day: dt.date) -> bool:
    """A working day of the State Council's schedule; a year it has no schedule for yet
    (``chinese_calendar`` raises) is taken as weekdays without the statutory holidays, as
    ``sla`` takes it (``jobs.workdays.calendar``: provisional)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5 and day not in _statutory(day.year)


class WorkClock:
    """Working minutes counted from the table's first day; ``at`` and ``pos`` convert."""

    def __init__(self, today: dt.date, off: Iterable[dt.date] = (), on: Iterable[dt.date] = ()):
        self._first = today - dt.timedelta(days=366 * _YEARS)
        off_days, on_days = set(off), set(on)
        self._days: list[dt.date] = []  # the working days, in order
        self._next: list[int] = []  # per calendar day: index of the first working day >= it
        for n in range(2 * 366 * _YEARS + 1):
            day = self._first + dt.timedelta(days=n)
            self._next.append(len(self._days))
            if day in on_days or (_official_workday(day) and day not in off_days):
                self._days.append(day)

    def is_workday(self, day: dt.date) -> bool:
        k = self._index(day)
        return k < len(self._days) and self._days[k] == day

    def _index(self, day: dt.date) -> int:
        n = (day - self._first).days
        if not 0 <= n < len(self._next):
            raise ValueError(f"{day} is beyond the demo calendar ({_YEARS} years from today)")
        return self._next[n]

    def pos(self, t: dt.datetime) -> int:
        """Working minutes before ``t`` (a moment outside working time: the last opening)."""
        k = self._index(t.date())
        if k >= len(self._days) or self._days[k] != t.date():
            return k * DAY_MIN
        m = t.hour * 60 + t.minute
        into = min(max(m - 9 * 60, 0), _MORNING) + min(max(m - 13 * 60, 0), DAY_MIN - _MORNING)
        return k * DAY_MIN + into

    def at(self, p: float) -> dt.datetime:
        """The moment ``p`` working minutes in; a day's end is 18:00 of that day, not 09:00
        of the next, so ``at(pos(t)) <= t`` always."""
        k, m = divmod(int(p), DAY_MIN)
        if m == 0 and k > 0:
            k, m = k - 1, DAY_MIN
        if not 0 <= k < len(self._days):
            raise ValueError(f"{p} working minutes is beyond the demo calendar")
        clock = 9 * 60 + m if m <= _MORNING else 13 * 60 + m - _MORNING
        return dt.datetime.combine(self._days[k], dt.time(clock // 60, clock % 60))

    def after(self, t: dt.datetime, minutes: float) -> dt.datetime:
        """``minutes`` of working time after ``t`` (negative: before)."""
        return self.at(self.pos(t) + minutes)

    def day(self, p: float) -> dt.date:
        """The working day of position ``p``."""
        return self.at(p).date()
