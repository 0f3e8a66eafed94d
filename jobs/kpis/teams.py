"""执行团队达标率: the share of departments whose own process compliance meets its target.

A department's compliance is the 流程合规率 of its obligations (met / due, as
``jobs.kpis.measures.compliance``); a department with nothing due yet is not counted, nor a
dept_id the 部门 tab does not hold.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

from config.defaults import KPI_DEFAULTS
from config.settings import KpiSettings
from jobs.kpis.tally import Tally, ratio
from jobs.kpis.targets import is_met
from sheets_sync.workbook import Workbook


def department_compliance(sla: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Department -> (obligations met, obligations due), for departments with one due."""
    if sla.empty:
        return {}
    due = sla["status"].isin(["met", "met_late", "breached"]) & sla["dept_id"].notna()
    due &= sla["kind"] != "retrospective"  # as 流程合规率: only its misses could be counted
    # counted in C (Counter over the pairs), then folded by the department's text: a loop in
    # Python over 100,000 obligations cost 0.14 s a run
    hits = (sla["status"][due] == "met").tolist()
    pairs = Counter(zip(sla["dept_id"][due].tolist(), hits, strict=True))
    out: dict[str, tuple[int, int]] = {}
    for (dept, met), n in pairs.items():
        m, total = out.get(str(dept), (0, 0))
        out[str(dept)] = (m + n * met, total + n)
    return dict(sorted(out.items()))


def team_compliance(wb: Workbook, sla: pd.DataFrame, today: dt.date, kpis: KpiSettings) -> Tally:
    """Departments whose compliance meets the 流程合规率 target / departments with one due."""
    target = float(kpis.targets.get("compliance", KPI_DEFAULTS["compliance"].target))
    # the departments of 部门 (rows left out too): a dept_id no department has (D99, which
    # validate reports) is no team (trial30: counted, and met, 8 of 9)
    known = {str(d) for d in wb["departments"].column("dept_id") if d}
    known |= {str(r["dept_id"]) for r in wb["departments"].skipped if r.get("dept_id")}
    per_dept = {d: v for d, v in department_compliance(sla).items() if d in known}
    hits = [bool(is_met("compliance", met / n, target, None)) for met, n in per_dept.values()]
    return ratio(hits, list(per_dept))
