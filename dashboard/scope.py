"""Department scoping: with ``[dashboard] viewer_dept = true`` a viewer sees only the rows of
their own departments. It is one filter on the parsed workbook, applied in app.py before any
page runs, so every page (and every number computed from the tables) sees only those rows.

Which rows belong to a department:

- departments, people, tasks, survey: ``dept_id`` (departments by their own id);
- projects: initiated by the department, or with a task of it;
- retrospectives: of a visible project;
- disputes, cases: one of the ``departments`` involved;
- responsibilities: the department is responsible, accountable, consulted or informed;
- templates and the calendar are not department data and stay whole;
- bot tabs: ``_sla`` rows by ``dept_id``; ``_case_links`` rows whose retrospective and case
  are both visible (a link names the case's title); ``_runs`` rows without their message (it
  may name people, cells and channels of any department); ``_checks``, ``_reminders`` and
  ``_metrics`` are emptied (cells and people of every department; organisation figures: a
  scoped viewer's KPIs are computed on their rows; 措施覆盖率 and 问题遗漏率 over the template
  steps of their activities, against the whole matrix: docs/metrics.md).

The scoped snapshot keeps the one it was made from (``Snapshot.whole``) for what is the sheet's
own and shows no other department's row: a template's 协作规模 (counted over the whole matrix,
as ``start-project --scale`` counts it), the department's 权责说明书 (``collabsheet handbook
--dept`` gives it to the department with the other departments' roles in its activities), and
the matrix KPIs above.

tests/test_dashboard_browser.py puts a marker row of another department into every tab and
checks that no page's HTML or websocket message carries it for a scoped viewer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from dashboard.auth import Viewer
from dashboard.snapshot import Snapshot
from jobs.cases.case_links_tab import CASE_LINKS
from jobs.run.runs_tab import RUNS
from jobs.sla.sla_tab import rows_of, seen_in
from sheets_sync.table import Table
from sheets_sync.workbook import Workbook

ALL = "*"


def allowed_depts(viewer: Viewer, workbook: Workbook) -> frozenset[str] | None:
    """The viewer's dept_ids (None = every department).

    Secrets decide first (``depts``; "*" is all); otherwise the people tab: the active person
    (启用 not 否) whose email or person_id is the viewer's email or name. Nobody found, or rows
    of more than one department (a row anyone editing the sheet may have added: trial21 gave
    themselves another department so): an empty set, no rows (the app says why: ``scope.unset``).
    """
    if viewer.depts is not None:
        return None if ALL in viewer.depts else frozenset(viewer.depts)
    people = workbook["people"]
    wanted = {v.strip().lower() for v in (viewer.email, viewer.name) if v and v.strip()}
    found = set()
    for email, pid, dept, active in zip(
        people.column("email"), people.column("person_id"), people.column("dept_id"),
        people.column("active"), strict=True,
    ):  # fmt: skip
        ids = {str(email or "").lower(), str(pid or "").lower()}
        if dept and active is not False and ids & wanted:
            found.add(str(dept))
    return frozenset(found) if len(found) == 1 else frozenset()


def _keep(table: Table, test: Callable[[dict[str, Any]], bool]) -> Table:
    """The table with only the records that pass ``test``."""
    keep = [i for i, rec in enumerate(table.records()) if test(rec)]
    return dataclasses.replace(
        table,
        rows=tuple(table.rows[i] for i in keep),
        columns={k: [v[i] for i in keep] for k, v in table.columns.items()},
    )


def _any_in(value: Any, depts: frozenset[str]) -> bool:
    if value is None:
        return False
    values: Iterable[Any] = (value,) if isinstance(value, str) else value
    return any(str(v) in depts for v in values)


def scope_workbook(wb: Workbook, depts: frozenset[str]) -> Workbook:
    """The workbook as a viewer of ``depts`` may see it (see the module docstring)."""
    t = dict(wb.tables)
    t["departments"] = _keep(t["departments"], lambda r: r["dept_id"] in depts)
    t["people"] = _keep(t["people"], lambda r: r["dept_id"] in depts)
    t["tasks"] = _keep(t["tasks"], lambda r: r["dept_id"] in depts)
    t["survey"] = _keep(t["survey"], lambda r: r["dept_id"] in depts)
    task_projects = set(t["tasks"].column("project_id"))
    t["projects"] = _keep(
        t["projects"],
        lambda r: r["initiator_dept"] in depts or r["project_id"] in task_projects,
    )
    projects = set(t["projects"].column("project_id"))
    t["retrospectives"] = _keep(t["retrospectives"], lambda r: r["project_id"] in projects)
    t["disputes"] = _keep(t["disputes"], lambda r: _any_in(r["departments"], depts))
    t["cases"] = _keep(t["cases"], lambda r: _any_in(r["departments"], depts))
    raci = ("responsible", "accountable", "consulted", "informed")
    t["responsibilities"] = _keep(
        t["responsibilities"], lambda r: any(_any_in(r[k], depts) for k in raci)
    )
    retros = {str(r) for r in t["retrospectives"].column("retro_id")}
    cases = {str(c) for c in t["cases"].column("case_id")}
    # the obligations of what the viewer sees: theirs, and the actions and disputes of the
    # rows shown (not a visible project's 复盘 another department owes: trial27, review32)
    seen = seen_in(t["retrospectives"], t["disputes"])
    bot: dict[str, Sequence[Sequence[Any]]] = {}
    for title, rows in wb.bot.items():
        if title == "_sla":
            bot[title] = rows_of(rows, depts, seen)
        elif title == "_case_links":
            bot[title] = CASE_LINKS.select(
                rows, lambda r: str(r.get("retro_id")) in retros and str(r.get("case_id")) in cases
            )
        elif title == "_runs":
            bot[title] = RUNS.encode({**r, "message": None} for r in RUNS.decode(rows))
        else:  # _checks, _reminders, _metrics (and any bot tab not named here): header only
            bot[title] = list(rows[:1])
    return Workbook(t, bot, ())


def scope_snapshot(snapshot: Snapshot, depts: frozenset[str] | None) -> Snapshot:
    """The snapshot for a viewer of ``depts`` (unchanged for None: every department).

    Live findings are dropped for a scoped viewer: they name cells of every department.
    """
    if depts is None:
        return snapshot
    wb = scope_workbook(snapshot.workbook, depts)
    whole = snapshot.whole or snapshot
    return dataclasses.replace(snapshot, workbook=wb, scoped=True, depts=depts, whole=whole)


def cached_scope(
    state: Any, snapshot: Snapshot, depts: frozenset[str] | None
) -> tuple[tuple[Any, ...], Snapshot]:
    """(key, scoped snapshot), reusing ``state``'s entry when the read and depts are the same."""
    # the read is a shared cache_resource, so the snapshot is the same object on every rerun
    # until the next read; keyed by its identity and the departments
    key = (id(snapshot), snapshot.read_at, depts)
    hit = state.get("collabsheet_scoped")
    if isinstance(hit, tuple) and hit[0] == key:
        return hit
    return key, scope_snapshot(snapshot, depts)
