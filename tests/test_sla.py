"""SLA statuses, escalation levels, rules from the config, pauses, explanations and the job
(issue 3, check 6 and the obligations of item 3)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from config.schema import BOT_TABS
from config.settings import Settings, SlaSettings, settings_from_dict
from config.sla_rules import DEFAULT_RULES
from jobs.run.envelope import run as run_job
from jobs.sla.explanation import explain
from jobs.sla.obligations import obligations
from jobs.sla.sla_tab import Pause, previous_pauses, sla_rows
from jobs.sla.status import STATUSES, calendar_for, compute, sla_of
from jobs.workdays.calendar import compile_calendar
from sheets_sync.demo import generate
from sheets_sync.memory import MemoryBackend
from sheets_sync.workbook import parse_workbook
from tests.support.mutations import add_rows, apply, put, replace_tab
from tests.support.sla_cases import book, calendar, frame, stamp
from tests.support.workbooks import Raw, base, parse

NOW = dt.datetime(2026, 11, 26, 15, 0)  # a Thursday afternoon
B, C = "business", "calendar"

# key, kind, clock, start, end, typed due, goal_h, at_risk_h, ladder
#   -> due_at, elapsed_h, remaining_h, status, level
# Working hours 09:00–12:00 and 13:00–18:00, Monday to Friday; no holidays in these weeks.
TABLE: list[tuple[Any, ...]] = [
    # open, on track: Thu 5 h done, Thu 3 + Fri 8 + Mon 8 left
    ("r:on", "response", B, "2026-11-26 09:00", None, None, 24, 6, None,
     "2026-11-30 18:00", 5.0, 19.0, "on_track", 0),
    # 2 h goal: 1.5 h left is on track, because the threshold is max(25% = 0.5 h, 1 h) = 1 h
    ("r:on-small", "response", B, "2026-11-26 14:30", None, None, 2, 1, None,
     "2026-11-26 16:30", 0.5, 1.5, "on_track", 0),
    # the dispute window, business clock: Wed 7 + Thu 8 + Fri 8 + Mon 8 + Tue 8 + Wed 8 + Thu 1
    ("d:on", "dispute", B, "2026-11-25 10:00", None, None, 48, 12, (0, 0, 0),
     "2026-12-03 10:00", 12.0, 36.0, "on_track", 0),
    # calendar clock: wall hours
    ("a:on", "action", C, "2026-11-26 10:00", None, None, 24, 6, None,
     "2026-11-27 10:00", 5.0, 19.0, "on_track", 0),
    # at risk: 4 h left < 6 h (25% of 24)
    ("r:risk", "response", B, "2026-11-24 10:00", None, None, 24, 6, None,
     "2026-11-27 10:00", 20.0, 4.0, "at_risk", 0),
    # at risk by the 1 h minimum: 0.5 h left of a 2 h goal
    ("r:risk-min", "response", B, "2026-11-26 13:30", None, None, 2, 1, None,
     "2026-11-26 15:30", 1.5, 0.5, "at_risk", 0),
    # 25% of 38 h = 9.5 h: 9 h left is at risk (it would be on track under a 6 h threshold)
    ("c:risk-25", "completion", B, "2026-11-23 09:00", None, None, 38, 9.5, None,
     "2026-11-27 16:00", 29.0, 9.0, "at_risk", 0),
    # due exactly now: remaining 0 is not breached (breached is remaining < 0)
    ("r:zero", "response", B, "2026-11-26 09:00", None, None, 5, 1.25, None,
     "2026-11-26 15:00", 5.0, 0.0, "at_risk", 0),
    # a due time a person typed wins over the goal: 1 h left of 40 h's threshold 10 h
    ("c:typed", "completion", B, "2026-11-20 09:00", None, "2026-11-26 16:00", 40, 10, None,
     "2026-11-26 16:00", 37.0, 1.0, "at_risk", 0),
    # breached, level 1: due Wed 18:00, 5 business hours past
    ("r:l1", "response", B, "2026-11-23 09:00", None, None, 24, 6, None,
     "2026-11-25 18:00", 29.0, -5.0, "breached", 1),
    # level 1 on the calendar clock: 3 wall hours past
    ("a:l1", "action", C, "2026-11-25 12:00", None, None, 24, 6, None,
     "2026-11-26 12:00", 27.0, -3.0, "breached", 1),
    # level 2 starts at exactly 8 h past due: Wed 15:00 -> Wed 3 h + Thu 5 h
    ("r:l2-edge", "response", B, "2026-11-20 15:00", None, None, 24, 6, None,
     "2026-11-25 15:00", 32.0, -8.0, "breached", 2),
    # level 2: 13 h past due
    ("r:l2", "response", B, "2026-11-20 09:00", None, None, 24, 6, None,
     "2026-11-24 18:00", 37.0, -13.0, "breached", 2),
    # level 3: 45 h past due
    ("r:l3", "response", B, "2026-11-16 09:00", None, None, 24, 6, None,
     "2026-11-18 18:00", 69.0, -45.0, "breached", 3),
    # a typed due on a Sunday stays as typed; 29 business hours past it since Monday
    ("c:typed-l3", "completion", B, "2026-11-16 09:00", None, "2026-11-22 17:00", 40, 10, None,
     "2026-11-22 17:00", 69.0, -29.0, "breached", 3),
    # disputes go to management as soon as the window closes (ladder 0, 0, 0)
    ("d:l3-now", "dispute", C, "2026-11-24 14:30", None, None, 48, 12, (0, 0, 0),
     "2026-11-26 14:30", 48.5, -0.5, "breached", 3),
    ("d:l3", "dispute", C, "2026-11-23 10:00", None, None, 48, 12, (0, 0, 0),
     "2026-11-25 10:00", 77.0, -29.0, "breached", 3),
    # a hand-off planned for tomorrow 09:00 has its whole limit left, not the hours until it
    # starts too (trial11: 31 h left of 24): Fri 8 + Mon 8 + Tue 8
    ("r:later", "response", B, "2026-11-27 09:00", None, None, 24, 6, None,
     "2026-12-01 18:00", 0.0, 24.0, "on_track", 0),
    ("a:later", "action", C, "2026-11-27 09:00", None, None, 24, 6, None,
     "2026-11-28 09:00", 0.0, 24.0, "on_track", 0),
    # … and a due typed for it: from the start to the due (not Thu 3 h + Fri 3 h)
    ("c:later-typed", "completion", B, "2026-11-27 09:00", None, "2026-11-27 12:00", 8, 2, None,
     "2026-11-27 12:00", 0.0, 3.0, "on_track", 0),
    # … and a due typed before its start (the start moved, the due left): from now, as before
    # (review14: from the start it was -5 h, breached at once): Thu 3 + Fri 3
    ("c:later-due-first", "completion", B, "2026-11-30 09:00", None, "2026-11-27 12:00", 8, 2,
     None, "2026-11-27 12:00", 0.0, 6.0, "on_track", 0),
    # met: done Tue 10:00, due Wed 18:00 (remaining at the end: Tue 7 h + Wed 8 h)
    ("r:met", "response", B, "2026-11-23 09:00", "2026-11-24 10:00", None, 24, 6, None,
     "2026-11-25 18:00", 9.0, 15.0, "met", 0),
    # met exactly at the due time (18:00 stays 18:00)
    ("r:met-edge", "response", B, "2026-11-24 09:00", "2026-11-24 18:00", None, 8, 2, None,
     "2026-11-24 18:00", 8.0, 0.0, "met", 0),
    # met late: 1 h after the due; closed obligations never escalate
    ("r:late", "response", B, "2026-11-16 09:00", "2026-11-19 10:00", None, 24, 6, None,
     "2026-11-18 18:00", 25.0, -1.0, "met_late", 0),
    ("d:late", "dispute", C, "2026-11-16 10:00", "2026-11-20 10:00", None, 48, 12, (0, 0, 0),
     "2026-11-18 10:00", 96.0, -48.0, "met_late", 0),
]  # fmt: skip


def _table_frame() -> pd.DataFrame:
    cases = []
    for key, kind, clock, start, end, due, goal, risk, ladder, *_ in TABLE:
        rule = DEFAULT_RULES[kind]  # the table's thresholds and ladders are the config's
        assert risk == rule.at_risk_h(goal), key
        assert ladder is None or tuple(map(float, ladder)) == rule.ladder_h, key
        cases.append({
            "key": key, "kind": kind, "clock": clock, "start": start, "end": end, "due": due,
            "goal_h": goal, "at_risk_h": risk, "ladder": rule.ladder_h,
        })  # fmt: skip
    return frame(cases)


def test_every_status_and_level_with_exact_values() -> None:
    out = compute(_table_frame(), calendar(), NOW)
    got = [
        (k, stamp(d), e, r, s, lv)
        for k, d, e, r, s, lv in zip(
            out["key"], out["due_at"], out["elapsed_h"], out["remaining_h"], out["status"],
            out["level"], strict=True,
        )
    ]  # fmt: skip
    want = [(row[0], *row[9:]) for row in TABLE]
    assert got == want
    assert {row[12] for row in TABLE} == set(STATUSES)
    assert {row[13] for row in TABLE} == {0, 1, 2, 3}


def test_compute_is_row_independent() -> None:
    """The table computed whole or row by row gives the same answers (no leaks across rows)."""
    ob = _table_frame()
    whole = compute(ob, calendar(), NOW)
    for i in range(len(ob)):
        one = compute(ob.iloc[[i]].reset_index(drop=True), calendar(), NOW)
        for col in ("due_at", "elapsed_h", "remaining_h", "status", "level"):
            assert one[col].iloc[0] == whole[col].iloc[i], (ob["key"].iloc[i], col)


def test_ladder_from_config() -> None:
    settings = settings_from_dict({"sla": {"response": {"ladder_h": [2, 4, 6]}}})
    rule = settings.sla_section.rule("response")
    ob = frame([
        {"key": f"r:{h}", "kind": "response", "clock": B, "start": "2026-11-26 09:00",
         "goal_h": 6 - h, "at_risk_h": rule.at_risk_h(6 - h), "ladder": rule.ladder_h}
        for h in (1, 2, 3, 4.5, 5)
    ])  # fmt: skip
    out = compute(ob, calendar(), NOW)  # 5 business hours after the start
    assert out["remaining_h"].tolist() == [0.0, -1.0, -2.0, -3.5, -4.0]
    assert out["level"].tolist() == [0, 0, 1, 1, 2]
    assert out["status"].tolist() == ["at_risk", "breached", "breached", "breached", "breached"]


# ---------------------------------------------------------------- obligations from the sheets

WHEN = dt.datetime(2026, 11, 10, 12, 0)  # a Tuesday


def _result(settings: Settings | None = None, raw: Raw | None = None) -> pd.DataFrame:
    s = settings or Settings()
    ob = obligations(parse(raw or book(), s), s.sla_section)
    return compute(ob, calendar(s), WHEN).set_index("key")


def test_rules_from_config_defaults_and_template_steps() -> None:
    out = _result()
    assert sorted(out.index) == sorted([
        "response:K1", "completion:K1", "response:K2", "completion:K2", "response:K3",
        "completion:K3", "response:K4", "approval:K4", "response:K5", "completion:K5",
        "dispute:DS1", "dispute:DS2", "action:R1", "action:R2",
    ])  # fmt: skip
    cols = ["kind", "clock", "goal_h", "at_risk_h"]
    got = {k: tuple(out.loc[k, cols]) for k in out.index}
    assert got == {
        "response:K1": ("response", B, 12.0, 3.0),  # the template step's response_sla_h
        # a typed due: its window is the limit (trial16): Mon 8 + Tue 8, at risk 25% of it
        "completion:K1": ("completion", B, 16.0, 4.0),
        "response:K2": ("response", B, 24.0, 6.0),  # config default: 24 h
        "completion:K2": ("completion", B, 25.0, 6.25),  # typed: Tue 17-18 + Wed-Fri 8 each
        "response:K3": ("response", B, 4.0, 1.0),  # T2: 4 h; at risk max(1 h, 1 h)
        "completion:K3": ("completion", B, 24.0, 6.0),
        "response:K4": ("response", B, 24.0, 6.0),
        "approval:K4": ("approval", B, 48.0, 12.0),  # approvals: 48 h
        "response:K5": ("response", B, 24.0, 6.0),
        "completion:K5": ("completion", B, 40.0, 10.0),
        "dispute:DS1": ("dispute", B, 48.0, 12.0),  # negotiation window: 48 h
        "dispute:DS2": ("dispute", B, 48.0, 12.0),
        "action:R1": ("action", B, 3.0, 1.0),  # typed: Fri 15-18, at risk the 1 h minimum
        "action:R2": ("action", B, 24.0, 6.0),
    }
    # the dispute ladder sends it straight to management; the others climb 0, 8, 24
    assert tuple(out.loc["dispute:DS1", ["ladder_1", "ladder_2", "ladder_3"]]) == (0, 0, 0)
    assert tuple(out.loc["response:K2", ["ladder_1", "ladder_2", "ladder_3"]]) == (0, 8, 24)

    due = {k: stamp(out.loc[k, "due_at"]) for k in out.index}
    assert due == {
        "response:K1": "2026-11-03 14:00",  # Mon 11-02 09:00 + 12 h: Mon 8, Tue 4
        "completion:K1": "2026-11-04 09:00",  # the due_at a person typed wins over 48 h
        "response:K2": "2026-11-06 17:00",  # Tue 17:00 + 24 h: Tue 1, Wed 8, Thu 8, Fri 7
        "completion:K2": "2026-11-08 17:00",  # the due_at a person typed (a Sunday) wins
        "response:K3": "2026-11-06 15:00",  # Fri 10:00 + 4 h, lunch skipped
        "completion:K3": "2026-11-11 10:00",  # Fri 7, Mon 8, Tue 8, Wed 1
        "response:K4": "2026-11-11 18:00",
        "approval:K4": "2026-11-16 18:00",
        "response:K5": "2026-11-11 18:00",
        "completion:K5": "2026-11-13 18:00",
        "dispute:DS1": "2026-11-18 10:00",  # Tue 10:00 + 48 h
        "dispute:DS2": "2026-11-19 11:00",
        "action:R1": "2026-11-21 15:00",  # action_due typed
        "action:R2": "2026-11-30 16:00",  # held Wed 16:00 + 24 h: Wed 2, Thu 8, Fri 8, Mon 6
    }
    status = {k: out.loc[k, "status"] for k in out.index}
    assert status["response:K1"] == "met" and status["completion:K1"] == "met"
    assert status["response:K2"] == "met"  # responded Wed 09:00
    assert status["completion:K2"] == "breached"  # due Sunday, not done on Tuesday
    assert status["response:K3"] == "breached"  # due Fri 15:00: Fri 3 + Mon 8 + Tue 3 h past
    assert out.loc["response:K3", "level"] == 2
    assert status["completion:K3"] == "on_track"  # 6 h left: not under the 6 h threshold
    assert out.loc["completion:K3", "remaining_h"] == 6.0
    assert status["dispute:DS2"] == "met"  # decided 11-12 15:00
    assert status["action:R1"] == "met"
    assert status["action:R2"] == "on_track"
    assert out.loc["completion:K2", "level"] == 2  # Mon 8 + Tue 3 h past the typed Sunday due


def test_config_changes_the_defaults_but_template_hours_still_win() -> None:
    s = settings_from_dict({"sla": {"response": {"goal_h": 8}, "dispute": {"clock": "calendar"}}})
    out = _result(s)
    assert out.loc["response:K2", "goal_h"] == 8.0  # step without hours: the config's goal
    assert out.loc["response:K1", "goal_h"] == 12.0  # the template step's hours win
    assert out.loc["response:K3", "goal_h"] == 4.0
    assert out.loc["dispute:DS1", "clock"] == C
    assert stamp(out.loc["dispute:DS1", "due_at"]) == "2026-11-12 10:00"  # 48 wall hours


def test_per_step_override_changes_the_clock() -> None:
    s = settings_from_dict({"sla": {"overrides": {"T1:2": {"clock": "calendar"}}}})
    out = _result(s)
    clocks = out["clock"].to_dict()
    assert {k for k, v in clocks.items() if v == C} == {
        "response:K2",
        "completion:K2",
        "response:K5",
        "completion:K5",
    }
    assert stamp(out.loc["response:K2", "due_at"]) == "2026-11-04 17:00"  # was 11-06 17:00
    assert stamp(out.loc["completion:K5", "due_at"]) == "2026-11-11 01:00"  # 11-09 09:00 + 40
    assert stamp(out.loc["response:K1", "due_at"]) == "2026-11-03 14:00"  # step 1 unchanged
    # an override of the goal for one step
    s2 = settings_from_dict({"sla": {"overrides": {"T1:3": {"goal_h": 16}}}})
    assert stamp(_result(s2).loc["approval:K4", "due_at"]) == "2026-11-10 18:00"


def test_cancelled_projects_and_unknown_response_times_owe_nothing() -> None:
    raw = apply(put("projects", 2, "status", "cancelled"))
    s = Settings()
    keys = set(obligations(parse(raw, s), s.sla_section)["key"])
    assert "response:K3" not in keys  # K3 is not handed off in the base workbook anyway
    raw = apply(put("tasks", 3, "handed_off_at", "2026-11-06 10:00"))
    assert "response:K3" in set(obligations(parse(raw, s), s.sla_section)["key"])
    raw = apply(
        put("tasks", 3, "handed_off_at", "2026-11-06 10:00"),
        put("projects", 2, "status", "cancelled"),
    )
    keys = set(obligations(parse(raw, s), s.sla_section)["key"])
    assert not {"response:K3", "completion:K3"} & keys
    # doing without a response time: no response obligation, but the completion one stays
    raw = apply(put("tasks", 2, "responded_at", ""))
    keys = set(obligations(parse(raw, s), s.sla_section)["key"])
    assert "response:K2" not in keys and "completion:K2" in keys


# ---------------------------------------------------------------- pauses


PAUSE = {"sla": {"completion": {"pause_when_blocked": True}}}


def test_blocked_does_not_pause_unless_configured() -> None:
    raw = book()
    put("tasks", 5, "status", "blocked")(raw)  # K5
    out = _result(Settings(), raw)
    assert not out.loc["completion:K5", "pause"]
    assert stamp(out.loc["completion:K5", "due_at"]) == "2026-11-13 18:00"
    assert _result(settings_from_dict(PAUSE), raw).loc["completion:K5", "pause"]


def test_pause_stops_the_clock_and_unblocking_resumes_it() -> None:
    settings = settings_from_dict(PAUSE)
    backend = MemoryBackend(book())
    tasks = backend.tabs["任务进度"]
    k5 = next(i for i, r in enumerate(tasks) if r[0] == "K5")
    status = tasks[0].index("status")

    def run(now: dt.datetime, state: str) -> dict[Any, Any]:
        backend.tabs["任务进度"][k5][status] = state
        result = run_job("sla", settings, backend, now).sla.result  # type: ignore[union-attr]
        return result[result["key"] == "completion:K5"].iloc[0].to_dict()

    # Mon 11-09 09:00 + 40 h = Fri 11-13 18:00; blocked from Tue 10:00
    r = run(dt.datetime(2026, 11, 10, 10), "blocked")
    assert (stamp(r["due_at"]), r["elapsed_h"], r["paused_h"]) == ("2026-11-13 18:00", 9.0, 0.0)
    assert r["paused_since"] == dt.datetime(2026, 11, 10, 10)
    # a day later, still blocked: 8 business hours paused, the due moves by a working day
    r = run(dt.datetime(2026, 11, 11, 10), "blocked")
    assert (stamp(r["due_at"]), r["elapsed_h"]) == ("2026-11-16 18:00", 9.0)
    assert (r["paused_h"], r["paused_open_h"]) == (0.0, 8.0)  # recorded: closed pauses only
    # two days later, still blocked: 16 h paused (not 8 + 16)
    r = run(dt.datetime(2026, 11, 12, 10), "blocked")
    assert (stamp(r["due_at"]), r["elapsed_h"]) == ("2026-11-17 18:00", 9.0)
    assert (r["paused_h"], r["paused_open_h"]) == (0.0, 16.0)
    assert r["paused_since"] == dt.datetime(2026, 11, 10, 10)
    sla = backend.tabs["_sla"]
    row = dict(zip(sla[0], next(r for r in sla if r[0] == "completion:K5"), strict=True))
    assert (row["paused_since"], row["paused_h"]) == ("2026-11-10 10:00", 0.0)
    assert (
        row["explanation"] == "交接 2026-11-09 09:00 + 40 工作小时，暂停 16 小时 → 截止 11-17 18:00"
    )
    # unblocked on Friday: the pause closes at 24 h and the clock runs again
    r = run(dt.datetime(2026, 11, 13, 10), "doing")
    assert (stamp(r["due_at"]), r["elapsed_h"], r["paused_h"]) == ("2026-11-18 18:00", 9.0, 24.0)
    assert pd.isna(r["paused_since"])
    r = run(dt.datetime(2026, 11, 16, 10), "doing")  # Fri 7 h + Mon 1 h more have elapsed
    assert (stamp(r["due_at"]), r["elapsed_h"], r["paused_h"]) == ("2026-11-18 18:00", 17.0, 24.0)
    # the _sla tab keeps the record the next run needs, and explains the pause
    sla = backend.tabs["_sla"]
    row = dict(zip(sla[0], next(r for r in sla if r[0] == "completion:K5"), strict=True))
    assert row["paused_h"] == 24.0 and row["paused_since"] is None
    assert "暂停 24 小时" in row["explanation"]


def test_pause_mapping_directly() -> None:
    ob = frame([
        {"key": "c:p", "kind": "completion", "clock": B, "start": "2026-11-23 09:00",
         "goal_h": 16, "at_risk_h": 4, "pause": True},
        {"key": "c:q", "kind": "completion", "clock": B, "start": "2026-11-23 09:00",
         "goal_h": 16, "at_risk_h": 4, "pause": False},
    ])  # fmt: skip
    pauses = {"c:p": Pause(dt.datetime(2026, 11, 25, 9), 2.0), "c:q": Pause(None, 3.0)}
    out = compute(ob, calendar(), NOW, pauses).set_index("key")
    # c:p: 2 h closed earlier + Wed 8 h + Thu 5 h open = 15 h; due = Tue 18:00 + 15 h
    assert out.loc["c:p", "paused_since"] == dt.datetime(2026, 11, 25, 9)
    assert stamp(out.loc["c:p", "due_at"]) == "2026-11-26 17:00"
    assert out.loc["c:p", "elapsed_h"] == 29.0 - 15.0
    assert (out.loc["c:p", "paused_h"], out.loc["c:p", "paused_open_h"]) == (2.0, 13.0)
    # c:q: not blocked any more, its 3 closed hours still count
    assert stamp(out.loc["c:q", "due_at"]) == "2026-11-25 12:00"
    assert out["paused_since"].isna().tolist() == [False, True]  # c:p, c:q
    assert out.loc["c:q", "paused_h"] == 3.0


def test_previous_pauses_reads_the_sla_tab() -> None:
    header = list(BOT_TABS["_sla"])
    row = dict.fromkeys(header)
    row |= {"key": "completion:K5", "paused_since": "2026-11-10 10:00", "paused_h": 4}
    other = dict.fromkeys(header) | {"key": "response:K2", "paused_since": "", "paused_h": ""}
    raw = base() | {"_sla": [header, [row[h] for h in header], [other[h] for h in header]]}
    # rows that were never paused are left out: they cost the next run nothing
    assert previous_pauses(parse(raw)) == {
        "completion:K5": Pause(dt.datetime(2026, 11, 10, 10), 4.0),
    }
    assert previous_pauses(parse(base())) == {}


def test_a_paused_typed_due_moves_by_working_time() -> None:
    ob = frame([
        {"key": "c:typed", "kind": "completion", "clock": B, "start": "2026-11-23 09:00",
         "due": "2026-11-24 17:00", "goal_h": 40, "at_risk_h": 10, "pause": False},
    ])  # fmt: skip
    out = compute(ob, calendar(), NOW, {"c:typed": Pause(None, 8.0)})
    assert stamp(out["due_at"].iloc[0]) == "2026-11-25 17:00"  # one working day later
    # and the explanation says why the due shown is not the one typed (trial11: it did not)
    row = out.iloc[0].to_dict()
    assert explain(row, calendar(), "zh-CN") == (
        "交接 2026-11-23 09:00，截止时间为表格中填写的，暂停 8 小时 → 截止 11-25 17:00"
    )
    assert explain(row, calendar(), "en") == (
        "handed off 2026-11-23 09:00, due time typed in the sheet, paused 8 h → due 11-25 17:00"
    )


# ---------------------------------------------------------------- explanations and the demo


def _example(locale: str) -> dict[str, dict[str, Any]]:
    raw = apply(
        replace_tab("calendar", None),
        replace_tab("tasks", None),
        add_rows(
            "tasks",
            ["K9", "PJ1", 1, "", "D01", "P01", "2026-09-30 16:00", "", "", "", "todo", "", ""],
        ),
    )
    s = Settings(locale=locale)
    report = sla_of(parse(raw, s), s.sla_section, dt.datetime(2026, 9, 30, 17))
    rows = sla_rows(report.result, report.calendar, s.locale, lambda t, c: f"{t}!{c}")
    return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def test_explanation_of_the_issue_example() -> None:
    zh = _example("zh-CN")["response:K9"]
    assert zh["due_at"] == "2026-10-10 16:00"
    assert zh["explanation"] == (
        "交接 2026-09-30 16:00 + 24 工作小时，跳过国庆节 10-01…10-07，10-10 周六调休上班"
        " → 截止 10-10 16:00"
    )
    en = _example("en")["response:K9"]["explanation"]
    assert en == (
        "handed off 2026-09-30 16:00 + 24 business hours, skipping National Day 10-01…10-07, "
        "10-10 (Sat) make-up workday → due 10-10 16:00"
    )
    assert zh["calendar"].startswith("chinese_calendar ")
    assert zh["link"] == "任务进度!H2"


def test_explanations_of_other_shapes() -> None:
    s = Settings()
    cal = calendar(s)
    ob = frame([
        {"key": "r:sf", "kind": "response", "clock": B, "start": "2026-02-13 10:00",
         "goal_h": 24, "at_risk_h": 6},
        {"key": "d:wall", "kind": "dispute", "clock": C, "start": "2026-09-30 16:00",
         "goal_h": 48, "at_risk_h": 12},
        {"key": "a:typed", "kind": "action", "clock": B, "start": "2026-11-25 16:00",
         "due": "2026-11-26 16:00", "goal_h": 24, "at_risk_h": 6},
        {"key": "r:plain", "kind": "response", "clock": B, "start": "2026-11-23 09:00",
         "goal_h": 4, "at_risk_h": 1},
    ])  # fmt: skip
    out = compute(ob, cal, NOW)
    rows = sla_rows(out, cal, s.locale, lambda t, c: c)
    text = {r[0]: r[rows[0].index("explanation")] for r in rows[1:]}
    assert text["r:sf"] == (
        "交接 2026-02-13 10:00 + 24 工作小时，02-14 周六调休上班，跳过春节 02-15…02-23"
        " → 截止 02-25 10:00"
    )
    assert text["d:wall"] == "提出 2026-09-30 16:00 + 48 小时 → 截止 10-02 16:00"  # no skipping
    assert text["a:typed"] == "复盘 2026-11-25 16:00，截止时间为表格中填写的 → 截止 11-26 16:00"
    assert text["r:plain"] == "交接 2026-11-23 09:00 + 4 工作小时 → 截止 11-23 14:00"


def test_sla_of_the_demo_workbook() -> None:
    today = dt.date(2026, 11, 27)
    settings = Settings()
    wb = parse_workbook(generate(today), settings)
    report = sla_of(wb, settings.sla_section, dt.datetime.combine(today, dt.time(10)))
    result = report.result
    assert set(result["kind"]) == {
        "response", "completion", "approval", "dispute", "action", "retrospective"
    }  # fmt: skip
    assert set(result["status"]) <= set(STATUSES)
    assert sum(report.counts.values()) == len(result)
    assert result["due_at"].notna().all()
    assert result["level"].between(0, 3).all()
    rows = sla_rows(result, report.calendar, settings.locale, lambda t, c: f"{t}!{c}")
    assert rows[0] == list(BOT_TABS["_sla"])
    assert len(rows) - 1 == int((~result["status"].isin(["met", "met_late"])).sum())
    col = {h: i for i, h in enumerate(rows[0])}
    for r in rows[1:]:
        assert isinstance(r[col["explanation"]], str) and "→" in r[col["explanation"]], r
        assert r[col["calendar"]] and r[col["link"]]
        assert r[col["status"]] in ("on_track", "at_risk", "breached")
    remaining = [r[col["remaining_h"]] for r in rows[1:]]
    assert remaining == sorted(remaining)  # most overdue first
    # the demo's company days in the calendar tab are used
    assert "override" in report.calendar.version
    en = Settings(locale="en")
    rows_en = sla_rows(result, report.calendar, en.locale, lambda t, c: c)
    assert all("due" in r[col["explanation"]] for r in rows_en[1:])


def test_calendar_for_covers_every_deadline() -> None:
    s = Settings()
    ob = obligations(parse(book(), s), s.sla_section)
    cal = calendar_for(ob, s.sla_section, WHEN)
    out = compute(ob, cal, WHEN)
    assert out["due_at"].notna().all()
    assert cal.first <= dt.date(2026, 11, 2) and cal.last >= dt.date(2026, 11, 30)


def test_provisional_year_warning_in_sla_of() -> None:
    s = Settings()
    report = sla_of(parse(book(), s), s.sla_section, dt.datetime(2027, 3, 1, 10))
    warn = [f for f in report.findings if f.rule == "calendar.provisional"]
    assert [f.value for f in warn] == [2027]
    # a run in an official year does not warn about a year it does not touch
    report = sla_of(parse(book(), s), s.sla_section, WHEN)
    assert not [f for f in report.findings if f.rule == "calendar.provisional"]


# ---------------------------------------------------------------- the job


def test_run_sla_writes_only_bot_tabs() -> None:
    raw = book()
    backend = MemoryBackend(raw)
    before = copy.deepcopy(backend.tabs)
    report = run_job("sla", Settings(), backend, WHEN).sla
    assert report is not None and backend.requests == 2  # one batch read, one batch write
    for title, rows in before.items():
        assert backend.tabs[title] == rows, title  # human tabs untouched
    assert set(backend.tabs) - set(before) == {"_sla", "_runs"}
    sla = backend.tabs["_sla"]
    assert sla[0] == list(BOT_TABS["_sla"])
    open_ = report.result[~report.result["status"].isin(["met", "met_late"])]
    assert sorted(r[0] for r in sla[1:]) == sorted(open_["key"])
    runs = backend.tabs["_runs"]
    assert runs[0] == list(BOT_TABS["_runs"])
    assert len(runs) == 2
    run = dict(zip(runs[0], runs[1], strict=True))
    assert (run["job"], run["outcome"], run["rows"], run["api_requests"]) == (
        "sla",
        "ok",
        sum(len(r) - 1 for t, r in raw.items() if not t.startswith("_")),  # the rows read
        2,
    )
    assert run["started_at"] == "2026-11-10 12:00:00"
    # a second run appends to _runs and replaces _sla
    run_job("sla", Settings(), backend, WHEN + dt.timedelta(hours=1))
    assert len(backend.tabs["_runs"]) == 3
    assert len(backend.tabs["_sla"]) == len(sla)
    for title, rows in before.items():
        assert backend.tabs[title] == rows, title


def test_vectorized_on_many_rows() -> None:
    """A large table is one pass (and the same as the small one, repeated)."""
    ob = _table_frame()
    big = pd.concat([ob] * 500, ignore_index=True)
    out = compute(big, calendar(), NOW)
    small = compute(ob, calendar(), NOW)
    assert np.array_equal(out["remaining_h"].to_numpy(), np.tile(small["remaining_h"], 500))
    assert out["status"].tolist() == small["status"].tolist() * 500


def test_a_decided_dispute_without_a_decision_time_is_not_timed() -> None:
    raw = book()
    put("disputes", 2, "decided_at", "")(raw)
    keys = set(obligations(parse(raw), SlaSettings())["key"])
    assert "dispute:DS1" in keys
    assert "dispute:DS2" not in keys


def test_an_obligation_that_starts_later_has_used_no_time() -> None:
    ob = frame([
        {"key": "a:later", "kind": "action", "clock": B, "start": "2026-11-30 10:00",
         "goal_h": 24, "at_risk_h": 6, "pause": False},
    ])  # fmt: skip
    out = compute(ob, calendar(), NOW)
    assert out["elapsed_h"].iloc[0] == 0
    assert out["status"].iloc[0] == "on_track"
    assert stamp(out["due_at"].iloc[0]) == "2026-12-03 10:00"


def test_provisional_holidays_have_chinese_names() -> None:
    cal = compile_calendar(
        Settings().calendar, "Asia/Shanghai", dt.date(2027, 9, 28), dt.date(2027, 10, 8)
    )
    assert cal.day(dt.date(2027, 10, 1)).name == "国庆节"


TIMES = ("2026-11-24 10:00", "2026-11-24 11:00")  # handed off, responded


def _typed_due(due: Any, now: dt.datetime, locale: str = "zh-CN") -> dict[str, Any]:
    """The ``_sla`` row of a task handed off 2026-11-24 10:00 with ``due`` typed as its due."""
    raw = apply(
        replace_tab("calendar", None),
        replace_tab("tasks", None),
        add_rows("tasks", ["K9", "PJ1", 1, "", "D01", "P01", *TIMES, due, "", "doing", "", ""]),
    )
    s = Settings(locale=locale)
    report = sla_of(parse(raw, s), s.sla_section, now)
    rows = sla_rows(report.result, report.calendar, s.locale, lambda t, c: f"{t}!{c}")
    return {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}["completion:K9"]


@pytest.mark.parametrize(
    "due", ["2026-11-26", "2026年11月26日", "2026/11/26", dt.date(2026, 11, 26)]
)
def test_a_due_date_alone_counts_to_the_end_of_that_day(due: Any) -> None:
    """Typed as a date (a spreadsheet reads a date cell as 00:00): by the end of 11-26, not
    from its midnight (trial as a new user: a task went to level 3 a working day early)."""
    row = _typed_due(due, dt.datetime(2026, 11, 26, 17, 0))
    assert row["due_at"] == "2026-11-26 23:59"
    assert row["status"] != "breached" and row["level"] == 0
    assert row["explanation"] == (
        "交接 2026-11-24 10:00，表格中只填了截止日期，算到当天结束 → 截止 11-26 23:59"
    )
    late = _typed_due(due, dt.datetime(2026, 11, 27, 0, 30))
    assert late["status"] == "breached"
    en = _typed_due(due, dt.datetime(2026, 11, 26, 17, 0), "en")["explanation"]
    assert en == (
        "handed off 2026-11-24 10:00, a due date alone typed in the sheet: by the end of that "
        "day → due 11-26 23:59"
    )


def test_a_due_with_a_time_is_kept_as_typed() -> None:
    row = _typed_due("2026-11-26 14:30", dt.datetime(2026, 11, 26, 15, 0))
    assert row["due_at"] == "2026-11-26 14:30" and row["status"] == "breached"
    assert "截止时间为表格中填写的 → 截止 11-26 14:30" in row["explanation"]


def _completion(key: str, start: str, due: str, goal_h: float) -> pd.DataFrame:
    """One completion obligation on the business clock with a typed due, the rule's risk
    fraction (25%, at least 1 h) as obligations() gives them."""
    ob = frame([
        {"key": key, "kind": "completion", "clock": B, "start": start, "due": due,
         "goal_h": goal_h, "at_risk_h": goal_h / 4, "pause": False},
    ])  # fmt: skip
    ob["at_risk_fraction"], ob["at_risk_min_h"] = 0.25, 1.0
    return ob


def test_a_typed_due_is_the_time_limit_at_risk_is_judged_on() -> None:
    """trial16: 48 working hours from hand-off to the typed due, 24 left; the template's 120 h
    made 25% of 120 = 30 h the threshold, so half the time left was 有风险. The window is the
    limit (时限 48) and 25% of it (12 h) the threshold: on track."""
    ob = _completion("c:typed-window", "2026-11-20 09:00", "2026-11-27 18:00", 120)
    out = compute(ob, calendar(), dt.datetime(2026, 11, 25, 9, 0)).iloc[0]
    # Fri 20 + Mon 23 + Tue 24 (24 h used), Wed 25 + Thu 26 + Fri 27 (24 h left)
    assert (out["goal_h"], out["at_risk_h"]) == (48.0, 12.0)
    assert (out["elapsed_h"], out["remaining_h"], out["status"]) == (24.0, 24.0, "on_track")


def test_a_paused_typed_due_says_the_holidays_its_move_skipped() -> None:
    """trial16: 「截止时间为表格中填写的，暂停 18 小时 → 截止 10-10 16:40」 did not say it skipped
    国庆节; the explanation names the days off between the typed due and the one shown."""
    ob = frame([
        {"key": "c:typed-holiday", "kind": "completion", "clock": B,
         "start": "2026-09-28 09:00", "due": "2026-09-30 17:00", "goal_h": 40, "at_risk_h": 10,
         "pause": False},
    ])  # fmt: skip
    at = dt.datetime(2026, 9, 29, 9, 0)
    out = compute(ob, calendar(), at, {"c:typed-holiday": Pause(None, 8.0)})
    assert stamp(out["due_at"].iloc[0]) == "2026-10-08 17:00"  # 09-30 17-18, 10-08 09-17
    said = explain(out.iloc[0].to_dict(), calendar(), "zh-CN")
    assert said.startswith("交接 2026-09-28 09:00，截止时间为表格中填写的，暂停 8 小时，跳过国庆节")
    assert said.endswith("→ 截止 10-08 17:00")


def test_a_typed_due_before_the_start_keeps_the_rules_limit() -> None:
    """review15: a due typed before a later start showed 时限 0 (its window), the remaining
    time counted from now positive."""
    ob = _completion("c:due-first", "2026-11-27 09:00", "2026-11-25 18:00", 40)
    out = compute(ob, calendar(), dt.datetime(2026, 11, 24, 9, 0)).iloc[0]
    assert (out["goal_h"], out["at_risk_h"], out["remaining_h"]) == (40.0, 10.0, 16.0)
    # … and a window with no working time in it: Friday 18:30 to Monday 09:00 (review16)
    ob = _completion("c:weekend", "2026-11-27 18:30", "2026-11-30 09:00", 40)
    out = compute(ob, calendar(), dt.datetime(2026, 11, 24, 9, 0)).iloc[0]
    assert (out["goal_h"], out["at_risk_h"]) == (40.0, 10.0)
