"""Template library page (流程模板库): the templates by 项目类型 and 协作规模, and one template's
steps with the RACI of each (from the 权责清单), its time limits and its approvals.

The values are ``jobs.projects.library``'s, as ``start-project --type --scale`` picks them.
Templates are not department rows, so every viewer sees them all, with the sheet's 协作规模
(跨N部门 counted over the whole matrix: ``scales``); the roles come from the matrix rows the
viewer may see (a scoped viewer: the rows of their departments), so a step whose activity is
none of theirs shows no roles, and the departments column lists those of their activities.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.text import choice_label, lang, md_escape
from dashboard.views.widgets import caption, names, number, read_at_caption
from jobs.projects.library import ROLES, Template, library, scale_label


def templates(ctx: Context) -> list[Template]:
    """The library of this read, its roles from the matrix rows the viewer may see (built once
    per snapshot)."""
    wb, sla = ctx.snapshot.workbook, ctx.settings.sla_section
    return ctx.snapshot.derive("templates:library", lambda: library(wb, sla))


def scales(ctx: Context) -> dict[str, str]:
    """template_id -> its 协作规模 as the sheet has it: 跨N部门 counted over the whole matrix
    (``start-project --scale`` counts so), whichever rows the viewer may see."""
    whole = ctx.snapshot.whole or ctx.snapshot
    wb, sla = whole.workbook, ctx.settings.sla_section
    found = whole.derive("templates:library", lambda: library(wb, sla))
    return {t.template_id: scale_label(t, ctx.locale) for t in found}


def _depts(ids: Sequence[str], named: Mapping[Any, str]) -> str:
    return "、".join(f"{d} {named[d]}" if d in named else d for d in sorted(ids))


def overview(ctx: Context, shown: Sequence[Template]) -> pd.DataFrame:
    """One row per template: id, name, scenario, type, scale, departments, steps, approvals."""
    named, scale = names(ctx, "departments"), scales(ctx)
    rows = [
        {
            ctx.t("tpl.id"): t.template_id,
            ctx.t("tpl.name"): t.name,
            ctx.t("col.scenario"): t.scenario,
            ctx.t("tpl.type"): t.project_type,
            ctx.t("tpl.scale"): scale[t.template_id],
            ctx.t("tpl.depts"): _depts(t.departments, named),
            ctx.t("tpl.steps"): len(t.steps),
            ctx.t("tpl.approvals"): t.approvals,
        }
        for t in shown
    ]
    return pd.DataFrame(rows)


def steps(ctx: Context, t: Template) -> pd.DataFrame:
    """One row per step: name, activity, kind, prerequisites, limits, then R, A, C, I."""
    named = names(ctx, "departments")
    rows = []
    for s in t.steps:
        row: dict[str, Any] = {
            ctx.t("col.step"): s.step,
            ctx.t("tpl.step_name"): s.step_name,
            ctx.t("col.activity"): s.activity,
            ctx.t("col.kind"): choice_label("templates", "kind", s.kind or None, ctx.locale),
            ctx.t("tpl.after"): "、".join(s.after),
            ctx.t("tpl.response_h"): number(s.response_h, 0),
            ctx.t("tpl.done_h"): number(s.done_h, 0),
            ctx.t("tpl.clock"): ctx.t(f"tpl.clock.{s.clock}"),
        }
        for _, letter in ROLES:
            row[ctx.t(f"tpl.role.{letter}")] = _depts(s.with_role(letter), named) or "—"
        rows.append(row)
    return pd.DataFrame(rows)


def _scale_options(found: Sequence[Template], scale: Mapping[str, str]) -> list[str]:
    return list(dict.fromkeys(scale[t.template_id] for t in found))


def render(ctx: Context) -> None:
    """Draw the template library page."""
    st.title(ctx.t("page.templates"))
    read_at_caption(ctx)
    caption(ctx, "tpl.caption")
    if ctx.snapshot.scoped:
        caption(ctx, "tpl.scoped")
    found, scale = templates(ctx), scales(ctx)
    cols = st.columns(3)
    cols[0].metric(ctx.t("tpl.count"), number(len(found), 0))
    cols[1].metric(ctx.t("tpl.types"), number(len({t.project_type for t in found}), 0))
    cols[2].metric(ctx.t("tpl.approvals"), number(sum(t.approvals for t in found), 0))
    if not found:
        st.info(ctx.t("tpl.empty"))
        return
    left, middle, right = st.columns(3)
    scenarios = left.multiselect(
        ctx.t("col.scenario"), sorted({t.scenario for t in found}),
        placeholder=ctx.t("filter.all"), key="tpl_scenarios",
    )  # fmt: skip
    types = middle.multiselect(
        ctx.t("tpl.type"), sorted({t.project_type for t in found if t.project_type}),
        placeholder=ctx.t("filter.all"), key="tpl_types",
    )  # fmt: skip
    picked = right.multiselect(
        ctx.t("tpl.scale"), _scale_options(found, scale), placeholder=ctx.t("filter.all"),
        key="tpl_scales",
    )  # fmt: skip
    shown = [
        t
        for t in found
        if (not scenarios or t.scenario in scenarios)
        and (not types or t.project_type in types)
        and (not picked or scale[t.template_id] in picked)
    ]
    if not shown:
        st.info(ctx.t("tpl.none"))
        return
    st.dataframe(overview(ctx, shown), hide_index=True)
    by_id = {t.template_id: t for t in shown}
    tid = st.selectbox(
        ctx.t("tpl.pick"), list(by_id), key="tpl_pick",
        format_func=lambda i: f"{i} {by_id[i].name}",
    )  # fmt: skip
    t = by_id[tid or next(iter(by_id))]
    st.subheader(md_escape(f"{t.template_id} {t.name}"), anchor=False)
    caption(
        ctx, "tpl.summary", scenario=t.scenario, type=t.project_type or "—",
        scale=scale[t.template_id], steps=len(t.steps), approvals=t.approvals,
    )  # fmt: skip
    st.dataframe(steps(ctx, t), hide_index=True)
    name = "New project" if lang(ctx.locale) == "en" else "新项目"
    st.code(
        f"collabsheet start-project --template {shlex.quote(t.template_id)} --name {name} "
        "--start tomorrow --dry-run",
        language="sh",
    )


if __name__ == "__main__":
    render(current())
