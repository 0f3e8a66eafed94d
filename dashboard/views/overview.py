"""Overview page (概览): every KPI against its target in red / amber / green, its trend from
``_metrics``, what it is computed over and the rows behind it (each card's expander); the plan's
里程碑 (dashboard/views/phases.py); then the workbook's size, status counts and the last run.

The KPI values are the daily run's (the latest day of ``_metrics``) when it has run, else
computed from the tables: the quick ones at once, those that take seconds at 100,000 tasks (SLA,
case matching, survey) shown as "computing…" until the thread the read started has them
(dashboard/computed.py); the rows behind a KPI are computed when the viewer opens it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import streamlit as st

from config.defaults import KPI_DEFAULTS
from config.schema import TABS
from dashboard.computed import kpis_so_far
from dashboard.context import Context, current
from dashboard.last_run import METRICS_JOBS
from dashboard.text import choice_label, md_escape, value_word
from dashboard.views import kpi_cards, kpi_rows, phases
from dashboard.views.widgets import (
    caption,
    computed_here,
    frame_table,
    links,
    number,
    plain,
    read_at_caption,
    small_table,
)
from jobs.kpis.measures import KpiValue
from jobs.run.runs_tab import RUNS

RUN_FIELDS = tuple(c for c in RUNS.header if c not in ("run_id", "api_requests"))
OPEN_DISPUTE = ("open", "negotiating", "escalated")
CARDS_PER_ROW = 4
TRACE_ROWS = 200
POLL_S = 0.5  # how often the cards look whether the KPIs still computing are in
POLLS_KEY = "overview_polls"  # the cards' looks since the page's run: the first says it is drawn


def status_counts(values: Iterable[Any], order: Sequence[str]) -> Mapping[str | None, int]:
    """Count of each status in schema order (zeros kept), then blank and unknown values in the
    order they first occur (counted in C by ``Counter``: 100,000 tasks in milliseconds)."""
    counts: dict[str | None, int] = dict.fromkeys(order, 0)
    for v, n in Counter(values).items():
        counts[v] = counts.get(v, 0) + n
    return counts


def status_table(ctx: Context, tab: str) -> None:
    """Rows per status of a tab (every status of the schema, also those at zero), counted
    once per read."""
    order = [key for key, _ in TABS[tab].column("status").choices]
    column = ctx.snapshot.workbook[tab].column
    counts = ctx.snapshot.derive(
        f"overview:status:{tab}", lambda: status_counts(column("status"), order)
    )
    rows = [
        {"status": choice_label(tab, "status", s, ctx.locale), "count": n}
        for s, n in counts.items()
    ]
    small_table(rows, {"status": ctx.t("col.status"), "count": ctx.t("col.count")})


def shown_kpis(ctx: Context, computed: bool) -> tuple[tuple[KpiValue, ...], tuple[str, ...]]:
    """The KPIs on the cards: the daily run's (``_metrics``) unless ``computed`` or there are
    none; a KPI missing from the run's day is computed from the tables. Also the KPIs still
    being computed (``computed.kpis_so_far``): their cards say so."""
    daily = ctx.snapshot.daily
    if computed or daily is None:
        return kpis_so_far(ctx.snapshot)
    if not daily.missing:
        return daily.values, ()
    by_kpi = {v.kpi: v for v in (*ctx.snapshot.kpis, *daily.values)}  # the run's values win
    return tuple(by_kpi[k] for k in KPI_DEFAULTS if k in by_kpi), ()


def source(ctx: Context) -> bool:
    """Say where the KPIs come from; with a daily run, offer to compute them now instead.
    Returns whether the cards are computed from the tables."""
    daily = ctx.snapshot.daily
    if ctx.snapshot.scoped:  # _metrics is hidden, not missing (trial13: "run collabsheet
        caption(ctx, "kpi.scoped")  # metrics" told to a department head)
        return True
    if (
        computed_here(
            ctx,
            daily is not None,
            "overview_compute",
            "kpi.recompute",
            "kpi.computed",
            "kpi.computed",
        )
        or daily is None
    ):
        return True
    at = ctx.snapshot.written_at(METRICS_JOBS)
    shown = f"{at:%Y-%m-%d %H:%M}" if at else daily.day.isoformat()
    caption(ctx, "kpi.from_run", at=shown, day=daily.day.isoformat())
    if daily.missing:
        caption(
            ctx, "kpi.missing", kpis=", ".join(kpi_cards.name(k, ctx.locale) for k in daily.missing)
        )
    return False


def card(ctx: Context, v: KpiValue) -> None:
    """One KPI with the sparkline of its ``_metrics`` trend, and under it what the value is
    computed over ("27 / 30"), which opens to the rows behind it."""
    trend = kpi_cards.history_of(ctx.snapshot.history, v.kpi)["value"].dropna().tolist()
    basis = kpi_cards.basis(v, ctx.locale) if v.keys or v.denominator else ctx.t("kpi.of_run")
    kpi_cards.metric(v, ctx.locale, trend, basis)
    trace(ctx, v, basis)


def cards(ctx: Context, values: tuple[KpiValue, ...], waiting: tuple[str, ...] = ()) -> None:
    """The KPI grid; a KPI of ``waiting`` as "computing…"."""
    for start in range(0, len(values), CARDS_PER_ROW):
        row = values[start : start + CARDS_PER_ROW]
        for col, v in zip(st.columns(CARDS_PER_ROW), row, strict=False):
            with col:
                if v.kpi not in waiting:
                    card(ctx, v)
                    continue
                name, note = kpi_cards.name(v.kpi, ctx.locale), ctx.t("kpi.computing")
                st.metric(name, "…", note, "gray", border=True, delta_arrow="off")


@st.fragment(run_every=POLL_S)
def cards_to_come(ctx: Context) -> None:
    """The KPI grid while some KPIs are computed: looks again every ``POLL_S`` and, once they
    are in, runs the page again (the rows behind them too). Its first look comes from a
    browser that has drawn the page: only then does the read's thread take the CPU for the
    slow KPIs (``Snapshot.drawn``), not while the browser still draws the first view."""
    polls = st.session_state.get(POLLS_KEY, 0)
    st.session_state[POLLS_KEY] = polls + 1
    if polls:
        ctx.snapshot.drawn()
    values, waiting = kpis_so_far(ctx.snapshot)
    if not waiting:
        st.rerun()
    with st.container(key="kpi_waiting"):  # the bench waits for this to go
        cards(ctx, values, waiting)


def trace(ctx: Context, shown: KpiValue, basis: str) -> None:
    """The card's expander, labelled with what the value is computed over, holding the rows
    behind it: computed from the tables only when opened (once per read), since the daily
    run keeps no rows behind its values. A scoped viewer's tables hold only their rows."""
    label = ctx.t("kpi.card_rows", basis=basis)
    box = st.expander(md_escape(label), key=f"kpi_rows_{shown.kpi}", on_change="rerun")
    if not box.open:
        return
    with box:
        v = next((k for k in ctx.snapshot.kpis if k.kpi == shown.kpi), shown)
        if v is not shown:
            unit = KPI_DEFAULTS[v.kpi].unit
            value = kpi_cards.amount(v.value, unit, ctx.locale)
            caption(ctx, "kpi.rows_now", value=value, basis=kpi_cards.basis(v, ctx.locale))
        rows = kpi_rows.rows_behind(ctx.snapshot, v, ctx.locale).head(TRACE_ROWS).copy()
        if rows.empty:
            st.info(ctx.t("kpi.no_rows"))
            return
        if len(v.keys) > TRACE_ROWS:
            caption(
                ctx, "kpi.rows_limited", shown=number(TRACE_ROWS, 0), total=number(len(v.keys), 0)
            )
        rows["link"] = links(ctx, rows["tab"], rows["cell"])
        rows["detail"] = [kpi_rows.status_text(d, ctx.locale) for d in rows["detail"]]
        columns = {
            "key": "col.key",
            "link": "col.cell",
            "label": "col.item",
            "detail": "col.detail",
            "hours": "col.hours",
        }
        frame_table(ctx, rows, columns, limit=None, link="link")


def trends(ctx: Context) -> None:
    """The ``_metrics`` trend of every KPI with its target, drawn only when expanded: the cards'
    sparklines show the trend already, and a dozen charts cost a browser a tenth of a second on
    every visit."""
    if ctx.snapshot.scoped or ctx.snapshot.history.dropna(subset=["value"]).empty:
        st.subheader(ctx.t("kpi.trend"))
        st.info(ctx.t("kpi.scoped_history" if ctx.snapshot.scoped else "kpi.no_history"))
        return
    box = st.expander(ctx.t("kpi.trend"), key="kpi_trend", on_change="rerun")
    if box.open:
        with box:
            st.altair_chart(kpi_cards.trend_chart(ctx.snapshot.history, ctx.locale))


def render(ctx: Context) -> None:
    """Draw the overview page, then let the read's thread compute the slow KPIs (when some
    cards wait for them: once the browser has drawn the page, ``cards_to_come``)."""
    st.session_state[POLLS_KEY] = 0
    waiting = False
    try:
        waiting = draw(ctx)
    finally:
        if not waiting:
            ctx.snapshot.drawn()


def draw(ctx: Context) -> bool:
    """The page's elements; returns whether some KPIs are still being computed."""
    wb = ctx.snapshot.workbook
    st.title(ctx.t("page.overview"))
    read_at_caption(ctx)
    caption(ctx, "kpi.caption")
    values, waiting = shown_kpis(ctx, source(ctx))
    if waiting:
        cards_to_come(ctx)
    else:
        cards(ctx, values)

    phases.render(ctx, values, waiting)
    trends(ctx)

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
    last_runs(ctx)
    return bool(waiting)


def last_runs(ctx: Context) -> None:
    """The latest run of each job from ``_runs``, latest first."""
    st.subheader(ctx.t("overview.last_run"))
    jobs = dict.fromkeys(str(r.get("job") or "") for r in ctx.snapshot.runs)
    runs = [r for r in (ctx.snapshot.last_run(j) for j in jobs) if r is not None]
    if not runs:
        st.info(ctx.t("overview.no_runs"))
        return
    runs.sort(key=lambda r: str(r.get("started_at") or ""), reverse=True)  # latest first
    rows = [{k: plain(r.get(k)) for k in RUN_FIELDS} for r in runs]
    for row, r in zip(rows, runs, strict=True):  # job and outcome in words, not stored keys
        row["job"] = value_word(ctx.locale, "run.job", r.get("job"))
        row["outcome"] = value_word(ctx.locale, "run.outcome", r.get("outcome"))
    small_table(rows, {k: ctx.t(f"run.{k}") for k in RUN_FIELDS})


if __name__ == "__main__":
    render(current())
