"""Each KPI of the week against its target, with last week's value and the weekly trend read
from the ``_metrics`` history (one row per KPI per day, written by the daily run)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from config.defaults import KPI_DEFAULTS
from jobs.kpis.measures import KpiValue

WEEKS = 6  # points of the trend: this week and the five before


@dataclass(frozen=True)
class KpiLine:
    """One KPI in the pack: now, a week ago, the change and the weekly points (oldest first)."""

    kpi: str
    value: float | None
    target: float
    met: bool | None
    last_week: float | None
    change: float | None
    points: tuple[float | None, ...]
    better: bool | None  # the change is for the better (the KPI's direction); None: no change


def _day(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or v is None or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def history(records: Iterable[Mapping[str, Any]]) -> dict[str, list[tuple[dt.date, float]]]:
    """``_metrics`` records as kpi -> [(day, value)] sorted by day (rows without a day or a
    number are left out: an n/a day has no point)."""
    out: dict[str, list[tuple[dt.date, float]]] = {}
    for r in records:
        day, value = _day(r.get("date")), _number(r.get("value"))
        if day is not None and value is not None and r.get("kpi"):
            out.setdefault(str(r["kpi"]), []).append((day, value))
    for series in out.values():
        series.sort()
    return out


def _as_of(series: Sequence[tuple[dt.date, float]], day: dt.date) -> float | None:
    """The last value recorded on or before ``day`` (within the week before it)."""
    found = [v for d, v in series if day - dt.timedelta(days=7) < d <= day]
    return found[-1] if found else None


def _shown(kpi: str, v: float) -> float:
    """``v`` at the precision the pack shows it (85.1%, 12.5 天): the change between two
    values shown alike is 0, 持平, not 改善 from their hidden digits (trial26)."""
    unit = KPI_DEFAULTS[kpi].unit if kpi in KPI_DEFAULTS else ""  # from the text itself, as
    # jobs.weekly.pack formats it (review31: round() and the text differ at 0.0065)
    return float(f"{v * 100:.1f}") / 100 if unit == "%" else float(f"{v:.1f}")


def kpi_lines(
    values: Sequence[KpiValue], records: Iterable[Mapping[str, Any]], today: dt.date
) -> list[KpiLine]:
    """Every KPI: today's value against its target, the value a week ago and the weekly trend."""
    past = history(records)
    out = []
    for v in values:
        series = past.get(v.kpi, [])
        points = [_as_of(series, today - dt.timedelta(days=7 * w)) for w in range(WEEKS - 1, 0, -1)]
        last = points[-1]
        change = (
            None
            if v.value is None or last is None
            else _shown(v.kpi, v.value) - _shown(v.kpi, last)
        )
        direction = KPI_DEFAULTS[v.kpi].direction if v.kpi in KPI_DEFAULTS else "min"
        better = None
        if change is not None and abs(change) > 1e-9:
            better = (change > 0) == (direction in ("min", "change_min"))
        out.append(
            KpiLine(v.kpi, v.value, v.target, v.met, last, change, (*points, v.value), better)
        )
    return out
