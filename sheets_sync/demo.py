"""The demo workbook: a realistic company dated relative to ``today``, with planted problems.

``collabsheet demo`` writes it so everything works offline out of the box, and benchmarks
scale it with ``tasks=N``. It is deterministic (one ``random.Random(seed)``, never the clock)
and ``validate`` finds in it exactly the errors listed in ``PLANTED``, nothing else.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

import chinese_calendar

from config.defaults import TAB_TITLES
from config.schema import (
    CATEGORY,
    PRIORITY,
    ROLE,
    SCALE,
    SEVERITY,
    STATUS_DISPUTE,
    STATUS_PROJECT,
    STATUS_TASK,
    TABS,
)
from sheets_sync.demo_company import (
    BLOCKERS,
    COMMENTS,
    DEPTS,
    DISPUTES,
    GAP_DEPT,
    GIVEN,
    MATRIX,
    NOTES,
    PATTERNS,
    SURNAMES,
    TEMPLATE_WEIGHTS,
    TEMPLATES,
)

# (tab key, column key, rule id) of every deliberate problem: validate reports these, no more.
PLANTED: tuple[tuple[str, str, str], ...] = (
    ("responsibilities", "accountable", "raci.accountable_many"),
    ("templates", "activity", "template.activity_gap"),
    ("tasks", "dept_id", "ref.unknown"),
    ("tasks", "due_at", "date.invalid"),
    ("tasks", "task_id", "id.duplicate"),
)


TASK, PROJ, DISP = dict(STATUS_TASK), dict(STATUS_PROJECT), dict(STATUS_DISPUTE)
CAT, ROLES, SCALES, SEV = dict(CATEGORY), dict(ROLE), dict(SCALE), dict(SEVERITY)
KINDS = {"handoff": "传递", "work": "执行", "approval": "审批", "review": "验收"}
PRIORITIES = [label for _, label in PRIORITY]
MINUTE, HOUR, DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)


@dataclass(frozen=True)
class _Step:
    """One template step with the departments that do it (from the matrix)."""

    step: int
    name: str
    kind: str
    response_h: int
    done_h: int
    deps: tuple[int, ...]
    depts: tuple[str, ...]


@dataclass
class _Staff:
    """Who can be assigned what: members by department, heads, managers and coordinators."""

    members: dict[str, list[str]]
    heads: dict[str, str]
    managers: list[str]
    coordinators: list[str]


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(w[0], w[1:]) for w in text.split()]


def _people(rng: random.Random, factor: int) -> tuple[list[list[Any]], list[list[Any]], _Staff]:
    """Departments and people (``factor`` times the base headcount) with unique names."""
    surnames, given = _pairs(SURNAMES), _pairs(GIVEN)
    names: set[str] = set()
    emails: dict[str, int] = {}
    people: list[list[Any]] = []
    staff = _Staff({}, {}, [], [])
    for dept, _, _, roles, size in DEPTS:
        for i in range(size * factor):
            while True:
                family, pinyin = rng.choice(surnames)
                parts = rng.sample(given, rng.choice((1, 2, 2)))
                name = family + "".join(g for g, _ in parts)
                if name not in names:
                    break
            names.add(name)
            email = "".join(p for _, p in parts) + "." + pinyin
            emails[email] = emails.get(email, 0) + 1
            email += str(emails[email]) if emails[email] > 1 else ""
            pid = f"P{len(people) + 1:03d}"
            mobile = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            role = {"H": "head", "M": "manager", "C": "coordinator"}.get(roles[i : i + 1], "member")
            active = not (dept == "D03" and i == size * factor - 1)  # left; referenced nowhere
            people.append([pid, name, dept, f"{email}@example.com", mobile, ROLES[role], active])
            if role == "head":
                staff.heads[dept] = pid
            elif role == "manager":
                staff.managers.append(pid)
            elif active:
                staff.members.setdefault(dept, []).append(pid)
                if role == "coordinator":
                    staff.coordinators.append(pid)
    managers = staff.managers
    depts = [
        [d, name, staff.heads[d], managers[i % len(managers)], channel, True]
        for i, (d, name, channel, _, _) in enumerate(DEPTS)
    ]
    return depts, people, staff


def _templates() -> tuple[list[list[Any]], dict[str, list[_Step]], list[list[Any]]]:
    """The matrix rows, the template rows, and each template's steps with their departments."""
    matrix = [
        [scenario, *(v or None for v in row)] for scenario, rows in MATRIX.items() for row in rows
    ]
    responsible = {(s, r[0]): tuple(r[1].split("、")) for s, rows in MATRIX.items() for r in rows}
    rows: list[list[Any]] = []
    steps: dict[str, list[_Step]] = {}
    for tid, name, scenario, ptype, scale, *_, spec in TEMPLATES:
        for n, (step_name, activity, kind, resp_h, done_h, deps) in enumerate(spec, 1):
            head = [tid, name, scenario, ptype, SCALES[scale], n, step_name, activity]
            rows.append([*head, KINDS[kind], resp_h, done_h, deps or None])
            depts = responsible.get((scenario, activity), (GAP_DEPT,))
            after = tuple(int(d) for d in deps.split("、") if d)
            steps.setdefault(tid, []).append(
                _Step(n, step_name, kind, resp_h, done_h, after, depts)
            )
    return matrix, steps, rows


def _office(t: dt.datetime) -> dt.datetime:
    """A time between 19:00 and 09:00 squeezed into 08:00-08:59 (order kept): people work by day."""
    if 9 <= t.hour < 19:
        return t.replace(second=0, microsecond=0)
    night = (t.hour - 19) % 24 * 60 + t.minute  # minutes since 19:00, < 14 * 60
    morning = t if t.hour < 9 else t + DAY
    return morning.replace(hour=8, minute=night // 14, second=0, microsecond=0)


def _critical_path(steps: list[_Step]) -> float:
    """Planned hours from start to the last step (steps depend only on earlier steps)."""
    end: dict[int, float] = {}
    for s in steps:
        end[s.step] = max((end[d] for d in s.deps), default=0.0) + s.response_h / 2 + s.done_h
    return max(end.values())


def _schedule(rng: random.Random, steps: list[_Step], staff: _Staff) -> tuple[list[list[Any]], int]:
    """One project's tasks (times in minutes after its start) and its duration in minutes."""
    # an approval is one task for a head; a work step is 2-3 work packages per responsible
    # department (so ~13 tasks a project); one task in ten is slow and ends late
    finish: dict[int, int] = {}
    tasks: list[list[Any]] = []
    for s in steps:
        ready = finish[s.step] = max((finish[d] for d in s.deps), default=0)
        for dept in s.depts[:1] if s.kind == "approval" else s.depts:
            for part in range(rng.choice((2, 3, 3)) if s.kind == "work" else 1):
                slow = rng.random() < 0.1
                handed = ready + rng.randint(10, 240)
                spread = (1.05, 2.0) if slow else (0.04, 0.9)
                responded = handed + int(60 * s.response_h * rng.uniform(*spread))
                spread = (1.1, 2.2) if slow else (0.4, 1.0)
                done = responded + int(60 * s.done_h * rng.uniform(*spread))
                finish[s.step] = max(finish[s.step], done)
                who = staff.heads[dept] if s.kind == "approval" else rng.choice(staff.members[dept])
                note = f"工作包 {part + 1}" if part else (rng.choice(NOTES) if slow else None)
                times = [handed, responded, handed + 60 * s.done_h, done]
                tasks.append([s.step, s.name, dept, who, *times, note])
    return tasks, max(finish.values())


def _mean_tasks(steps: dict[str, list[_Step]]) -> float:
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
    rng: random.Random, sched: list[list[Any]], start: dt.datetime, cut: dt.datetime, status: str
) -> list[list[Any]]:
    """A project's task rows as the board shows them at ``cut`` (now, or when it was cancelled)."""
    rows: list[list[Any]] = []
    for step, step_name, dept, who, *times, note in sched:
        handed, responded, due, done = (start + MINUTE * m for m in times)
        at = _office(handed)
        row = [None, None, step, step_name, dept, who, at, _office(responded)]
        row += [at + (due - handed), _office(done), "done", None, note]
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


def _projects(
    rng: random.Random,
    now: dt.datetime,
    steps: dict[str, list[_Step]],
    staff: _Staff,
    want: int | None,
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Projects of the last 12 months and their tasks as they stand now, ids in creation order."""
    # one project in four is under way (half of those past their target date), one in fifteen
    # planned, one in fifteen cancelled; with ``want``, projects are made until there are
    # exactly ``want`` tasks (the last project is cut short)
    info = {t[0]: t for t in TEMPLATES}
    path = {tid: _critical_path(s) for tid, s in steps.items()}
    n = 30 if want is None else math.ceil(want / _mean_tasks(steps) * 1.2) + 5
    order = list(range(n))
    rng.shuffle(order)  # stratified ages in random order, so stopping early keeps the mix
    used: dict[str, int] = {}
    made: list[tuple[dt.datetime, list[Any], list[list[Any]]]] = []
    count = 0
    for k in order:
        if want is not None and count >= want:
            break
        tid = rng.choices(list(info), TEMPLATE_WEIGHTS)[0]
        initiators, pattern, subjects = info[tid][5].split(), info[tid][6], info[tid][7].split()
        subject = rng.choice(subjects)
        used[subject] = used.get(subject, 0) + 1
        name = pattern.format(subject) + (f"（第{used[subject]}期）" if used[subject] > 1 else "")
        sched, end = _schedule(rng, steps[tid], staff)
        status = "planned" if k % 15 == 3 else "cancelled" if k % 15 == 7 else "done"
        status = "active" if k % 4 == 1 and status == "done" else status
        late = status == "active" and k % 8 == 5
        if status == "planned":
            start_day = now.date() + DAY * rng.randint(1, 7)
        elif status == "active":
            elapsed = rng.uniform(0.75, 0.95) if late else rng.uniform(0.1, 0.9)
            start_day = (now - MINUTE * int(end * elapsed)).date()
        else:
            age = DAY * 365 * ((k + rng.random()) / n) ** 1.3
            start_day = min(now - age, now - MINUTE * end - 2 * DAY).date()
        start = dt.datetime.combine(start_day, dt.time(9, 30))
        created = start - DAY * rng.choice((1, 1, 2, 2, 3, 5)) + MINUTE * rng.randint(0, 480)
        if status == "planned":
            created = _office(now - MINUTE * rng.randint(240, 4000))
        cut = start + MINUTE * int(end * rng.uniform(0.2, 0.7)) if status == "cancelled" else now
        rows = _task_rows(rng, sched, start, cut, status)
        closed = _office(start + MINUTE * end + HOUR * rng.randint(1, 30))
        target = start_day + DAY * max(1, math.ceil(path[tid] / 24) + rng.randint(0, 5))
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
    projects: list[list[Any]] = []
    tasks: list[list[Any]] = []
    for i, (_, project, rows) in enumerate(made, 1):
        project[0] = f"PJ{i:04d}"
        projects.append(project)
        for row in rows:
            row[0], row[1] = f"T{len(tasks) + 1:06d}", project[0]
            tasks.append(row)
    return projects, tasks


def _numbered(rows: list[list[Any]], when: int) -> list[list[Any]]:
    """Rows in time order, numbered after the prefix in their first cell (R0001, DS0001)."""
    rows.sort(key=lambda r: r[when])
    for i, row in enumerate(rows, 1):
        row[0] = f"{row[0]}{i:04d}"
    return rows


def _cases(rng: random.Random, today: dt.date, n: int) -> tuple[list[list[Any]], list[int]]:
    """The case library: recurring problems per scenario, and the pattern of each case."""
    combos = [(p, s) for p in range(len(PATTERNS)) for s in MATRIX]
    rng.shuffle(combos)
    rows: list[list[Any]] = []
    kinds: list[int] = []
    for i in range(n):
        p, scenario = combos[i % len(combos)]
        category, title, symptom, cause, solution, tags = PATTERNS[p]
        pool = sorted({d for r in MATRIX[scenario] for d in r[1].split("、")})
        depts = "、".join(sorted(rng.sample(pool, 2)))
        first = today - DAY * rng.randint(60, 540)
        last = first + DAY * rng.randint(0, (today - first).days)
        title += f"（{i // len(combos) + 1}）" if i >= len(combos) else ""
        times = rng.randint(2, 8) if last > first else 1
        head = [f"C{i + 1:03d}", f"{scenario}·{title}", CAT[category], symptom, cause]
        rows.append([*head, solution, tags, depts, first, last, times])
        kinds.append(p)
    return rows, kinds


def _retros(
    rng: random.Random,
    now: dt.datetime,
    n: int,
    projects: list[list[Any]],
    cases: list[list[Any]],
    kinds: list[int],
    staff: _Staff,
) -> list[list[Any]]:
    """Retrospectives after done projects: a finding, its cause and a rectification action."""
    done = [p for p in projects if p[10] is not None and p[10] < now - 6 * HOUR]
    case_of: dict[int, list[str]] = {}
    for case, p in zip(cases, kinds, strict=True):
        case_of.setdefault(p, []).append(case[0])
    rows: list[list[Any]] = []
    for _ in range(n if done else 0):
        project = rng.choice(done)
        held = _office(min(project[10] + HOUR * rng.randint(2, 72), now - HOUR * rng.randint(1, 5)))
        p = rng.randrange(len(PATTERNS))
        category, _, symptom, cause, solution, _ = PATTERNS[p]
        linked = case_of.get(p) if rng.random() < 0.4 else None
        late = rng.random()  # 70% done within the 24 h target, 20% later, 10% still open
        fixed = _office(held + HOUR * (rng.uniform(2, 22) if late < 0.7 else rng.uniform(26, 96)))
        owner = rng.choice([staff.heads[project[3]], *staff.coordinators])
        case_id = rng.choice(linked) if linked else None
        head = ["R", project[0], held, CAT[category], symptom, cause, case_id, solution, owner]
        rows.append([*head, held + 24 * HOUR, fixed if fixed <= now and late < 0.9 else None])
    return _numbered(rows, 2)


def _disputes(rng: random.Random, now: dt.datetime, n: int, staff: _Staff) -> list[list[Any]]:
    """Disputes over responsibility: a quarter recent (any status), older ones mostly decided."""
    rows: list[list[Any]] = []
    for i in range(n):
        scenario, activity, depts, text, decision = rng.choice(DISPUTES)
        if i % 4 == 0:
            age = rng.uniform(2, 24 * 14)  # hours
            status = ("open", "negotiating", "escalated", "decided")[i // 4 % 4]
        else:
            age = 24 * (14 + 351 * rng.random() ** 1.2)
            status = "decided" if rng.random() < 0.9 else "escalated"
        raised = now - HOUR * age
        by = rng.choice(staff.members[depts.split("、")[0]])
        severity = SEV["major" if rng.random() < 0.2 else "normal"]
        row = ["DS", _office(raised), by, depts, scenario, activity, text, severity, DISP[status]]
        row += [None, None, None]
        if status == "decided":
            at = raised + HOUR * rng.uniform(1, min(age - 1, 24 * 6))
            row[9:12] = [rng.choice(staff.managers), decision, _office(at)]
        rows.append(row)
    return _numbered(rows, 1)


def _survey(rng: random.Random, now: dt.datetime, per: int) -> list[list[Any]]:
    """Four quarters of the satisfaction survey, ending with the current one, slowly improving."""
    rows: list[list[Any]] = []
    this = now.year * 4 + (now.month - 1) // 3
    for age in (3, 2, 1, 0):
        year, index = divmod(this - age, 4)
        start = dt.datetime(year, 3 * index + 1, 1, 9)
        end = dt.datetime(year + (index == 3), 3 * ((index + 1) % 4) + 1, 1)
        days = (min(now, end) - start).days
        weights = (1, 3, 15 + 3 * age, 42, 39 - 3 * age)
        for dept in DEPTS:
            for _ in range(per):
                c, s, m = rng.choices(range(1, 6), weights, k=3)
                at = min(now, start + DAY * rng.randint(0, days) + MINUTE * rng.randrange(540))
                comment = rng.choice(COMMENTS) if rng.random() < 0.3 else None
                head = [f"S{len(rows) + 1:05d}", f"{year}Q{index + 1}", dept[0], at, c, s, m]
                rows.append([*head, round((c + s + m) / 3), comment])
    return rows


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
    depts, people, staff = _people(rng, max(1, round(math.sqrt(scale))))
    matrix, steps, templates = _templates()
    projects, task_rows = _projects(rng, now, steps, staff, tasks)
    cases, kinds = _cases(rng, today, max(1, round(25 * scale)))
    n = len(task_rows)
    task_rows[n // 4][4] = "D99"  # planted: an unknown department
    task_rows[n // 2][8] = f"{today.year}-02-30"  # planted: a date that does not exist
    task_rows[3 * n // 4][0] = task_rows[3 * n // 4 - 1][0]  # planted: a repeated task id
    tabs = {
        "departments": depts,
        "people": people,
        "responsibilities": matrix,
        "templates": templates,
        "projects": projects,
        "tasks": task_rows,
        "disputes": _disputes(rng, now, max(1, round(15 * scale)), staff),
        "retrospectives": _retros(
            rng, now, max(1, round(30 * scale)), projects, cases, kinds, staff
        ),
        "survey": _survey(rng, now, max(1, round(5 * scale))),
        "cases": cases,
        "calendar": _calendar(today),
    }
    head = "label" if headers == "zh" else "key"
    return {
        TAB_TITLES[key]: [[getattr(c, head) for c in TABS[key].columns], *rows]
        for key, rows in tabs.items()
    }
