"""Responsibilities page (权责矩阵): the RACI grid scenario × activity × department, with gaps
(no responsible or no accountable department, template steps missing from the matrix) and
double accountables highlighted by a status column and row colour (pandas Styler, no HTML).
Filters by scenario and by department (the activities a department has a role in, the other
departments' roles beside); the 权责说明书 to download below (views/handbook_downloads.py).
A scoped viewer's department filter offers their own departments only."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.context import Context, current
from dashboard.views import handbook_downloads
from dashboard.views.widgets import caption, names, number, pick, read_at_caption

ROLES = (("accountable", "A"), ("responsible", "R"), ("consulted", "C"), ("informed", "I"))
ISSUE_COLOUR = {"gap": "#fde2e1", "double": "#fff0c2", "missing": "#fde2e1"}


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, tuple) else (str(value),)


def grid(ctx: Context) -> tuple[pd.DataFrame, list[str]]:
    """One row per (scenario, activity): R/A/C/I letters per department and the issue found."""
    wb = ctx.snapshot.workbook
    depts = list(dict.fromkeys(str(d) for d in wb["departments"].column("dept_id") if d))
    cells: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    accountable: dict[tuple[str, str], list[str]] = defaultdict(list)
    responsible: dict[tuple[str, str], bool] = defaultdict(bool)
    for r in wb["responsibilities"].records():
        pair = (str(r["scenario"] or ""), str(r["activity"] or ""))
        for role, letter in ROLES:
            for d in _ids(r[role]):
                cells[pair][d].add(letter)
                if d not in depts:
                    depts.append(d)
        accountable[pair].extend(_ids(r["accountable"]))
        responsible[pair] = responsible[pair] or bool(_ids(r["responsible"]))
    rows = []
    for pair, by_dept in cells.items():
        rows.append(_row(ctx, pair, by_dept, accountable[pair], responsible[pair]))
    for pair in (p for p in accountable if p not in cells):  # a row with no department at all
        rows.append(_row(ctx, pair, {}, [], False))
    known = set(cells) | set(accountable)
    # template steps whose activity is not in the matrix; a scoped viewer's matrix holds their
    # rows only, so a step of an activity they have no role in is not missing: not listed
    steps = () if ctx.snapshot.scoped else wb["templates"].records()
    for r in steps:
        pair = (str(r["scenario"] or ""), str(r["activity"] or ""))
        if pair not in known and all(pair[i] for i in (0, 1)):
            known.add(pair)
            rows.append({"scenario": pair[0], "activity": pair[1], "issue": "missing"})
    df = pd.DataFrame(rows, columns=["scenario", "activity", "issue", *depts])
    return df.sort_values(["scenario", "activity"]).reset_index(drop=True), depts


def _row(
    ctx: Context,
    pair: tuple[str, str],
    by_dept: dict[str, set[str]],
    accountable: list[str],
    responsible: bool,
) -> dict[str, Any]:
    row: dict[str, Any] = {"scenario": pair[0], "activity": pair[1]}
    for d, letters in by_dept.items():
        row[d] = "/".join(letter for _, letter in ROLES if letter in letters)
    if not accountable or not responsible:
        row["issue"] = "gap"
    elif len(set(accountable)) > 1:
        row["issue"] = "double"
    else:
        row["issue"] = None
    return row


def styled(ctx: Context, df: pd.DataFrame) -> Any:
    """Localized issue labels; rows with an issue coloured, accountable cells bold."""
    shown = df.copy()
    issue = shown["issue"].copy()
    shown["issue"] = [ctx.t(f"raci.{i}") if isinstance(i, str) else "" for i in issue]
    named = names(ctx, "departments")
    headers = {d: f"{d} {named[d]}" if d in named else d for d in shown.columns[3:]}
    shown = shown.fillna("").rename(
        columns={
            "scenario": ctx.t("col.scenario"),
            "activity": ctx.t("col.activity"),
            "issue": ctx.t("col.issue"),
            **headers,
        }
    )

    colours = [ISSUE_COLOUR.get(str(i), "") for i in issue]
    paint = pd.DataFrame(
        [[f"background-color: {c}" if c else ""] * len(shown.columns) for c in colours],
        index=shown.index,
        columns=shown.columns,
    )

    def bold(value: Any) -> str:
        return "font-weight: bold" if isinstance(value, str) and value.startswith("A") else ""

    return shown.style.apply(lambda _: paint, axis=None).map(bold)


def render(ctx: Context) -> None:
    """Draw the responsibilities page."""
    st.title(ctx.t("page.responsibilities"))
    read_at_caption(ctx)
    caption(ctx, "raci.caption")
    df, _ = grid(ctx)
    cols = st.columns(4)
    cols[0].metric(ctx.t("raci.pairs"), number(int((df["issue"] != "missing").sum()), 0))
    cols[1].metric(ctx.t("raci.gap"), number(int((df["issue"] == "gap").sum()), 0))
    cols[2].metric(ctx.t("raci.double"), number(int((df["issue"] == "double").sum()), 0))
    cols[3].metric(ctx.t("raci.missing"), number(int((df["issue"] == "missing").sum()), 0))
    if df.empty:
        st.info(ctx.t("raci.empty"))
        return
    left, middle, right = st.columns(3)
    scenarios = pick(ctx, left, "col.scenario", sorted(set(df["scenario"])), "raci_scenarios")
    own = [str(d) for d in ctx.snapshot.workbook["departments"].column("dept_id") if d]
    depts = pick(ctx, middle, "col.dept", own, "raci_depts", names(ctx, "departments"))
    only_issues = right.toggle(ctx.t("raci.only_issues"), key="raci_only_issues")
    if scenarios:
        df = df[df["scenario"].isin(scenarios)]
    if depts:  # the activities these departments have a role in (columns of others kept)
        df = df[df[[d for d in depts if d in df.columns]].notna().any(axis=1)]
    if only_issues:
        df = df[df["issue"].notna()]
    used = [d for d in df.columns[3:] if df[d].notna().any()]  # departments with a role here
    df = df[["scenario", "activity", "issue", *used]].reset_index(drop=True)
    height = min(35 * (len(df) + 1) + 3, 900)  # the whole grid at once, up to ~25 rows
    wide = {ctx.t("col.issue"): st.column_config.TextColumn(width="medium")}
    st.dataframe(styled(ctx, df), hide_index=True, height=height, column_config=wide)
    handbook_downloads.buttons(ctx, depts)


if __name__ == "__main__":
    render(current())
