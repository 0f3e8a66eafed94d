"""Baselines from data: the relative KPIs measured over one period of the sheets, to review and
put into ``[baselines]`` (``collabsheet metrics --baseline 2026Q1``). Nothing is assumed.

Each KPI counts the rows of that period only, as of the period's last day (the SLA result
passed in is computed at the end of that day):

- cycle_time: done projects closed in the period; resolution_rate: actions and disputes raised
  in it; response_time / process_time: obligations handed off in it (closed, or open past due);
- communication_efficiency: the period's survey answers (its quarter);
- communication_cost: the period's survey answers giving the weekly hours (its quarter).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from config.defaults import KPI_DEFAULTS
from jobs.kpis.communication_cost import weekly_hours
from jobs.kpis.handoffs import CLOSED_OR_LATE
from jobs.kpis.quarters import Quarter
from jobs.kpis.survey_scores import answers, communication_score
from jobs.kpis.tally import Tally, median, ratio, records
from sheets_sync.workbook import Workbook

RELATIVE = tuple(k for k, v in KPI_DEFAULTS.items() if v.direction.startswith("change"))


@dataclass(frozen=True)
class Baseline:
    kpi: str
    value: float | None
    count: int  # rows the value is taken over
    period: str
    source: str  # how it was computed, to keep in the config next to the value

    def toml(self) -> str:
        """The ``[baselines]`` line for this value (a comment when there is none)."""
        if self.value is None:
            return f"# {self.kpi}: no data in {self.period} ({self.source})"
        return (f'{self.kpi} = {{ value = {round(self.value, 4)}, period = "{self.period}", '
                f'source = "{self.source}" }}')  # fmt: skip


def _in(t: object, period: Quarter) -> bool:
    day = t.date() if isinstance(t, dt.datetime) else t
    return isinstance(day, dt.date) and period.first_day <= day <= period.last_day


def _cycle(wb: Workbook, period: Quarter) -> Tally:
    values, keys = [], []
    for p in records(wb["projects"], "project_id", "closed_at", "status", "start_date"):
        if p["status"] == "done" and p["start_date"] and _in(p["closed_at"], period):
            values.append(float((p["closed_at"].date() - p["start_date"]).days))
            keys.append(str(p["project_id"]))
    return median(values, keys)


def _elapsed(sla: pd.DataFrame, kinds: tuple[str, ...], period: Quarter) -> Tally:
    if sla.empty:
        return median([], [])
    starts = pd.to_datetime(sla["start"])
    inside = (starts.dt.date >= period.first_day) & (starts.dt.date <= period.last_day)
    rows = sla[sla["kind"].isin(kinds) & sla["status"].isin(CLOSED_OR_LATE) & inside]
    return median([float(v) for v in rows["elapsed_h"].tolist()], rows["ref"].tolist())


def _resolution(wb: Workbook, period: Quarter) -> Tally:
    hits, keys = [], []
    end = dt.datetime.combine(period.last_day, dt.time(23, 59, 59))
    for r in records(wb["retrospectives"], "retro_id", "held_on", "action", "action_done_at"):
        if r["action"] and _in(r["held_on"], period):
            hits.append(r["action_done_at"] is not None and r["action_done_at"] <= end)
            keys.append(str(r["retro_id"]))
    for r in records(wb["disputes"], "dispute_id", "raised_at", "status", "decided_at"):
        if _in(r["raised_at"], period):
            decided = r["status"] == "decided" and r["decided_at"] is not None
            hits.append(decided and r["decided_at"] <= end)
            keys.append(str(r["dispute_id"]))
    return ratio(hits, keys)


def baselines_of(wb: Workbook, sla: pd.DataFrame, period: Quarter) -> list[Baseline]:
    """Each relative KPI over ``period`` (``sla``: the SLA result at the period's end)."""
    source = f"collabsheet metrics --baseline {period}"
    answered = answers(wb, period.last_day)  # read once for both survey KPIs
    tallies = {
        "cycle_time": _cycle(wb, period),
        "response_time": _elapsed(sla, ("response",), period),
        "process_time": _elapsed(sla, ("completion", "approval"), period),
        "resolution_rate": _resolution(wb, period),
        "communication_efficiency": communication_score(wb, period.last_day, period, answered),
        "communication_cost": weekly_hours(wb, period.last_day, period, answered),
    }
    out = []
    for kpi in RELATIVE:
        t = tallies.get(kpi)
        if t is None:
            out.append(Baseline(kpi, None, 0, str(period), "not measurable from the sheets"))
            continue
        value = None if t.value is None else round(t.value, 4)
        out.append(
            Baseline(kpi, value, t.denominator, str(period), f"{source}, {t.denominator} rows")
        )
    return out
