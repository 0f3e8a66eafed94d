"""Recurrences on the case library page: per case (linked retrospectives, recurrences, last seen,
departments) and by category and quarter, from typed case_ids and accepted suggestions.

Suggestions come from the ``_case_links`` bot tab when the daily run wrote it, else the matcher
runs on the tables (the same function the job uses), once per read.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.context import Context
from dashboard.text import choice_label
from dashboard.views.widgets import caption, frame_table, plain
from jobs.cases.recurrence import (
    CaseStats,
    Link,
    by_category,
    case_stats,
    flagged,
    links,
    quarter_of,
)
from jobs.cases.suggestions import Suggestion, suggestions


def _from_bot(rows: list[dict[str, object]]) -> list[Suggestion]:
    """``_case_links`` rows as the matcher's suggestions (a bad row is skipped, not fatal)."""
    out = []
    for r in rows:
        try:
            out.append(Suggestion(
                plain(r.get("retro_id")), plain(r.get("finding_cell")), plain(r.get("case_id")),
                int(float(str(r.get("rank")))), float(str(r.get("score"))),
                tuple(w.strip() for w in plain(r.get("matched")).split(",") if w.strip()),
                plain(r.get("accepted")).lower() in ("yes", "true", "1"),
            ))  # fmt: skip
        except ValueError:
            continue
    return out


def linked(ctx: Context) -> list[Link]:
    """Every retrospective finding linked to a case (computed once per read)."""

    def build() -> list[Link]:
        wb = ctx.snapshot.workbook
        rows = ctx.snapshot.bot("_case_links")
        found = _from_bot(rows) if rows is not None else suggestions(wb)
        return links(wb, found)

    return ctx.snapshot.derive("case_links", build)


def stats(ctx: Context) -> list[CaseStats]:
    """Every case as the retrospectives show it (computed once per read)."""
    return ctx.snapshot.derive("case_stats", lambda: case_stats(ctx.snapshot.workbook, linked(ctx)))


def render_recurrence(ctx: Context, case_ids: list[str] | None, today: dt.date) -> None:
    """Recurrences by category and quarter (chart) and per case (table, most first)."""
    all_stats = stats(ctx)
    shown = [s for s in all_stats if case_ids is None or s.case_id in case_ids]
    st.subheader(ctx.t("cases.recurrence"))
    caption(ctx, "cases.recurrence_help")
    per = by_category(shown)
    if per:
        data = pd.DataFrame(
            [{"category": choice_label("cases", "category", c, ctx.locale) if c != "other"
              else ctx.t("cases.other"), "quarter": q, "n": n} for (c, q), n in per.items()]
        )  # fmt: skip
        chart = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("quarter:O", title=ctx.t("cases.quarter")),
                y=alt.Y("n:Q", title=ctx.t("cases.recurrences")),
                color=alt.Color("category:N", title=ctx.t("col.category")),
                tooltip=["quarter:O", "category:N", "n:Q"],
            )
            .properties(height=220)
        )
        st.altair_chart(chart)
    quarter = quarter_of(today)
    hot = {s.case_id for s in flagged(all_stats, quarter)}
    rows = pd.DataFrame(
        [{"case_id": s.case_id, "title": s.title, "linked": s.linked,
          "recurrences": s.recurrences, "this_quarter": s.by_quarter.get(quarter, 0),
          "flag": "⚠" if s.case_id in hot else "", "last_seen": s.last_seen,
          "departments": "、".join(s.departments)} for s in shown if s.linked]
    )  # fmt: skip
    if rows.empty:
        st.info(ctx.t("cases.no_recurrence"))
        return
    rows = rows.sort_values(
        ["this_quarter", "recurrences", "case_id"], ascending=[False, False, True]
    )
    caption(ctx, "cases.flagged", n=len(hot), quarter=quarter)
    columns = {
        "flag": "cases.flag", "case_id": "col.case", "title": "col.title",
        "linked": "cases.retros", "recurrences": "cases.recurrences",
        "this_quarter": "cases.this_quarter", "last_seen": "cases.last_seen",
        "departments": "col.dept",
    }  # fmt: skip
    frame_table(ctx, rows, columns)
