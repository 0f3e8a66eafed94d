"""``[plan]``: when the plan (跨部门协作优化方案) started, so its phases have dates: 体系落地 at
6 months, 效率提升 at 12 and 标准构建 at 18 (``jobs.kpis.milestones``). Unset, the Overview
says how to set it instead of showing dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from config.errors import ConfigError
from config.secrets import Unknown

Error = Callable[[str, Any, str], ConfigError]


@dataclass(frozen=True)
class PlanSettings:
    """``[plan] start``: the day the plan started (None: not configured)."""

    start: dt.date | None = None


def plan_from(data: Mapping[str, Any], error: Error) -> PlanSettings:
    """``[plan]`` checked: ``start = "2026-07-01"`` (a TOML date ``2026-07-01`` works too)."""
    for key in data:
        if key != "start":
            raise error(f"plan.{key}", Unknown(), "no other key than plan.start")
    value = data.get("start")
    if value is None:
        return PlanSettings()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return PlanSettings(value)
    try:
        return PlanSettings(dt.date.fromisoformat(value.strip()))
    except (AttributeError, ValueError):
        raise error(
            "plan.start", value, "the day the plan started, YYYY-MM-DD, e.g. '2026-07-01'"
        ) from None
