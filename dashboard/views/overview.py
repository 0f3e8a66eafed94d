"""Overview page (概览): every KPI against its target in red / amber / green, its trend from
``_metrics`` and the rows behind it; then the workbook's size, status counts and the last run."""

from __future__ import annotations

import streamlit as st

from dashboard.context import Context, current
from dashboard.data import status_counts
from dashboard.text import choice_label, md_escape
from dashboard.views import kpis
from dashboard.views.common import (
    caption,
    frame_table,
    links,
    number,
    plain,
    read_at_caption,
    table,
)
from jobs.metrics import KpiValue
from sheets_sync.schema import BOT_TABS, TABS

RUN_FIELDS = tuple(c for c in BOT_TABS["_runs"] if c not in ("run_id", "api_requests"))
OPEN_DISPUTE = ("open", "negotiating", "escalated")
CARDS_PER_ROW = 4
TRACE_ROWS = 200


def status_table(ctx: Context, tab: str) -> None:
    """Rows per status of a tab (every status of the schema, also those at zero)."""
    order = [key for key, _ in TABS[tab].column("status").choices]
    counts = status_counts(ctx.snapshot.workbook[tab].column("status"), order)
    rows = [
        {"status": choice_label(tab, "status", s, ctx.locale), "count": n}
        for s, n in counts.items()
    ]
    table(rows, {"status": ctx.t("col.status"), "count": ctx.t("col.count")})


def card(ctx: Context, v: KpiValue) -> None:
    """One KPI with the sparkline of its ``_metrics`` trend."""
    trend = kpis.history_of(ctx.snapshot.history, v.kpi)["value"].dropna().tolist()
    kpis.metric(v, ctx.locale, trend)


def cards(ctx: Context) -> None:
    """The KPI grid."""
    values = ctx.snapshot.kpis
    for start in range(0, len(values), CARDS_PER_ROW):
        row = values[start : start + CARDS_PER_ROW]
        for col, v in zip(st.columns(CARDS_PER_ROW), row, strict=False):
            with col:
                card(ctx, v)


def trace(ctx: Context, v: KpiValue) -> None:
    """An expander per KPI with the rows behind its value (built only when opened)."""
    label = f"{kpis.name(v.kpi, ctx.locale)} · {kpis.basis(v, ctx.locale)}"
    box = st.expander(md_escape(label), key=f"kpi_rows_{v.kpi}", on_change="rerun")
    if not box.open:
        return
    with box:
        rows = kpis.rows_behind(ctx.snapshot, v).head(TRACE_ROWS).copy()
        if rows.empty:
            st.info(ctx.t("kpi.no_rows"))
            return
        if len(v.keys) > TRACE_ROWS:
            caption(
                ctx, "kpi.rows_limited", shown=number(TRACE_ROWS, 0), total=number(len(v.keys), 0)
            )
        rows["link"] = links(ctx, rows["tab"], rows["cell"])
        rows["detail"] = [kpis.status_text(d, ctx.locale) for d in rows["detail"]]
        columns = {
            "key": "col.key",
            "link": "col.cell",
            "label": "col.item",
            "detail": "col.detail",
            "hours": "col.hours",
        }
        frame_table(ctx, rows, columns, limit=None, link="link")


def render(ctx: Context) -> None:
    """Draw the overview page."""
    wb = ctx.snapshot.workbook
    st.title(ctx.t("page.overview"))
    read_at_caption(ctx)
    caption(ctx, "kpi.caption")
    cards(ctx)

    st.subheader(ctx.t("kpi.trend"))
    if ctx.snapshot.history.dropna(subset=["value"]).empty:
        st.info(ctx.t("kpi.no_history"))
    else:
        st.altair_chart(kpis.trend_chart(ctx.snapshot.history, ctx.locale))

    st.subheader(ctx.t("kpi.rows"))
    for v in ctx.snapshot.kpis:
        trace(ctx, v)

    st.subheader(ctx.t("overview.workbook"))
    disputes = wb["disputes"].column("status")
    open_disputes = sum(1 for s in disputes if s in OPEN_DISPUTE or s is None)
    counts = (
        ("metric.departments", len(wb["departments"])),
        ("metric.people", len(wb["people"])),
        ("metric.projects", len(wb["projects"])),
        ("metric.tasks", len(wb["tasks"])),
        ("metric.open_disputes", open_disputes),
    )
    for col, (key, value) in zip(st.columns(len(counts)), counts, strict=True):
        col.metric(ctx.t(key), number(value, 0))

    left, middle, right = st.columns(3)
    for col, tab, key in (
        (left, "projects", "overview.projects"),
        (middle, "tasks", "overview.tasks"),
        (right, "disputes", "overview.disputes"),
    ):
        with col:
            st.subheader(ctx.t(key))
            status_table(ctx, tab)

    st.subheader(ctx.t("overview.last_run"))
    jobs = dict.fromkeys(str(r.get("job") or "") for r in ctx.snapshot.runs)
    runs = [r for r in (ctx.snapshot.last_run(j) for j in jobs) if r is not None]
    if not runs:
        st.info(ctx.t("overview.no_runs"))
        return
    runs.sort(key=lambda r: str(r.get("started_at") or ""), reverse=True)  # latest first
    rows = [{k: plain(r.get(k)) for k in RUN_FIELDS} for r in runs]
    table(rows, {k: ctx.t(f"run.{k}") for k in RUN_FIELDS})


if __name__ == "__main__":
    render(current())
