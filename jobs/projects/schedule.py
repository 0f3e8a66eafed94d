"""A new project's schedule on the working calendar: each step handed off once its last
prerequisite is due and due after its goal hours on its rule's clock (``plan_project``)."""

from __future__ import annotations

import datetime as dt
import math
from graphlib import TopologicalSorter
from typing import Any

import numpy as np

from config.errors import ConfigError
from config.settings import SlaSettings
from jobs.workdays.calendar import WorkCalendar, compile_calendar, from_utc, overrides_from, to_utc
from jobs.workdays.clock import MISSING, add
from sheets_sync.workbook import Workbook


def _opening(cal: WorkCalendar, t: int) -> int:
    """The first working instant at or after ``t`` (UTC seconds); MISSING past the calendar."""
    i = int(np.searchsorted(cal.ends, t, side="right"))
    return MISSING if i >= len(cal.ends) else max(t, int(cal.starts[i]))


def depends_on(rec: dict[str, Any]) -> list[int]:
    """The step numbers a template step waits for (its ``depends_on`` cell)."""
    return [int(d) for d in rec["depends_on"] or ()]


Times = dict[int, tuple[dt.datetime, dt.datetime, str, float]]


def schedule(
    sla: SlaSettings, wb: Workbook, template_id: str, steps: dict[int, dict[str, Any]],
    begin: dt.datetime,
) -> tuple[Times, WorkCalendar]:  # fmt: skip
    """Each step's hand-off (the next working moment once its last prerequisite is due, or
    ``begin``) and due (hand-off + done_sla_h, else the rule's goal, on the rule's clock), and
    the calendar they were planned on."""
    kinds = {s: "approval" if r["kind"] == "approval" else "completion" for s, r in steps.items()}
    rules = {s: sla.rule(kinds[s], template_id, s) for s in steps}
    goals = {s: r["done_sla_h"] or rules[s].goal_h for s, r in steps.items()}
    order = list(TopologicalSorter({s: depends_on(r) for s, r in steps.items()}).static_order())
    c = sla.calendar
    weekly_h = sum(b - a for a, b in c.hours) / 60 * len(c.workdays)
    days = math.ceil(sum(goals.values()) / max(weekly_h, 1.0) * 7 * 2) + 45
    overrides = overrides_from(wb["calendar"])[0]
    for _ in range(6):  # a calendar long enough for the last due: doubled until it is
        first, last = begin.date() - dt.timedelta(days=1), begin.date() + dt.timedelta(days=days)
        cal = compile_calendar(c, sla.timezone, first, last, overrides, wb["calendar"].title)
        times: dict[int, tuple[int, int]] = {}
        for s in order:
            ready = max(
                (times[d][1] for d in depends_on(steps[s])), default=to_utc([begin], cal.zone)[0]
            )
            handoff = _opening(cal, int(ready))
            seconds = np.array([round(goals[s] * 3600)], dtype=np.int64)
            due = add(cal, np.array([handoff]), seconds, np.array([rules[s].clock == "business"]))
            if handoff == MISSING or due[0] == MISSING:
                break
            times[s] = (handoff, int(due[0]))
        else:
            local = from_utc(np.array([x for p in times.values() for x in p]), cal.zone)
            at = iter(local.to_pydatetime())
            return {s: (next(at), next(at), rules[s].clock, goals[s]) for s in times}, cal
        days *= 2
    raise ConfigError(
        f"no working time for {days // 2} days after {begin:%Y-%m-%d}: check the workdays and "
        "hours under [calendar] in the config and the calendar tab"
    )
