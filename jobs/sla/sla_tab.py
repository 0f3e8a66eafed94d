"""The ``_sla`` tab: one row per open obligation, most overdue first, with its explanation.

The pauses of blocked tasks are kept here between runs (``previous_pauses``), and the
dashboard reads the last run's rows back (``sla_records``, ``rows_of``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobs.sla.explanation import explain
from jobs.workdays.calendar import WorkCalendar
from sheets_sync.bot_tab import BotTab, Rows
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook

SLA = BotTab("_sla")
# the columns ``explain`` reads
_EXPLAINED = ("kind", "start", "due_at", "explicit_due", "goal_h", "clock", "paused_h",
              "paused_open_h", "at_once", "due_typed")  # fmt: skip


@dataclass(frozen=True)
class Pause:
    """What the last run knew of a paused obligation (kept in ``_sla``)."""

    since: dt.datetime | None
    hours: float


def sla_rows(result: pd.DataFrame, cal: WorkCalendar, locale: str, link: Any) -> list[list[Any]]:
    """The ``_sla`` tab: one row per open obligation, most overdue first."""
    header = SLA.header
    open_ = result[~result["status"].isin(["met", "met_late"])].sort_values("remaining_h")
    # only the columns the tab and the explanation read: to_dict boxes every value it is given
    wanted = [c for c in result.columns if c in header or c in _EXPLAINED]
    # the times as the tab shows them, a column at a time
    shown = {
        col: pd.to_datetime(open_[col]).dt.strftime("%Y-%m-%d %H:%M").tolist()
        for col in ("start", "due_at", "paused_since") if col in open_.columns
    }  # fmt: skip
    memo: dict[tuple[dt.date, dt.date], list[str]] = {}
    versions: dict[tuple[int, ...], str] = {}
    # a column at a time, blanks (None, NaN, NaT) as None: no per-value test in Python; the
    # rows are the header's columns zipped (no dict per row but the explanation's few fields)
    columns = {str(c): _listed(open_[c]) for c in wanted}
    explained = [c for c in _EXPLAINED if c in columns]
    columns["explanation"] = [
        explain(dict(zip(explained, values, strict=True)), cal, locale, memo)
        for values in zip(*(columns[c] for c in explained), strict=True)
    ]
    calendars = []
    for start, due in zip(columns["start"], columns["due_at"], strict=True):
        years = tuple(v.year for v in (start, due) if v)
        if years not in versions:
            versions[years] = cal.version_for(*(dt.date(y, 1, 1) for y in years),
                                              locale=locale)  # fmt: skip
        calendars.append(versions[years])
    columns["calendar"] = calendars
    columns["link"] = [link(t, c) for t, c in zip(columns["tab"], columns["cell"], strict=True)]
    for col, texts in shown.items():
        columns[col] = [text if isinstance(text, str) else None for text in texts]
    blank = [None] * len(open_)
    rows: list[list[Any]] = [header]
    rows += map(list, zip(*(columns.get(c, blank) for c in header), strict=True))
    return rows


def _listed(column: pd.Series) -> list[Any]:
    """A column's values as Python objects (numbers, texts, Timestamps), a blank as None."""
    boxed = column.astype(object)
    return boxed.where(column.notna(), None).tolist()


def previous_pauses(wb: Workbook) -> dict[str, Pause]:
    """Pauses recorded in ``_sla`` by the last run (the clock of a blocked task stays stopped)."""
    rows = wb.bot.get("_sla", [])
    if not SLA.has(rows, "key", "paused_since", "paused_h"):
        return {}
    out = {}
    for r in last_sla(wb):
        if not r["key"]:
            continue
        s, h = r["paused_since"], r["paused_h"]
        if s in (None, "") and (h in (None, "") or (type(h) in (int, float) and h == 0)):
            continue  # not paused (nearly every row): no conversion
        since = pd.to_datetime(s, errors="coerce") if s not in (None, "") else None
        hours = pd.to_numeric(h, errors="coerce")
        pause = Pause(
            None if since is None or pd.isna(since) else since.to_pydatetime(),
            0.0 if pd.isna(hours) else float(hours),
        )
        if pause.since is not None or pause.hours:  # only paused ones: the rest cost nothing
            out[str(r["key"])] = pause
    return out


def sla_records(rows: Rows | None) -> list[dict[str, Any]]:
    """The last run's open obligations as records (key, kind, …, status, level, link)."""
    return SLA.decode(rows)


def last_sla(wb: Workbook) -> list[dict[str, Any]]:
    """``sla_records`` of the workbook's ``_sla``, decoded once per workbook (a run reads it
    for its pauses and for its checks: 6,000 rows at 100,000 tasks); read them, never change
    them."""
    if "_sla" not in wb.decoded:
        wb.decoded["_sla"] = sla_records(wb.bot.get("_sla"))
    out: list[dict[str, Any]] = wb.decoded["_sla"]
    return out


def visible(
    dept_id: Any, kind: Any, ref: Any, depts: Collection[str],
    seen: Mapping[str, Collection[str]] | None = None,
) -> bool:  # fmt: skip
    """An obligation a viewer of ``depts`` is shown: theirs, or of an item ``seen`` holds by
    kind (an action of a retrospective, a dispute the viewer sees); the one rule of ``_sla``'s
    rows and of the SLA the dashboard computes (trial27, review32)."""
    return str(dept_id) in depts or str(ref) in (seen or {}).get(str(kind), ())


def seen_in(retrospectives: Table, disputes: Table) -> dict[str, set[str]]:
    """The items a viewer sees obligations of beside their own (``visible``'s ``seen``): the
    actions of the retrospectives and the disputes their tables hold."""
    return {"action": {str(r) for r in retrospectives.column("retro_id")},
            "dispute": {str(d) for d in disputes.column("dispute_id")}}  # fmt: skip


def rows_of(
    rows: Rows, depts: Collection[str], seen: Mapping[str, Collection[str]] | None = None
) -> list[list[Any]]:
    """The tab with only the rows ``visible`` to a viewer of ``depts`` (the header kept)."""
    return SLA.select(
        rows, lambda r: visible(r.get("dept_id"), r.get("kind"), r.get("ref"), depts, seen)
    )
