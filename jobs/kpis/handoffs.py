"""KPIs of the hand-offs between departments: 流程耗时 (process time) and 信息遗漏率
(information omission rate). Definitions and why: docs/metrics.md.

- process time: median hours on the SLA clock from hand-off to done, over done tasks and tasks
  still open past their due time (their hours so far: a long-open task is never invisible);
- information omission: a handed-off task the receiver cannot act on from the sheet, because it
  names no assignee or gives no due time (no due_at typed and no done hours on its step).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from config.settings import KpiSettings
from jobs.kpis.tally import Tally, median, ratio, records
from sheets_sync.workbook import Workbook

CLOSED_OR_LATE = ("met", "met_late", "breached")


def elapsed(sla: pd.DataFrame, kinds: tuple[str, ...]) -> Tally:
    """Median hours on the SLA clock of these kinds' obligations: closed ones, and open ones
    already past their due time with their hours so far (open ones not yet due are left out:
    their time is not known yet and may be short)."""
    if sla.empty:
        return median([], [])
    rows = sla["kind"].isin(kinds) & sla["status"].isin(CLOSED_OR_LATE)
    # the two columns it reads, not the whole frame (a take of every column, 3 times a run);
    # .tolist(): iterating a str column of pandas 3 boxes value by value through Arrow
    values = [float(v) for v in sla["elapsed_h"][rows].tolist()]
    return median(values, [str(r) for r in sla["ref"][rows].tolist()])


def process_time(wb: Workbook, sla: pd.DataFrame, today: dt.date, kpis: KpiSettings) -> Tally:
    """Median SLA-clock hours from hand-off to done (completion and approval obligations)."""
    return elapsed(sla, ("completion", "approval"))


def _done_hours(wb: Workbook) -> tuple[dict[Any, Any], dict[tuple[Any, Any], Any]]:
    projects, templates = wb["projects"], wb["templates"]
    template_of = dict(zip(projects.column("project_id"), projects.column("template_id"),
                           strict=True))  # fmt: skip
    hours = {
        (r["template_id"], r["step"]): r["done_sla_h"]
        for r in records(templates, "template_id", "step", "done_sla_h")
    }
    return template_of, hours


def info_omission_rate(wb: Workbook, sla: pd.DataFrame, today: dt.date, kpis: KpiSettings) -> Tally:
    """Handed-off tasks without an assignee or a due time / tasks handed off by today."""
    template_of, hours = _done_hours(wb)
    cancelled = {
        r["project_id"]
        for r in records(wb["projects"], "project_id", "status")
        if r["status"] == "cancelled"
    }
    hits, keys = [], []
    tasks = wb["tasks"]
    cols = ("task_id", "project_id", "step", "assignee", "handed_off_at", "due_at")
    # column by column, not a dict per row: 100,000 tasks at the size the bench measures
    for task, project, step, assignee, handed, due in zip(
        *(tasks.column(k) for k in cols), strict=True
    ):
        if handed is None or handed.date() > today or project in cancelled:
            continue
        no_due = due is None and not hours.get((template_of.get(project), step))
        hits.append(assignee is None or no_due)
        keys.append(str(task))
    return ratio(hits, keys)
