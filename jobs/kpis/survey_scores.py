"""The quarterly survey's KPIs: satisfaction on the three dimensions (权责清晰度, 流程顺畅度,
沟通效率), each dimension's score per department and quarter, and 沟通效率 (沟通成本:
``jobs.kpis.communication_cost``).

A response is satisfied when the mean of its three dimensions reaches
``KpiSettings.satisfied_at`` (4 by default). Quarters are read with ``jobs.kpis.quarters``:
an answer whose quarter cannot be read is a validation finding and counts nowhere here. An
answer superseded by a later one of its respondent (answered again through the survey form,
``jobs.survey.responses``) counts nowhere either. The survey tab holds tens of thousands of
answers: a run reads them once (``answers``) and hands them to each KPI as ``answered``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from config.settings import KpiSettings
from jobs.kpis.quarters import Quarter, parse_quarter, quarter_of
from jobs.kpis.tally import Tally, mean, ratio
from jobs.survey.responses import superseded
from sheets_sync.workbook import Workbook

DIMENSIONS = ("clarity", "smoothness", "communication")  # 权责清晰度, 流程顺畅度, 沟通效率


class Answer(NamedTuple):
    """One counted answer (a tuple: built 40,000 times a run, at C speed)."""

    key: str  # response_id, else "QUARTER:DEPT:ROW"
    quarter: Quarter
    dept_id: Any
    scores: tuple[float, float, float]  # the three dimensions, in DIMENSIONS order


@dataclass(frozen=True)
class DimensionScore:
    """The mean score of each dimension for one department in one quarter."""

    quarter: str
    dept_id: str
    answers: int
    clarity: float
    smoothness: float
    communication: float


def answers(wb: Workbook, until: dt.date | None = None) -> list[Answer]:
    """Answers with a readable quarter (not after ``until``'s quarter) and all three ratings.

    Read column by column, each quarter text parsed once: the survey tab holds tens of
    thousands of answers (40,000 at 100,000 tasks), and a dict per row cost 0.2 s a call."""
    last = quarter_of(until) if until else None
    survey = wb["survey"]
    cols = [survey.column(k) for k in ("response_id", "quarter", "dept_id", *DIMENSIONS)]
    readable: dict[Any, Quarter | None] = {}  # quarter cell -> its quarter, if counted
    out = []
    for i, (rid, text, dept, a, b, c) in enumerate(zip(*cols, strict=True)):
        if text in readable:
            q = readable[text]
        else:
            q = parse_quarter(text)
            q = readable[text] = None if q is None or (last and q > last) else q
        if q is None or a is None or b is None or c is None:
            continue
        key = str(rid or f"{q}:{dept}:{i + 2}")
        out.append(Answer(key, q, dept, (float(a), float(b), float(c))))
    gone = superseded([a.key for a in out])  # answered again through the survey form
    return [a for i, a in enumerate(out) if i not in gone] if gone else out


def latest(found: Sequence[Answer]) -> Quarter | None:
    return max((a.quarter for a in found), default=None)


def _counted(wb: Workbook, today: dt.date, answered: Sequence[Answer] | None) -> Sequence[Answer]:
    """``answered`` (the run's ``answers(wb, today)``), else read now."""
    return answered if answered is not None else answers(wb, today)


def from_before(answered: Sequence[Answer], today: dt.date) -> tuple[str, str] | None:
    """Why a survey KPI's value is an earlier quarter's, when it is (trial30: 2026Q3's 90.0%
    shown on 2026-12-07 as this quarter's, unsaid): None when the latest answers are this
    quarter's or there are none."""
    q, now = latest(answered), quarter_of(today)
    if q is None or q == now:
        return None
    return (f"来自 {q} 的答卷：本季度 {now} 尚无答卷",
            f"from the {q} answers: none yet for this quarter, {now}")  # fmt: skip


def satisfaction(
    wb: Workbook, today: dt.date, kpis: KpiSettings, answered: Sequence[Answer] | None = None
) -> Tally:
    """Latest quarter's answers whose three-dimension mean ≥ satisfied_at / its answers.
    ``answered``: ``answers(wb, today)`` when the caller has read them (else read here)."""
    found = _counted(wb, today, answered)
    q = latest(found)
    rows = [a for a in found if a.quarter == q]
    hits = [sum(a.scores) / 3 >= kpis.satisfied_at - 1e-9 for a in rows]
    return ratio(hits, [a.key for a in rows])


def communication_score(
    wb: Workbook, today: dt.date, quarter: Quarter | None = None,
    answered: Sequence[Answer] | None = None,
) -> Tally:  # fmt: skip
    """The mean 沟通效率 rating (1-5) of a quarter's answers (default: the latest quarter)."""
    found = _counted(wb, today, answered)
    q = quarter or latest(found)
    rows = [a for a in found if a.quarter == q]
    return mean([a.scores[2] for a in rows], [a.key for a in rows])


def communication_efficiency(
    wb: Workbook, today: dt.date, kpis: KpiSettings, answered: Sequence[Answer] | None = None
) -> Tally:
    """沟通效率: the latest quarter's mean 沟通效率 rating (against the baseline quarter's)."""
    return communication_score(wb, today, answered=answered)


def dimension_scores(
    wb: Workbook, today: dt.date | None = None, answered: Sequence[Answer] | None = None
) -> list[DimensionScore]:
    """Each dimension's mean score per quarter and department, quarters in order."""
    groups: dict[tuple[Quarter, str], list[Answer]] = defaultdict(list)
    for a in answered if answered is not None else answers(wb, today):
        groups[(a.quarter, str(a.dept_id))].append(a)
    out = []
    for (q, dept), rows in sorted(groups.items()):
        n = len(rows)
        means = [round(sum(a.scores[j] for a in rows) / n, 2) for j in range(3)]
        out.append(DimensionScore(str(q), dept, n, *means))
    return out
