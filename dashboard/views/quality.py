"""Data quality page (数据质量): every problem in the sheets with its cell, rule and fix."""

from __future__ import annotations

from collections import Counter
from typing import Any

import streamlit as st

from dashboard.context import Context, current
from dashboard.text import md_escape
from dashboard.views.widgets import plain, read_at_caption, table

COLUMNS = ("tab", "cell", "value", "rule", "severity", "message", "fix")
SEVERITIES = ("error", "warning", "info")


def findings(ctx: Context) -> tuple[list[dict[str, str]], str]:
    """The problems (from ``_checks`` if the tab exists, else computed) and where they came from."""
    checks = ctx.snapshot.bot("_checks")
    if checks is not None:
        rows = [{k: plain(r.get(k)) for k in (*COLUMNS, "link", "run_at")} for r in checks]
        for r in rows:
            r["cell"] = ctx.link(r["tab"], r["cell"]) if r["tab"] and r["cell"] else r["link"]
        run_at = next((r["run_at"] for r in rows if r["run_at"]), "—")
        return rows, ctx.t("quality.from_checks", at=run_at)
    rows = []
    for f in ctx.snapshot.findings or ():
        row = {k: plain(v) for k, v in f.as_row(ctx.locale).items()}
        row["cell"] = ctx.link(f.tab, f.cell)
        rows.append(row)
    return rows, ctx.t("quality.computed")


def per_tab(ctx: Context, rows: list[dict[str, str]]) -> None:
    """Errors and warnings per tab."""
    errors = Counter(r["tab"] for r in rows if r["severity"] == "error")
    warnings = Counter(r["tab"] for r in rows if r["severity"] == "warning")
    tabs = list(dict.fromkeys(r["tab"] for r in rows))
    counts = [{"tab": tab, "errors": errors[tab], "warnings": warnings[tab]} for tab in tabs]
    table(
        counts,
        {
            "tab": ctx.t("col.tab"),
            "errors": ctx.t("quality.errors"),
            "warnings": ctx.t("quality.warnings"),
        },
    )


def render(ctx: Context) -> None:
    """Draw the data quality page."""
    st.title(ctx.t("page.quality"))
    read_at_caption(ctx)
    if ctx.snapshot.scoped:  # _checks hidden and live findings dropped: not "no problems"
        st.info(ctx.t("quality.scoped"))  # (trial13: 错误 0 警告 0 没有发现问题 said)
        return
    rows, source = findings(ctx)
    st.caption(md_escape(source))
    total_errors = sum(1 for r in rows if r["severity"] == "error")
    left, right = st.columns(2)
    left.metric(ctx.t("quality.errors"), total_errors)
    right.metric(ctx.t("quality.warnings"), sum(1 for r in rows if r["severity"] == "warning"))
    if not rows:
        st.success(ctx.t("quality.none"))
        return

    st.subheader(ctx.t("quality.by_tab"))
    per_tab(ctx, rows)

    st.subheader(ctx.t("quality.findings"))
    f_tab, f_sev = st.columns(2)
    tabs = f_tab.multiselect(
        ctx.t("quality.filter_tab"),
        list(dict.fromkeys(r["tab"] for r in rows)),
        placeholder=ctx.t("quality.all"),
        key="quality_tabs",
    )
    severities = f_sev.multiselect(
        ctx.t("quality.filter_severity"),
        list(SEVERITIES),
        format_func=lambda s: ctx.t(f"severity.{s}"),
        placeholder=ctx.t("quality.all"),
        key="quality_severities",
    )
    shown = [
        r
        for r in rows
        if (not tabs or r["tab"] in tabs) and (not severities or r["severity"] in severities)
    ]
    st.caption(md_escape(ctx.t("quality.shown", shown=len(shown), total=len(rows))))
    display: list[dict[str, Any]] = [
        dict(
            r,
            severity=ctx.t(f"severity.{r['severity']}")
            if r["severity"] in SEVERITIES
            else r["severity"],
        )
        for r in shown
    ]
    config: dict[str, Any] = {}
    if any(r["cell"].startswith(("http://", "https://")) for r in shown):
        config[ctx.t("col.cell")] = st.column_config.LinkColumn()
    table(display, {k: ctx.t(f"col.{k}") for k in COLUMNS}, config)


if __name__ == "__main__":
    render(current())
