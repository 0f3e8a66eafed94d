"""What the demo's people report back: disputes, retrospectives, survey answers, the case library.

Part of the demo workbook (``sheets_sync.demo``), drawn from the caller's ``random.Random`` in
a fixed order and dated relative to now.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from config.schema import ACTION_STATUS, CATEGORY, SEVERITY, STATUS_DISPUTE
from sheets_sync.demo_clock import DAY_MIN, WorkClock
from sheets_sync.demo_company import (
    COMMENTS,
    DEPTS,
    DISPUTES,
    FIRST_TIME,
    LIBRARY,
    MATRIX,
    PATTERNS,
    TEMPLATES,
)
from sheets_sync.demo_org import DAY, Staff

DISP, CAT, SEV = dict(STATUS_DISPUTE), dict(CATEGORY), dict(SEVERITY)
ACTION = dict(ACTION_STATUS)
NAMES = {d[0]: d[1] for d in DEPTS}
# the steps of a negotiation in the 协商记录 column, in the order they happen: {a} raised the
# dispute, {b} is the other side
TALKS = (
    "{a}与{b}当面沟通，各执一词", "{a}提出由{a}牵头、{b}配合，{b}未同意",
    "{b}补充了近三个月的工单数据，{a}仍有异议", "{b}提出按项目轮流负责，{a}需请示负责人",
    "协调员组织{a}、{b}会谈，未达成一致", "{a}提出先按原流程执行，{b}同意临时方案",
)  # fmt: skip


def _numbered(rows: list[list[Any]], when: int) -> list[list[Any]]:
    """Rows in time order, numbered after the prefix in their first cell (R0001, DS0001)."""
    rows.sort(key=lambda r: r[when])
    for i, row in enumerate(rows, 1):
        row[0] = f"{row[0]}{i:04d}"
    return rows


def cases(rng: random.Random, today: dt.date, n: int) -> tuple[list[list[Any]], list[int]]:
    """The case library: recurring problems per scenario, and the pattern of each case."""
    combos = [*LIBRARY, *((p, s) for p in range(len(PATTERNS)) for s in MATRIX
                          if (p, s) not in LIBRARY)]  # fmt: skip
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
        times = rng.choice((1, 2, 2, 3, 4)) if last > first else 1  # most seen once or twice
        head = [f"C{i + 1:03d}", f"{scenario}·{title}", CAT[category], symptom, cause]
        rows.append([*head, solution, tags, depts, first, last, times])
        kinds.append(p)
    return rows, kinds


def retros(
    rng: random.Random,
    now: dt.datetime,
    n: int,
    projects: list[list[Any]],
    library: list[list[Any]],
    kinds: list[int],
    staff: Staff,
    clock: WorkClock,
) -> list[list[Any]]:
    """Retrospectives held a few working days after each done project: mostly new problems,
    a few known cases recurring, each with an action, its owner, deadline and status."""
    # the last project closed within 5 working days has not held its retrospective yet, and one
    # closed earlier in the quarter missed it (the obligation ``sla`` shows breached)
    now_p = clock.pos(now)
    done = sorted((p for p in projects if p[10] is not None), key=lambda p: p[10])
    ago = {p[0]: now_p - clock.pos(p[10]) for p in done}
    skip = {p[0] for p in done[-1:] if ago[p[0]] < 5 * DAY_MIN}
    missed = [p for p in done if p[0] not in skip and 5 * DAY_MIN < ago[p[0]] < 60 * DAY_MIN]
    skip |= {rng.choice(missed)[0]} if missed else set()
    held_for = [p for p in done if p[0] not in skip]
    chosen = held_for[:n] + [rng.choice(held_for) for _ in range(n - len(held_for)) if held_for]
    case_of = {
        (kind, case[1].split("·")[0]): case[0] for case, kind in zip(library, kinds, strict=True)
    }
    scenario_of = {t[0]: t[2] for t in TEMPLATES}
    held_at: dict[str, int] = {}  # one meeting per project, its findings share the time
    rows: list[list[Any]] = []
    known: tuple[int, str] | None = None
    for j, project in enumerate(chosen):
        closed = clock.pos(project[10])
        held_p = held_at.setdefault(
            project[0], min(closed + rng.randint(60, 3 * DAY_MIN), now_p - rng.randint(30, 120))
        )
        # early in each 24 findings a known problem comes back twice: first left to the matcher
        # (a case of the project's scenario has the same text), then named by its case id
        ours = sorted(k for k, scenario in case_of if scenario == scenario_of[project[2]])
        if j % 24 == 1 and j < len(held_for) and ours:
            kind = rng.choice(ours)
            known = kind, case_of[(kind, scenario_of[project[2]])]
        if j % 24 in (1, 3) and j < len(held_for) and known:
            category, _, finding, cause, action, _ = PATTERNS[known[0]]
            case_id = known[1] if j % 24 == 3 else None
        else:
            category, finding, cause, action = rng.choice(FIRST_TIME)
            case_id = None
        late = rng.random()  # 90% done within the 24 working hours, 7% later, 3% still open
        took = rng.uniform(2, 20) if late < 0.9 else rng.uniform(26, 60)
        done_p = held_p + int(60 * took) if late < 0.97 else now_p + 1
        owner = rng.choice([staff.heads[project[3]], *staff.coordinators])
        status = "done" if done_p <= now_p else "doing" if rng.random() < 0.6 else "todo"
        head = ["R", project[0], clock.at(held_p), CAT[category], finding, cause, case_id, action]
        rows.append([*head, owner, clock.at(held_p + 24 * 60),
                     clock.at(done_p) if status == "done" else None, ACTION[status]])  # fmt: skip
    return _numbered(rows, 2)


def disputes(
    rng: random.Random, now: dt.datetime, n: int, staff: Staff, clock: WorkClock
) -> list[list[Any]]:
    """Disputes over responsibility: one in twelve recent and still open (negotiated or with
    management), the others of the past year, nearly all decided within two working days."""
    rows: list[list[Any]] = []
    now_p = clock.pos(now)
    for i in range(n):
        scenario, activity, depts, text, decision, decided_dept = rng.choice(DISPUTES)
        if i % 12 == 0:
            raised_p = now_p - int(60 * rng.uniform(2, 40))
            status, severity = ("negotiating", "escalated")[i // 12 % 2], "normal"
        else:  # 65 working days back at least: older than the 90-day window
            raised_p = now_p - int(DAY_MIN * (65 + 185 * rng.random()))
            status = "decided" if rng.random() < 0.93 else "escalated"
            severity = "major" if rng.random() < 0.1 else "normal"
        by = rng.choice(staff.members[depts.split("、")[0]])
        row = ["DS", clock.at(raised_p), by, depts, scenario, activity, text, SEV[severity]]
        row += [DISP[status], None, None, None, None]
        end_p = now_p
        if status == "decided":
            took = rng.uniform(2, 16) if rng.random() < 0.92 else rng.uniform(50, 90)
            end_p = raised_p + int(60 * took)
            row[9:13] = [rng.choice(staff.managers), decision, clock.at(end_p), decided_dept]
        rows.append([*row, _negotiation(raised_p, end_p, depts, status, i, clock)])
    return _numbered(rows, 1)


def _negotiation(
    raised_p: int, end_p: int, depts: str, status: str, i: int, clock: WorkClock
) -> str | None:
    """The 协商记录 of one dispute: one to three dated steps between its raising and its
    decision (or now), ending in the hand-over to management once it went there; the newest
    open dispute and one in seven others left empty, as people forget. Drawn from its own
    generator (seeded by the dispute), so the demo's other values stay as they were."""
    draw = random.Random(f"negotiation:{raised_p}:{depts}")
    if i == 0 or draw.random() < 1 / 7:
        return None
    a, b = (NAMES.get(d, d) for d in [*depts.split("、"), ""][:2])
    picked = sorted(draw.sample(range(len(TALKS)), draw.randint(1, 3)))
    steps = [TALKS[k] for k in picked]
    if status in ("decided", "escalated"):
        steps.append("双方同意提交管理层裁决" if status == "decided" else "{a}提交管理层裁决")
    span = end_p - raised_p
    if status == "escalated":  # handed to management after a few working days of talks
        span = min(span, draw.randint(2, 8) * DAY_MIN)
    span = max(span, len(steps))
    dated = []
    for k, step in enumerate(steps, 1):
        day = clock.at(raised_p + span * k // (len(steps) + 1))
        dated.append(f"{day:%m-%d} " + step.format(a=a, b=b))
    return "；".join(dated)


def _weekly_hours(response_id: str, age: int, communication: int) -> float | None:
    """每周跨部门沟通耗时: 4-12 h, about 10 a year ago and 6.5 now, fewer when communication is
    rated better; one answer in ten leaves it empty. Drawn from its own generator (seeded by
    the answer's id), so the demo's other values stay as they were."""
    draw = random.Random(f"hours:{response_id}")
    if draw.random() < 0.1:
        return None
    hours = 6.5 + 1.2 * age - 0.8 * (communication - 4) + draw.uniform(-2.0, 2.0)
    return min(12.0, max(4.0, round(hours * 2) / 2))


def survey(
    rng: random.Random, now: dt.datetime, per: int, staff: Staff, clock: WorkClock
) -> list[list[Any]]:
    """Four quarters of the satisfaction survey, ending with the current one, slowly improving;
    60-100% of a department's people answer (never more answers than people), in working hours."""
    rows: list[list[Any]] = []
    this = now.year * 4 + (now.month - 1) // 3
    for age in (3, 2, 1, 0):
        year, index = divmod(this - age, 4)
        start = dt.datetime(year, 3 * index + 1, 1, 9)
        end = dt.datetime(year + (index == 3), 3 * ((index + 1) % 4) + 1, 1)
        span = max(1, clock.pos(min(now, end)) - clock.pos(start))
        weights = (1, 2, 8 + 3 * age, 40, 49 - 3 * age)
        # every n-th answer is not satisfied (mean of the three below 4): 8% of the answers now,
        # 18.5% a year ago, so the KPI climbs past its 90% target without noise
        share, answered = 0.08 + 0.035 * age, 0
        for dept in DEPTS:
            people = len(staff.members.get(dept[0], ())) + 1  # and the head
            for _ in range(min(per, round(people * rng.uniform(0.6, 1.0)))):
                satisfied = int((answered + 1) * share) == int(answered * share)
                answered += 1
                while True:
                    c, s, m = rng.choices(range(1, 6), weights, k=3)
                    if (c + s + m >= 12) == satisfied:
                        break
                at = min(now, clock.at(clock.pos(start) + 1 + rng.randrange(span)))
                comment = rng.choice(COMMENTS) if rng.random() < 0.3 else None
                head = [f"S{len(rows) + 1:05d}", f"{year}Q{index + 1}", dept[0], at, c, s, m]
                hours = _weekly_hours(str(head[0]), age, m)
                rows.append([*head, round((c + s + m) / 3), comment, hours])
    return rows
