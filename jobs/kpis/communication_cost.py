"""沟通成本 (communication cost): the hours per week people spend on cross-department
communication, from the survey question 每周跨部门沟通耗时 (满意度调研 ``weekly_comm_h``).

The value is the mean over the answers of one quarter that give the hours: numerator the sum of
their hours, denominator their number (one answer per respondent: superseded answers and
unreadable quarters count nowhere, as for the other survey KPIs, ``survey_scores.answers``).
The quarter is the latest one the survey KPIs read; the baseline is the same mean over the
baseline quarter (``collabsheet metrics --baseline``), and the target −35% is
``baseline × 0.65`` (``targets.threshold``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from config.settings import KpiSettings
from jobs.kpis.quarters import Quarter, parse_quarter
from jobs.kpis.survey_scores import Answer, answers, latest
from jobs.kpis.tally import Tally, mean
from sheets_sync.workbook import Workbook

COLUMN = "weekly_comm_h"


def _hours(wb: Workbook) -> dict[str, float]:
    """Answer key (as ``survey_scores.answers`` names it) -> the hours it gives."""
    survey = wb["survey"]
    if COLUMN not in survey.positions:  # a survey tab without the question
        return {}
    cols = [survey.column(k) for k in ("response_id", "quarter", "dept_id", COLUMN)]
    out: dict[str, float] = {}
    quarters: dict[Any, Quarter | None] = {}
    for i, (rid, text, dept, hours) in enumerate(zip(*cols, strict=True)):
        if hours is None:
            continue
        if rid:
            out[str(rid)] = float(hours)
            continue
        if text not in quarters:
            quarters[text] = parse_quarter(text)
        out[f"{quarters[text]}:{dept}:{i + 2}"] = float(hours)
    return out


def weekly_hours(
    wb: Workbook, today: dt.date, quarter: Quarter | None = None,
    answered: Sequence[Answer] | None = None,
) -> Tally:  # fmt: skip
    """The mean weekly hours of a quarter's answers that give them (default: the latest
    quarter with answers, not after ``today``'s; ``answered``: ``answers(wb, today)`` when the
    caller has read them)."""
    hours = _hours(wb)
    found = (answered if answered is not None else answers(wb, today)) if hours else []
    q = quarter or latest(found)
    rows = [a for a in found if a.quarter == q and a.key in hours]
    if not rows:  # n/a, with the reason jobs.kpis.reasons gives: no numerator either
        return Tally(None, None, 0, ())
    return mean([hours[a.key] for a in rows], [a.key for a in rows])


def communication_cost(
    wb: Workbook, today: dt.date, kpis: KpiSettings, answered: Sequence[Answer] | None = None
) -> Tally:
    """沟通成本: the latest quarter's mean weekly hours (against the baseline quarter's)."""
    return weekly_hours(wb, today, answered=answered)
