"""The rows behind a KPI value: where its keys (``KpiValue.keys``) point, each row with its tab
and cell, so a viewer opening a card sees what the number is computed over and finds the rows
in the workbook. Built once per read and source (``Snapshot.derive``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from config.schema import TABS
from dashboard.snapshot import Snapshot
from dashboard.text import lang, t
from dashboard.views.widgets import number, percent, plain
from jobs.kpis.handoffs import CLOSED_OR_LATE
from jobs.kpis.measures import KpiValue
from jobs.kpis.step_times import KEY as BY_STEP
from jobs.kpis.step_times import step_times
from sheets_sync.finding import column_letter

# where the keys of each KPI point (KpiValue.keys): a tab, or SLA obligations
SOURCES: dict[str, tuple[str, ...]] = {
    "measure_coverage": ("templates",),
    "omission_rate": ("templates",),
    "delay_rate": ("projects",),
    "cycle_time": ("projects",),
    "startup_time": ("projects",),
    "response_time": ("sla:response",),
    "rectification_cycle": ("sla:action",),
    "compliance": ("sla",),
    "dispute_rate": ("disputes", "projects"),
    "major_dispute_rate": ("disputes", "projects"),
    "resolution_rate": ("retrospectives", "disputes"),
    "recurrence_rate": ("retrospectives",),
    "satisfaction": ("survey",),
    "communication_efficiency": ("survey",),
    "process_time": ("sla:completion", "sla:approval"),
    BY_STEP: ("steps",),  # every timed template step, with its median and baseline
}
# tab -> (id column, label column, detail column: a status is shown in the locale)
TAB_ROWS: dict[str, tuple[str, str, str]] = {
    "templates": ("template_id", "step_name", "activity"),
    "projects": ("project_id", "name", "status"),
    "disputes": ("dispute_id", "description", "status"),
    "retrospectives": ("retro_id", "finding", "action_done_at"),
    "survey": ("response_id", "dept_id", "overall"),
}
TRACE_COLUMNS = ("key", "tab", "cell", "label", "detail", "hours")
SLA_STATUSES = ("on_track", "at_risk", "breached", "met", "met_late")
MISSES_FIRST = {"breached": 0, "met_late": 1, "at_risk": 2, "on_track": 3, "met": 4}


def _tab_rows(snapshot: Snapshot, tab: str) -> pd.DataFrame:
    table = snapshot.workbook[tab]
    key, label, detail = TAB_ROWS[tab]
    df = snapshot.frame(tab)
    if tab == "templates":
        ids = pd.Series(  # as jobs.kpis.measures writes them: "T1:2"
            [f"{t}:{plain(n)}" for t, n in zip(df["template_id"], df["step"], strict=True)],
            index=df.index,
            dtype=object,
        )
    elif tab == "survey":
        fallback = df["quarter"].astype(str) + ":" + df["dept_id"].astype(str)
        ids = df["response_id"].where(df["response_id"].notna(), fallback).astype(str)
    else:
        ids = df[key].astype(str)
    letter = column_letter(table.positions.get(key, 0))
    return pd.DataFrame(
        {
            "key": ids,
            "tab": table.title,
            "cell": letter + df["_row"].astype(str),
            "label": _text(df[label]),
            "detail": _text(df[detail]),
            "hours": None,
        }
    )


def _text(column: pd.Series) -> pd.Series:
    """A column's cells as text (a date to the minute, 4.0 as "4"), a blank as None: the rows of
    several tabs share one column (复盘's 整改完成时间 next to a dispute's status), which Arrow
    converts only when its cells have one type (else Streamlit logs the failure)."""
    texts = [plain(v) if isinstance(v, tuple) or not pd.isna(v) else None for v in column]
    return pd.Series(texts, index=column.index, dtype=object)


def _sla_rows(snapshot: Snapshot, kind: str | None) -> pd.DataFrame:
    res = snapshot.sla.result
    if res.empty:
        return pd.DataFrame(columns=TRACE_COLUMNS)
    if kind is not None:  # medians: closed or past-due obligations of a kind, by the row's id
        res = res[(res["kind"] == kind) & res["status"].isin(CLOSED_OR_LATE)]
    # misses first (breached, met late), then the longest: the rows that move the number
    rank = res["status"].map(MISSES_FIRST).fillna(len(MISSES_FIRST))
    res = res.assign(_rank=rank).sort_values(["_rank", "elapsed_h"], ascending=[True, False])
    owner = res["dept_id"].fillna("").astype(str) + " · " + res["person_id"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "key": (res["ref"] if kind else res["key"]).astype(str),
            "tab": res["tab"],
            "cell": res["cell"],
            "label": owner,
            "detail": res["status"],
            "hours": res["elapsed_h"],
        }
    )


def _step_rows(snapshot: Snapshot, locale: str) -> pd.DataFrame:
    """流程耗时 per step: each timed template step (its row in 流程模板), its median hours on
    the SLA clock and its share of the baseline, or that it needs one."""
    steps = step_times(snapshot.sla.result, snapshot.settings.kpi_section)
    templates = _tab_rows(snapshot, "templates").drop_duplicates("key").set_index("key")
    rows = []
    for s in steps:
        found = templates.loc[s.step] if s.step in templates.index else None
        median_h = number(s.median_h)
        if s.share is None:
            detail = t(locale, "kpi.step_needs_baseline", median=median_h, step=s.step)
        else:
            detail = t(
                locale, "kpi.step_share", median=median_h, baseline=number(s.baseline_h),
                share=percent(s.share), target=percent(s.target),
            )  # fmt: skip
        rows.append({
            "key": s.step,
            "tab": snapshot.workbook["templates"].title,
            "cell": None if found is None else found["cell"],
            "label": None if found is None else found["label"],
            "detail": detail,
            "hours": s.median_h,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(TRACE_COLUMNS))


def source(snapshot: Snapshot, name_: str, locale: str = "zh-CN") -> pd.DataFrame:
    """Every row a KPI key can point to in one source, with its tab and cell (built once; the
    steps' texts once per language)."""

    def build() -> pd.DataFrame:
        if name_.startswith("sla"):
            return _sla_rows(snapshot, name_.partition(":")[2] or None)
        if name_ == "steps":
            return _step_rows(snapshot, locale)
        return _tab_rows(snapshot, name_)

    key = f"trace:{name_}:{lang(locale)}" if name_ == "steps" else f"trace:{name_}"
    return snapshot.derive(key, build)


def rows_behind(snapshot: Snapshot, v: KpiValue, locale: str = "zh-CN") -> pd.DataFrame:
    """The rows behind one KPI value: each key found in the KPI's sources, in key order (for
    流程耗时 per step, every timed step: those without a baseline say they need one)."""
    if v.kpi == BY_STEP:
        return source(snapshot, "steps", locale)
    wanted = set(v.keys)
    parts = [source(snapshot, s) for s in SOURCES.get(v.kpi, ())]
    found = [p[p["key"].isin(wanted)] for p in parts if not p.empty]
    if not found:
        return pd.DataFrame(columns=TRACE_COLUMNS)
    return pd.concat(found, ignore_index=True).drop_duplicates(["key", "tab", "cell"])


def status_text(value: Any, locale: str) -> Any:
    """A project, dispute or SLA status as people read it in the locale (else unchanged)."""
    if not isinstance(value, str):
        return value
    if value in SLA_STATUSES:
        return t(locale, f"sla.{value}")
    if lang(locale) == "en":
        return value
    for tab in ("projects", "disputes"):
        labels = dict(TABS[tab].column("status").choices)
        if value in labels:
            return labels[value]
    return value
