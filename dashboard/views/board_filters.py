"""The progress board's filters: project (search by id or name), department, person and task
status, in a popover; the board shows the rows that pass all of them (empty = all)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.context import Context
from dashboard.text import choice_label
from dashboard.views.widgets import caption, fold, names, options, pick, pick_choices


def project_text(ctx: Context) -> dict[Any, str]:
    """project_id -> 'id name' folded for searching (built once per read)."""

    def build() -> dict[Any, str]:
        return {i: fold(f"{i} {n}") for i, n in names(ctx, "projects").items()}

    return ctx.snapshot.derive("progress:project_text", build)


FILTER_KEYS = ("progress_project", "progress_dept", "progress_person", "progress_status")


def filtered(ctx: Context, df: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``df`` that pass the filters. They sit in a popover: closed, its widgets
    cost the browser nothing, so the board draws sooner; the button counts the active filters
    and a line under it names them. Projects are searched (there may be thousands)."""
    state = st.session_state
    active = sum(1 for k in FILTER_KEYS if str(state.get(k) or "").strip())
    label = ctx.t("filter.button") + (f" ({active})" if active else "")
    with st.popover(label, icon=":material/filter_list:"):
        query = st.text_input(ctx.t("progress.project_search"), key="progress_project")
        chosen = {
            column: pick(
                ctx,
                st,
                f"col.{what}",
                ctx.snapshot.derive(f"options:{column}", partial(options, df[column])),
                f"progress_{what}",
                names(ctx, tab),
            )
            for column, what, tab in (
                ("dept_id", "dept", "departments"),
                ("assignee", "person", "people"),
            )
        }
        statuses = pick_choices(ctx, st, "col.status", "tasks", "status", "progress_status")
    named = [
        (ctx.t("col.project"), [query.strip()] if query.strip() else []),
        (ctx.t("col.dept"), [str(v) for v in chosen["dept_id"]]),
        (ctx.t("col.person"), [str(v) for v in chosen["assignee"]]),
        (ctx.t("col.status"), [choice_label("tasks", "status", s, ctx.locale) for s in statuses]),
    ]
    shown = "; ".join(f"{what}: {', '.join(values)}" for what, values in named if values)
    if shown:
        caption(ctx, "filter.active", what=shown)
    mask = pd.Series(True, index=df.index)
    if query.strip():
        wanted = fold(query)
        mask &= df["project_id"].isin([i for i, t in project_text(ctx).items() if wanted in t])
    for column, values in chosen.items():
        if values:
            mask &= df[column].isin(values)
    if statuses:
        mask &= df["status"].isin(statuses)
    return df[mask] if not mask.all() else df
