"""SlaSettings: what the SLA clock reads (``jobs.sla``, ``jobs.workdays`` and plans), as one
value cut from Settings so the domain packages see only their part of the config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from config.checker import Checker
from config.sla_rules import DEFAULT_RULES, CalendarSettings, SlaRule, rule_from


@dataclass(frozen=True)
class SlaSettings:
    """What the SLA clock reads: ``[sla.*]``, ``[sla.overrides]``, ``[calendar]`` and the zone."""

    rules: Mapping[str, SlaRule] = field(default_factory=lambda: dict(DEFAULT_RULES))
    # "TEMPLATE_ID:STEP" -> rule keys that override the kind's rule for that step
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    timezone: str = "Asia/Shanghai"

    def rule(self, kind: str, template_id: str | None = None, step: int | None = None) -> SlaRule:
        """The SLA rule of an obligation kind, with a template step's override applied."""
        base = self.rules[kind]
        override = self.overrides.get(f"{template_id}:{step}") if template_id else None
        if not override:
            return base
        return rule_from(override, f"sla.overrides.{template_id}:{step}", base, Checker("").error)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
