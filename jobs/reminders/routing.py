"""Who gets what (pure): digests, head and management lists, the meeting list, urgent escalations.

Layered communication of the plan: everyday items in one digest per person per day (merged into
one group message per department when its channel is a group bot), important items in the
coordinator's meeting list, urgent items (a new level-3 escalation) straight to the
department's IM channel on the hourly run. Outside working hours only level-3 escalations go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from config.remind_settings import RemindSettings
from jobs.notify import Item, Message, Section
from jobs.reminders.announcement import announce
from jobs.reminders.assignments import Assignment
from jobs.reminders.planner import Planner
from jobs.reminders.quiet_hours import quiet_now as quiet_now
from jobs.reminders.webhooks import webhook_findings as webhook_findings
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

if TYPE_CHECKING:
    from jobs.cases.notes import Notes


@dataclass(frozen=True)
class Plan:
    messages: tuple[Message, ...]
    findings: tuple[Finding, ...]


def plan(
    wb: Workbook, result: pd.DataFrame, remind: RemindSettings, now: dt.datetime,
    link: Callable[[str, str], str], failed: Iterable[tuple[str, str]] = (),
    notes: Notes | None = None, gaps: list[Finding] | None = None,
    at_once: dt.datetime | None = None,
) -> list[Message]:  # fmt: skip
    """Every message of the day, urgent ones first (the job filters by run and quiet hours;
    the ledger drops what was sent already). ``notes``: the case library's extra lines;
    ``gaps``: receives the findings of people who cannot be reached (``jobs.reminders.reach``).
    ``now``: when the day's messages go (outside working hours: the next opening);
    ``at_once``: when the urgent ones go, if another moment (the run's: they are not held).

    The SLA frame is filtered and sorted once, vectorised; each wanted obligation becomes one
    ``Row`` (``jobs.reminders.rows``) with its item and section title made once, and every
    layer groups those rows in plain dicts (no frame per person)."""
    p = Planner(wb, remind, now, link)
    personal, meeting = (notes.personal, notes.meeting) if notes else ({}, ())
    open_ = result[result["status"].isin(["at_risk", "breached", "on_track"])]
    today = open_["due_at"].dt.normalize() == pd.Timestamp(now.date())
    # level 3: breached that far, or a major / escalated dispute (management at once)
    wanted = open_[(open_["status"] != "on_track") | today | (open_["level"] >= 3)]
    wanted = wanted.reset_index(drop=True)
    rows = p.rows(wanted)
    order = wanted[wanted["level"] >= 3].sort_values("key").index
    if at_once is not None and at_once != now and len(order):
        # sent now, not at the opening: their items said as of now (trial17: a Saturday's
        # escalation said 已过 10 个自然日, Monday's count, for a task 8 days late); by the same
        # planner, so whom they cannot reach is still said (review20)
        kept = p.now, p.words.now
        p.now = p.words.now = at_once
        try:
            urgent = p.rows(wanted.loc[order].reset_index(drop=True))
        finally:
            p.now, p.words.now = kept
        messages = p.urgent(urgent)
    else:
        messages = p.urgent([rows[i] for i in order])
    messages += p.digests(rows, personal)
    messages += p.lists(rows, list(failed), meeting)
    if gaps is not None:
        gaps.extend(p.reach.findings())
    return messages


def to_coordinators(
    wb: Workbook, remind: RemindSettings, now: dt.datetime, link: Callable[[str, str], str],
    key: str, subject: str, intro: str, items: Sequence[Item], title: str = "",
) -> list[Message]:  # fmt: skip
    """One message per active coordinator (a failed run, a case that keeps recurring); the
    items under ``title`` (default: the subject)."""
    p = Planner(wb, remind, now, link)
    section = (Section(title or subject, tuple(items)),)
    return [
        m
        for who in sorted(p.people.values(), key=lambda w: w.person_id)
        if who.role == "coordinator"
        for m in p.personal(who, f"{key}:{who.person_id}", subject, intro, section, 2)
    ]


@dataclass(frozen=True)
class Letter:
    """A message for one person (``to_people``): ledger key prefix, subject, intro, sections."""

    person_id: str
    key: str
    subject: str
    intro: str
    sections: tuple[Section, ...]


def to_people(
    wb: Workbook, remind: RemindSettings, now: dt.datetime, link: Callable[[str, str], str],
    letters: Iterable[Letter],
) -> tuple[list[Message], list[Finding]]:  # fmt: skip
    """Each letter to its active person by the person's own channel, as a digest goes (the
    weekly pack to a head, a manager); key ``KEY:PERSON``. Someone the channel cannot reach (a
    mail without an address) gets none: a finding at their cell instead. Unknown ids: none."""
    p = Planner(wb, remind, now, link)
    out = [
        m
        for x in letters
        if x.person_id in p.people
        for m in p.personal(
            p.people[x.person_id], f"{x.key}:{x.person_id}", x.subject, x.intro, x.sections, 2
        )
    ]
    return out, p.reach.findings()


def announced(
    wb: Workbook, remind: RemindSettings, now: dt.datetime, link: Callable[[str, str], str],
    fresh: Sequence[Assignment],
) -> list[Message]:  # fmt: skip
    """The announcements of new assignments (``jobs.reminders.assignments``), routed as the
    department's other messages are: to the person, or to the group with an @ of them."""
    if not fresh:  # most runs: no planner (its words index every task) built for nothing
        return []
    p = Planner(wb, remind, now, link)
    return announce(
        p, fresh, link, remind.locale,
        lambda who, key, subject, intro, sections: p.personal(who, key, subject, intro,
                                                              sections, 0, (key,)),
        lambda channel, who: p.mentions(channel, [who]),
    )  # fmt: skip
