"""The facts of the handbook, read from the workbook: each activity's RACI, its time limits
(template steps, else the SLA rules), the decided disputes about it, and the open questions
``validate`` found in the matrix (gaps, two accountable departments): the 待明确 items."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from config.settings import SlaSettings
from config.sla_rules import SlaRule
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

ROLES = (("responsible", "R"), ("accountable", "A"), ("consulted", "C"), ("informed", "I"))
# the matrix findings that leave a duty unclear (the others are typing mistakes)
PENDING_RULES = ("raci.", "template.activity_gap", "ref.unknown", "header.missing")


@dataclass(frozen=True)
class Dept:
    dept_id: str
    name: str
    head: str  # the head's name (or id when the person is unknown)
    escalate_to: str  # the management contact's name, "" when none is set


@dataclass(frozen=True)
class StepLimit:
    """One template step on an activity and the hours it is given."""

    template_id: str
    template_name: str
    step: int
    step_name: str
    kind: str  # handoff, work, approval, review ("" when not set)
    response_h: float
    done_h: float
    response_clock: str  # business / calendar
    clock: str  # of the completion (or approval) clock


@dataclass(frozen=True)
class Precedent:
    """A decided dispute about the activity: how it was settled."""

    dispute_id: str
    decided_at: str
    decided_by: str
    decision: str


@dataclass(frozen=True)
class Duty:
    """One row of the matrix with what the templates and disputes say about it."""

    scenario: str
    activity: str
    cell: str  # where the row is, e.g. 权责清单!A3
    roles: Mapping[str, str]  # dept_id -> "R" / "A" / "R、A" …
    notes: str
    steps: tuple[StepLimit, ...]
    precedents: tuple[Precedent, ...]

    def role_of(self, dept_id: str) -> str:
        return self.roles.get(dept_id, "")

    def with_role(self, letter: str) -> list[str]:
        return [d for d, r in self.roles.items() if letter in r.split("、")]


@dataclass(frozen=True)
class Pending:
    """A 待明确 item: a problem of the matrix, where it is, and whom it concerns."""

    cell: str
    text: str
    scenario: str | None
    depts: frozenset[str]  # empty: everyone in the scenario


@dataclass(frozen=True)
class Duties:
    depts: tuple[Dept, ...]
    duties: tuple[Duty, ...]
    pending: tuple[Pending, ...]
    rules: Mapping[str, SlaRule]
    version: str
    date: dt.date
    hours: str = "09:00–12:00、13:00–18:00"  # the working hours of the calendar

    def dept(self, dept_id: str) -> Dept | None:
        return next((d for d in self.depts if d.dept_id == dept_id), None)


def _names(wb: Workbook) -> dict[str, str]:
    p = wb["people"]
    return dict(zip(p.column("person_id"), p.column("name"), strict=True))


def _depts(wb: Workbook, names: Mapping[str, str]) -> tuple[Dept, ...]:
    out = []
    for r in wb["departments"].records():
        if r["active"] is False:
            continue
        boss = r["escalate_to"]
        out.append(
            Dept(r["dept_id"], r["name"], names.get(r["head"], r["head"] or ""),
                 names.get(boss, boss or ""))
        )  # fmt: skip
    return tuple(out)


def _steps(wb: Workbook, sla: SlaSettings) -> dict[tuple[str, str], list[StepLimit]]:
    out: dict[tuple[str, str], list[StepLimit]] = {}
    for r in wb["templates"].records():
        kind = r["kind"] or ""
        done_kind = "approval" if kind == "approval" else "completion"
        done = sla.rule(done_kind, r["template_id"], r["step"])
        respond = sla.rule("response", r["template_id"], r["step"])
        out.setdefault((r["scenario"], r["activity"]), []).append(
            StepLimit(
                r["template_id"], r["name"], r["step"], r["step_name"], kind,
                r["response_sla_h"] or respond.goal_h, r["done_sla_h"] or done.goal_h,
                respond.clock, done.clock,
            )
        )  # fmt: skip
    return out


def _precedents(wb: Workbook, names: Mapping[str, str]) -> dict[tuple[str, str], list[Precedent]]:
    out: dict[tuple[str, str], list[Precedent]] = {}
    for r in wb["disputes"].records():
        if r["status"] != "decided" or not r["decision"]:
            continue
        at = r["decided_at"]
        out.setdefault((r["scenario"], r["activity"]), []).append(
            Precedent(r["dispute_id"], f"{at:%Y-%m-%d}" if at else "",
                      names.get(r["decided_by"], r["decided_by"] or ""), r["decision"])
        )  # fmt: skip
    return out


def _pending(wb: Workbook, findings: Sequence[Finding], locale: str) -> tuple[Pending, ...]:
    m = wb["responsibilities"]
    by_row = {row: rec for row, rec in zip(m.rows, m.records(), strict=True)}
    t = wb["templates"]
    steps = {row: rec for row, rec in zip(t.rows, t.records(), strict=True)}
    out = []
    for f in findings:
        text = f"{f.message(locale)}（{f.fix(locale)}）"
        if f.tab == t.title and f.severity == "error" and f.rule != "template.activity_gap":
            # a template's error (a time limit that cannot be read, a cycle: trial38), under
            # the departments of its step's activity
            step = steps.get(int("".join(ch for ch in f.cell if ch.isdigit()) or 0)) or {}
            key = (step.get("scenario"), step.get("activity"))
            depts = {d for rec in by_row.values() if (rec["scenario"], rec["activity"]) == key
                     for role, _ in ROLES for d in rec.get(role) or ()}  # fmt: skip
            out.append(Pending(f"{f.tab}!{f.cell}", text, step.get("scenario"), frozenset(depts)))
            continue
        if f.tab != m.title and f.rule != "template.activity_gap":
            continue
        if not f.rule.startswith(PENDING_RULES):
            continue
        if f.rule == "template.activity_gap":  # under the departments of its scenario (not
            # every department's: trial26), every one's when the scenario has none yet
            scenario = f.params.get("scenario")
            depts = {d for rec in by_row.values() if rec["scenario"] == scenario
                     for key, _ in ROLES for d in rec.get(key) or ()}  # fmt: skip
            out.append(Pending(f"{f.tab}!{f.cell}", text, scenario, frozenset(depts)))
            continue
        digits = "".join(ch for ch in f.cell if ch.isdigit())
        rec = by_row.get(int(digits or 0))
        depts = {d for key, _ in ROLES for d in (rec or {}).get(key) or ()}
        depts |= {d for d in str(f.value or "").replace(",", "、").split("、") if d}
        scenario = rec["scenario"] if rec else None
        out.append(Pending(f"{f.tab}!{f.cell}", text, scenario, frozenset(depts)))
    return tuple(out)


def _version(duties: Sequence[Duty], today: dt.date) -> str:
    """The date and a digest of the content: the version changes when the matrix does."""
    digest = hashlib.sha256(repr(duties).encode("utf-8")).hexdigest()[:6]
    return f"{today:%Y.%m.%d}-{digest}"


def read_duties(
    wb: Workbook,
    findings: Sequence[Finding],
    sla: SlaSettings,
    today: dt.date,
    scenario: str | None = None,
    locale: str = "zh-CN",
) -> Duties:
    """Everything the handbook says, for one scenario or all (``findings``: from validate)."""
    names = _names(wb)
    steps, precedents = _steps(wb, sla), _precedents(wb, names)
    m = wb["responsibilities"]
    duties = []
    for i, r in enumerate(m.records()):
        if scenario is not None and r["scenario"] != scenario:
            continue
        roles: dict[str, list[str]] = {}
        for key, letter in ROLES:
            for d in r[key] or ():
                roles.setdefault(d, []).append(letter)
        pair = (r["scenario"], r["activity"])
        duties.append(
            Duty(
                r["scenario"], r["activity"], f"{m.title}!{m.cell('activity', i)}",
                {d: "、".join(v) for d, v in roles.items()}, r["notes"] or "",
                tuple(steps.get(pair, ())), tuple(precedents.get(pair, ())),
            )
        )  # fmt: skip
    pending = tuple(
        p
        for p in _pending(wb, findings, locale)
        if scenario is None or p.scenario in (None, scenario)
    )
    hours = "、".join(
        f"{a // 60:02d}:{a % 60:02d}–{b // 60:02d}:{b % 60:02d}" for a, b in sla.calendar.hours
    )
    return Duties(
        _depts(wb, names), tuple(duties), pending, dict(sla.rules), _version(duties, today), today,
        hours,
    )  # fmt: skip


def only_precedents(duties: Duties, dispute_ids: Collection[str]) -> Duties:
    """The handbook with only the precedents of these disputes (a scoped viewer's: those their
    departments are party to); the rest, the version included, as read."""
    keep = frozenset(dispute_ids)
    return dataclasses.replace(
        duties,
        duties=tuple(
            dataclasses.replace(
                d, precedents=tuple(p for p in d.precedents if p.dispute_id in keep)
            )
            for d in duties.duties
        ),
    )
