"""What ``collabsheet sla`` shows: the obligations of some departments, people, statuses and
kinds. One selection filters both the listed obligations and the counts by status beside
them, so the header and the breakdown count the same rows; a department, person or status
that does not exist is named with the valid ones."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from jobs.sla.status import STATUSES

OPEN = ("on_track", "at_risk", "breached")  # the statuses of the listed (open) obligations
# what is unknown: Chinese, English
_WHAT = {"dept": ("部门编号", "department"), "person": ("人员编号", "person"),
         "status": ("状态", "status")}  # fmt: skip


@dataclass(frozen=True)
class Selection:
    """Empty fields select everything."""

    depts: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def unknown(self, departments: Collection[str], people: Collection[str]) -> str | None:
        """One line naming what does not exist and the valid values, Chinese first; None when
        everything named exists."""
        parts = []
        for what, named, valid in (
            ("dept", self.depts, departments),
            ("person", self.people, people),
            ("status", self.statuses, OPEN),
        ):
            if missing := [v for v in named if v not in valid]:
                parts.append((what, missing, sorted(valid) if what != "status" else list(valid)))
        if not parts:
            return None
        zh = "；".join(
            f"未知的{_WHAT[w][0]} {'、'.join(m)}（可选：{'、'.join(v) or '无'}）"
            for w, m, v in parts
        )
        en = "; ".join(
            f"unknown {_WHAT[w][1]} {', '.join(m)} (valid: {', '.join(v) or 'none'})"
            for w, m, v in parts
        )
        return f"{zh} / {en}"

    def keep(self, record: Mapping[str, Any]) -> bool:
        """Whether an obligation (a record of ``_sla``) is selected."""
        return (
            (not self.depts or str(record.get("dept_id")) in self.depts)
            and (not self.people or str(record.get("person_id")) in self.people)
            and (not self.statuses or record.get("status") in self.statuses)
            and (not self.kinds or record.get("kind") in self.kinds)
        )

    def rows(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in records if self.keep(r)]

    def counts(self, result: pd.DataFrame) -> dict[str, int]:
        """Obligations by status (open and closed) among those selected, from the SLA result;
        with a status filter, those statuses only."""
        mask = pd.Series(True, index=result.index)
        for column, values in (("dept_id", self.depts), ("person_id", self.people),
                               ("kind", self.kinds)):  # fmt: skip
            if values:
                mask &= result[column].astype(str).isin(values)
        status = result.loc[mask, "status"]
        shown = [s for s in STATUSES if not self.statuses or s in self.statuses]
        return {s: int((status == s).sum()) for s in shown}
