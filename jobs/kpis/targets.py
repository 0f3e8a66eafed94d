"""A KPI's target as the value to reach, and whether a value meets it.

Absolute targets (≥ 98%, ≤ 3%) are the value itself; a relative target (−40% vs the baseline)
is ``baseline × (1 + target)``. This is the one place that formula lives: the jobs, the CLI and
the dashboard's charts all ask ``threshold``.
"""

from __future__ import annotations

from config.defaults import KPI_DEFAULTS


def threshold(kpi: str, target: float, baseline: float | None) -> float | None:
    """The value ``kpi`` must reach; None for a relative target without a baseline."""
    if KPI_DEFAULTS[kpi].direction in ("min", "max"):
        return target
    return baseline * (1 + target) if baseline else None


def is_met(kpi: str, value: float | None, target: float, baseline: float | None) -> bool | None:
    """Whether a value meets its target; relative targets compare the change from the baseline."""
    if value is None:
        return None
    direction = KPI_DEFAULTS[kpi].direction
    if direction == "min":
        return value >= target
    if direction == "max":
        return value <= target
    goal = threshold(kpi, target, baseline)
    if goal is None:
        return None
    return value <= goal if direction == "change_max" else value >= goal
