"""The plan's phases (方案目标): each KPI against the target due at 6, 12 and 18 months from the
plan's start (``[plan] start``), and the days left to each.

Which KPI belongs to which phase is the plan's own text (../shared/seed, 一、(一) 核心目标):

- 体系落地, 6 months: 措施覆盖率 ≥ 98%;
- 效率提升, 12 months: 协作项目周期 −40%, 沟通成本 −35%, 问题解决率 +20%, 协作满意度 90%,
  业务响应速度 +15%;
- 标准构建, 18 months: 执行团队达标率 ≥ 99%.

The plan gives no date for the other targets (风险可控 and the measures of 二、(二)): they are
listed as undated (``UNDATED``), never given a made-up deadline. Pure: ``today`` is passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from config.defaults import KPI_DEFAULTS
from config.plan import PlanSettings
from jobs.kpis.measures import KpiValue

Status = Literal["met", "open", "missed"]


@dataclass(frozen=True)
class Phase:
    """A phase of the plan: its name, when it is due (months after the start; None: the plan
    gives no date) and the KPIs whose targets it promises."""

    key: str
    zh: str
    en: str
    months: int | None
    kpis: tuple[str, ...]


PHASES: tuple[Phase, ...] = (
    Phase("landing", "体系落地", "system in place", 6, ("measure_coverage",)),
    Phase(
        "efficiency",
        "效率提升",
        "efficiency",
        12,
        ("cycle_time", "communication_cost", "resolution_rate", "satisfaction", "response_time"),
    ),
    Phase("standards", "标准构建", "standards", 18, ("team_compliance",)),
)
_DATED = {k for p in PHASES for k in p.kpis}
UNDATED = Phase(
    "undated",
    "方案未给期限的目标",
    "targets without a date in the plan",
    None,
    tuple(k for k in KPI_DEFAULTS if k not in _DATED),
)


@dataclass(frozen=True)
class Milestone:
    """A phase on a day: its due date and days left (None without ``[plan] start`` or for the
    undated targets), and its KPIs' values with their verdicts."""

    phase: Phase
    due: dt.date | None
    days_left: int | None  # negative: the due date has passed
    values: tuple[KpiValue, ...]

    @property
    def met(self) -> int:
        """KPIs that meet their target now."""
        return sum(1 for v in self.values if v.met)

    @property
    def status(self) -> Status:
        """met: every KPI meets its target; missed: the due date has passed without that;
        open: still to come (or undated)."""
        if self.values and self.met == len(self.values):
            return "met"
        if self.days_left is not None and self.days_left < 0:
            return "missed"
        return "open"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (08-31 + 6 months
    is 02-28, or 02-29 in a leap year)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def milestones(
    values: Sequence[KpiValue], plan: PlanSettings, today: dt.date
) -> tuple[Milestone, ...]:
    """Each phase of the plan with its due date, days left on ``today`` and its KPIs' values
    (from ``values``: a KPI missing there is left out), then the undated targets."""
    by_kpi = {v.kpi: v for v in values}
    out = []
    for phase in (*PHASES, UNDATED):
        due = None
        if plan.start is not None and phase.months is not None:
            due = add_months(plan.start, phase.months)
        left = (due - today).days if due is not None else None
        shown = tuple(by_kpi[k] for k in phase.kpis if k in by_kpi)
        out.append(Milestone(phase, due, left, shown))
    return tuple(out)
