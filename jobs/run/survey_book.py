"""The workbook as the survey commands read it: one read with their bot tabs decoded, the survey
tab's columns checked before answers are appended, its answer ids, the working calendar and each
department's channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from config.errors import BackendError
from config.settings import Settings
from config.sla_settings import SlaSettings
from jobs.workdays.calendar import WorkCalendar, compile_calendar, overrides_from
from sheets_sync.backend import Backend
from sheets_sync.workbook import Workbook, parse_workbook

READS = ("_reminders", "_runs", "_survey_rounds")


def read_book(settings: Settings, backend: Backend) -> Workbook:
    """One read; tables parsed when first used, the bot tabs a survey command reads decoded."""
    return parse_workbook(backend.read(), settings, lazy=True, bot_tabs=READS)


def survey_calendar(sla: SlaSettings, wb: Workbook, first: dt.date, last: dt.date) -> WorkCalendar:
    """The working calendar from ``first`` to ``last``, the workbook's overrides included."""
    overrides, _ = overrides_from(wb["calendar"])
    return compile_calendar(sla.calendar, sla.timezone, first, last, overrides)


def response_ids(wb: Workbook) -> list[Any]:
    """Every 答卷编号 in the survey tab, rows the parser set aside included."""
    table = wb["survey"]
    return [*table.column("response_id"), *(r.get("response_id") for r in table.skipped)]


def check_survey_tab(wb: Workbook) -> None:
    """Refuse a survey tab without a column the answers are appended to (naming the fix)."""
    table = wb["survey"]
    lacking = [k for k in ("response_id", "quarter", "dept_id", "submitted_at", "clarity",
                           "smoothness", "communication", "overall", "comment")
               if k not in table.positions]  # fmt: skip
    if lacking:
        raise BackendError(
            f"「{table.title}」缺少列 {', '.join(lacking)}：答卷追加在这里，"
            "请补上该表或这些列后重试",
            f"tab {table.title!r} has no column for {', '.join(lacking)}: answers are appended "
            "there; add the tab (collabsheet init shows its header) or the column(s) and run "
            "again",
        )


def channels_of(wb: Workbook) -> dict[str, Any]:
    """Each department's channel (``部门`` ``channel``), by department id."""
    return {str(d["dept_id"]): d.get("channel") for d in wb["departments"].records()
            if d.get("dept_id")}  # fmt: skip
