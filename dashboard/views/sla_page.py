"""SLA page (时限): obligations at risk, breached and escalated, by department and person, most
overdue first, each with the explanation of its due time (``jobs.sla.explanation``).

The obligations are those of ``_sla`` as the last run wrote them (with its explanations and
links) when the tab exists, else computed from the tables; a control recomputes them now."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.last_run import SLA_JOBS
from dashboard.text import TEXT
from dashboard.views.widgets import (
    caption,
    computed_here,
    frame_table,
    labelled,
    links,
    names,
    number,
    options,
    pick,
    read_at_caption,
)
from jobs.sla.explanation import explain
from jobs.sla.status import by_task

SHOWN = ("at_risk", "breached")
KINDS = ("response", "completion", "approval", "dispute", "action", "retrospective")
LIST_ROWS = 200


def _label(ctx: Context, prefix: str, value: object) -> str:
    """An obligation's kind or status in the locale; one this version does not know (an
    ``_sla`` row written by another version) as it is, never a traceback."""
    key = f"{prefix}.{value}"
    return ctx.t(key) if key in TEXT["zh-CN"] else str(value)


def open_rows(ctx: Context, computed: bool) -> pd.DataFrame:
    """Obligations at risk, breached or escalated, earliest due first (built once per read and
    source): from ``_sla`` as the last run wrote it, or computed from the tables when
    ``computed``. Escalated: also a major dispute at management (level 3) while its window
    runs (trial11: one sent to management was neither listed nor counted)."""

    def build() -> pd.DataFrame:
        res = ctx.snapshot.sla.result if computed else ctx.snapshot.sla_tab
        if res is None or res.empty:
            return pd.DataFrame(columns=["kind", "status", "level", "dept_id", "person_id"])
        listed = res["status"].isin(SHOWN) | (res["level"] >= 1)
        return res[listed].sort_values(["due_at", "key"]).reset_index(drop=True)

    return ctx.snapshot.derive(f"sla:open:{computed}", build)


def on_track(ctx: Context, computed: bool) -> int:
    """Open obligations on track and not escalated: those the page does not list
    (``open_rows`` has the rest)."""
    res = ctx.snapshot.sla.result if computed else ctx.snapshot.sla_tab
    if res is None or res.empty:
        return 0
    return int(((res["status"] == "on_track") & (res["level"] < 1)).sum())


def task_counts(df: pd.DataFrame) -> dict[str, int]:
    """Tasks breached and at risk among these obligations, each task once at its worst
    status: the Progress board's count (``jobs.sla.status.by_task``)."""
    status = by_task(df)["status"] if len(df) else pd.Series(dtype=object)
    return {s: int((status == s).sum()) for s in SHOWN}


def provenance(ctx: Context) -> bool:
    """Say where the obligations come from: ``_sla`` of the last run (with a control to
    recompute now), or computed at read time when there is no ``_sla``. Returns whether the
    page computes them."""
    tab = ctx.snapshot.sla_tab
    if (
        computed_here(
            ctx,
            tab is not None,
            "sla_compute",
            "sla.recompute",
            "sla.computed",
            "progress.sla_computed",
        )
        or tab is None
    ):
        return True
    at = ctx.snapshot.written_at(SLA_JOBS)
    caption(ctx, "sla.from_run", n=number(len(tab), 0), at=f"{at:%Y-%m-%d %H:%M}" if at else "—")
    return False


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
    if "explanation" in rows:  # as the job wrote it into _sla
        rows["why"] = rows["explanation"]
        written = rows["link"].notna() & (rows["link"] != "")
        named = pd.Series(links(ctx, rows["tab"], rows["cell"]), index=rows.index, dtype=object)
        rows["link"] = rows["link"].where(written, named)
    else:
        cal = ctx.snapshot.sla.calendar
        records = rows.to_dict("records")
        rows["why"] = [explain({str(k): v for k, v in r.items()}, cal, ctx.locale) for r in records]
        rows["link"] = links(ctx, rows["tab"], rows["cell"])
    rows["kind_"] = [_label(ctx, "kind", k) for k in rows["kind"]]
    rows["status_"] = [_label(ctx, "sla", s) for s in rows["status"]]
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
    computed = provenance(ctx)
    df = open_rows(ctx, computed)
    escalated = df["level"] >= 1
    cols = st.columns(4)
    cols[0].metric(ctx.t("sla.at_risk"), number(int((df["status"] == "at_risk").sum()), 0))
    cols[1].metric(ctx.t("sla.breached"), number(int((df["status"] == "breached").sum()), 0))
    cols[2].metric(ctx.t("sla.escalated"), number(int(escalated.sum()), 0))
    cols[3].metric(ctx.t("sla.level3"), number(int((df["level"] >= 3).sum()), 0))
    tasks = task_counts(df)
    caption(
        ctx, "sla.tasks", breached=number(tasks["breached"], 0), at_risk=number(tasks["at_risk"], 0)
    )
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
    calm = on_track(ctx, computed)  # what the list leaves out, said under its title
    caption(
        ctx, "sla.list_note", n=number(len(df), 0), on_track=number(calm, 0),
        total=number(len(df) + calm, 0),
    )  # fmt: skip
    obligation_list(ctx, shown)


if __name__ == "__main__":
    render(current())
