"""Rows the last run saw open that the sheet no longer holds at all: a workbook replaced by an
older copy (a sync client's conflict, a backup put back) loses the tasks, disputes and projects
added since, and every count would quietly shrink (trial8). One warning per tab, naming how
many and which, from the last ``_sla`` tab (what the last run that computed the SLA saw open).

A row closed since (done, decided) is still in the sheet and is not named; a row deleted on
purpose is named until the next run that writes ``_sla`` (daily, hourly), which no longer
lists it (``validate`` and the dashboard say it until then). A run writing ``_sla`` and not
``_checks`` (hourly) that finds rows gone writes ``_checks`` too (jobs/run/envelope.py).
"""

from __future__ import annotations

from jobs.sla.sla_tab import SLA, last_sla
from sheets_sync.finding import Finding, rule
from sheets_sync.workbook import Workbook

rule(
    "rows.vanished",
    "warning",
    (
        "上次运行时 {tab} 中有 {n} 条未完成事项（{ids}），现在表中已找不到（上次第一条在 {cell}）："
        "工作簿可能被旧副本覆盖（同步冲突、从备份恢复）",
        "若不是有意删除，请从最新的备份或同步软件的历史版本中找回这些行；若是有意删除，可忽略"
        "（下一次每日或每小时运行后不再提示）",
    ),
    (
        "{n} open item(s) of {tab} in the last run ({ids}) are no longer in the sheet (the first "
        "was at {cell}): the workbook may have been replaced by an older copy (a sync conflict, "
        "a restored backup)",
        "unless they were deleted on purpose, recover the rows from the latest backup or the sync "
        "tool's version history; if on purpose, ignore this (not said after the next daily or "
        "hourly run)",
    ),
)
# an obligation's kind -> the table and the column its ``ref`` is an id of
WHERE = {
    "response": ("tasks", "task_id"),
    "completion": ("tasks", "task_id"),
    "approval": ("tasks", "task_id"),
    "dispute": ("disputes", "dispute_id"),
    "action": ("retrospectives", "retro_id"),
    "retrospective": ("projects", "project_id"),
}
SHOWN = 5  # ids named in the finding; the count says how many in all


def check_vanished(wb: Workbook) -> list[Finding]:
    """A warning per tab whose rows the last ``_sla`` lists open and the sheet does not hold."""
    rows = wb.bot.get("_sla")
    if not SLA.has(rows, "kind", "ref", "cell"):
        return []
    ids: dict[str, set[str]] = {}  # table -> the ids it holds (rows left out included)
    gone: dict[str, dict[str, str]] = {}  # table -> vanished id -> its cell in the last run
    for r in last_sla(wb):
        where, ref = WHERE.get(str(r.get("kind"))), r.get("ref")
        if where is None or ref in (None, ""):
            continue
        key, column = where
        table = wb.tables.get(key)
        if table is None or table.unusable:  # a tab not read says so itself
            continue
        if key not in ids:
            held = [*table.column(column), *(s.get(column) for s in table.skipped)]
            ids[key] = {str(v) for v in held if v is not None}
        if str(ref) not in ids[key]:
            gone.setdefault(key, {}).setdefault(str(ref), str(r.get("cell") or ""))
    out = []
    for key, refs in gone.items():
        title = wb.tables[key].title
        named = "、".join(list(refs)[:SHOWN]) + ("…" if len(refs) > SHOWN else "")
        cell = next(iter(refs.values())) or "A1"
        out.append(Finding(title, cell, named, "rows.vanished", {"n": len(refs), "ids": named}))
    return out
