"""SLA rules and the working calendar's settings: the ``[calendar]`` and ``[sla.*]`` tables.

Each obligation kind has a rule: which clock counts (``business`` hours on the working
calendar, or ``calendar`` wall-clock hours), the goal in hours, when it is at risk, and the
escalation ladder (hours past due at which levels 1, 2 and 3 start). The defaults are the
plan's numbers: respond within 24 h, approve within 48 h, negotiate a dispute for 48 h then
escalate it to management, rectify within 24 h; a done project holds its retrospective within
5 working days (40 business hours).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from config.errors import ConfigError
from config.secrets import Unknown

Clock = Literal["business", "calendar"]
KINDS = ("response", "completion", "approval", "dispute", "action", "retrospective")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class SlaRule:
    """How one kind of obligation is timed and escalated."""

    clock: Clock = "business"
    goal_h: float = 24.0
    at_risk_fraction: float = 0.25
    at_risk_min_h: float = 1.0
    ladder_h: tuple[float, float, float] = (0.0, 8.0, 24.0)
    pause_when_blocked: bool = False

    def at_risk_h(self, goal_h: float) -> float:
        """Remaining time under which an open obligation is at risk."""
        return max(self.at_risk_fraction * goal_h, self.at_risk_min_h)


DEFAULT_RULES: dict[str, SlaRule] = {
    "response": SlaRule(goal_h=24.0),
    "completion": SlaRule(goal_h=40.0),
    "approval": SlaRule(goal_h=48.0),
    # past the negotiation window a dispute goes straight to management (level 3)
    "dispute": SlaRule(goal_h=48.0, ladder_h=(0.0, 0.0, 0.0)),
    "action": SlaRule(goal_h=24.0),
    # a done project holds its 复盘 within 5 working days (8-hour days on the business clock)
    "retrospective": SlaRule(goal_h=40.0),
}


@dataclass(frozen=True)
class CalendarSettings:
    """Working week, working hours and the source of public holidays."""

    holidays: Literal["cn", "none"] = "cn"
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0
    hours: tuple[tuple[int, int], ...] = ((9 * 60, 12 * 60), (13 * 60, 18 * 60))  # minutes


def parse_span(text: str) -> tuple[int, int] | None:
    """'09:00-12:00' -> (540, 720) minutes; None when it is not a valid span."""
    m = _SPAN.match(text)
    if not m:
        return None
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if not (0 <= start < end <= 24 * 60 and m1 < 60 and m2 < 60):
        return None
    return start, end


Error = Callable[[str, Any, str], ConfigError]


def calendar_from(data: Mapping[str, Any], error: Error) -> CalendarSettings:
    default = CalendarSettings()
    holidays = data.get("holidays", default.holidays)
    if holidays not in ("cn", "none"):
        raise error("calendar.holidays", holidays, "'cn' (China's official schedule) or 'none'")
    days = data.get("workdays", [WEEKDAYS[d] for d in default.workdays])
    if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
        raise error("calendar.workdays", days, 'a list of days such as ["mon", "tue", "wed"]')
    spans_text = data.get("hours", ["09:00-12:00", "13:00-18:00"])
    spans = [parse_span(s) if isinstance(s, str) else None for s in spans_text]
    if not isinstance(spans_text, list) or not spans or None in spans:
        raise error("calendar.hours", spans_text, 'a list of spans such as ["09:00-12:00"]')
    ordered = sorted(s for s in spans if s)
    if any(a[1] > b[0] for a, b in itertools.pairwise(ordered)):
        raise error("calendar.hours", spans_text, "spans that do not overlap")
    return CalendarSettings(
        holidays, tuple(sorted(WEEKDAYS.index(d) for d in days)), tuple(ordered)
    )


def rule_from(data: Mapping[str, Any], where: str, base: SlaRule, error: Error) -> SlaRule:
    """A rule from a TOML table, each missing key taken from ``base``."""
    known = (
        "clock",
        "goal_h",
        "at_risk_fraction",
        "at_risk_min_h",
        "ladder_h",
        "pause_when_blocked",
    )
    for key in data:
        if key not in known:
            raise error(f"{where}.{key}", Unknown(), "one of the keys " + ", ".join(known))
    changes: dict[str, Any] = {}
    if "clock" in data:
        if data["clock"] not in ("business", "calendar"):
            raise error(f"{where}.clock", data["clock"], "'business' or 'calendar'")
        changes["clock"] = data["clock"]
    for key, lo in (("goal_h", 0.0), ("at_risk_fraction", 0.0), ("at_risk_min_h", 0.0)):
        if key in data:
            v = data[key]
            if (
                isinstance(v, bool)
                or not isinstance(v, int | float)
                or v < lo
                or (key == "goal_h" and v <= 0)
            ):
                raise error(
                    f"{where}.{key}",
                    v,
                    "a positive number of hours" if key == "goal_h" else "a number ≥ 0",
                )
            changes[key] = float(v)
    if "ladder_h" in data:
        v = data["ladder_h"]
        ok = (
            isinstance(v, list)
            and len(v) == 3
            and all(isinstance(x, int | float) and not isinstance(x, bool) and x >= 0 for x in v)
        )
        if not ok or list(v) != sorted(v):
            raise error(f"{where}.ladder_h", v, "three rising hours past due, e.g. [0, 8, 24]")
        changes["ladder_h"] = tuple(float(x) for x in v)
    if "pause_when_blocked" in data:
        if not isinstance(data["pause_when_blocked"], bool):
            raise error(f"{where}.pause_when_blocked", data["pause_when_blocked"], "true or false")
        changes["pause_when_blocked"] = data["pause_when_blocked"]
    return replace(base, **changes)


def rules_from(
    data: Mapping[str, Any], error: Error
) -> tuple[dict[str, SlaRule], dict[str, Mapping[str, Any]]]:
    """The per-kind rules and the raw per-step overrides (``"T01:3" = {clock = ...}``)."""
    rules = dict(DEFAULT_RULES)
    overrides: dict[str, Mapping[str, Any]] = {}
    for key, value in data.items():
        if not isinstance(value, dict):  # an unknown key's value is never shown (pasword = …)
            shown = value if key in (*KINDS, "overrides") else Unknown()
            raise error(f"sla.{key}", shown, "a table such as [sla.response]")
        if key == "overrides":
            for step, table in value.items():
                if not re.fullmatch(r"[^:]+:\d+", step) or not isinstance(table, dict):
                    raise error(
                        f"sla.overrides.{step}",
                        table,
                        'a key "TEMPLATE_ID:STEP" with a table of rule keys',
                    )
                rule_from(table, f"sla.overrides.{step}", SlaRule(), error)  # check it now
                overrides[step] = dict(table)
        elif key in KINDS:
            rules[key] = rule_from(value, f"sla.{key}", rules[key], error)
        else:
            raise error(
                f"sla.{key}", Unknown(), "a table named one of " + ", ".join((*KINDS, "overrides"))
            )
    return rules, overrides
