"""Survey quarters as people type them: 2026Q4, 2026-Q4, 2026年第4季度, 2026年四季度.

One parser for validation and the KPIs alike, so a quarter that validation rejects is never the
"latest quarter" a KPI reads (it is a finding, and its answers are left out).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, NamedTuple

_NUMERALS = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_FORMS = (
    re.compile(r"^(\d{4})\s*[-/ ]?\s*Q\s*([1-4])$", re.IGNORECASE),  # 2026Q4, 2026-Q4, 2026 q4
    re.compile(r"^(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?$"),  # 2026年第4季度, 2026年四季度
)


class Quarter(NamedTuple):
    """A calendar quarter; ordered by year, then quarter; shown as ``2026Q4``."""

    year: int
    q: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def last_day(self) -> dt.date:
        nxt = Quarter(self.year + self.q // 4, self.q % 4 + 1).first_day
        return nxt - dt.timedelta(days=1)


def parse_quarter(value: Any) -> Quarter | None:
    """The quarter a cell means, or None when it is not one of the accepted forms."""
    if value is None:
        return None
    return _parse_text(str(value))


@functools.lru_cache(maxsize=256)
def _parse_text(value: str) -> Quarter | None:
    """Cached: a survey tab repeats a handful of quarter texts over tens of thousands of rows."""
    text = value.strip().replace("　", " ")
    for form in _FORMS:
        m = form.match(text)
        if m:
            return Quarter(int(m.group(1)), _NUMERALS[m.group(2)])
    return None


def quarter_of(day: dt.date) -> Quarter:
    """The quarter a date falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)
