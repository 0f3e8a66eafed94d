"""The template steps against the 权责清单: 措施覆盖率 and 问题遗漏率, the company's or a
department's (docs/metrics.md).

A department's figure counts its own steps: the template steps of the activities (scenario,
activity) the department has a role in (R, A, C or I) in some matrix row, judged against every
matrix row of those activities. A step whose activity has no matrix row at all belongs to no
department: it counts in the company's figure only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from jobs.kpis.tally import Tally, ratio
from sheets_sync.workbook import Workbook

ROLE_KEYS = ("responsible", "accountable", "consulted", "informed")


def _step_key(r: dict[str, Any]) -> str:
    return f"{r['template_id']}:{r['step']}"


def _matrix(wb: Workbook) -> dict[tuple[Any, Any], tuple[bool, bool]]:
    """(scenario, activity) -> whether some matrix row gives it a responsible department, and
    whether its rows give it responsibility whole: that, and one accountable (最终负责) over
    them all — none or two is no 责任划分 (trial30: counted as covered while the same step was
    a gap)."""
    named: dict[tuple[Any, Any], bool] = {}
    accountable: dict[tuple[Any, Any], set[str]] = {}  # over the activity's rows (review33)
    for r in wb["responsibilities"].records():
        key = (r["scenario"], r["activity"])
        named[key] = named.get(key, False) or bool(r["responsible"])
        accountable.setdefault(key, set()).update(_named(r["accountable"]))
    return {k: (v, v and len(accountable[k]) == 1) for k, v in named.items()}


def _named(value: Any) -> Iterable[str]:
    """The department ids of one role cell (a list, or one id)."""
    if value is None:
        return ()
    return (str(value),) if isinstance(value, str) else (str(v) for v in value)


def steps_of(wb: Workbook, depts: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """The template steps counted: all of them, or those of the activities ``depts`` have a
    role in (some matrix row names one of them as R, A, C or I)."""
    steps = list(wb["templates"].records())
    if depts is None:
        return steps
    theirs = {
        (r["scenario"], r["activity"])
        for r in wb["responsibilities"].records()
        if any(d in depts for k in ROLE_KEYS for d in _named(r[k]))
    }
    return [r for r in steps if (r["scenario"], r["activity"]) in theirs]


def _share(
    wb: Workbook, depts: frozenset[str] | None,
    hit: Callable[[dict[str, Any], dict[tuple[Any, Any], tuple[bool, bool]]], bool],
) -> Tally:  # fmt: skip
    """The template steps counted (all, or ``depts``' steps) that ``hit`` accepts, given each
    step and the matrix, keyed by step."""
    matrix = _matrix(wb)
    steps = steps_of(wb, depts)
    return ratio([hit(r, matrix) for r in steps], [_step_key(r) for r in steps])


def measure_coverage(
    wb: Workbook, sla: pd.DataFrame, today: dt.date, depts: frozenset[str] | None = None
) -> Tally:
    """Template steps whose activity the matrix gives a responsible department and one
    accountable, and with an SLA (response or done hours > 0) / all steps (``depts``: over
    their steps)."""
    return _share(wb, depts, lambda r, matrix: matrix.get((r["scenario"], r["activity"]),
                                                          (False, False))[1]
                  and any((r[h] or 0) > 0 for h in ("response_sla_h", "done_sla_h")))  # fmt: skip


def omission_rate(
    wb: Workbook, sla: pd.DataFrame, today: dt.date, depts: frozenset[str] | None = None
) -> Tally:
    """Template steps whose (scenario, activity) has no responsible department / all steps
    (``depts``: over their steps)."""
    return _share(wb, depts, lambda r, matrix: not matrix.get((r["scenario"], r["activity"]),
                                                              (False, False))[0])  # fmt: skip


# the KPIs that have a department's figure of their own (``measures.measure``'s ``depts``)
BY_DEPARTMENT = {"measure_coverage": measure_coverage, "omission_rate": omission_rate}
