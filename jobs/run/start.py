"""Start a project: read once, plan it (``jobs.projects.project_plan``), then append its rows.

The only writes to human tabs: one row to 协作项目, then one row per task to 任务进度, checked
before the first append so that both or neither land.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from config.errors import BackendError
from config.settings import Settings
from jobs.projects.project_plan import ProjectPlan, plan_project
from sheets_sync.backend import Backend
from sheets_sync.finding import Finding
from sheets_sync.table import header_keys
from sheets_sync.workbook import parse_workbook


def start_project(
    settings: Settings, backend: Backend, template_id: str, name: str,
    start: dt.date | dt.datetime, owner: str | None, now: dt.datetime,
    initiator: str | None = None, dry_run: bool = False,
) -> ProjectPlan | list[Finding]:  # fmt: skip
    """Read once, plan, then append the project row and its task rows (nothing on refusal)."""
    check = getattr(backend, "check_appendable", None)  # a read-only workbook (.ods, .xls)
    if check is not None:
        check()  # refuses before the read: no plan that could not be written
    wb = parse_workbook(backend.read(), settings)
    sla, locale = settings.sla_section, settings.locale
    plan = plan_project(wb, sla, template_id, name, start, owner, now, initiator, locale=locale)
    if isinstance(plan, list) or dry_run:
        return plan
    appends = (("projects", [plan.project]), ("tasks", list(plan.records)))
    for key, records in appends:  # checked before the first append: both or neither
        lost = {k for r in records for k, v in r.items() if v is not None} - set(wb[key].positions)
        if lost:
            raise BackendError(
                f"tab {wb[key].title!r} has no column for {', '.join(sorted(lost))}; add the "
                "column(s) to its header row and run again (nothing was appended)"
            )
    keys = {
        k: partial(header_keys, wb[k].schema, aliases=settings.headers.get(k)) for k, _r in appends
    }
    check_append = getattr(backend, "check_append", None)  # a sheet it cannot extend safely
    if check_append is not None:
        for key, records in appends:
            check_append(wb[key].title, records, keys[key])
    for key, records in appends:
        backend.append(wb[key].title, records, keys[key])
    return plan
