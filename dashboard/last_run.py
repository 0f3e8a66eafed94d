"""The daily run's results as the dashboard shows them: the KPI values of the latest day in
``_metrics``, the open obligations in ``_sla``, and when the run that wrote them started.

Why: at 100,000 tasks computing the SLA and the KPIs takes seconds, and the daily run
(``jobs.run.envelope.run``) has already done it with the same functions and written the
results. Pages show these when the tabs hold rows and compute from the tables otherwise (or
when the viewer asks). Cells may come back as text, datetimes (xlsx) or serial numbers
(Google Sheets), so every date goes through ``moment``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from config.defaults import KPI_DEFAULTS
from jobs.cases.case_links_tab import case_links_records
from jobs.checks.checks_tab import checks_records
from jobs.kpis.measures import KpiValue
from jobs.kpis.metrics_tab import METRICS, metrics_records
from jobs.reminders.reminders_tab import reminders_records
from jobs.run.runs_tab import runs_records
from jobs.sla.sla_tab import sla_records
from sheets_sync.cell import EPOCH
from sheets_sync.workbook import Workbook

SLA_JOBS = ("daily", "hourly", "sla")
METRICS_JOBS = ("daily", "metrics")
SLA_NUMBERS = ("goal_h", "elapsed_h", "remaining_h", "paused_h")
HISTORY_COLUMNS = METRICS.header
CODECS: dict[str, Callable[[Sequence[Sequence[Any]]], list[dict[str, Any]]]] = {
    "_checks": checks_records, "_sla": sla_records, "_metrics": metrics_records,
    "_case_links": case_links_records, "_reminders": reminders_records, "_runs": runs_records,
}  # fmt: skip


@dataclass(frozen=True)
class DailyKpis:
    """The KPIs of the latest day in ``_metrics`` (KPI_DEFAULTS order) and the KPIs missing
    from that day (an older KPI set): those are computed from the tables instead."""

    day: dt.date
    values: tuple[KpiValue, ...]
    missing: tuple[str, ...]


def moment(value: Any) -> dt.datetime | None:
    """A date or time cell as a naive datetime: text, datetime, date or a serial number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float):
        if math.isnan(value):
            return None
        return (EPOCH + dt.timedelta(days=float(value))).replace(microsecond=0)
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def moments(values: Iterable[Any]) -> pd.Series:
    """``moment`` of each value as a datetime64 series (NaT where unreadable)."""
    return pd.to_datetime(pd.Series([moment(v) for v in values], dtype=object))


def _number(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _count(value: Any) -> int:
    """A count cell as a whole number (0 when blank or not a finite count ≥ 0)."""
    n = _number(value)
    return int(n) if n is not None and math.isfinite(n) and n >= 0 else 0


def _met(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    return True if text in ("yes", "true") else False if text in ("no", "false") else None


def daily_kpis(rows: Sequence[Mapping[str, Any]] | None) -> DailyKpis | None:
    """The latest day's KPI values from ``_metrics`` records (None: no dated row).

    Values keep their numerator and denominator (rows written before they were kept: none and
    0) but no rows behind them (``keys`` empty): the Overview computes those from the tables
    only when a viewer opens a KPI."""
    dated: list[tuple[dt.date, Mapping[str, Any]]] = []
    for r in rows or ():
        when = moment(r.get("date"))
        if when is not None and str(r.get("kpi") or "") in KPI_DEFAULTS:
            dated.append((when.date(), r))
    if not dated:
        return None
    day = max(d for d, _ in dated)
    latest = {str(row["kpi"]): row for d, row in dated if d == day}  # the last row wins
    values = []
    for kpi, row in latest.items():
        target = _number(row.get("target"))
        if target is not None:  # a row without a target cannot be judged: computed instead
            values.append(
                KpiValue(kpi, _number(row.get("value")), target, _number(row.get("baseline")),
                         _met(row.get("met")), _number(row.get("numerator")),
                         _count(row.get("denominator")), ())
            )  # fmt: skip
    values.sort(key=lambda v: list(KPI_DEFAULTS).index(v.kpi))
    missing = tuple(k for k in KPI_DEFAULTS if k not in {v.kpi for v in values})
    return DailyKpis(day, tuple(values), missing)


def run_at(runs: Sequence[Mapping[str, Any]], jobs: Sequence[str]) -> dt.datetime | None:
    """When the latest run of one of ``jobs`` that did not fail started (from ``_runs``)."""
    times = [
        moment(r.get("started_at"))
        for r in runs
        if str(r.get("job") or "").strip() in jobs and str(r.get("outcome") or "") != "failed"
    ]
    known = [t for t in times if t is not None]
    return max(known) if known else None


def sla_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """``_sla`` records as a frame like ``SlaReport.result``'s open rows: due_at and start as
    datetimes, hours as floats, level as int; ``explanation`` and ``link`` as the job wrote
    them."""
    columns = ("key", "kind", "ref", "tab", "cell", "project_id", "dept_id", "person_id",
               "status", "explanation", "link")  # fmt: skip
    df = pd.DataFrame({c: [r.get(c) for r in rows] for c in columns}, columns=list(columns))
    df = df.astype(object).where(df.notna(), None)
    df["start"] = moments(r.get("start") for r in rows)
    df["due_at"] = moments(r.get("due_at") for r in rows)
    for col in SLA_NUMBERS:
        df[col] = pd.to_numeric(pd.Series([_number(r.get(col)) for r in rows]), errors="coerce")
    level = pd.to_numeric(pd.Series([_number(r.get("level")) for r in rows]), errors="coerce")
    df["level"] = level.fillna(0).astype(int)
    return df


def history_frame(wb: Workbook) -> pd.DataFrame:
    """``_metrics`` as a frame: date (datetime), kpi, value, target (floats), baseline, met."""
    rows = bot_records(wb, "_metrics") or []
    df = pd.DataFrame([{c: r.get(c) for c in HISTORY_COLUMNS} for r in rows])
    if df.empty:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    df["date"] = moments(df["date"]).dt.normalize()
    for col in ("value", "target", "baseline"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    df["kpi"] = df["kpi"].astype(str)
    return df.dropna(subset=["date"]).sort_values(["kpi", "date"]).reset_index(drop=True)


def bot_records(wb: Workbook, title: str) -> list[dict[str, Any]] | None:
    """A bot tab's rows as records, decoded by the codec of the domain that owns the tab (None
    when the tab is absent)."""
    rows: Sequence[Sequence[Any]] | None = wb.bot.get(title)
    return None if rows is None else CODECS[title](rows)
