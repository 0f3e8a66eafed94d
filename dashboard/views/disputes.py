"""Disputes page (权责争议): open ones, those waiting for a management decision (escalated),
decided ones, and the time from raising a dispute to its decision."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.text import choice_label
from dashboard.views.widgets import caption, frame_table, links, lookup, number, read_at_caption
from jobs.kpis.targets import unit_word
from sheets_sync.finding import column_letter

OPEN = ("open", "negotiating")
COLUMNS = {
    "dispute_id": "col.ref",
    "raised_at": "col.raised_at",
    "raised_by": "col.person",
    "departments_": "col.dept",
    "severity_": "col.severity",
    "status_": "col.status",
    "description": "col.description",
    "age_d": "col.age_d",
    "link": "col.cell",
}
# the negotiation window's end, and the departments' 协商记录 (what management decides on)
OPEN_EXTRA = {"due": "disputes.due", "sla_": "col.sla", "negotiation": "col.negotiation"}


def disputes(ctx: Context) -> pd.DataFrame:
    """The disputes with days open (or to decision), newest data first, built once per read."""

    def build() -> pd.DataFrame:
        table = ctx.snapshot.workbook["disputes"]
        df = ctx.snapshot.frame("disputes").copy()
        raised = pd.to_datetime(df["raised_at"])
        decided = pd.to_datetime(df["decided_at"])
        now = pd.Timestamp(ctx.snapshot.read_at)
        df["decide_d"] = ((decided - raised).dt.total_seconds() / 86400).round(1)
        df["age_d"] = ((now - raised).dt.total_seconds() / 86400).round(1)
        df["age_d"] = df["decide_d"].where(df["status"] == "decided", df["age_d"])
        res = ctx.snapshot.sla.result
        timed = res[res["kind"] == "dispute"].drop_duplicates("ref").set_index("ref")
        df["sla"] = lookup(timed["status"], df["dispute_id"]) if len(res) else None
        df["due"] = lookup(timed["due_at"], df["dispute_id"]) if len(res) else pd.NaT
        df["departments_"] = ["、".join(map(str, d)) if d else "" for d in df["departments"]]
        df["tab"] = table.title
        df["cell"] = column_letter(table.positions.get("dispute_id", 0)) + df["_row"].astype(str)
        return df.sort_values("raised_at", na_position="last").reset_index(drop=True)

    return ctx.snapshot.derive("disputes", build)


def listing(ctx: Context, df: pd.DataFrame, extra: dict[str, str] | None = None) -> None:
    """A table of disputes (labels localized, cells linked)."""
    if df.empty:
        st.info(ctx.t("disputes.none"))
        return
    rows = df.head(500).copy()
    rows["status_"] = [choice_label("disputes", "status", s, ctx.locale) for s in rows["status"]]
    rows["severity_"] = [
        choice_label("disputes", "severity", s, ctx.locale) for s in rows["severity"]
    ]
    rows["link"] = links(ctx, rows["tab"], rows["cell"])
    rows["sla_"] = [ctx.t(f"sla.{s}") if isinstance(s, str) else "" for s in rows["sla"]]
    columns = dict(COLUMNS)
    if extra:
        columns = {**{k: v for k, v in columns.items() if k != "link"}, **extra, "link": "col.cell"}
    if len(df) > len(rows):
        caption(ctx, "rows.limited", shown=number(len(rows), 0), total=number(len(df), 0))
    frame_table(ctx, rows, columns, limit=None, link="link")


def decision_chart(ctx: Context, decided: pd.DataFrame) -> None:
    """Distribution of days to decision."""
    data = pd.DataFrame({"days": decided["decide_d"].dropna()})
    if data.empty:
        return
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("days:Q", bin=alt.Bin(maxbins=20), title=ctx.t("disputes.days")),
            y=alt.Y("count():Q", title=ctx.t("col.count")),
        )
        .properties(height=220)
    )
    st.altair_chart(chart, height=280)


def render(ctx: Context) -> None:
    """Draw the disputes page."""
    st.title(ctx.t("page.disputes"))
    read_at_caption(ctx)
    df = disputes(ctx)
    waiting = df[df["status"].isin(OPEN) | df["status"].isna()]
    escalated = df[df["status"] == "escalated"]
    decided = df[df["status"] == "decided"]
    median = decided["decide_d"].median() if decided["decide_d"].notna().any() else None
    cols = st.columns(4)
    cols[0].metric(ctx.t("disputes.open"), number(len(waiting), 0))
    cols[1].metric(ctx.t("disputes.escalated"), number(len(escalated), 0))
    cols[2].metric(ctx.t("disputes.decided"), number(len(decided), 0))
    cols[3].metric(
        ctx.t("disputes.median"),
        "n/a" if median is None else f"{number(median)} {unit_word('d', ctx.locale)}",
    )
    tabs = st.tabs(
        [
            f"{ctx.t('disputes.escalated')} ({len(escalated)})",
            f"{ctx.t('disputes.open')} ({len(waiting)})",
            f"{ctx.t('disputes.decided')} ({len(decided)})",
        ]
    )
    with tabs[0]:
        caption(ctx, "disputes.escalated_help")
        listing(ctx, escalated, OPEN_EXTRA)
    with tabs[1]:
        listing(ctx, waiting, OPEN_EXTRA)
    with tabs[2]:
        decision_chart(ctx, decided)
        recent = decided.sort_values("decided_at", ascending=False, na_position="last")
        listing(
            ctx,
            recent,
            {
                "decided_by": "col.decided_by",
                "decision": "col.decision",
                "decided_at": "col.decided_at",
            },
        )


if __name__ == "__main__":
    render(current())
