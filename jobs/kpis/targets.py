"""A KPI's target as the value to reach, and whether a value meets it.

Absolute targets (≥ 98%, ≤ 3%, < 3%) are the value itself; a relative target (−40% vs the
baseline) is ``baseline × (1 + target)``. This is the one place that formula lives: the jobs, the
CLI and the dashboard's charts all ask ``threshold``. Comparisons allow ``TOLERANCE`` (relative),
so a value exactly on its target (+20% of 0.6 is 0.72, 0.7199999… in floating point) meets it.
"""

from __future__ import annotations

from config.defaults import KPI_DEFAULTS
from config.phrases import language

TOLERANCE = 1e-9


def threshold(kpi: str, target: float, baseline: float | None) -> float | None:
    """The value ``kpi`` must reach; None for a relative target without a baseline."""
    if KPI_DEFAULTS[kpi].direction in ("min", "max"):
        return target
    return baseline * (1 + target) if baseline else None


def is_met(kpi: str, value: float | None, target: float, baseline: float | None) -> bool | None:
    """Whether a value meets its target; relative targets compare the change from the baseline."""
    if value is None:
        return None
    goal = threshold(kpi, target, baseline)
    if goal is None:
        return None
    slack = TOLERANCE * max(abs(goal), 1.0)
    direction = KPI_DEFAULTS[kpi].direction
    if direction in ("min", "change_min"):
        return value >= goal - slack
    return value <= goal + slack


# how a target compares, one sign per direction (3%以下 is "≤ 3.0%": config/defaults.py)
COMPARATORS = {"min": "≥", "change_min": "≥", "max": "≤", "change_max": "≤"}
# the unit words of KPI values, per language: the CLI, the weekly pack and the dashboard
# "wh": hours on the SLA clock, working hours as the rules count them by default (trial30: 整改
# 周期 said 14.1 小时 where 24 小时 of the plan read as clock hours is 46.1)
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "h": ("小时", "h"), "wh": ("工作小时", "working h"), "d": ("天", "d"), "pt": ("分", "pts"),
}  # fmt: skip


def comparator(kpi: str) -> str:
    """'≥', '≤' or '<': how ``kpi``'s value must compare with its threshold."""
    return COMPARATORS[KPI_DEFAULTS[kpi].direction]


def unit_word(unit: str, locale: str) -> str:
    """A unit as shown in ``locale``: 'h' -> '小时' (zh-CN) / 'h' (en); '%' stays '%'."""
    zh, en = UNIT_WORDS.get(unit, (unit, unit))
    return en if language(locale) == "en" else zh
