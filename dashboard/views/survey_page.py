"""Survey page (满意度调研): the three dimensions by department and quarter, the satisfaction
rate (the three dimensions' mean ≥ [kpis] satisfied_at, as the KPI) per quarter against the
plan's 90%, and the comments as text. Quarters are read as the KPIs read them
(``jobs.kpis.quarters``): 2026年第4季度 is 2026Q4, an unreadable one is left out."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.text import md_escape
from dashboard.views import kpi_cards
from dashboard.views.widgets import (
    caption,
    frame_table,
    labelled,
    names,
    number,
    percent,
    read_at_caption,
)
from jobs.kpis.quarters import parse_quarter
from jobs.survey.responses import rates_of, superseded
from jobs.survey.rounds import read_rounds

DIMENSIONS = ("clarity", "smoothness", "communication")
KPI = "satisfaction"


def responses(ctx: Context) -> pd.DataFrame:
    """Survey responses with numeric ratings and the quarter as text (built once)."""

    def build() -> pd.DataFrame:
        df = ctx.snapshot.frame("survey").copy()
        gone = superseded(df["response_id"].astype(object).tolist())  # answered again
        if gone:
            df = df.iloc[[i for i in range(len(df)) if i not in gone]].copy()
        read = [parse_quarter(q) for q in df["quarter"].astype(object).tolist()]
        df["quarter"] = [None if q is None else str(q) for q in read]
        df = df[df["quarter"].notna()].copy()
        for col in (*DIMENSIONS, "overall"):
            df[col] = pd.to_numeric(df[col], errors="coerce")
        return df

    return ctx.snapshot.derive("survey", build)


def heatmap(ctx: Context, df: pd.DataFrame) -> None:
    """Mean rating per department and dimension."""
    long = df.melt(id_vars=["dept"], value_vars=list(DIMENSIONS), var_name="dim", value_name="v")
    data = long.groupby(["dept", "dim"], as_index=False)["v"].mean()
    data["dim"] = [ctx.t(f"survey.{d}") for d in data["dim"]]
    data["v"] = data["v"].round(2)
    base = alt.Chart(data).encode(
        x=alt.X("dim:N", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("dept:N", title=None),
    )
    rect = base.mark_rect().encode(
        color=alt.Color("v:Q", scale=alt.Scale(domain=[1, 5], scheme="redyellowgreen"), title=""),
        tooltip=[alt.Tooltip("dept:N"), alt.Tooltip("dim:N"), alt.Tooltip("v:Q")],
    )
    text = base.mark_text().encode(text=alt.Text("v:Q", format=".2f"))
    height = max(160, 28 * data["dept"].nunique())
    st.altair_chart((rect + text).properties(height=height), height=height + 60)


def by_quarter(ctx: Context, df: pd.DataFrame) -> None:
    """Mean of each dimension per quarter (line)."""
    data = df.groupby("quarter", as_index=False)[list(DIMENSIONS)].mean()
    long = data.melt(id_vars=["quarter"], var_name="dim", value_name="v")
    long["dim"] = [ctx.t(f"survey.{d}") for d in long["dim"]]
    chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=ctx.t("col.quarter"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("v:Q", scale=alt.Scale(domain=[1, 5]), title=ctx.t("survey.mean")),
            color=alt.Color("dim:N", title=None),
        )
        .properties(height=240)
    )
    st.altair_chart(chart, height=300)


def quarter_rates(rated: pd.DataFrame, satisfied_at: float, target: float) -> pd.DataFrame:
    """Per quarter: the share of answers (three ratings each) averaging at least
    ``satisfied_at``, in % (``rate``), and its colour as the KPI card colours a value of
    协作满意度 (``verdict``: green met, orange near, red far: ``kpi_cards.colour``)."""
    happy = rated[list(DIMENSIONS)].mean(axis=1) >= satisfied_at - 1e-9
    rate = happy.groupby(rated["quarter"]).mean().reset_index(name="rate")
    rate["verdict"] = [
        kpi_cards.colour(kpi_cards.judged("satisfaction", r, target)) for r in rate["rate"]
    ]
    rate["rate"] = (rate["rate"] * 100).round(1)
    return rate


def satisfaction(ctx: Context, df: pd.DataFrame, target: float) -> None:
    """Share of answers per quarter whose three dimensions average at least satisfied_at (the
    KPI's rule), with the target as a rule."""
    rated = df[df[list(DIMENSIONS)].notna().all(axis=1)]
    if rated.empty:
        st.info(ctx.t("survey.no_overall"))
        return
    rate = quarter_rates(rated, ctx.snapshot.settings.kpi_section.satisfied_at, target)
    bars = (
        alt.Chart(rate)
        .mark_bar()
        .encode(
            x=alt.X("quarter:O", title=ctx.t("col.quarter"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("rate:Q", scale=alt.Scale(domain=[0, 100]), title="%"),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=list(kpi_cards.HEX), range=list(kpi_cards.HEX.values())),
                legend=None,
            ),
        )
    )
    rule = alt.Chart(pd.DataFrame({"t": [target * 100]})).mark_rule(strokeDash=[4, 4])
    st.altair_chart((bars + rule.encode(y="t:Q")).properties(height=240), height=300)


def response_rate(ctx: Context, quarter: str) -> None:
    """Answers that count / active people per department in ``quarter`` (superseded answers
    left out, as ``collabsheet survey status`` counts), and the round's state when known."""
    st.subheader(md_escape(ctx.t("survey.response_rate", q=quarter)))
    rnd = read_rounds(ctx.snapshot.workbook.bot.get("_survey_rounds")).get(quarter)
    if rnd is not None:
        key = "survey.round_closed" if rnd.closed_at else "survey.round_open"
        caption(ctx, key, close=rnd.close_on, at=rnd.closed_at[:16])
    rates = rates_of(ctx.snapshot.workbook, quarter)
    names_ = names(ctx, "departments")
    table = pd.DataFrame(
        {
            "dept": labelled(names_, pd.Series([r.dept_id for r in rates], dtype=object)),
            "answered": [r.answered for r in rates],
            "headcount": [r.headcount for r in rates],
            "rate": [percent(r.rate) for r in rates],
        }
    )
    columns = {"dept": "col.dept", "answered": "survey.answered",
               "headcount": "survey.headcount", "rate": "survey.rate_col"}  # fmt: skip
    frame_table(ctx, table, columns, limit=None)
    for r in rates:  # more answers than people: the rate is capped at 100%, say why
        if r.excess:
            dept = names_.get(r.dept_id, r.dept_id)
            st.warning(md_escape(ctx.t("survey.excess", dept=dept, n=r.answered, h=r.headcount)))


def render(ctx: Context) -> None:
    """Draw the survey page."""
    st.title(ctx.t("page.survey"))
    read_at_caption(ctx)
    df = responses(ctx)
    kpi = next((v for v in ctx.snapshot.kpis if v.kpi == KPI), None)
    quarters = sorted(set(df["quarter"]))
    cols = st.columns(3)
    cols[0].metric(ctx.t("survey.responses"), number(len(df), 0))
    cols[1].metric(ctx.t("survey.quarters"), number(len(quarters), 0))
    if kpi is not None:
        with cols[2]:
            kpi_cards.metric(kpi, ctx.locale)
    if df.empty:
        st.info(ctx.t("survey.none"))
        return
    quarter = st.selectbox(
        ctx.t("col.quarter"),
        quarters[::-1],
        key="survey_quarter",
        help=ctx.t("survey.quarter_help"),
    )
    current_q = df[df["quarter"] == quarter].copy()
    current_q["dept"] = labelled(names(ctx, "departments"), current_q["dept_id"])
    left, right = st.columns(2)
    with left:
        st.subheader(md_escape(ctx.t("survey.by_dept", q=quarter)))
        heatmap(ctx, current_q)
    with right:
        st.subheader(ctx.t("survey.rate"))
        satisfaction(ctx, df, kpi.target if kpi else 0.9)
    response_rate(ctx, quarter)
    st.subheader(ctx.t("survey.trend"))
    by_quarter(ctx, df)
    st.subheader(ctx.t("survey.comments"))
    comments = current_q[current_q["comment"].notna() & (current_q["comment"].astype(str) != "")]
    caption(ctx, "survey.comment_count", n=number(len(comments), 0), q=quarter)
    columns = {"dept": "col.dept", "overall": "survey.overall", "comment": "col.comment"}
    frame_table(ctx, comments, columns)


if __name__ == "__main__":
    render(current())
