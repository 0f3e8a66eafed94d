"""Progress board (进度看板): tasks by project, department and person, a timeline of hand-off to
due date coloured by SLA status (dashboard/views/board_timeline.py), with filters. The board
frame is built once per read."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.last_run import SLA_JOBS
from dashboard.snapshot import Snapshot
from dashboard.text import choice_label
from dashboard.views.board_filters import filtered
from dashboard.views.board_pending import (
    POLLS_KEY,
    board_to_come,
    open_help,
    open_mask,
    sla_pending,
)
from dashboard.views.board_timeline import timeline
from dashboard.views.widgets import (
    caption,
    computed_here,
    frame_table,
    kept,
    labelled,
    links,
    lookup_columns,
    names,
    number,
    read_at_caption,
)
from jobs.sla.status import by_task
from sheets_sync.finding import column_letter

LIST_ROWS = 100
BOARD_COLUMNS = (
    "task_id", "project_id", "step", "step_name", "dept_id", "assignee",
    "handed_off_at", "due_at", "done_at", "status", "blocker",
)  # fmt: skip
# grouping column -> (tab of its names, header text key, choice text key)
GROUPS = {
    "project_id": ("projects", "col.project", "progress.by_project"),
    "dept_id": ("departments", "col.dept", "progress.by_dept"),
    "assignee": ("people", "col.person", "progress.by_person"),
}


def board(snapshot: Snapshot, computed: bool) -> pd.DataFrame:
    """One row per task with its SLA status (the worst of its obligations), built once per
    read and source: computed from the tables, or from ``_sla`` (``computed`` False), which
    holds open obligations only: an open task gets its status there, a done one none.

    A task is *open* (未完成) when it is not done and its project is not cancelled
    (``board_pending.open_mask``): a cancelled project's tasks are not work to do."""

    def build() -> pd.DataFrame:
        tasks = snapshot.frame("tasks")
        df = tasks[list(BOARD_COLUMNS)]  # a new frame: columns added below stay out of tasks
        projects = snapshot.frame("projects").drop_duplicates("project_id")
        df["open"] = open_mask(df, projects)
        df["done_"] = df["status"] == "done"
        res = snapshot.sla.result if computed else snapshot.sla_tab
        if res is not None and not computed:
            res = res[res["ref"].isin(df.loc[df["open"], "task_id"])]
        if res is not None and not res.empty:
            # the worst of the task's obligations, as the SLA page counts tasks (jobs.sla)
            found = lookup_columns(by_task(res), df["task_id"])
            df["sla"], df["level"], df["due"] = found["status"], found["level"], found["due_at"]
        else:
            df["sla"], df["level"], df["due"] = None, None, pd.NaT
        df["sla"] = df["sla"].where(df["sla"].notna(), "none")
        df["due"] = pd.to_datetime(df["due"]).fillna(pd.to_datetime(df["due_at"]))
        df["start"] = pd.to_datetime(df["handed_off_at"])
        df["overdue"] = df["sla"] == "breached"
        df["done_late"] = df["sla"] == "met_late"
        df["risk"] = df["sla"] == "at_risk"
        letter = column_letter(snapshot.workbook["tasks"].positions.get("task_id", 0))
        df["tab"] = snapshot.workbook["tasks"].title
        df["cell"] = letter + tasks["_row"].astype(str)
        # open tasks first, soonest due first: the order of the timeline and the task list
        return df.sort_values(["open", "due"], ascending=[False, True], kind="stable")

    return snapshot.derive(f"board:{computed}", build)


def projects(ctx: Context, g: pd.DataFrame) -> None:
    """Add each project's status (in words) and target date to the summary ``g``; a cancelled
    project is marked after its name, so its open tasks are not read as work still to do."""
    table = ctx.snapshot.frame("projects").drop_duplicates("project_id").set_index("project_id")
    found = lookup_columns(table[["status", "target_date"]], g["project_id"])
    g["status_"] = [
        "" if pd.isna(v) else choice_label("projects", "status", v, ctx.locale)
        for v in found["status"]
    ]
    g["target"] = [
        "" if pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d}" for v in found["target_date"]
    ]
    cancelled = found["status"] == "cancelled"
    g.loc[cancelled, "who"] = g.loc[cancelled, "who"] + ctx.t("progress.cancelled")


def summary(ctx: Context, df: pd.DataFrame, by: str, done_late: bool, tag: str | None) -> None:
    """Tasks, open, overdue, at risk and (when known) done late per project / department /
    person, most overdue first (``tag`` names the unfiltered board: see ``kept``)."""

    def build() -> pd.DataFrame:
        g = df.groupby(by, dropna=False).agg(
            tasks=("task_id", "size"),
            open=("open", "sum"),
            overdue=("overdue", "sum"),
            risk=("risk", "sum"),
            done_late=("done_late", "sum"),
            done=("done_", "sum"),
        )
        g["done"] = g["done"] / g["tasks"]  # done tasks (a cancelled project's others: neither)
        g = g.sort_values(["overdue", "risk", "open"], ascending=False).reset_index()
        g["who"] = labelled(names(ctx, GROUPS[by][0]), g[by])
        g["done"] = [f"{x * 100:.0f}%" for x in g["done"]]
        if by == "project_id":
            projects(ctx, g)
        return g

    g = kept(ctx, tag and f"summary:{tag}:{by}", build)
    header = GROUPS[by][1]
    columns = {
        "who": header,
        "tasks": "col.tasks",
        "open": "col.open",
        "overdue": "sla.breached",
        "risk": "sla.at_risk",
        "done_late": "sla.met_late",
        "done": "col.done_share",
    }
    if by == "project_id":  # what each project is and when it should end
        columns = {"who": header, "status_": "col.status", "target": "col.target_date", **columns}
    if not done_late:  # _sla has open obligations only
        del columns["done_late"]
    frame_table(ctx, g, columns, limit=50)


def task_table(ctx: Context, df: pd.DataFrame) -> None:
    """The filtered tasks, open first and soonest due first, with a link to each row."""
    rows = df.head(LIST_ROWS).copy()
    rows["status_"] = [choice_label("tasks", "status", s, ctx.locale) for s in rows["status"]]
    rows["sla_"] = [ctx.t(f"sla.{s}") for s in rows["sla"]]
    rows["link"] = links(ctx, rows["tab"], rows["cell"])
    if len(df) > len(rows):
        caption(ctx, "rows.limited", shown=number(len(rows), 0), total=number(len(df), 0))
    columns = {
        "task_id": "col.task",
        "project_id": "col.project",
        "step_name": "col.step",
        "dept_id": "col.dept",
        "assignee": "col.person",
        "status_": "col.status",
        "sla_": "col.sla",
        "due": "col.due",
        "blocker": "col.blocker",
        "link": "col.cell",
    }
    frame_table(ctx, rows, columns, limit=None, link="link")


def sla_source(ctx: Context) -> bool:
    """Say where the SLA statuses come from (``_sla`` of the last run, with a control to
    recompute now, or computed); returns whether they are computed from the tables."""
    have = ctx.snapshot.sla_tab is not None
    key = "progress.sla_computed"
    if computed_here(ctx, have, "progress_compute", "sla.recompute", key, key):
        return True
    at = ctx.snapshot.written_at(SLA_JOBS)
    caption(ctx, "progress.sla_from_run", at=f"{at:%Y-%m-%d %H:%M}" if at else "—")
    return False


VIEWS = (*GROUPS, "timeline", "tasks")
VIEW_KEY = "progress_view_open"  # the open view by name: tab labels change with the language


def views(ctx: Context) -> tuple[str, Any]:
    """The tabs of the board's views; returns the open one's name and container. The open
    view is remembered by name for the session, so switching the language or leaving the page
    keeps it (the filters start empty again on return)."""
    labels = [ctx.t(GROUPS[v][2]) if v in GROUPS else ctx.t(f"progress.{v}") for v in VIEWS]
    state = st.session_state
    remembered = state.get(VIEW_KEY)
    if remembered in VIEWS and state.get("progress_view") not in labels:  # a new language
        state["progress_view"] = labels[VIEWS.index(remembered)]
    tabs = st.tabs(labels, key="progress_view", on_change="rerun")
    name = next((v for v, tab in zip(VIEWS, tabs, strict=True) if tab.open), VIEWS[0])
    state[VIEW_KEY] = name
    return name, tabs[VIEWS.index(name)]


def render(ctx: Context) -> None:
    """Draw the progress board."""
    st.title(ctx.t("page.progress"))
    read_at_caption(ctx)
    computed = sla_source(ctx)
    if computed and sla_pending(ctx.snapshot):  # before the first daily run, 100,000 tasks
        st.session_state[POLLS_KEY] = 0
        board_to_come(ctx)
        return
    whole = board(ctx.snapshot, computed)
    df = filtered(ctx, whole)
    tag = f"sla-computed-{computed}" if df is whole else None  # what ``kept`` keeps it under
    cols = st.columns(4)
    for col, (key, value) in zip(
        cols,
        (
            ("col.tasks", len(df)),
            ("col.open", int(df["open"].sum())),
            ("sla.breached", int(df["overdue"].sum())),
            ("sla.at_risk", int(df["risk"].sum())),
        ),
        strict=True,
    ):  # 未完成 leaves out the tasks of cancelled projects: said, as the Overview counts them
        col.metric(ctx.t(key), number(value, 0), help=open_help(ctx, key))
    # one view at a time: only the open tab is built and drawn, so the board shows sooner
    view = views(ctx)
    with view[1]:
        if view[0] in GROUPS:
            summary(ctx, df, view[0], computed, tag)
        elif view[0] == "timeline":
            timeline(ctx, df, tag)
        else:
            task_table(ctx, df)


if __name__ == "__main__":
    render(current())
