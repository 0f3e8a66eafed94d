"""When an import's answers were submitted: outside the quarter given, or after the import.
Each is one warning for the whole file, naming its first cell; the answers are imported all
the same (the quarter given is the user's word; a time in the future, a typing slip)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from jobs.kpis.quarters import Quarter
from jobs.survey.export_columns import ExportColumns
from sheets_sync.finding import Finding, a1, rule

LATE_DAYS = 31  # answers of a round that closes early in the next quarter still belong to it
AHEAD = dt.timedelta(hours=1)  # a submission time this far after the import is not flagged

rule(
    "survey_import.quarter",
    "warning",
    ("{of} 份答卷中有 {n} 份的提交时间不在 {quarter} 内（也不在其后 {days} 天内），"
     "如这一格「{value}」",
     "确认 --quarter 是否写对：答卷按 --quarter 计入，已导入的答卷不会因为换了季度而再次导入"),
    ("{n} of {of} answers were submitted outside {quarter} (or more than {days} days after it), "
     "e.g. '{value}'", "check --quarter: answers count in the quarter given, and an answer "
     "imported once is not imported again under another quarter"),
)  # fmt: skip
rule(
    "survey_import.future",
    "warning",
    ("{of} 份答卷中有 {n} 份的提交时间晚于导入时（{now:%Y-%m-%d %H:%M}），如这一格「{value}」",
     "核对导出文件的时间（时区、年份、是否把月和日写反）；这些答卷已按 --quarter 导入"),
    ("{n} of {of} answers were submitted after the import ({now:%Y-%m-%d %H:%M}), e.g. "
     "'{value}'", "check the export's times (time zone, year, month and day swapped); these "
     "answers were imported under --quarter"),
)  # fmt: skip


class Timed(Protocol):
    """An imported answer: its 1-based row in the export and its record."""

    @property
    def row(self) -> int: ...
    @property
    def record(self) -> dict[str, Any]: ...


def outside(
    quarter: Quarter, answers: Sequence[Timed], source: str, cols: ExportColumns
) -> list[Finding]:
    """One warning when answers were submitted outside ``quarter`` (or more than
    ``LATE_DAYS`` after it): a wrong --quarter cannot be undone by importing again."""
    last = quarter.last_day + dt.timedelta(days=LATE_DAYS)
    return _once("survey_import.quarter", lambda t: not quarter.first_day <= t.date() <= last,
                 answers, source, cols, quarter=str(quarter), days=LATE_DAYS)  # fmt: skip


def future(
    now: dt.datetime, answers: Sequence[Timed], source: str, cols: ExportColumns
) -> list[Finding]:
    """One warning when answers were submitted after the import (more than ``AHEAD`` later:
    a form tool an hour ahead is not flagged): a wrong year or a day and month swapped
    (trial7: answers of 12-09 imported on 12-07, unsaid)."""
    return _once("survey_import.future", lambda t: t > now + AHEAD, answers, source, cols,
                 now=now)  # fmt: skip


rule(
    "survey_import.after_close",
    "warning",
    ("{of} 份答卷中有 {n} 份在本轮结束（{closed}）之后提交，如这一格「{value}」；导入后回收率"
     "会与结束时记录的最终数字不同",
     "若这些答卷是截止前收到的（导出晚了），可以保留；否则删去这些行，或用 survey open --reopen "
     "重新开启本轮"),
    ("{n} of {of} answers were submitted after the round closed ({closed}), e.g. '{value}'; "
     "imported, the rate differs from the final one recorded at the close",
     "keep them if they came before the close (a late export); else delete those rows, or "
     "reopen the round with survey open --reopen"),
)  # fmt: skip


def after_close(
    closed: dt.datetime | None, answers: Sequence[Timed], source: str, columns: Mapping[str, int]
) -> list[Finding]:
    """One warning when answers were submitted after the quarter's round closed (trial35: an
    answer of 12-09 imported after the 12-08 close moved the rate, unsaid)."""
    if closed is None or "submitted_at" not in columns:
        return []
    off = [a for a in answers if (t := a.record.get("submitted_at")) is not None and t > closed]
    if not off:
        return []
    params = {"n": len(off), "of": len(answers), "closed": f"{closed:%Y-%m-%d %H:%M}"}
    return [
        Finding(
            source,
            a1(columns["submitted_at"], off[0].row),
            off[0].record["submitted_at"],
            "survey_import.after_close",
            params,
        )
    ]


def _once(
    rule_id: str, wrong: Callable[[dt.datetime], bool], answers: Sequence[Timed], source: str,
    cols: ExportColumns, **params: Any,
) -> list[Finding]:  # fmt: skip
    """One finding of ``rule_id`` for the answers whose submission time is ``wrong``, at the
    first one's cell, counting them among all."""
    off = [a for a in answers if (t := a.record.get("submitted_at")) is not None and wrong(t)]
    if not off:
        return []
    at = a1(cols.index["submitted_at"], off[0].row)
    params |= {"n": len(off), "of": len(answers)}
    return [Finding(source, at, off[0].record["submitted_at"], rule_id, params)]
