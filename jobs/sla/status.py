"""SLA status of every obligation: due time, elapsed, remaining, status and escalation level.

``compute`` is one pass of array arithmetic over all obligations (see bench/sla.py);
``sla_of`` runs it on a parsed workbook; ``jobs.sla.sla_tab`` lays the result out as ``_sla``.
Statuses: on_track, at_risk (remaining under the rule's threshold), breached (open and the
wall-clock time past its due time, whatever the business clock says: due Friday 18:00 is
breached at Monday 09:00 with 0 business hours past), met, met_late. Levels: 0 none,
1 assignee, 2 + department head, 3 + escalate_to / management, from how far past due a
breached obligation is (the rule's ladder, in its clock's hours; 0 h past reaches a 0 rung);
an open major (重大) or escalated (已升级) dispute is at level 3 from its start (``at_once``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from config.settings import SlaSettings
from jobs.sla.directory import directory
from jobs.sla.obligations import at_risk_hours, obligations
from jobs.sla.sla_tab import Pause, previous_pauses
from jobs.workdays.calendar import WorkCalendar, compile_calendar, from_utc, overrides_from, to_utc
from jobs.workdays.clock import MISSING, add, between
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

STATUSES = ("on_track", "at_risk", "breached", "met", "met_late")
HOUR = 3600


def calendar_for(
    ob: pd.DataFrame,
    sla: SlaSettings,
    now: dt.datetime,
    overrides: Mapping[dt.date, Any] | None = None,
    tab: str = "工作日历",
) -> WorkCalendar:
    """A calendar long enough for every start, end and deadline of these obligations."""
    dates = [now]
    for col in ("start", "end", "explicit_due"):
        if len(ob) and ob[col].notna().any():
            dates += [ob[col].min().to_pydatetime(), ob[col].max().to_pydatetime()]
    cal = sla.calendar
    weekly_h = sum(b - a for a, b in cal.hours) / 60 * len(cal.workdays)
    goal = float(ob["goal_h"].max()) if len(ob) else 0.0
    slack = math.ceil(goal / max(weekly_h, 1.0) * 7 * 2) + 45  # long holidays, pauses
    first = min(dates).date() - dt.timedelta(days=1)
    last = max(dates).date() + dt.timedelta(days=slack)
    return compile_calendar(cal, sla.timezone, first, last, dict(overrides or {}), tab)


def compute(
    ob: pd.DataFrame, cal: WorkCalendar, now: dt.datetime, pauses: Mapping[str, Pause] | None = None
) -> pd.DataFrame:
    """Add due_at, elapsed_h, remaining_h, status and level to the obligations."""
    zone = cal.zone
    start = to_utc(ob["start"], zone)
    end = to_utc(ob["end"], zone)
    explicit = to_utc(ob["explicit_due"], zone)
    now_s = int(to_utc([now], zone)[0])
    business = (ob["clock"] == "business").to_numpy()
    closed = end != MISSING
    until = np.where(closed, end, now_s)

    closed_pause = open_pause = np.zeros(len(ob), dtype=np.int64)
    since_out: list[Any] = [None] * len(ob)
    if pauses or ob["pause"].any():
        closed_pause, open_pause, since_out = _pauses(ob, cal, now, now_s, business, pauses or {})
    paused = closed_pause + open_pause

    goal_s = np.round(ob["goal_h"].to_numpy(dtype=float) * HOUR).astype(np.int64)
    typed = explicit  # a typed due moves by the paused time on the row's own clock
    if paused.any():
        typed = np.where(paused > 0, add(cal, explicit, paused, business), explicit)
    due = np.where(explicit != MISSING, typed, add(cal, start, goal_s + paused, business))
    # an obligation that starts later (a retrospective planned ahead) has used nothing yet
    elapsed = np.maximum(between(cal, start, until, business) - paused, 0)
    # left from when it can be worked on: a hand-off planned for later has its whole time
    # limit left, not the hours until it starts too (trial11: 31 h left of a 24-hour limit);
    # a due typed before that start counts from now, as before (review14: breached at once)
    later = ~closed & (start > until) & (start <= due)
    remaining = between(cal, np.where(later, start, until), due, business)
    at_risk = np.round(ob["at_risk_h"].to_numpy(dtype=float) * HOUR)
    goal_h = ob["goal_h"].to_numpy(dtype=float)
    given = (explicit != MISSING) & (start != MISSING) & (explicit > start)
    if given.any() and "at_risk_fraction" in ob:  # a typed due: its window is the time limit,
        # and at risk is judged on it (trial16: 48 h from hand-off to the typed due, shown as
        # the template's 120 and 有风险 with half of it left); a window with no working time
        # in it (a due before the start, Friday 18:30 to Monday 09:00) keeps the rule's
        window = np.zeros(len(ob), dtype=np.int64)  # only the typed rows: 190,000 at 100,000 tasks
        window[given] = between(cal, start[given], explicit[given], business[given])
        given &= window > 0  # (review15, review16: 时限 0 was shown)
        goal_h = np.where(given, np.round(window / HOUR, 2), goal_h)
        at_risk = np.where(given, np.round(at_risk_hours(ob, goal_h) * HOUR), at_risk)

    # past due by the wall clock: a deadline at Friday 18:00 is past at Monday 09:00 even
    # though no working time has gone by since (remaining is then 0 on the business clock)
    past = ~closed & (due != MISSING) & (now_s > due)
    breached = past | (~closed & (remaining < 0))
    status = np.select(
        [closed & (end <= due), closed, breached, remaining < at_risk],
        ["met", "met_late", "breached", "at_risk"],
        default="on_track",
    )
    overdue_h = np.maximum(-remaining, 0) / HOUR
    ladder = ob[["ladder_1", "ladder_2", "ladder_3"]].to_numpy(dtype=float)
    level = np.where(breached, (overdue_h[:, None] >= ladder).sum(axis=1), 0)
    if "at_once" in ob:  # a major or escalated dispute: management (level 3) while it is open
        level = np.where(~closed & (ob["at_once"] != "").to_numpy(), 3, level)

    # a shallow copy: each column set below replaces its array in ``out`` alone (pandas
    # 3's copy-on-write; a whole-column set never wrote into the shared array since 2.0)
    out = ob.copy(deep=False)
    out["goal_h"] = goal_h  # the time limit that applies: a typed due's window, or the rule's
    out["at_risk_h"] = np.round(at_risk / HOUR, 2)
    out["due_at"] = from_utc(due, zone)
    out["elapsed_h"] = np.round(elapsed / HOUR, 2)
    out["remaining_h"] = np.round(remaining / HOUR, 2)
    out["status"] = status
    out["level"] = level.astype(int)
    out["paused_since"] = since_out
    # closed pauses only: the next run adds the open one (since paused_since) to these hours
    out["paused_h"] = np.round(closed_pause / HOUR, 2)
    out["paused_open_h"] = np.round(open_pause / HOUR, 2)
    return out


def _pauses(
    ob: pd.DataFrame,
    cal: WorkCalendar,
    now: dt.datetime,
    now_s: int,
    business: np.ndarray,
    pauses: Mapping[str, Pause],
) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Paused seconds per obligation, closed (as recorded by the last run, plus a pause that
    ended since) and open (since ``paused_since``), and the open pause's start."""
    since: list[Any] = []
    done_h = np.zeros(len(ob))
    for i, (key, pause_now) in enumerate(zip(ob["key"], ob["pause"], strict=True)):
        before = pauses.get(key, Pause(None, 0.0))
        done_h[i] = before.hours
        since.append((before.since or now) if pause_now else None)
        if before.since and not pause_now:  # unblocked since the last run: close that pause
            since[-1] = None
            done_h[i] += _span_h(cal, before.since, now, bool(business[i]))
    open_start = to_utc(pd.Series(since, dtype=object), cal.zone)
    has_open = open_start != MISSING
    open_s = np.where(
        has_open,
        between(cal, np.where(has_open, open_start, now_s), np.full(len(ob), now_s), business),
        0,
    )
    return np.round(done_h * HOUR).astype(np.int64), open_s.astype(np.int64), since


def _span_h(cal: WorkCalendar, a: dt.datetime, b: dt.datetime, business: bool) -> float:
    t = to_utc([a, b], cal.zone)
    return float(between(cal, t[:1], t[1:], np.array([business]))[0]) / HOUR


@dataclass(frozen=True)
class SlaReport:
    result: pd.DataFrame
    calendar: WorkCalendar
    findings: tuple[Finding, ...]
    counts: dict[str, int]
    # the departments and people tabs, id -> name: what `sla --dept / --person` may name
    departments: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)


def sla_of(wb: Workbook, sla: SlaSettings, now: dt.datetime) -> SlaReport:
    """Compute the SLA of every obligation in a parsed workbook (pure: no I/O)."""
    ob = obligations(wb, sla)
    overrides, findings = overrides_from(wb["calendar"])
    cal = calendar_for(ob, sla, now, overrides, wb["calendar"].title)
    result = compute(ob, cal, now, previous_pauses(wb))
    counts = {s: int((result["status"] == s).sum()) for s in STATUSES}
    # a missing official schedule matters only where a deadline or start falls in that year
    open_ = result[~result["status"].isin(["met", "met_late"])]
    used = {now.year, *open_["due_at"].dt.year.dropna().astype(int), *open_["start"].dt.year}
    warnings = [f for f in cal.findings if f.rule != "calendar.provisional" or f.value in used]
    depts, people = directory(wb)
    return SlaReport(result, cal, (*findings, *warnings), counts, depts, people)


TASK_KINDS = ("response", "completion", "approval")
_WORST_FIRST = {"breached": 0, "at_risk": 1, "on_track": 2, "met_late": 3, "met": 4}


def by_task(result: pd.DataFrame) -> pd.DataFrame:
    """One row per task (index ``ref``): the worst status and highest level of its obligations
    (response, completion / approval) and the due time of its completion or approval.

    What the Progress board shows per task and what the SLA page counts as tasks, so the two
    count the same thing: a task whose response is breached is a breached task."""
    tasks = result[result["kind"].isin(TASK_KINDS)]
    if tasks.empty:
        return pd.DataFrame(columns=["status", "level", "due_at"], index=pd.Index([], name="ref"))
    rank = tasks["status"].map(_WORST_FIRST)
    worst = tasks.assign(_rank=rank).sort_values(["_rank", "level"], ascending=[True, False])
    out = worst.drop_duplicates("ref").set_index("ref")[["status", "level"]]
    done = tasks[tasks["kind"] != "response"].drop_duplicates("ref").set_index("ref")["due_at"]
    first = tasks.drop_duplicates("ref").set_index("ref")["due_at"]
    out["due_at"] = done.reindex(out.index).fillna(first.reindex(out.index))
    return out
