"""A date typed without its year (12月8日, 12-08 14:00): the cell does not say which year, so it
is a finding of its own whose fix shows that very date with the year to write (YYYY: which
year is for the person to say; trial15: 「12月8日」 got "write it as 2026-11-26").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sheets_sync.finding import rule

rule(
    "date.no_year",
    "error",
    ("「{value}」没有年份，读不出是哪一年",
     "写上四位年份：YYYY-{month}-{day}{time}（年-月-日），或使用日期格式的单元格"),
    ("'{value}' has no year: which year cannot be told",
     "write the year too: YYYY-{month}-{day}{time} (year-month-day), or use a date cell"),
)  # fmt: skip
_MONTH_DAY = re.compile(
    r"^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*[日号]?(?:\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*分?)?$"
)


def month_day(text: str) -> dict[str, str] | None:
    """The month, day and time (" 14:00" or "") of a date typed without a year, else None."""
    m = _MONTH_DAY.match(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    try:  # a day no year has (2月30日) or no time (25:00) is no date at all: date.format
        dt.datetime(2024, int(m[1]), int(m[2]), int(m[3] or 0), int(m[4] or 0))  # a leap year
    except ValueError:
        return None
    time = f" {int(m[3]):02}:{int(m[4] or 0):02}" if m[3] else ""
    return {"month": f"{int(m[1]):02}", "day": f"{int(m[2]):02}", "time": time}
