"""A1 notation and Sheets API cell payloads: the small pure helpers of the Google backend."""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Collection
from typing import Any

from config.spreadsheet import spreadsheet_key  # noqa: F401 (re-exported: the backends use it)
from sheets_sync.finding import column_letter as column  # one spelling of A..ZZ

EPOCH = dt.datetime(1899, 12, 30)  # serial day 0 in Google Sheets
MAX_CELL_CHARS = 50_000
MAX_CELLS = 10_000_000


def quoted(title: str) -> str:
    """A tab title as a range: always quoted, quotes doubled, so any title parses."""
    return "'" + title.replace("'", "''") + "'"


def bot_sheet_id(title: str, taken: Collection[int]) -> int:
    """A stable sheetId for a new bot tab, so links can name it before it exists."""
    sid = zlib.crc32(title.encode("utf-8")) % 2_000_000_000 + 1
    while sid in taken:
        sid += 1
    return sid


def text_of(v: Any) -> str:
    """A date or time as people type it (a cell of a column whose cells above hold text)."""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M") if not v.second else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def cell_data(v: Any, minutes: bool = False) -> dict[str, Any]:
    """CellData for updateCells: typed values, text stays text (never parsed as a formula);
    ``minutes``: a time on the minute shown without seconds, as people type it."""
    if v is None or v == "":
        return {}
    if isinstance(v, bool):
        return {"userEnteredValue": {"boolValue": v}}
    if isinstance(v, int | float):
        if isinstance(v, float) and not math.isfinite(v):
            return {}
        return {"userEnteredValue": {"numberValue": v}}
    if isinstance(v, dt.datetime | dt.date):
        x = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
        days = (x.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        pattern = "yyyy-mm-dd hh:mm:ss" if isinstance(v, dt.datetime) else "yyyy-mm-dd"
        if minutes and isinstance(v, dt.datetime) and not (v.second or v.microsecond):
            pattern = "yyyy-mm-dd hh:mm"
        return {
            "userEnteredValue": {"numberValue": days},
            "userEnteredFormat": {"numberFormat": {"type": "DATE_TIME", "pattern": pattern}},
        }
    return {"userEnteredValue": {"stringValue": str(v)}}


def too_long(title: str, rows: Any) -> str | None:
    """The first cell over Google's 50,000-character limit, as ``tab!A1 (n characters)``."""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                return f"{title}!{column(c)}{r + 1} ({len(v)} characters)"
    return None
