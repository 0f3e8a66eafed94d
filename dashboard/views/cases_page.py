"""Case library page (问题案例库): search in Chinese or English, categories, occurrences and the
retrospectives that link to each case; suggestions from the ``_case_links`` bot tab if present."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.text import choice_label
from dashboard.views.case_recurrence import linked, render_recurrence, stats
from dashboard.views.widgets import (
    caption,
    fold,
    frame_table,
    links,
    lookup,
    number,
    percent,
    pick_choices,
    plain,
    read_at_caption,
)
from jobs.cases.case_links_tab import CASE_LINKS
from jobs.cases.recurrence import summary
from sheets_sync.finding import column_letter

SEARCHED = ("case_id", "title", "symptom", "root_cause", "solution", "tags")
LINK_COLUMNS = CASE_LINKS.header


def library(ctx: Context) -> pd.DataFrame:
    """The cases with a folded search text and the number of linked retrospectives (once)."""

    def build() -> pd.DataFrame:
        table = ctx.snapshot.workbook["cases"]
        df = ctx.snapshot.frame("cases").copy()
        df["tags_"] = ["、".join(map(str, v)) if v else "" for v in df["tags"]]
        df["departments_"] = ["、".join(map(str, v)) if v else "" for v in df["departments"]]
        parts = [df[c if c != "tags" else "tags_"].fillna("").astype(str) for c in SEARCHED]
        joined = [" \n ".join(values) for values in zip(*parts, strict=True)]
        df["_text"] = [fold(s) for s in joined]
        # per case as jobs.cases.recurrence defines it, as the CLI prints it: linked
        # retrospectives (typed or matched), 发生次数 and the first and last occurrence
        ids = df["case_id"].astype(str)
        per = stats(ctx)
        per_case = pd.Series({s.case_id: s.linked for s in per}, dtype="int64")
        df["retros"] = lookup(per_case, ids).fillna(0).astype(int)
        counts = pd.Series({s.case_id: s.occurrences for s in per}, dtype="int64")
        df["occurrences"] = lookup(counts, ids).fillna(0).astype(int)
        for key in ("first_seen", "last_seen"):
            days = pd.Series({s.case_id: getattr(s, key) for s in per}, dtype="object")
            df[key] = lookup(days, ids)
        df["tab"] = table.title
        df["cell"] = column_letter(table.positions.get("case_id", 0)) + df["_row"].astype(str)
        return df

    return ctx.snapshot.derive("cases", build)


def categories(ctx: Context, df: pd.DataFrame) -> None:
    """Cases and occurrences per category."""
    data = pd.DataFrame(
        {
            "category": [choice_label("cases", "category", c, ctx.locale) for c in df["category"]],
            "occurrences": pd.to_numeric(df["occurrences"], errors="coerce").fillna(0),
        }
    )
    data = data.groupby("category", as_index=False).agg(
        cases=("occurrences", "size"), occurrences=("occurrences", "sum")
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("occurrences:Q", title=ctx.t("cases.occurrences")),
            y=alt.Y("category:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("category:N", title=ctx.t("col.category")),
                alt.Tooltip("cases:Q", title=ctx.t("cases.count")),
                alt.Tooltip("occurrences:Q", title=ctx.t("cases.occurrences")),
            ],
        )
        .properties(height=160)
    )
    st.altair_chart(chart, height=220)


def linked_retros(ctx: Context, case_ids: list[str]) -> None:
    """Retrospectives linked to one of the shown cases (a typed case_id or an accepted
    suggestion), newest first, with the case they are linked to."""
    retro = ctx.snapshot.frame("retrospectives")
    wanted = set(case_ids)
    case_of = {x.retro_id: x.case_id for x in linked(ctx) if x.case_id in wanted}
    rows = retro[retro["retro_id"].astype(str).isin(case_of)].copy()
    rows["case_id"] = rows["retro_id"].astype(str).map(case_of)
    rows = rows.sort_values("held_on", ascending=False)
    if rows.empty:
        st.info(ctx.t("cases.no_retros"))
        return
    table = ctx.snapshot.workbook["retrospectives"]
    letter = column_letter(table.positions.get("retro_id", 0))
    rows["link"] = links(
        ctx, pd.Series(table.title, index=rows.index), letter + rows["_row"].astype(str)
    )
    columns = {
        "case_id": "col.case",
        "retro_id": "col.ref",
        "project_id": "col.project",
        "held_on": "col.held_on",
        "finding": "col.finding",
        "action": "col.action",
        "link": "col.cell",
    }
    frame_table(ctx, rows, columns, link="link")


def suggestions(ctx: Context, case_ids: list[str] | None) -> None:
    """The ``_case_links`` bot tab (findings matched to cases by the case job), for the shown
    cases (all when no search or filter), with each finding's text and cell."""
    rows = ctx.snapshot.bot("_case_links")
    if rows is None:
        return
    st.subheader(ctx.t("cases.suggestions"))
    caption(ctx, "cases.suggestions_help")
    df = pd.DataFrame([{c: r.get(c) for c in LINK_COLUMNS} for r in rows], columns=LINK_COLUMNS)
    df["case_id"] = [plain(v) for v in df["case_id"]]
    if case_ids is not None:
        df = df[df["case_id"].isin(case_ids)]
    if df.empty:
        st.info(ctx.t("cases.no_suggestions"))
        return
    retro = ctx.snapshot.frame("retrospectives").drop_duplicates("retro_id").set_index("retro_id")
    df["finding"] = lookup(retro["finding"], df["retro_id"])
    title = ctx.snapshot.workbook["retrospectives"].title
    df["cell"] = [
        ctx.link(title, str(c)) if c else plain(k)
        for c, k in zip(df["finding_cell"], df["link"], strict=True)
    ]
    df["score_"] = [percent(pd.to_numeric(v, errors="coerce")) for v in df["score"]]
    df["accepted_"] = [
        "✓" if str(v).strip().lower() in ("yes", "true", "1") else "" for v in df["accepted"]
    ]
    caption(ctx, "cases.suggestion_count", n=number(len(df), 0))
    columns = {
        "retro_id": "col.ref",
        "finding": "col.finding",
        "case_id": "col.case",
        "title": "col.title",
        "score_": "cases.score",
        "accepted_": "cases.accepted",
        "matched": "cases.matched",
        "cell": "col.cell",
    }
    frame_table(ctx, df, columns, link="cell")


def render(ctx: Context) -> None:
    """Draw the case library page."""
    st.title(ctx.t("page.cases"))
    read_at_caption(ctx)
    df = library(ctx)
    totals = summary(stats(ctx))  # one definition each: jobs.cases.recurrence.summary
    cols = st.columns(3)
    cols[0].metric(ctx.t("cases.count"), number(totals.cases, 0))
    cols[1].metric(ctx.t("cases.recurring"), number(totals.recurring, 0))
    cols[2].metric(ctx.t("cases.linked"), number(totals.linked, 0))

    left, right = st.columns([2, 1])
    query = left.text_input(
        ctx.t("cases.search"), key="cases_query", help=ctx.t("cases.search_help")
    )
    cats = pick_choices(ctx, right, "col.category", "cases", "category", "cases_categories")
    shown = df
    if query.strip():
        shown = shown[shown["_text"].str.contains(fold(query), regex=False)]
    if cats:
        shown = shown[shown["category"].isin(cats)]
    shown = shown.assign(_n=pd.to_numeric(shown["occurrences"], errors="coerce"))
    shown = shown.sort_values(["_n", "last_seen"], ascending=False, na_position="last")
    caption(ctx, "cases.found", n=number(len(shown), 0), total=number(len(df), 0))
    if not df.empty:
        categories(ctx, shown if len(shown) else df)
    rows = shown.copy()
    rows["category_"] = [choice_label("cases", "category", c, ctx.locale) for c in rows["category"]]
    rows["link"] = links(ctx, rows["tab"], rows["cell"])
    columns = {
        "case_id": "col.case",
        "title": "col.title",
        "category_": "col.category",
        "occurrences": "cases.occurrences",
        "retros": "cases.retros",
        "first_seen": "cases.first_seen",
        "last_seen": "cases.last_seen",
        "symptom": "cases.symptom",
        "root_cause": "cases.root_cause",
        "solution": "cases.solution",
        "tags_": "cases.tags",
        "departments_": "col.dept",
        "link": "col.cell",
    }
    frame_table(ctx, rows, columns, link="link")
    st.subheader(ctx.t("cases.retrospectives"))
    linked_retros(ctx, [str(c) for c in shown["case_id"].dropna()])
    filtered = bool(query.strip() or cats)
    chosen = [str(c) for c in shown["case_id"].dropna()] if filtered else None
    render_recurrence(ctx, chosen, ctx.snapshot.read_at.date())
    suggestions(ctx, chosen)


if __name__ == "__main__":
    render(current())
