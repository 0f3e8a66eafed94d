"""The demo company's organisation as rows: departments, people, the RACI matrix and templates.

Part of the demo workbook (``sheets_sync.demo``); the names and texts are in
``sheets_sync.demo_company``. Everything is drawn from the caller's ``random.Random``, in a
fixed order, so the same seed gives the same company.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from typing import Any

from config.choices import ROLE, SCALE
from sheets_sync.demo_company import DEPTS, GAP_DEPT, GIVEN, MATRIX, SURNAMES, TEMPLATES

ROLES, SCALES = dict(ROLE), dict(SCALE)
KINDS = {"handoff": "传递", "work": "执行", "approval": "审批", "review": "验收"}
MINUTE, HOUR, DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)


@dataclass(frozen=True)
class Step:
    """One template step with the departments that do it (from the matrix)."""

    step: int
    name: str
    kind: str
    response_h: int
    done_h: int
    deps: tuple[int, ...]
    depts: tuple[str, ...]


@dataclass
class Staff:
    """Who can be assigned what: members by department, heads, managers and coordinators."""

    members: dict[str, list[str]]
    heads: dict[str, str]
    managers: list[str]
    coordinators: list[str]


def office(t: dt.datetime) -> dt.datetime:
    """A time between 19:00 and 09:00 squeezed into 08:00-08:59 (order kept): people work by day."""
    if 9 <= t.hour < 19:
        return t.replace(second=0, microsecond=0)
    night = (t.hour - 19) % 24 * 60 + t.minute  # minutes since 19:00, < 14 * 60
    morning = t if t.hour < 9 else t + DAY
    return morning.replace(hour=8, minute=night // 14, second=0, microsecond=0)


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(w[0], w[1:]) for w in text.split()]


def chat_ids(pid: str, account: str) -> list[str]:
    """A person's ids on Feishu (open_id: ``ou_`` and 32 hex digits), WeCom (the directory
    account, here the mail's local part) and Slack (a member id ``U…``): made from the person
    id, not drawn, so the rest of the demo is the same company as before these columns."""
    digest = hashlib.sha256(pid.encode()).hexdigest()
    return [f"ou_{digest[:32]}", account, "U" + digest[32:42].upper()]


def people(rng: random.Random, factor: int) -> tuple[list[list[Any]], list[list[Any]], Staff]:
    """Departments and people (``factor`` times the base headcount) with unique names, each
    with an e-mail, a mobile (DingTalk) and an id on Feishu, WeCom and Slack."""
    surnames, given = _pairs(SURNAMES), _pairs(GIVEN)
    names: set[str] = set()
    emails: dict[str, int] = {}
    rows: list[list[Any]] = []
    staff = Staff({}, {}, [], [])
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
            pid = f"P{len(rows) + 1:03d}"
            mobile = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            role = {"H": "head", "M": "manager", "C": "coordinator"}.get(roles[i : i + 1], "member")
            active = not (dept == "D03" and i == size * factor - 1)  # left; referenced nowhere
            rows.append([pid, name, dept, f"{email}@example.com", mobile, ROLES[role], active,
                         *chat_ids(pid, email)])  # fmt: skip
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
        [d, name, staff.heads[d], managers[i % len(managers)], channel, True, None]  # 通知群
        for i, (d, name, channel, _, _) in enumerate(DEPTS)
    ]
    return depts, rows, staff


def templates() -> tuple[list[list[Any]], dict[str, list[Step]], list[list[Any]]]:
    """The matrix rows, each template's steps with their departments, and the template rows."""
    matrix = [
        [scenario, *(v or None for v in row)] for scenario, rows in MATRIX.items() for row in rows
    ]
    responsible = {(s, r[0]): tuple(r[1].split("、")) for s, rows in MATRIX.items() for r in rows}
    rows: list[list[Any]] = []
    steps: dict[str, list[Step]] = {}
    for tid, name, scenario, ptype, scale, *_, spec in TEMPLATES:
        for n, (step_name, activity, kind, resp_h, done_h, deps) in enumerate(spec, 1):
            head = [tid, name, scenario, ptype, SCALES[scale], n, step_name, activity]
            rows.append([*head, KINDS[kind], resp_h, done_h, deps or None])
            depts = responsible.get((scenario, activity), (GAP_DEPT,))
            after = tuple(int(d) for d in deps.split("、") if d)
            steps.setdefault(tid, []).append(Step(n, step_name, kind, resp_h, done_h, after, depts))
    return matrix, steps, rows
