"""Retrospectives and actions page (复盘整改): each action's rectification cycle against the
plan's 24 h, its SLA status, and the findings by category."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from config.defaults import KPI_DEFAULTS
from dashboard.context import Context, current
from dashboard.text import choice_label
from dashboard.views import kpi_cards
from dashboard.views.widgets import caption, frame_table, links, lookup, number, read_at_caption
from sheets_sync.finding import column_letter

KPI = "rectification_cycle"


def actions(ctx: Context) -> pd.DataFrame:
    """Retrospectives with their action's SLA status and hours (SLA clock), built once."""

    def build() -> pd.DataFrame:
        table = ctx.snapshot.workbook["retrospectives"]
        df = ctx.snapshot.frame("retrospectives").copy()
        res = ctx.snapshot.sla.result
        if not res.empty:
            act = res[res["kind"] == "action"].drop_duplicates("ref").set_index("ref")
            df["sla"] = lookup(act["status"], df["retro_id"])
            df["hours"] = lookup(act["elapsed_h"], df["retro_id"])
            df["due"] = lookup(act["due_at"], df["retro_id"])
        else:
            df["sla"], df["hours"], df["due"] = None, None, pd.NaT
        df["has_action"] = df["action"].notna() & (df["action"].astype(str) != "")
        df["tab"] = table.title
        df["cell"] = column_letter(table.positions.get("retro_id", 0)) + df["_row"].astype(str)
        return df.sort_values("held_on", ascending=False, na_position="last").reset_index(drop=True)

    return ctx.snapshot.derive("retros", build)


def cycle_chart(ctx: Context, done: pd.DataFrame, limit: float) -> None:
    """Histogram of rectification hours with the 24 h target as a rule."""
    data = pd.DataFrame({"hours": pd.to_numeric(done["hours"], errors="coerce").dropna()})
    if data.empty:
        return
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("hours:Q", bin=alt.Bin(maxbins=24), title=ctx.t("retro.hours")),
            y=alt.Y("count():Q", title=ctx.t("col.count")),
        )
    )
    rule = alt.Chart(pd.DataFrame({"target": [limit]})).mark_rule(color="red", strokeDash=[4, 4])
    st.altair_chart((bars + rule.encode(x="target:Q")).properties(height=220), height=280)


def by_category(ctx: Context, df: pd.DataFrame) -> None:
    """Findings per category."""
    counts = df["category"].value_counts(dropna=False)
    data = pd.DataFrame(
        {
            "category": [
                choice_label("retrospectives", "category", c, ctx.locale) for c in counts.index
            ],
            "n": counts.to_numpy(),
        }
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title=ctx.t("col.count")),
            y=alt.Y("category:N", sort="-x", title=None),
        )
        .properties(height=160)
    )
    st.altair_chart(chart, height=220)


def render(ctx: Context) -> None:
    """Draw the retrospectives page."""
    st.title(ctx.t("page.retrospectives"))
    read_at_caption(ctx)
    df = actions(ctx)
    with_action = df[df["has_action"]]
    kpi = next((v for v in ctx.snapshot.kpis if v.kpi == KPI), None)
    limit = kpi.target if kpi else KPI_DEFAULTS[KPI].target
    done = with_action[with_action["action_done_at"].notna()]
    open_ = with_action[with_action["action_done_at"].isna()]
    cols = st.columns(4)
    cols[0].metric(ctx.t("retro.findings"), number(len(df), 0))
    cols[1].metric(ctx.t("retro.actions_open"), number(len(open_), 0))
    cols[2].metric(ctx.t("retro.overdue"), number(int((open_["sla"] == "breached").sum()), 0))
    if kpi is not None:
        with cols[3]:
            kpi_cards.metric(kpi, ctx.locale)
    within = int((pd.to_numeric(done["hours"], errors="coerce") <= limit).sum())
    caption(ctx, "retro.within", n=number(within, 0), total=number(len(done), 0), h=number(limit))
    left, right = st.columns(2)
    with left:
        st.subheader(ctx.t("retro.cycle"))
        cycle_chart(ctx, done, limit)
    with right:
        st.subheader(ctx.t("retro.by_category"))
        if df.empty:
            st.info(ctx.t("retro.none"))
        else:
            by_category(ctx, df)

    st.subheader(ctx.t("retro.actions"))
    if with_action.empty:
        st.info(ctx.t("retro.none"))
        return
    rows = (
        # open actions first, then the latest retrospectives (the frame is newest first)
        with_action.sort_values("action_done_at", key=lambda c: c.notna(), kind="stable")
        .head(500)
        .copy()
    )
    rows["sla_"] = [ctx.t(f"sla.{s}") if isinstance(s, str) else "" for s in rows["sla"]]
    rows["category_"] = [
        choice_label("retrospectives", "category", c, ctx.locale) for c in rows["category"]
    ]
    rows["link"] = links(ctx, rows["tab"], rows["cell"])
    if len(with_action) > len(rows):
        caption(ctx, "rows.limited", shown=number(len(rows), 0), total=number(len(with_action), 0))
    columns = {
        "retro_id": "col.ref",
        "project_id": "col.project",
        "held_on": "col.held_on",
        "category_": "col.category",
        "finding": "col.finding",
        "action": "col.action",
        "action_owner": "col.person",
        "due": "col.due",
        "action_done_at": "col.done_at",
        "hours": "retro.hours",
        "sla_": "col.sla",
        "link": "col.cell",
    }
    frame_table(ctx, rows, columns, limit=None, link="link")


if __name__ == "__main__":
    render(current())
