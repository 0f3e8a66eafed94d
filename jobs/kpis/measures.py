"""KPIs of the plan from the typed tables and the SLA result (definitions: docs/metrics.md).

``metrics`` is pure (tables in, one ``KpiValue`` per KPI out; an n/a value says why:
``jobs.kpis.reasons``); ``metrics_rows`` lays the values
out as the ``_metrics`` tab (one row per KPI per day); the run around them is in ``jobs.run``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from config.defaults import KPI_DEFAULTS
from config.settings import KpiSettings
from jobs.cases import recurrence as recurrences
from jobs.cases.suggestions import Suggestion
from jobs.checks.consistency import day
from jobs.kpis import handoffs, step_times, survey_scores, teams
from jobs.kpis.communication_cost import communication_cost
from jobs.kpis.deviation import target_deviation
from jobs.kpis.matrix_steps import BY_DEPARTMENT, measure_coverage, omission_rate
from jobs.kpis.reasons import CAPS, NotMeasured, explain, needs_baseline, unreachable, unusable
from jobs.kpis.tally import Tally, median, ratio, records
from jobs.kpis.targets import is_met, threshold
from sheets_sync.workbook import Workbook


@dataclass(frozen=True)
class KpiValue:
    """One KPI's value, its target and baseline, and the rows behind it."""

    kpi: str
    value: float | None
    target: float
    baseline: float | None
    met: bool | None
    numerator: float | None  # None for medians: ``denominator`` is then the number of values
    denominator: int
    keys: tuple[str, ...]  # ids of the rows behind the value (template steps: "T1:2")
    reason: NotMeasured | None = None  # why it is n/a, or has no verdict (needs a baseline)


def _day(v: Any) -> dt.date | None:
    return v.date() if isinstance(v, dt.datetime) else v


def delay_rate(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Projects done after target_date or open past it / projects with a target_date."""
    hits, keys = [], []
    for p in records(wb["projects"], "project_id", "target_date", "status", "closed_at"):
        target, status = p["target_date"], p["status"]
        if target is None or status == "cancelled":
            continue
        if status == "done":
            closed = _day(p["closed_at"])
            if closed is None:
                continue  # done, but when is unknown
            hits.append(closed > target)
        else:
            hits.append(today > target)
        keys.append(p["project_id"])
    return ratio(hits, keys)


def cycle_time(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Median days from start_date to the date of closed_at over done projects."""
    values, keys = [], []
    for p in records(wb["projects"], "project_id", "closed_at", "status", "start_date"):
        closed = _day(p["closed_at"])
        if p["status"] == "done" and p["start_date"] is not None and closed is not None:
            values.append(float((closed - p["start_date"]).days))
            keys.append(p["project_id"])
    return median(values, keys)


def response_time(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Median hours (SLA clock) from hand-off to response over responded tasks and tasks
    still unanswered past their due time (hours so far: ``handoffs.elapsed``)."""
    return handoffs.elapsed(sla, ("response",))


def rectification_cycle(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Median hours (SLA clock) from retrospective to action done over done actions and
    actions still open past their due time (hours so far)."""
    return handoffs.elapsed(sla, ("action",))


def compliance(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Obligations met within SLA / obligations due (closed, or open and breached). A project's
    retrospective is left out: it is gone once held, so only its misses could be counted."""
    due = sla["status"].isin(["met", "met_late", "breached"]) & (sla["kind"] != "retrospective")
    hits = (sla["status"][due] == "met").tolist()
    return ratio(hits, [str(k) for k in sla["key"][due].tolist()])


WINDOW_DAYS = recurrences.WINDOW_DAYS  # one window: today - 90 days < day <= today


def _running(wb: Workbook, since: dt.date, today: dt.date) -> list[str]:
    """Projects under way at some time in (since, today]: active, or done within the window."""
    out = []
    keys = ("project_id", "start_date", "created_at", "closed_at", "status")
    for r in records(wb["projects"], *keys):
        started = r["start_date"] or (r["created_at"].date() if r["created_at"] else None)
        closed = r["closed_at"].date() if r["closed_at"] else None
        if r["status"] == "active" or (
            r["status"] == "done" and closed is not None and closed > since
            and (started is None or started <= today)
        ):  # fmt: skip
            out.append(r["project_id"])
    return out


def _disputes_per_active(wb: Workbook, today: dt.date, major: bool) -> Tally:
    since = today - dt.timedelta(days=WINDOW_DAYS)
    running = _running(wb, since, today)
    rows = [
        r for r in records(wb["disputes"], "dispute_id", "raised_at", "severity")
        if since < r["raised_at"].date() <= today and (not major or r["severity"] == "major")
    ]  # fmt: skip
    n = len(rows)
    value = n / len(running) if running else None
    return Tally(value, n, len(running), (*(r["dispute_id"] for r in rows), *running))


def dispute_rate(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Disputes raised in the last 90 days / projects under way in those 90 days."""
    return _disputes_per_active(wb, today, major=False)


def major_dispute_rate(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Major disputes raised in the last 90 days / projects under way in those 90 days."""
    return _disputes_per_active(wb, today, major=True)


def resolution_rate(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Actions done and disputes decided / actions and disputes raised."""
    hits, keys = [], []
    for r in records(wb["retrospectives"], "retro_id", "action", "action_done_at"):
        if r["action"]:
            hits.append(r["action_done_at"] is not None)
            keys.append(r["retro_id"])
    for r in records(wb["disputes"], "dispute_id", "status"):
        hits.append(r["status"] == "decided")
        keys.append(r["dispute_id"])
    return ratio(hits, keys)


def recurrence_rate(
    wb: Workbook, sla: pd.DataFrame, today: dt.date, found: Sequence[Suggestion] | None = None,
    linked: Sequence[recurrences.Link] | None = None,
) -> Tally:  # fmt: skip
    """Findings of the last 90 days that repeat a library case / findings of the last 90 days.

    Linked by a typed case_id or an accepted suggestion (``linked``: the run's links; else from
    ``found``, the run's suggestions, else the matcher runs); see ``jobs.cases.recurrence``.
    """
    if not len(wb["cases"]):  # no library: nothing to repeat, n/a (not 0%, 达标: trial30)
        return Tally(None, None, 0, ())
    linked = linked if linked is not None else recurrences.links(wb, found)
    rate = recurrences.recurrence_rate(wb, today, linked=linked)
    return Tally(rate.value, rate.numerator, rate.denominator, rate.keys)


def startup_time(wb: Workbook, sla: pd.DataFrame, today: dt.date) -> Tally:
    """Median days from created_at to the project's first task hand-off (planned hand-offs
    still in the future do not count: that project has not started yet)."""
    first: dict[str, dt.datetime] = {}
    tasks = wb["tasks"]
    for p, t in zip(tasks.column("project_id"), tasks.column("handed_off_at"), strict=True):
        if t is not None and t.date() <= today and (p not in first or t < first[p]):
            first[p] = t
    values, keys = [], []
    for p in records(wb["projects"], "project_id", "created_at", "status"):
        pid, created = p["project_id"], p["created_at"]
        if p["status"] != "cancelled" and created is not None and pid in first:
            if day(first[pid]) < day(created):  # a day before it was created: a wrong time,
                continue  # left out (validate's task.before_project says so; trial11: -8 days)
            # rounded once, after; earlier the same day: started at once
            values.append(max((first[pid] - created).total_seconds() / 86400, 0.0))
            keys.append(pid)
    return median(values, keys)


Measure = Callable[[Workbook, pd.DataFrame, dt.date, KpiSettings], Tally]


def _plain(f: Callable[[Workbook, pd.DataFrame, dt.date], Tally]) -> Measure:
    """A measure that reads no setting, called as those that do."""
    return lambda wb, sla, today, kpis: f(wb, sla, today)


SurveyMeasure = Callable[[Workbook, dt.date, KpiSettings, Sequence[survey_scores.Answer]], Tally]
# the KPIs of the survey's answers (no SLA): the answers are read once and handed to each
SURVEY: dict[str, SurveyMeasure] = {
    "satisfaction": survey_scores.satisfaction,
    "communication_efficiency": survey_scores.communication_efficiency,
    "communication_cost": communication_cost,
}


MEASURES: dict[str, Measure] = {
    **{f.__name__: _plain(f) for f in (
        measure_coverage, delay_rate, cycle_time, response_time, compliance, dispute_rate,
        major_dispute_rate, omission_rate, rectification_cycle, resolution_rate,
        recurrence_rate, startup_time,
    )},
    "process_time": handoffs.process_time,
    "process_time_by_step": step_times.process_time_by_step,
    "info_omission_rate": handoffs.info_omission_rate,
    "team_compliance": teams.team_compliance,
}  # fmt: skip


def measure(
    wb: Workbook, sla: pd.DataFrame, kpis: KpiSettings, today: dt.date, kpi: str,
    found: Sequence[Suggestion] | None = None, others: Sequence[KpiValue] | None = None,
    answered: Sequence[survey_scores.Answer] | None = None,
    linked: Sequence[recurrences.Link] | None = None, depts: frozenset[str] | None = None,
) -> KpiValue:  # fmt: skip
    """One KPI against its target; n/a with the reason (``reasons.explain``) when a tab it
    needs is unusable or holds nothing it counts, or the sheets cannot give it; a relative
    KPI without a baseline has no verdict and says it needs one (``reasons.needs_baseline``).
    ``others``: the other KPIs' values, for the target deviation (else measured here);
    ``answered`` (``survey_scores.answers(wb, today)``) and ``linked`` (``recurrence.links``):
    what several KPIs read, when the caller has computed it once (else computed here).
    ``depts``: the departments' own figure of a KPI of ``matrix_steps.BY_DEPARTMENT`` (the
    steps of their activities, ``wb`` whole); other KPIs are theirs on their rows (scope.py)."""
    if unusable(wb, kpi):
        raw = Tally(None, None, 0, ())
    elif kpi in BY_DEPARTMENT:
        raw = BY_DEPARTMENT[kpi](wb, sla, today, depts)
    elif kpi == "recurrence_rate":
        raw = recurrence_rate(wb, sla, today, found, linked)
    elif kpi in SURVEY:
        answered = answered if answered is not None else survey_scores.answers(wb, today)
        raw = SURVEY[kpi](wb, today, kpis, answered)
    elif kpi == "target_deviation":
        if others is None:
            answered, linked = _shared(wb, today, found, answered, linked)
            others = [measure(wb, sla, kpis, today, k, found, None, answered, linked)
                      for k in KPI_DEFAULTS if k != kpi]  # fmt: skip
        raw = target_deviation(others)
    else:
        raw = MEASURES[kpi](wb, sla, today, kpis)
    target = float(kpis.targets.get(kpi, KPI_DEFAULTS[kpi].target))
    baseline = kpis.baselines.get(kpi)
    value = None if raw.value is None else round(raw.value, 4)
    reason: NotMeasured | None = None
    if value is None:
        reason = step_times.needs_baselines(raw) if kpi == step_times.KEY else None
        reason = reason or explain(wb, kpi)
    elif KPI_DEFAULTS[kpi].direction.startswith("change") and not baseline:
        reason = needs_baseline(kpi)
    elif (
        (goal := threshold(kpi, target, baseline)) is not None
        and KPI_DEFAULTS[kpi].direction in ("min", "change_min")
        and goal > (cap := CAPS.get(KPI_DEFAULTS[kpi].unit, math.inf)) + 1e-9
    ):
        reason = unreachable(kpi, goal, cap)  # 未达标, and why it always will be
    elif kpi in SURVEY and (note := survey_scores.from_before(answered or (), today)):
        reason = NotMeasured(kpi, (), (), note)
    met = is_met(kpi, value, target, baseline)
    return KpiValue(
        kpi, value, target, baseline, met, raw.numerator, raw.denominator, raw.keys, reason,
    )  # fmt: skip


def metrics(
    wb: Workbook, sla: pd.DataFrame, kpis: KpiSettings, today: dt.date,
    found: Sequence[Suggestion] | None = None, linked: Sequence[recurrences.Link] | None = None,
) -> list[KpiValue]:  # fmt: skip
    """Every KPI of the plan, in the order of KPI_DEFAULTS (``found``: case suggestions the
    caller has already computed, so the matcher does not run twice; ``linked``: their links,
    likewise); the target deviation last, from the others. The survey's answers are read once
    for its three KPIs."""
    last = "target_deviation"
    answered, linked = _shared(wb, today, found, None, linked)
    out = {k: measure(wb, sla, kpis, today, k, found, None, answered, linked)
           for k in KPI_DEFAULTS if k != last}  # fmt: skip
    out[last] = measure(wb, sla, kpis, today, last, found, list(out.values()))
    return [out[k] for k in KPI_DEFAULTS]


def _shared(
    wb: Workbook, today: dt.date, found: Sequence[Suggestion] | None,
    answered: Sequence[survey_scores.Answer] | None, linked: Sequence[recurrences.Link] | None,
) -> tuple[Sequence[survey_scores.Answer] | None, Sequence[recurrences.Link] | None]:  # fmt: skip
    """The survey's answers and the recurrence links, each computed once when a KPI that
    reads it can be measured (None otherwise: nothing reads it)."""
    if answered is None and any(not unusable(wb, k) for k in SURVEY):
        answered = survey_scores.answers(wb, today)
    if linked is None and not unusable(wb, "recurrence_rate"):
        linked = recurrences.links(wb, found)
    return answered, linked
