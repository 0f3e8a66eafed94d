"""What the demo's people report back: disputes, retrospectives, survey answers, the case library.

Part of the demo workbook (``sheets_sync.demo``), drawn from the caller's ``random.Random`` in
a fixed order and dated relative to now.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from config.schema import CATEGORY, SEVERITY, STATUS_DISPUTE
from sheets_sync.demo_company import COMMENTS, DEPTS, DISPUTES, MATRIX, PATTERNS
from sheets_sync.demo_org import DAY, HOUR, MINUTE, Staff, office

DISP, CAT, SEV = dict(STATUS_DISPUTE), dict(CATEGORY), dict(SEVERITY)


def _numbered(rows: list[list[Any]], when: int) -> list[list[Any]]:
    """Rows in time order, numbered after the prefix in their first cell (R0001, DS0001)."""
    rows.sort(key=lambda r: r[when])
    for i, row in enumerate(rows, 1):
        row[0] = f"{row[0]}{i:04d}"
    return rows


def cases(rng: random.Random, today: dt.date, n: int) -> tuple[list[list[Any]], list[int]]:
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


def retros(
    rng: random.Random,
    now: dt.datetime,
    n: int,
    projects: list[list[Any]],
    library: list[list[Any]],
    kinds: list[int],
    staff: Staff,
) -> list[list[Any]]:
    """Retrospectives after done projects: a finding, its cause and a rectification action."""
    done = [p for p in projects if p[10] is not None and p[10] < now - 6 * HOUR]
    case_of: dict[int, list[str]] = {}
    for case, p in zip(library, kinds, strict=True):
        case_of.setdefault(p, []).append(case[0])
    rows: list[list[Any]] = []
    for _ in range(n if done else 0):
        project = rng.choice(done)
        held = office(min(project[10] + HOUR * rng.randint(2, 72), now - HOUR * rng.randint(1, 5)))
        p = rng.randrange(len(PATTERNS))
        category, _, symptom, cause, solution, _ = PATTERNS[p]
        linked = case_of.get(p) if rng.random() < 0.4 else None
        late = rng.random()  # 70% done within the 24 h target, 20% later, 10% still open
        fixed = office(held + HOUR * (rng.uniform(2, 22) if late < 0.7 else rng.uniform(26, 96)))
        owner = rng.choice([staff.heads[project[3]], *staff.coordinators])
        case_id = rng.choice(linked) if linked else None
        head = ["R", project[0], held, CAT[category], symptom, cause, case_id, solution, owner]
        rows.append([*head, held + 24 * HOUR, fixed if fixed <= now and late < 0.9 else None])
    return _numbered(rows, 2)


def disputes(rng: random.Random, now: dt.datetime, n: int, staff: Staff) -> list[list[Any]]:
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
        row = ["DS", office(raised), by, depts, scenario, activity, text, severity, DISP[status]]
        row += [None, None, None]
        if status == "decided":
            at = raised + HOUR * rng.uniform(1, min(age - 1, 24 * 6))
            row[9:12] = [rng.choice(staff.managers), decision, office(at)]
        rows.append(row)
    return _numbered(rows, 1)


def _weekly_hours(response_id: str, age: int, communication: int) -> float | None:
    """每周跨部门沟通耗时: 4-12 h, about 10 a year ago and 6.5 now, fewer when communication is
    rated better; one answer in ten leaves it empty. Drawn from its own generator (seeded by
    the answer's id), so the demo's other values stay as they were."""
    draw = random.Random(f"hours:{response_id}")
    if draw.random() < 0.1:
        return None
    hours = 6.5 + 1.2 * age - 0.8 * (communication - 4) + draw.uniform(-2.0, 2.0)
    return min(12.0, max(4.0, round(hours * 2) / 2))


def survey(rng: random.Random, now: dt.datetime, per: int) -> list[list[Any]]:
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
                hours = _weekly_hours(str(head[0]), age, m)
                rows.append([*head, round((c + s + m) / 3), comment, hours])
    return rows
