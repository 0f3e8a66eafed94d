"""Rows of a form tool's export that are not plain answers: a summary (合计, 平均) or a note
under them, and answers alike whose time cannot tell them apart (``survey import``)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sheets_sync.cell import header_form

SUMMARY = frozenset({"合计", "总计", "小计", "平均", "平均值", "均值", "total", "totals",
                     "average", "mean"})  # fmt: skip


def summary_row(row: Sequence[Any]) -> tuple[int, str] | None:
    """(0-based column, text) of a cell that makes ``row`` a summary of the answers (合计,
    平均 in any column: 问卷星 puts 序号 and times first; review39), or None."""
    for j, v in enumerate(row):
        if isinstance(v, str) and header_form(v).strip(":：").lower() in SUMMARY:
            return j, v
    return None


def coarse(parts: tuple[str, dt.datetime | None, str], typed: Any) -> bool:
    """The key is a time alone, to the minute or the day: no submission number, respondent or
    second tells two answers alike apart from one pasted twice. Text says its seconds (10:15:00
    has them: review37); a date cell's format is not known here, its value is taken."""
    submission, at, respondent = parts
    if submission or respondent or at is None:
        return False
    if isinstance(typed, str):
        return not re.search(r"\d:\d{1,2}:\d{1,2}", typed)
    return at.second == 0
