"""Overview page (概览): how much is in the workbook, status counts and the last job run."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.context import Context, current
from dashboard.data import bot_records, status_counts
from dashboard.text import choice_label
from dashboard.views.common import plain, read_at_caption, table
from sheets_sync.schema import BOT_TABS, TABS

RUN_FIELDS = tuple(c for c in BOT_TABS["_runs"] if c not in ("run_id", "api_requests"))
OPEN_DISPUTE = ("open", "negotiating", "escalated")


def status_table(ctx: Context, tab: str) -> None:
    """Rows per status of a tab (every status of the schema, also those at zero)."""
    order = [key for key, _ in TABS[tab].column("status").choices]
    counts = status_counts(ctx.snapshot.workbook[tab].column("status"), order)
    rows = [
        {"status": choice_label(tab, "status", s, ctx.locale), "count": n}
        for s, n in counts.items()
    ]
    table(rows, {"status": ctx.t("col.status"), "count": ctx.t("col.count")})


def last_run(ctx: Context) -> dict[str, Any] | None:
    """The latest row of the ``_runs`` tab (by start time, then position), if any."""
    runs = bot_records(ctx.snapshot.workbook, "_runs")
    if not runs:
        return None
    _, row = max(enumerate(runs), key=lambda ir: (plain(ir[1].get("started_at")), ir[0]))
    return row


def render(ctx: Context) -> None:
    """Draw the overview page."""
    wb = ctx.snapshot.workbook
    st.title(ctx.t("page.overview"))
    read_at_caption(ctx)

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
        col.metric(ctx.t(key), value)

    left, middle, right = st.columns(3)
    for col, tab, key in (
        (left, "projects", "overview.projects"),
        (middle, "tasks", "overview.tasks"),
        (right, "disputes", "overview.disputes"),
    ):
        with col:
            st.subheader(ctx.t(key))
            status_table(ctx, tab)

    st.subheader(ctx.t("overview.last_run"))
    run = last_run(ctx)
    if run is None:
        st.info(ctx.t("overview.no_runs"))
        return
    table([{k: plain(run.get(k)) for k in RUN_FIELDS}], {k: ctx.t(f"run.{k}") for k in RUN_FIELDS})


if __name__ == "__main__":
    render(current())
