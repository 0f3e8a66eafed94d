"""The ``_metrics`` tab: one row per KPI per day (value, target, baseline, met, and what the value
is computed over: numerator and denominator), kept as history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jobs.kpis.measures import KpiValue
from sheets_sync.bot_tab import BotTab, Rows

METRICS = BotTab("_metrics")


def metrics_rows(
    existing: Sequence[Sequence[Any]], values: Sequence[KpiValue], today: dt.date
) -> list[list[Any]]:
    """``_metrics`` as it was without today's rows, plus one row per KPI for today."""
    day = today.isoformat()
    kept = [r for r in METRICS.decode(existing) if _day(r.get("date")) != day]
    new = [
        {"date": day, "kpi": v.kpi, "value": v.value, "target": v.target,
         "baseline": v.baseline, "met": _met_cell(v.met), "numerator": v.numerator,
         "denominator": v.denominator}
        for v in values
    ]  # fmt: skip
    return METRICS.encode([*kept, *new])


def _day(stamp: Any) -> str:
    return stamp.isoformat()[:10] if isinstance(stamp, dt.date) else str(stamp)[:10]


def _met_cell(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "no")


def metrics_records(rows: Rows | None) -> list[dict[str, Any]]:
    """The KPI history as records (date, kpi, value, target, baseline, met, numerator,
    denominator; the last two None in rows written before they were kept)."""
    return METRICS.decode(rows)
