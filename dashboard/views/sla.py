"""SLA page (时限): obligations at risk, breached and escalated, by department and person, most
overdue first, each with the explanation of its due time (``jobs.explain``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.views.common import (
    caption,
    frame_table,
    labelled,
    links,
    names,
    number,
    options,
    pick,
    read_at_caption,
)
from jobs.explain import explain

SHOWN = ("at_risk", "breached")
KINDS = ("response", "completion", "approval", "dispute", "action")
LIST_ROWS = 200


def open_rows(ctx: Context) -> pd.DataFrame:
    """Obligations at risk or breached, most overdue first (built once per read)."""

    def build() -> pd.DataFrame:
        sla = ctx.snapshot.sla
        if sla.result.empty:
            return pd.DataFrame(columns=["kind", "status", "level", "dept_id", "person_id"])
        res = sla.result
        return res[res["status"].isin(SHOWN)].sort_values(["due_at", "key"]).reset_index(drop=True)

    return ctx.snapshot.derive("sla:open", build)


def provenance(ctx: Context) -> None:
    """Say where the numbers come from: computed now, and what the last sla job wrote."""
    rows = ctx.snapshot.bot("_sla")
    run = ctx.snapshot.last_run("sla")
    if rows is None:
        caption(ctx, "sla.computed")
        return
    at = str(run.get("started_at") or "—") if run else "—"
    caption(ctx, "sla.from_bot", n=number(len(rows), 0), at=at)


def by_owner(ctx: Context, df: pd.DataFrame, column: str, tab: str) -> None:
    """At risk, breached and escalated counts per department or person, most breached first."""
    g = pd.DataFrame(
        {
            column: df[column],
            "at_risk": df["status"] == "at_risk",
            "breached": df["status"] == "breached",
            "escalated": df["level"] >= 1,
        }
    )
    g = g.groupby(column, dropna=False).sum().reset_index()
    g = g.sort_values(["breached", "escalated", "at_risk"], ascending=False)
    g["who"] = labelled(names(ctx, tab), g[column])
    columns = {
        "who": "col.dept" if tab == "departments" else "col.person",
        "breached": "sla.breached",
        "escalated": "sla.escalated",
        "at_risk": "sla.at_risk",
    }
    frame_table(ctx, g, columns, limit=200)


def obligation_list(ctx: Context, df: pd.DataFrame) -> None:
    """The obligations, oldest due first, with what each one is and why it is due then."""
    rows = df.head(LIST_ROWS).copy()
    if len(df) > len(rows):
        caption(ctx, "rows.limited", shown=number(len(rows), 0), total=number(len(df), 0))
    cal = ctx.snapshot.sla.calendar
    records = rows.to_dict("records")
    rows["why"] = [explain({str(k): v for k, v in r.items()}, cal, ctx.locale) for r in records]
    rows["kind_"] = [ctx.t(f"kind.{k}") for k in rows["kind"]]
    rows["status_"] = [ctx.t(f"sla.{s}") for s in rows["status"]]
    rows["link"] = links(ctx, rows["tab"], rows["cell"])
    columns = {
        "kind_": "col.kind",
        "ref": "col.ref",
        "dept_id": "col.dept",
        "person_id": "col.person",
        "due_at": "col.due",
        "remaining_h": "col.remaining_h",
        "status_": "col.sla",
        "level": "col.level",
        "why": "col.explanation",
        "link": "col.cell",
    }
    frame_table(ctx, rows, columns, limit=None, link="link", wide=("why",))


def render(ctx: Context) -> None:
    """Draw the SLA page."""
    st.title(ctx.t("page.sla"))
    read_at_caption(ctx)
    provenance(ctx)
    df = open_rows(ctx)
    escalated = df["level"] >= 1
    cols = st.columns(4)
    cols[0].metric(ctx.t("sla.at_risk"), number(int((df["status"] == "at_risk").sum()), 0))
    cols[1].metric(ctx.t("sla.breached"), number(int((df["status"] == "breached").sum()), 0))
    cols[2].metric(ctx.t("sla.escalated"), number(int(escalated.sum()), 0))
    cols[3].metric(ctx.t("sla.level3"), number(int((df["level"] >= 3).sum()), 0))
    if df.empty:
        st.success(ctx.t("sla.none"))
        return

    a, b, c, d = st.columns(4)
    which = a.multiselect(
        ctx.t("col.sla"),
        [*SHOWN, "escalated"],
        format_func=lambda s: ctx.t(f"sla.{s}"),
        placeholder=ctx.t("filter.all"),
        key="sla_status",
    )
    depts = pick(ctx, b, "col.dept", options(df["dept_id"]), "sla_depts", names(ctx, "departments"))
    people = pick(
        ctx, c, "col.person", options(df["person_id"]), "sla_people", names(ctx, "people")
    )
    kinds = d.multiselect(
        ctx.t("col.kind"),
        list(KINDS),
        format_func=lambda k: ctx.t(f"kind.{k}"),
        placeholder=ctx.t("filter.all"),
        key="sla_kinds",
    )
    mask = pd.Series(True, index=df.index)
    if which:
        mask &= df["status"].isin(which) | (escalated if "escalated" in which else False)
    if depts:
        mask &= df["dept_id"].isin(depts)
    if people:
        mask &= df["person_id"].isin(people)
    if kinds:
        mask &= df["kind"].isin(kinds)
    shown = df[mask]

    left, right = st.columns(2)
    with left:
        st.subheader(ctx.t("sla.by_dept"))
        by_owner(ctx, shown, "dept_id", "departments")
    with right:
        st.subheader(ctx.t("sla.by_person"))
        by_owner(ctx, shown, "person_id", "people")
    st.subheader(ctx.t("sla.list"))
    obligation_list(ctx, shown)


if __name__ == "__main__":
    render(current())
