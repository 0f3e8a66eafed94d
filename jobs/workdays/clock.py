"""Two clocks over arrays of instants (UTC epoch seconds): business time and wall-clock time.

Business time follows the usual service-desk rules (Jira Service Management, Zammad,
zendesk/biz): a start outside working hours counts from the next opening, and a deadline that
lands exactly at the end of a working block stays there (18:00, not 09:00 the next day).
Everything is ``numpy.searchsorted`` over the calendar's sorted intervals: no Python loop per row.
"""

from __future__ import annotations

import numpy as np

from jobs.workdays.calendar import WorkCalendar

MISSING = np.iinfo(np.int64).min  # an instant that is not there (NaT)


def worked(cal: WorkCalendar, t: np.ndarray) -> np.ndarray:
    """Working seconds from the calendar's first opening up to each instant ``t``."""
    n = len(cal.starts)
    if n == 0:
        return np.zeros(len(t), dtype=np.int64)
    i = np.searchsorted(cal.ends, t, side="right")  # the first interval still open at t
    k = np.minimum(i, n - 1)
    inside = np.clip(t - cal.starts[k], 0, cal.ends[k] - cal.starts[k])
    total = cal.before[-1] + (cal.ends[-1] - cal.starts[-1])
    return np.where(i < n, cal.before[k] + inside, total)


def add_business(cal: WorkCalendar, t: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """The instant ``seconds`` of working time after ``t`` (MISSING past the calendar's end)."""
    n = len(cal.starts)
    if n == 0:
        return np.full(len(t), MISSING, dtype=np.int64)
    target = worked(cal, t) + seconds
    done = cal.before + (cal.ends - cal.starts)  # working seconds at each interval's end
    i = np.searchsorted(done, target, side="left")  # 'left': a deadline at 18:00 stays there
    k = np.minimum(i, n - 1)
    due = cal.starts[k] + (target - cal.before[k])
    return np.where(i < n, due, MISSING)


def between(
    cal: WorkCalendar, start: np.ndarray, end: np.ndarray, business: np.ndarray
) -> np.ndarray:
    """Seconds from ``start`` to ``end`` on each row's clock (business where ``business``)."""
    wall = end - start
    if not business.any():
        return wall
    return np.where(business, worked(cal, end) - worked(cal, start), wall)


def add(
    cal: WorkCalendar, start: np.ndarray, seconds: np.ndarray, business: np.ndarray
) -> np.ndarray:
    """``start`` plus ``seconds`` on each row's clock."""
    wall = start + seconds
    if not business.any():
        return wall
    return np.where(business, add_business(cal, start, seconds), wall)
