"""The progress board while the SLA is computed: a read without ``_sla`` (before the first daily
run) computes the SLA of every obligation on a thread (dashboard/computed.py), seconds at
100,000 tasks, once the board has drawn its counts (the page's script and that thread share
one interpreter). Meanwhile the board shows the task counts it knows and the SLA figures as
"computing…", looks again every ``POLL_S`` and runs the page again once the SLA is in; no
figure is drawn before it is computed. A workbook of fewer than ``computed.LATER_FROM_TASKS``
tasks gets its SLA at once, as before."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.computed import small
from dashboard.context import Context
from dashboard.snapshot import Snapshot
from dashboard.views.widgets import caption, number

POLL_S = 0.5  # how often the board looks whether the SLA is in
POLLS_KEY = "board_polls"  # the board's looks since the page's run: the first says it is drawn


def open_mask(tasks: pd.DataFrame, projects: pd.DataFrame) -> pd.Series:
    """Which tasks are open (未完成): not done, and their project not cancelled (a cancelled
    project's tasks owe nothing, as in the SLA: ``jobs.sla.obligations``)."""
    cancelled = set(projects.loc[projects["status"] == "cancelled", "project_id"])
    mask: pd.Series = (tasks["status"] != "done") & ~tasks["project_id"].isin(cancelled)
    return mask


def open_help(ctx: Context, key: str) -> str | None:
    """What 未完成 counts, for its metric's tooltip (trial13: 78 here, 97 open on the Overview,
    unexplained: the tasks of cancelled projects)."""
    return ctx.t("col.open.help") if key == "col.open" else None


def sla_pending(snapshot: Snapshot) -> bool:
    """Whether the SLA the board needs is still being computed on a thread (started here if
    the read did not start it); never for a small workbook."""
    if small(snapshot):
        return False
    snapshot.later("sla", lambda: snapshot.sla)  # nothing when built or started
    return snapshot.pending("sla")


def look(snapshot: Snapshot, state: MutableMapping[Any, Any]) -> None:
    """Count the board's looks since the page's run (``state[POLLS_KEY]``, set to 0 by the
    page); from the second on, the browser has drawn the counts: the SLA may be computed."""
    polls = state.get(POLLS_KEY, 0)
    state[POLLS_KEY] = polls + 1
    if polls:
        snapshot.drawn()


@st.fragment(run_every=POLL_S)
def board_to_come(ctx: Context) -> None:
    """The board's counts while the SLA is computed; once it is in, runs the page again. Its
    first look comes from a browser that has drawn the counts: only then does the read's thread
    take the CPU for the SLA (``Snapshot.drawn``), not while the page is still being built."""
    snapshot = ctx.snapshot
    look(snapshot, st.session_state)
    if not snapshot.pending("sla"):
        st.rerun()
    with st.container(key="sla_waiting"):  # the bench waits for this to go
        tasks = snapshot.frame("tasks")
        projects = snapshot.frame("projects").drop_duplicates("project_id")
        known = (("col.tasks", len(tasks)), ("col.open", int(open_mask(tasks, projects).sum())))
        cols = st.columns(4)
        for col, (key, value) in zip(cols, known, strict=False):
            col.metric(ctx.t(key), number(value, 0), help=open_help(ctx, key))
        for col, key in zip(cols[len(known) :], ("sla.breached", "sla.at_risk"), strict=True):
            col.metric(ctx.t(key), "…", ctx.t("kpi.computing"), "gray", delta_arrow="off")
        caption(ctx, "progress.sla_computing")
