"""Recurrence: which findings repeat a library case, per-case statistics and the KPI.

A finding is *linked* to a case when a person typed its case_id (that always wins) or when the
matcher's best suggestion reached the accept threshold (``suggestions.ACCEPT``). A case's first
occurrence is its ``first_seen`` date or its earliest linked finding, whichever is earlier. A
linked finding is a *recurrence* when the case occurred before it: ``first_seen`` is before the
finding's day, or another finding of the case was held before it. The recurrence-rate KPI
(docs/metrics.md) is recurrences / findings held in the last ``WINDOW_DAYS`` days. A run
computes the links once (``links``) and hands them to the KPI, the case notes and the statistics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobs.cases.suggestions import Suggestion, accepted, suggestions
from sheets_sync.workbook import Workbook

WINDOW_DAYS = 90  # as the dispute rates: the KPI speaks of the last quarter, not all history


@dataclass(frozen=True)
class Link:
    """One finding linked to a case, and whether it repeats the case."""

    retro_id: str
    case_id: str
    held: dt.datetime | None
    source: str  # "person" (typed case_id) or "match" (accepted suggestion)
    recurrence: bool


def quarter_of(day: dt.date) -> str:
    """2026-11-27 -> "2026Q4" (the survey's notation)."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def _day(v: Any) -> dt.date | None:
    return v.date() if isinstance(v, dt.datetime) else v


def links(wb: Workbook, found: Sequence[Suggestion] | None = None) -> list[Link]:
    """Every linked finding, in sheet order, with its recurrence flag.

    ``found``: the suggestions of this run (``suggestions.suggestions``); computed when None.
    A typed case_id that is not in the library links nothing (validation reports it).
    """
    cases, retros = wb["cases"], wb["retrospectives"]
    found = found if found is not None else suggestions(wb)
    first_seen = {
        str(c): f for c, f in zip(cases.column("case_id"), cases.column("first_seen"), strict=True)
    }
    auto = accepted(found)
    raw: list[tuple[str, str, dt.datetime | None, str]] = []
    for retro_id, case_id, held_on in zip(
        retros.column("retro_id"), retros.column("case_id"), retros.column("held_on"), strict=True
    ):
        rid = str(retro_id)
        typed = str(case_id) if case_id else None
        if typed is not None:
            if typed in first_seen:
                raw.append((rid, typed, held_on, "person"))
        elif rid in auto:
            raw.append((rid, auto[rid], held_on, "match"))
    earliest: dict[str, tuple[dt.datetime, int]] = {}
    for i, (_, case, held, _) in enumerate(raw):
        if held is not None and (case not in earliest or (held, i) < earliest[case]):
            earliest[case] = (held, i)
    out = []
    for i, (rid, case, held, source) in enumerate(raw):
        seen, first = first_seen.get(case), earliest.get(case)
        repeat = held is not None and (
            (seen is not None and seen < held.date()) or (first is not None and first < (held, i))
        )
        out.append(Link(rid, case, held, source, repeat))
    return out


@dataclass(frozen=True)
class Rate:
    """The recurrence rate with what is behind it (``None`` when no finding is in the window)."""

    value: float | None
    numerator: int
    denominator: int
    keys: tuple[str, ...]  # retro_ids in the window
    recurrences: tuple[str, ...]  # retro_ids that repeat a case


def recurrence_rate(
    wb: Workbook,
    today: dt.date,
    window_days: int = WINDOW_DAYS,
    linked: Sequence[Link] | None = None,
) -> Rate:
    """Findings held in the last ``window_days`` days that repeat a case / findings held then."""
    since = today - dt.timedelta(days=window_days)
    repeat = {x.retro_id for x in (linked if linked is not None else links(wb)) if x.recurrence}
    keys = []
    retros = wb["retrospectives"]
    for retro_id, held_on in zip(retros.column("retro_id"), retros.column("held_on"), strict=True):
        held = _day(held_on)
        if held is not None and since < held <= today:
            keys.append(str(retro_id))
    hits = tuple(k for k in keys if k in repeat)
    value = len(hits) / len(keys) if keys else None
    return Rate(value, len(hits), len(keys), tuple(keys), hits)


@dataclass(frozen=True)
class CaseStats:
    """One case of the library as the retrospectives show it."""

    case_id: str
    title: str
    category: str | None
    occurrences: int  # 发生次数: see ``occurrences`` below
    recurrences: int
    first_seen: dt.date | None  # first_seen or the earliest linked finding, the earlier one
    last_seen: dt.date | None  # last_seen or the latest linked finding, the later one
    departments: tuple[str, ...]  # the case's, the linked projects' initiators, action owners'
    by_quarter: Mapping[str, int]  # quarter -> recurrences in it ("2026Q4": 2)
    linked: int = 0  # linked findings (关联复盘): typed case_id or accepted suggestion


def occurrences(typed: Any, last_seen: dt.date | None, days: Sequence[dt.date | None]) -> int:
    """A case's 发生次数, its one definition (CLI, sheet and dashboard alike): the library's own
    发生次数 counts the occurrences up to its 最近发生 (``last_seen``) — at least the linked
    findings held by then — and each linked finding held after it is one more.

    ``typed``: the library's 发生次数 (blank: 0); ``days``: the days of the linked findings
    (without a day a finding counts as held by ``last_seen``)."""
    count = int(typed) if isinstance(typed, int | float) and typed > 0 else 0
    if last_seen is None:
        return count + len(days)
    after = sum(d is not None and d > last_seen for d in days)
    return max(count, len(days) - after) + after


def case_stats(
    wb: Workbook, linked: Sequence[Link] | None = None, only: Collection[str] | None = None
) -> list[CaseStats]:
    """Per library case, in library order: occurrences, recurrences, dates, departments.

    ``only``: the statistics of these case_ids alone (the others are left out)."""
    linked = list(linked if linked is not None else links(wb))
    retros = wb["retrospectives"]
    retro = {  # retro_id -> (project_id, action_owner)
        str(rid): (p, o)
        for rid, p, o in zip(retros.column("retro_id"), retros.column("project_id"),
                             retros.column("action_owner"), strict=True)
    }  # fmt: skip
    projects, people = wb["projects"], wb["people"]
    initiator = dict(
        zip(projects.column("project_id"), projects.column("initiator_dept"), strict=True)
    )
    dept_of = dict(zip(people.column("person_id"), people.column("dept_id"), strict=True))
    by_case: dict[str, list[Link]] = {}
    for x in linked:
        by_case.setdefault(x.case_id, []).append(x)
    cases = wb["cases"]
    keys = ("case_id", "title", "category", "first_seen", "last_seen", "departments", "occurrences")
    out = []
    # column by column, not a dict of every column per case (6,250 cases at 100,000 tasks)
    for case_id, title, category, first_seen, last_seen, departments, typed in zip(
        *(cases.column(k) for k in keys), strict=True
    ):
        cid = str(case_id)
        if only is not None and cid not in only:
            continue
        mine = by_case.get(cid, [])
        days = [d for x in mine if (d := _day(x.held)) is not None]
        count = occurrences(typed, _day(last_seen), [_day(x.held) for x in mine])
        firsts = [d for d in (first_seen, min(days, default=None)) if d is not None]
        lasts = [d for d in (last_seen, max(days, default=None)) if d is not None]
        depts = set(departments or ())
        for x in mine:
            project, owner = retro[x.retro_id]
            depts.update(d for d in (initiator.get(project), dept_of.get(owner)) if d)
        quarters: dict[str, int] = {}
        for x in mine:
            if x.recurrence and x.held is not None:
                q = quarter_of(x.held.date())
                quarters[q] = quarters.get(q, 0) + 1
        out.append(
            CaseStats(
                cid, str(title), category, count, sum(x.recurrence for x in mine),
                min(firsts, default=None), max(lasts, default=None),
                tuple(sorted(map(str, depts))), dict(sorted(quarters.items())), len(mine),
            )
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class CaseSummary:
    """The library's statistics, one definition each, shown alike by ``collabsheet cases``, the
    ``_runs`` row of a case run and the dashboard's case page.

    - a *linked retrospective* is a retrospective finding linked to a library case (a typed
      case_id of the library, or an accepted suggestion): ``CaseStats.linked`` summed;
    - a *recurring case* is a case with at least one recurrence (a linked finding held after
      the case had already occurred);
    - ``recurrences``: the linked findings that are recurrences.

    A case's 发生次数 (``CaseStats.occurrences``) is the library's own count carried on by the
    linked findings held after its 最近发生 (``occurrences``); no total here sums it."""

    cases: int
    recurring: int
    linked: int
    recurrences: int


def summary(stats: Sequence[CaseStats]) -> CaseSummary:
    """The statistics of ``case_stats``' cases."""
    return CaseSummary(
        len(stats),
        sum(s.recurrences > 0 for s in stats),
        sum(s.linked for s in stats),
        sum(s.recurrences for s in stats),
    )


def flagged(stats: Sequence[CaseStats], quarter: str, at_least: int = 2) -> list[CaseStats]:
    """Cases that recurred ``at_least`` times in ``quarter`` (for the coordinator), most first."""
    hot = [s for s in stats if s.by_quarter.get(quarter, 0) >= at_least]
    return sorted(hot, key=lambda s: (-s.by_quarter[quarter], s.case_id))


def by_category(stats: Sequence[CaseStats]) -> dict[tuple[str, str], int]:
    """(category, quarter) -> recurrences: the dashboard's recurrence chart."""
    out: dict[tuple[str, str], int] = {}
    for s in stats:
        for q, n in s.by_quarter.items():
            key = (str(s.category or "other"), q)
            out[key] = out.get(key, 0) + n
    return dict(sorted(out.items()))
