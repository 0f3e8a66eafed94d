"""The plan's phases on the Overview (里程碑): 体系落地 at 6 months, 效率提升 at 12, 标准构建 at
18 from ``[plan] start``; each phase's due date, days left and its KPIs against their targets
(``jobs.kpis.milestones``, computed for the day of the read). Without a start date, it says how
to set one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import streamlit as st

from config.defaults import KPI_DEFAULTS
from dashboard.context import Context
from dashboard.text import lang, md_escape
from dashboard.views import kpi_cards
from dashboard.views.widgets import caption, small_table
from jobs.kpis.measures import KpiValue
from jobs.kpis.milestones import Milestone, milestones

STATUS_COLOUR: dict[str, Literal["green", "orange", "red"]] = {
    "met": "green",
    "open": "orange",
    "missed": "red",
}


def when(ctx: Context, m: Milestone) -> str:
    """'2027-01-01 到期 · 还剩 26 天', '… 已过 3 天', or that the date is unknown."""
    if m.due is None or m.days_left is None:
        return ctx.t("milestone.no_date")
    due = m.due.isoformat()
    if m.days_left == 0:
        return ctx.t("milestone.today", due=due)
    if m.days_left > 0:
        return ctx.t("milestone.left", due=due, days=m.days_left)
    return ctx.t("milestone.past", due=due, days=-m.days_left)


def kpi_table(ctx: Context, values: Sequence[KpiValue]) -> None:
    """Each KPI of a phase: its value now, its target and the verdict in words."""
    rows = [
        {
            "kpi": kpi_cards.name(v.kpi, ctx.locale),
            "now": kpi_cards.amount(v.value, KPI_DEFAULTS[v.kpi].unit, ctx.locale),
            "target": kpi_cards.limit_text(v, ctx.locale),
            "verdict": kpi_cards.verdict(v, ctx.locale),
        }
        for v in values
    ]
    columns = {
        "kpi": ctx.t("col.kpi"),
        "now": ctx.t("col.now"),
        "target": ctx.t("kpi.target"),
        "verdict": ctx.t("col.verdict"),
    }
    small_table(rows, columns)


def render(ctx: Context, values: Sequence[KpiValue], waiting: Sequence[str] = ()) -> None:
    """The milestones of the plan under the KPI cards (KPIs still computing show as n/a)."""
    st.subheader(ctx.t("milestone.title"), anchor="milestones")
    start = ctx.settings.plan.start
    if start is None:
        st.info(ctx.t("milestone.no_start"))
    else:
        caption(ctx, "milestone.caption", start=start.isoformat())
    shown = [v for v in values if v.kpi not in waiting]
    found = milestones(shown, ctx.settings.plan, ctx.snapshot.read_at.date())
    *dated, undated = found
    en = lang(ctx.locale) == "en"
    for col, m in zip(st.columns(len(dated)), dated, strict=True):
        with col, st.container(border=True, key=f"milestone_{m.phase.key}"):
            months = ctx.t("milestone.months", n=m.phase.months)
            name = m.phase.en if en else m.phase.zh
            st.subheader(md_escape(f"{name} · {months}"), anchor=False)
            status = ctx.t(f"milestone.{m.status}")
            count = ctx.t("milestone.count", met=m.met, n=len(m.values))
            st.badge(f"{status} · {count}", color=STATUS_COLOUR[m.status])
            st.caption(md_escape(when(ctx, m)))
            kpi_table(ctx, m.values)
    # the undated targets' table is built when opened: the cards above show those KPIs already
    label = ctx.t("milestone.undated", n=len(undated.values))
    box = st.expander(label, key="milestone_undated", on_change="rerun")
    if box.open:
        with box:
            kpi_table(ctx, undated.values)
