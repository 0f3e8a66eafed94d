"""The retrospective a done project owes (issue 19 item 3): the plan asks for a 复盘 after every
project, so a project marked 已完成 without any 复盘 row is an obligation of its owner, from its
closing time, with the ``[sla.retrospective]`` rule (5 working days by default). The first
复盘 row naming the project settles it, and the obligation is gone (a project closed without
closed_at cannot be timed and owes nothing here).
"""

from __future__ import annotations

from typing import Any

from sheets_sync.workbook import Workbook


def retrospective_obligations(wb: Workbook) -> list[dict[str, Any]]:
    """One open obligation per done project that no retrospective row names yet."""
    projects, people = wb["projects"], wb["people"]
    held = {str(p) for p in wb["retrospectives"].column("project_id") if p}
    dept_of = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    rows = []
    for i, r in enumerate(projects.records()):
        if r["status"] != "done" or r["closed_at"] is None or str(r["project_id"]) in held:
            continue
        rows.append({
            "key": f"retrospective:{r['project_id']}", "kind": "retrospective",
            "ref": r["project_id"], "tab": projects.title,
            "cell": projects.cell("project_id", i), "project_id": r["project_id"],
            "dept_id": dept_of.get(r["owner"]) or r["initiator_dept"], "person_id": r["owner"],
            "template_id": None, "step": None, "start": r["closed_at"], "end": None,
            "explicit_due": None, "goal_h": None, "blocked": False,
        })  # fmt: skip
    return rows
