"""The progress board's timeline: a Gantt bar from hand-off to due date for each open task (done
ones on request), soonest due first, coloured by SLA status, with a rule at the time of reading.
Only the first ``TIMELINE_ROWS`` are drawn; the note says how many there are."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.context import Context
from dashboard.views.widgets import caption, date_axis, kept, number

TIMELINE_ROWS = 30  # bars: each one costs the browser; the note says how many there are
ROW_PX = 22  # a timeline row: room for its label (11 px) so none is hidden for overlap
LABEL_PX = 360  # a label's width: "T000339 处理方案评审与确认" whole
SLA_ORDER = ("breached", "at_risk", "on_track", "met_late", "met", "none")


def timeline(ctx: Context, df: pd.DataFrame, tag: str | None) -> None:
    """Gantt of hand-off → due of open tasks (done ones on request), soonest due first,
    coloured by SLA status, with a rule at the time of reading."""
    caption(ctx, "progress.timeline_note")
    with_done = st.toggle(  # kept while another tab or page is open, as the open tab is
        ctx.t("progress.with_done"), key="progress_with_done", persist_state="session"
    )

    def build() -> pd.DataFrame:
        return df[df["start"].notna() & df["due"].notna() & (df["open"] | with_done)]

    timed = kept(ctx, tag and f"timeline:{tag}:{with_done}", build)
    rows = timed.head(TIMELINE_ROWS)
    if rows.empty:
        st.info(ctx.t("progress.no_timeline"))
        return
    untimed = int((df["open"] & (df["start"].isna() | df["due"].isna())).sum())
    caption(
        ctx, "progress.timeline_drawn", shown=number(len(rows), 0), timed=number(len(timed), 0),
        most=number(TIMELINE_ROWS, 0), untimed=number(untimed, 0),
    )  # fmt: skip
    sla = [ctx.t(f"sla.{s}") for s in SLA_ORDER]
    chart_df = pd.DataFrame(
        {
            "task": rows["task_id"].astype(str) + " " + rows["step_name"].fillna("").astype(str),
            "start": rows["start"],
            "due": rows["due"],
            "sla": [ctx.t(f"sla.{s}") for s in rows["sla"]],
            "project": rows["project_id"].astype(str),
            "who": rows["assignee"].fillna("").astype(str),
        }
    )
    colours = ["#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#1f77b4", "#7f7f7f"]
    # the axis spans the bars and the rule at the time of reading
    at, start, end = (
        pd.Timestamp(ctx.snapshot.read_at),
        chart_df["start"].min(),
        chart_df["due"].max(),
    )
    chart = (
        alt.Chart(chart_df)
        .mark_bar()
        .encode(
            x=alt.X(
                "start:T",
                axis=date_axis(ctx.t("progress.axis"), min(start, at), max(end, at)),
            ),
            x2="due:T",
            # every bar its label, in full: no label dropped for overlap, none cut short
            y=alt.Y(
                "task:N",
                sort=None,
                title=None,
                axis=alt.Axis(labelOverlap=False, labelLimit=LABEL_PX),
            ),
            color=alt.Color(
                "sla:N", title=ctx.t("col.sla"), scale=alt.Scale(domain=sla, range=colours)
            ),
            tooltip=[
                alt.Tooltip("task:N", title=ctx.t("col.task")),
                alt.Tooltip("project:N", title=ctx.t("col.project")),
                alt.Tooltip("who:N", title=ctx.t("col.person")),
                alt.Tooltip("start:T", title=ctx.t("col.handed_off"), format="%Y-%m-%d %H:%M"),
                alt.Tooltip("due:T", title=ctx.t("col.due"), format="%Y-%m-%d %H:%M"),
                alt.Tooltip("sla:N", title=ctx.t("col.sla")),
            ],
        )
    )
    now = pd.DataFrame({"now": [at]})
    rule = alt.Chart(now).mark_rule(color="black", strokeDash=[2, 2]).encode(x="now:T")
    height = max(200, ROW_PX * len(chart_df))
    st.altair_chart((chart + rule).properties(height=height), height=height + 70)
