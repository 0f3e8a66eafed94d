"""执行团队达标率: the share of departments whose own process compliance meets its target.

A department's compliance is the 流程合规率 of its obligations (met / due, as
``jobs.kpis.measures.compliance``); a department with nothing due yet is not counted.
"""

from __future__ import annotations

import datetime as dt

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
    due = sla[sla["status"].isin(["met", "met_late", "breached"]) & sla["dept_id"].notna()]
    out: dict[str, tuple[int, int]] = {}
    for dept, status in zip(due["dept_id"].tolist(), due["status"].tolist(), strict=True):
        met, n = out.get(str(dept), (0, 0))
        out[str(dept)] = (met + (status == "met"), n + 1)
    return dict(sorted(out.items()))


def team_compliance(wb: Workbook, sla: pd.DataFrame, today: dt.date, kpis: KpiSettings) -> Tally:
    """Departments whose compliance meets the 流程合规率 target / departments with one due."""
    target = float(kpis.targets.get("compliance", KPI_DEFAULTS["compliance"].target))
    per_dept = department_compliance(sla)
    hits = [bool(is_met("compliance", met / n, target, None)) for met, n in per_dept.values()]
    return ratio(hits, list(per_dept))
