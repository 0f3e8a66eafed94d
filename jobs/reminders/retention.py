"""How long ``_reminders`` keeps a row: a message of a past day leaves the tab after a month.

A daily run adds a row per digest, head's and meeting list and per failure notice, each keyed
by its day (``digest:P001:2026-11-27``, ``meeting:P007:2026-11-27#2``, ``failure:daily:…``); at
100,000 tasks that is more than a thousand rows a day, which would reach a spreadsheet's
limits within a year or two (Excel's 1,048,576 rows, Google's 10 million cells). A key of a
past day is never planned again, so once its day is ``KEEP_DAYS`` behind and nothing is left
to do for it (sent, failed, dead, superseded), its row is dropped from the tab; the results
database keeps it. Keys without a day (escalations, assignments, survey letters, the weekly
pack's week) stay, as do pending and held messages whatever their day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from jobs.reminders.reminders_tab import FINAL, Entry

KEEP_DAYS = 31  # a month of messages in the tab: failures are told for a week, weeks compared
_DAY = re.compile(r":(\d{4}-\d{2}-\d{2})(?:#\d+)?$")  # the day a key ends with (a part: #n)


def day_of(key: str) -> dt.date | None:
    """The day a ledger key is for, or None for a key without one."""
    found = _DAY.search(key)
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None


def horizon(entries: Iterable[Entry], today: dt.date) -> dt.date:
    """The day the month is counted back from: ``today``, or the latest day an entry was
    written if later (a run dated in the past, ``--at``, must not take back what left)."""
    latest = max((e.last_at for e in entries), default="")
    try:
        return max(today, dt.date.fromisoformat(latest[:10])) if latest else today
    except ValueError:
        return today


def retired(entry: Entry, today: dt.date) -> bool:
    """Whether the row of ``entry`` leaves ``_reminders`` (see the module docstring)."""
    return entry.status in FINAL and forgotten(entry.key, today)


def forgotten(key: str, today: dt.date) -> bool:
    """Whether ``key`` is of a day more than ``KEEP_DAYS`` before ``today``: its row may have
    left the tab, so such a message is never sent (a run dated in the past would send it
    again otherwise)."""
    day = day_of(key)
    return day is not None and (today - day).days > KEEP_DAYS
