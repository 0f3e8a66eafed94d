"""The demo workbook: a realistic company dated relative to ``today``, with planted problems.

``collabsheet demo`` writes it so everything works offline out of the box
(``sheets_sync.demo_file``: with the starter workbook's dropdowns and formats), and benchmarks
scale it with ``tasks=N``. It is deterministic (one ``random.Random(seed)``, never the clock)
and ``validate`` finds in it exactly the errors listed in ``PLANTED``, nothing else. The rows
come from ``demo_org`` (departments, people, matrix, templates), ``demo_projects`` (projects
and tasks) and ``demo_feedback`` (disputes, retrospectives, survey, cases), in that order.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

import chinese_calendar

from config.defaults import TAB_TITLES
from config.schema import TABS
from sheets_sync import demo_feedback as feedback
from sheets_sync.demo_clock import WorkClock
from sheets_sync.demo_org import DAY, people, templates
from sheets_sync.demo_projects import projects as make_projects

# (tab key, column key, rule id) of every deliberate problem: validate reports these, no more.
PLANTED: tuple[tuple[str, str, str], ...] = (
    ("responsibilities", "accountable", "raci.accountable_many"),
    ("templates", "activity", "template.activity_gap"),
    ("tasks", "dept_id", "ref.unknown"),
    ("tasks", "due_at", "date.invalid"),
    ("tasks", "task_id", "id.duplicate"),
)


def _working_friday(day: dt.date) -> dt.date:
    """The nearest Friday on or before ``day`` that is no public holiday (a half day there)."""
    while True:
        try:
            if chinese_calendar.is_workday(day):
                return day
        except NotImplementedError:  # a year with no official schedule yet: take it as it is
            return day
        day -= 7 * DAY


def _calendar(today: dt.date) -> list[list[Any]]:
    """A past team-building day off, a half day, a coming company holiday and its make-up day."""
    past = today - 60 * DAY
    past += DAY * ((4 - past.weekday()) % 7)
    coming = today + 10 * DAY
    coming += DAY * ((4 - coming.weekday()) % 7)
    return [
        [past, "休息日", "公司团建日", None],
        [_working_friday(coming - 7 * DAY), "工作日", "年终总结会（下午休息）", "09:00-12:00"],
        [coming, "休息日", "司庆日", None],
        [coming + 8 * DAY, "工作日", "司庆日调休上班", None],
    ]


def generate(
    today: dt.date, seed: int = 7, tasks: int | None = None, headers: str = "zh"
) -> dict[str, list[list[Any]]]:
    """The demo workbook, tab title -> rows (row 0 the header), with the ``PLANTED`` problems."""
    if headers not in ("zh", "en"):
        raise ValueError(f"headers must be 'zh' or 'en', not {headers!r}")
    if tasks is not None and tasks < 10:
        raise ValueError(f"tasks must be at least 10 (room for the planted problems), not {tasks}")
    rng = random.Random(seed)
    now = dt.datetime.combine(today, dt.time(10, 0))
    scale = 1.0 if tasks is None else tasks / 400
    depts, staff_rows, staff = people(rng, max(1, round(math.sqrt(scale))))
    matrix, steps, template_rows = templates()
    days_off = _calendar(today)
    clock = WorkClock(
        today,
        off=[r[0] for r in days_off if r[1] == "休息日" or r[3]],
        on=[r[0] for r in days_off if r[1] == "工作日" and not r[3]],
    )  # nobody is timed on the half day (it lies ahead: only due times would fall on it)
    projects, task_rows = make_projects(rng, now, steps, staff, tasks, clock)
    cases, kinds = feedback.cases(rng, today, max(1, round(25 * scale)))
    n = len(task_rows)
    task_rows[n // 4][4] = "D99"  # planted: an unknown department
    task_rows[n // 2][8] = f"{today.year}-02-30"  # planted: a date that does not exist
    task_rows[3 * n // 4][0] = task_rows[3 * n // 4 - 1][0]  # planted: a repeated task id
    tabs = {
        "departments": depts,
        "people": staff_rows,
        "responsibilities": matrix,
        "templates": template_rows,
        "projects": projects,
        "tasks": task_rows,
        "disputes": feedback.disputes(rng, now, max(1, round(15 * scale)), staff, clock),
        "retrospectives": feedback.retros(
            rng, now, max(1, round(30 * scale)), projects, cases, kinds, staff, clock
        ),
        "survey": feedback.survey(rng, now, max(1, round(5 * scale)), staff, clock),
        "cases": cases,
        "calendar": days_off,
    }
    head = "label" if headers == "zh" else "key"
    return {
        TAB_TITLES[key]: [[getattr(c, head) for c in TABS[key].columns], *rows]
        for key, rows in tabs.items()
    }
