"""Helpers for the SLA tests: obligations built column by column, and small workbooks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from config.settings import Settings
from jobs.sla.obligations import COLUMNS
from jobs.workdays.calendar import WorkCalendar, compile_calendar
from tests.support.mutations import add_rows, apply, put, replace_tab
from tests.support.workbooks import Raw

Case = dict[str, Any]


def frame(cases: list[Case]) -> pd.DataFrame:
    """An obligations table as ``jobs.sla.obligations.obligations`` returns it, from plain dicts.

    Each case names key, kind, clock, start, goal_h, at_risk_h and ladder; end, due (a typed
    due time) and pause are optional.
    """
    rows = []
    for c in cases:
        ladder = c.get("ladder", (0.0, 8.0, 24.0))
        rows.append({
            "key": c["key"], "kind": c["kind"], "ref": c["key"].split(":")[-1], "tab": "任务进度",
            "cell": "H2", "project_id": None, "dept_id": "D01", "person_id": "P01",
            "template_id": None, "step": None, "start": c["start"], "end": c.get("end"),
            "explicit_due": c.get("due"), "goal_h": float(c["goal_h"]),
            "blocked": c.get("pause", False), "clock": c["clock"],
            "at_risk_h": float(c["at_risk_h"]), "ladder_1": ladder[0], "ladder_2": ladder[1],
            "ladder_3": ladder[2], "pause": c.get("pause", False),
        })  # fmt: skip
    df = pd.DataFrame(rows, columns=[*COLUMNS, "clock", "at_risk_h", "ladder_1", "ladder_2",
                                     "ladder_3", "pause"])  # fmt: skip
    for col in ("start", "end", "explicit_due"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
    return df


def calendar(settings: Settings | None = None) -> WorkCalendar:
    """The working calendar of 2026 for these settings (no calendar-tab overrides)."""
    s = settings or Settings()
    return compile_calendar(s.calendar, s.timezone, dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def stamp(value: Any) -> str | None:
    return None if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M}"


def book() -> Raw:
    """The base workbook set up so that every default and every override shows.

    - T1 step 1 responds in 12 h and finishes in 48 h (the template's hours win);
    - T1 step 2 has no hours (the config's 24 h response and 40 h completion apply);
    - T1 step 3 is an approval without done hours (48 h); T2 step 1 responds in 4 h, done 24 h;
    - K2 has a due_at a person typed; K3 is handed off on T2; K4 is the approval; K5 has no due;
    - DS1 is open, DS2 decided; R1 has an action_due, R2 has none (24 h from the retrospective).
    """
    return apply(
        put("templates", 1, "response_sla_h", 12),
        put("templates", 2, "response_sla_h", ""),
        put("templates", 2, "done_sla_h", ""),
        put("templates", 3, "done_sla_h", ""),
        put("tasks", 3, "handed_off_at", "2026-11-06 10:00"),
        add_rows(
            "tasks",
            [
                "K4",
                "PJ1",
                3,
                "审核",
                "D03",
                "P05",
                "2026-11-09 09:00",
                "2026-11-09 10:00",
                "",
                "",
                "doing",
                "",
                "",
            ],
            ["K5", "PJ1", 2, "交付", "D02", "P03", "2026-11-09 09:00", "", "", "", "todo", "", ""],
        ),
        put("retrospectives", 2, "action_due", ""),
        replace_tab("calendar", None),
    )
