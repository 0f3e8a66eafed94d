"""The departments and people of a workbook, id -> name: what a ``--dept`` or ``--person``
option may name (研发部 as D01, 丁飞 as P03), in ``sla``, ``actions`` and ``handbook``."""

from __future__ import annotations

from sheets_sync.workbook import Workbook


def directory(wb: Workbook) -> tuple[dict[str, str], dict[str, str]]:
    """(departments, people): each id -> its name ("" when the name cell is empty)."""
    depts, people = (
        {
            str(v): str(n or "")
            for v, n in zip(wb[k].column(c), wb[k].column("name"), strict=True)
            if v
        }
        for k, c in (("departments", "dept_id"), ("people", "person_id"))
    )
    return depts, people
