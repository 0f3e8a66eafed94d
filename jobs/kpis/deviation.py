"""方案目标偏差率: how far, on average, the plan's KPIs are from their targets.

For each other KPI with a value and a threshold (``jobs.kpis.targets.threshold``): its shortfall
is 0 when it meets the target, else the distance to the threshold relative to the threshold
(compliance 95.06% against 98% is 3%; a cycle of 20 d against ≤ 18 d is 11.1%), at most 100%
(a dispute rate of 40% against ≤ 5% counts 100%, not 700%, so one KPI cannot swamp the rest).
The KPI is the mean shortfall: sum of shortfalls / KPIs with a verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from config.defaults import KPI_DEFAULTS
from jobs.kpis.tally import Tally
from jobs.kpis.targets import threshold


class _Judged(Protocol):
    @property
    def kpi(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def target(self) -> float: ...
    @property
    def baseline(self) -> float | None: ...
    @property
    def met(self) -> bool | None: ...


def shortfall(v: _Judged) -> float | None:
    """How far ``v`` is from its threshold, relative to it (0 when met; None: no verdict)."""
    goal = threshold(v.kpi, v.target, v.baseline)
    if v.value is None or v.met is None or goal is None:
        return None
    if v.met or goal == 0:
        return 0.0
    higher = KPI_DEFAULTS[v.kpi].direction in ("min", "change_min")
    gap = (goal - v.value) if higher else (v.value - goal)
    return min(max(gap, 0.0) / abs(goal), 1.0)  # at most 100% off: one KPI cannot swamp the rest


def target_deviation(values: Sequence[_Judged]) -> Tally:
    """The mean shortfall of the KPIs with a verdict (the deviation KPI itself left out)."""
    found = [(v.kpi, shortfall(v)) for v in values if v.kpi != "target_deviation"]
    judged = [(k, s) for k, s in found if s is not None]
    total = round(sum(s for _, s in judged), 4)
    n = len(judged)
    return Tally(total / n if n else None, total, n, tuple(k for k, _ in judged))
