"""``[baselines.process_time_by_step]``: each template step's baseline working time in hours,
keyed ``"TEMPLATE_ID:STEP"`` (流程耗时 per step: ``jobs.kpis.step_times``). From data only, as
every baseline: a step without one shows "需要基线".

    [baselines.process_time_by_step]
    "T01:1" = 20.0
    "T01:2" = { value = 40.5, period = "2026Q1", source = "collabsheet metrics --baseline 2026Q1" }
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from config.errors import ConfigError

Error = Callable[[str, Any, str], ConfigError]
KEY = "process_time_by_step"  # the KPI (config/defaults.py) and the [baselines] sub-table
_STEP = re.compile(r"^\s*([^:\s]+)\s*:\s*(\d+)\s*$")


@dataclass(frozen=True)
class StepBaselines:
    """Step key ("T01:2") -> baseline hours, and each one's period and source as one line."""

    hours: Mapping[str, float] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)


def step_key(template_id: object, step: object) -> str:
    """The key "T01:2" of template T01's step 2 (a whole float step 2.0 is step 2)."""
    if isinstance(step, float) and step.is_integer():
        step = int(step)
    return f"{template_id}:{step}"


def step_baselines_from(data: Any, error: Error) -> StepBaselines:
    """``[baselines.process_time_by_step]`` checked: each key a step "T01:2", each value a
    number of hours > 0 or ``{ value = …, period = "…", source = "…" }``."""
    where = f"baselines.{KEY}"
    if not isinstance(data, Mapping):
        raise error(where, data, 'a table of "TEMPLATE_ID:STEP" = hours, e.g. "T01:2" = 40.0')
    hours: dict[str, float] = {}
    sources: dict[str, str] = {}
    for key, item in data.items():
        m = _STEP.match(key)
        if m is None:
            raise error(f"{where}.{key}", item, 'a step key "TEMPLATE_ID:STEP", e.g. "T01:2"')
        entry = item if isinstance(item, Mapping) else {"value": item}
        extra = [k for k in entry if k not in ("value", "period", "source")]
        value = entry.get("value")
        if extra or isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise error(
                f"{where}.{key}",
                item,
                'hours > 0, or { value = 40.0, period = "2026Q1", source = "…" }',
            )
        step = f"{m.group(1)}:{int(m.group(2))}"
        hours[step] = float(value)
        sources[step] = " · ".join(str(entry[k]) for k in ("period", "source") if entry.get(k))
    return StepBaselines(hours, sources)
