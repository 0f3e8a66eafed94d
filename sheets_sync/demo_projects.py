"""The demo's projects of the last 12 months and their tasks, as the board shows them today.

Part of the demo workbook (``sheets_sync.demo``): each project follows a template's steps
(``demo_org.Step``); its tasks are scheduled in working minutes after its start
(``demo_clock``) and cut at now (or when it was cancelled). Drawn from the caller's
``random.Random`` in a fixed order.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from config.choices import PRIORITY, STATUS_PROJECT, STATUS_TASK
from sheets_sync.demo_clock import DAY_MIN, WorkClock
from sheets_sync.demo_company import BLOCKERS, NOTES, TEMPLATE_WEIGHTS, TEMPLATES
from sheets_sync.demo_org import DAY, Staff, Step

TASK, PROJ = dict(STATUS_TASK), dict(STATUS_PROJECT)
PRIORITIES = [label for _, label in PRIORITY]
OPEN = dt.time(9)


def _critical_path(steps: list[Step]) -> float:
    """Planned hours from start to the last step (steps depend only on earlier steps)."""
    end: dict[int, float] = {}
    for s in steps:
        end[s.step] = max((end[d] for d in s.deps), default=0.0) + s.response_h / 2 + s.done_h
    return max(end.values())


def _schedule(
    rng: random.Random, steps: list[Step], staff: Staff, late: bool
) -> tuple[list[list[Any]], int]:
    """One project's tasks (times in minutes after its start) and its duration in minutes."""
    # an approval is one task for a head; a work step is 2-3 work packages per responsible
    # department (so ~13 tasks a project); one task in 200 is slow and ends late (a third of
    # them in a ``late`` project), the others answer and finish within their template's time
    # limits (working hours)
    finish: dict[int, int] = {}
    tasks: list[list[Any]] = []
    for s in steps:
        ready = finish[s.step] = max((finish[d] for d in s.deps), default=0)
        for dept in s.depts[:1] if s.kind == "approval" else s.depts:
            for part in range(rng.choice((2, 3, 3)) if s.kind == "work" else 1):
                slow = rng.random() < (0.3 if late else 0.005)
                handed = ready + rng.randint(10, 240)
                spread = (1.05, 1.6) if slow else (0.03, 0.5)
                responded = handed + int(60 * s.response_h * rng.uniform(*spread))
                spread = (0.35, 0.92) if not slow else (1.5, 2.5) if late else (1.05, 1.6)
                work = handed + int(60 * s.done_h * rng.uniform(*spread))
                done = max(responded + rng.randint(30, 120), work)
                finish[s.step] = max(finish[s.step], done)
                who = staff.heads[dept] if s.kind == "approval" else rng.choice(staff.members[dept])
                note = f"工作包 {part + 1}" if part else (rng.choice(NOTES) if slow else None)
                times = [handed, responded, handed + 60 * s.done_h, done]
                tasks.append([s.step, s.name, dept, who, *times, note])
    return tasks, max(finish.values())


def _mean_tasks(steps: dict[str, list[Step]]) -> float:
    """Expected tasks per project, to size a workbook of N tasks."""
    per = [
        sum(
            1 if s.kind == "approval" else len(s.depts) * (8 / 3 if s.kind == "work" else 1)
            for s in steps[t[0]]
        )
        for t in TEMPLATES
    ]
    return sum(w * p for w, p in zip(TEMPLATE_WEIGHTS, per, strict=True)) / sum(TEMPLATE_WEIGHTS)


def _task_rows(
    rng: random.Random,
    sched: list[list[Any]],
    start: int,
    cut: int,
    status: str,
    clock: WorkClock,
) -> list[list[Any]]:
    """A project's task rows as the board shows them at ``cut`` (now, or when it was cancelled);
    times are positions on the working clock, so every stamp falls in working hours."""
    rows: list[list[Any]] = []
    for step, step_name, dept, who, *times, note in sched:
        handed, responded, due, done = (start + m for m in times)
        row = [None, None, step, step_name, dept, who, clock.at(handed), clock.at(responded)]
        row += [clock.at(due), clock.at(done), "done", None, note]
        if handed > cut:  # not handed off yet (never, when the project was cancelled)
            row[6:11] = [None, None, None if status == "cancelled" else row[8], None, "todo"]
        elif status == "cancelled" and done > cut:  # abandoned when the project stopped
            row[6:13] = [None, None, None, None, "todo", None, "项目已取消"]
        elif responded > cut:
            row[7:11] = [None, row[8], None, "todo"]
        elif done > cut:
            row[9:11] = [None, "blocked" if rng.random() < 0.25 else "doing"]
            row[11] = rng.choice(BLOCKERS) if row[10] == "blocked" else None
        row[10] = TASK[row[10]]
        rows.append(row)
    return rows


def projects(
    rng: random.Random,
    now: dt.datetime,
    steps: dict[str, list[Step]],
    staff: Staff,
    want: int | None,
    clock: WorkClock,
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Projects of the last 12 months and their tasks as they stand now, ids in creation order."""
    # one project in four is under way (one in thirty-two of all past its target date), one in
    # fifteen planned, one in fifteen cancelled, one in twenty done after its target date; with
    # ``want``, projects are made until there are exactly ``want`` tasks (the last project is
    # cut short). Times are positions on the working clock (minutes of working time), so the
    # demo's hours are the SLA's hours.
    info = {t[0]: t for t in TEMPLATES}
    path = {tid: _critical_path(s) for tid, s in steps.items()}
    n = 30 if want is None else math.ceil(want / _mean_tasks(steps) * 1.2) + 5
    order = list(range(n))
    rng.shuffle(order)  # stratified ages in random order, so stopping early keeps the mix
    used: dict[str, int] = {}
    made: list[tuple[dt.datetime, list[Any], list[list[Any]]]] = []
    count, now_p = 0, clock.pos(now)
    for k in order:
        if want is not None and count >= want:
            break
        tid = rng.choices(list(info), TEMPLATE_WEIGHTS)[0]
        initiators, pattern, subjects = info[tid][5].split(), info[tid][6], info[tid][7].split()
        subject = rng.choice(subjects)
        used[subject] = used.get(subject, 0) + 1
        name = pattern.format(subject) + (f"（第{used[subject]}期）" if used[subject] > 1 else "")
        status = "planned" if k % 15 == 3 else "cancelled" if k % 15 == 7 else "done"
        status = "active" if k % 4 == 1 and status == "done" else status
        late = status == "active" and k % 32 == 5  # its tasks run late: some are overdue now
        sched, end = _schedule(rng, steps[tid], staff, late)
        if status == "planned":
            start_p = clock.pos(dt.datetime.combine(now.date() + DAY * rng.randint(1, 7), OPEN))
        elif late and (overdue := [t for t in sched if t[7] > t[6]]):  # done after due
            due, done = max((t[6], t[7]) for t in overdue)  # now between the two: breached
            start_p = now_p - int(due + (done - due) * rng.uniform(0.1, 0.3))
        elif status == "active":
            start_p = now_p - int(end * rng.uniform(0.1, 0.9))
        else:  # 250 working days a year
            age = int(DAY_MIN * 250 * ((k + rng.random()) / n) ** 1.3)
            start_p = min(now_p - age, now_p - end - 2 * DAY_MIN)
        start_p = start_p // DAY_MIN * DAY_MIN + 30  # 09:30 of a working day
        start_day = clock.day(start_p)
        created = clock.at(start_p - DAY_MIN * rng.choice((1, 1, 1, 2, 2, 3)) + rng.randint(0, 440))
        if status == "planned":
            created = clock.at(now_p - rng.randint(60, 2400))
        cut = start_p + int(end * rng.uniform(0.2, 0.7)) if status == "cancelled" else now_p
        rows = _task_rows(rng, sched, start_p, cut, status, clock)
        closed = clock.at(start_p + end + 60 * rng.randint(1, 16))
        target = clock.day(start_p + 60 * path[tid] + DAY_MIN * rng.randint(0, 3))
        if k % 20 == 10:  # planned too tight: done, but some working days after its target date
            target = clock.day(start_p + end - DAY_MIN * rng.randint(2, 4))
        if late:
            target = max(start_day + DAY, min(target, now.date() - DAY * rng.randint(1, 4)))
        initiator = rng.choice(initiators)
        owner = rng.choice([staff.heads[initiator], *staff.coordinators])
        priority = rng.choices(PRIORITIES, (1, 3, 5, 2))[0]
        project = [None, name, tid, initiator, owner, created, start_day, target, PROJ[status]]
        project += [priority, closed if status == "done" else None]
        rows = rows if want is None else rows[: want - count]
        made.append((created, project, rows))
        count += len(rows)
    made.sort(key=lambda m: m[0])
    out_projects: list[list[Any]] = []
    tasks: list[list[Any]] = []
    for i, (_, project, rows) in enumerate(made, 1):
        project[0] = f"PJ{i:04d}"
        out_projects.append(project)
        for row in rows:
            row[0], row[1] = f"T{len(tasks) + 1:06d}", project[0]
            tasks.append(row)
    return out_projects, tasks
