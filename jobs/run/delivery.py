"""Delivery: plan the messages, send what the ledger allows, record every outcome.

The run envelope (``jobs.run.envelope``) reads, computes the SLA, calls ``deliver`` and writes
``_reminders`` with its ``_runs`` row. The daily run sends everything due; the hourly run
(``hourly=True``) sends new level-3 escalations, retries pending messages and sends the
held-back ones. Outside working hours only level 3 goes: the rest is planned for the next
opening and ``held`` in the ledger until then, and the first run in working hours sends it. A
dry run sends and writes nothing and shows exactly what would go, to whom, through which channel.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from config.settings import Settings
from jobs.cases.notes import Notes
from jobs.notify import Message, Notifier, Outcome, factory, parts, redact
from jobs.notify.failure_words import worded
from jobs.notify.limits import carried_reason, carried_why, history, is_carried
from jobs.reminders import assignments
from jobs.reminders.destinations import sheet_findings
from jobs.reminders.ledger import REASONS, Ledger
from jobs.reminders.quiet_hours import next_opening
from jobs.reminders.renewal import renewed
from jobs.reminders.routing import announced, plan, quiet_now
from jobs.run.batches import batches, interleaved, merged
from jobs.run.journal import FileJournal, journal_path
from jobs.run.ledger_db import Seen
from jobs.run.mirror import BotView
from jobs.run.runs_tab import STAMP, last_run_at
from jobs.workdays.calendar import WorkCalendar
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook

log = logging.getLogger("collabsheet.remind")
Hook = Callable[[str, str], None]  # (point, key): "sent" before its record, "recorded" after
_UNTIL = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # a held reason's opening
_RESUME = re.compile(r"\d{2}:\d{2}:\d{2}")  # a carried reason's moment


@dataclass(frozen=True)
class Delivery:
    """One planned message and what happened to it in this run."""

    key: str
    channel: str
    recipient: str
    subject: str
    status: str  # would_send, would_hold, held, sent, pending, carried, failed, dead
    error: str = ""
    # the subject it went under when merged with others into one post (【新任务】丁飞：7 项;
    # trial24: the dry run listed 7 messages where the run posted one), else ""
    sent_as: str = ""

    def note(self, locale: str) -> str:
        """Its reason in ``locale`` (the terminal's): a held or carried one, known by its
        status, said again in it (the ledger writes the workbook's language); a service's
        failure with its Chinese lead in zh-CN, without it in English (``worded``)."""
        if self.status in ("held", "would_hold") and (at := _UNTIL.search(self.error)):
            return REASONS(locale, "held", until=dt.datetime.strptime(at.group(), "%Y-%m-%d %H:%M"))
        if self.status == "carried" and is_carried(self.error):
            at = _RESUME.search(self.error)
            resume = dt.datetime.strptime(at.group(), "%H:%M:%S") if at else None
            return carried_reason(locale, self.channel, resume, carried_why(self.error))
        return worded(self.error, locale)  # a service's failure: its Chinese lead, or none


@dataclass(frozen=True)
class RemindReport:
    deliveries: tuple[Delivery, ...]
    findings: tuple[Finding, ...]
    failures: tuple[tuple[str, str], ...]  # failed / dead keys reported to the coordinator
    superseded: tuple[str, ...]
    dry_run: bool
    # task -> assignee this run saw (kept for the next one); None: it could not judge them (a
    # tab it reads unusable), so the last record stands (review18: a task lost)
    assignees: dict[str, str] | None

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.deliveries)


def deliver(
    settings: Settings, wb: Workbook, raw: Mapping[str, Any], result: pd.DataFrame,
    cal: WorkCalendar, link: Callable[[str, str], str], now: dt.datetime, run_id: str, *,
    hourly: bool = False, dry_run: bool = False, notifiers: Mapping[str, Notifier] | None = None,
    clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
    journal: Path | None = None, hook: Hook | None = None, notes: Notes | None = None,
    seen: Seen | None = None, started: float | None = None,
    ready: Callable[[], object] | None = None, cells: Sequence[Finding] | None = None,
) -> tuple[RemindReport, Ledger]:  # fmt: skip
    """Plan and send what the ledger allows; the caller writes ``ledger.rows(today)`` to
    ``_reminders`` and then clears the journal (not in a dry run), and keeps the report's
    ``assignees`` for the next run's ``seen`` (when the last announcing run began and task ->
    assignee it saw; used when that run is the previous run ``_runs`` names, else, or without
    the record, the last ``_sla`` tab stands in). ``started``: ``clock()`` when the run began,
    at ``now`` (else when delivery begins), so each send is stamped when it went; ``ready()``
    once planned, before the ledger or a channel is touched; ``cells``: ``sheet_findings``,
    when the caller has them (computed beside the SLA: jobs/run/beside.py)."""
    channels = settings.channels
    findings = list(cells) if cells is not None else sheet_findings(raw, wb, channels)
    secrets = factory.secrets(channels)
    decoded = wb.bot.reminders if isinstance(wb.bot, BotView) else None  # the run's union
    ledger = Ledger.load(
        wb.bot.get("_reminders", []), FileJournal(journal or journal_path(settings)), channels,
        secrets, decoded, settings.written_locale,  # its reasons: for the workbook's people
    )  # fmt: skip
    if dry_run:
        ledger.journal = FileJournal(None)  # read the journal, never write it
    failures = ledger.failures(week := now - dt.timedelta(days=7))  # listed for a week
    remind = settings.remind_section
    quiet = quiet_now(remind, now, cal)
    # outside working hours the day's messages are planned for the next opening (its date in
    # their keys) and held back until then; level-3 escalations go at once
    opens = next_opening(remind, now, cal) if quiet else now
    messages = plan(wb, result, remind, opens, link, ledger.failures(week, worded=True), notes,
                    findings, now)  # + gaps  # fmt: skip
    # an escalation whose typed due time was moved past it and that is breached to level 3
    # again: a key of its own (the planned list itself: `announced` is added to it below)
    messages[:] = renewed(messages, ledger.entries, result)
    # new assignments since the previous run, each announced once (its own ledger key)
    book = {k: e for k, e in ledger.entries.items() if k.startswith(assignments.PREFIX)}
    now_assigned = assignments.current(wb)
    # what the previous announcing run saw: kept by it (not by a failed run, nor one dated
    # before it with --at: review18), else the last _sla (an `sla` run since then may have
    # written it: its hand-offs are told apart by when that run began)
    since = previous_run(wb.bot.get("_runs", []))
    kept = seen[1] if seen and since and seen[0] == since.strftime(STAMP) else None
    before = kept if kept is not None else assignments.previous_assignees(wb)
    sla_at = None if kept is not None else last_run_at(wb.bot.get("_runs", []), "sla")
    absent = {a.task_id for a in now_assigned if before and a.task_id not in before}
    fresh = assignments.new(
        now_assigned, {k: e.first_at for k, e in book.items()},
        {k for k, e in book.items() if e.status in ("pending", "held")},
        since, before,
        {str(p) for p in wb["people"].column("person_id") if p}, assignments.owing(result, absent),
        sla_at, {k: e.status for k, e in book.items()},
    )  # fmt: skip
    messages += announced(wb, remind, opens, link, assignments.detailed(wb, result, fresh, now))
    senders = notifiers if notifiers is not None else factory.notifiers(channels)
    # each message as it goes: whole, or numbered parts that fit its channel (own ledger keys)
    entries = ledger.entries.items()
    messages = parts.expand(senders, messages, {k: e.status for k, e in entries},
                            {k: e.items for k, e in entries if e.items})  # fmt: skip
    # an hourly run sends what is owed: a retry, a held message, and a part of a message with
    # parts owed (cut anew from its items not yet told, it may take a number not used before)
    owing = {parts.base_of(k) for k, e in entries if e.status in ("pending", "held")} - {None}
    chosen = [
        m for m in messages
        if m.key.startswith("escalation:") or (not quiet and (
            not hourly or ledger.pending(m.key) or m.key.startswith(assignments.PREFIX)
            or parts.base_of(m.key) in owing))
    ]  # fmt: skip
    # an hourly run holds only the new assignments it saw (trial16: the next run no longer sees
    # them as new, and they were lost); the daily run makes and holds the rest
    held = [] if not quiet else [
        m for m in messages if not m.key.startswith("escalation:") and ledger.due(m, opens)
        and (not hourly or m.key.startswith(assignments.PREFIX))
    ]  # fmt: skip
    if ready is not None:
        ready()
    superseded = [] if dry_run else ledger.supersede([m.key for m in messages], now)
    if not dry_run:
        ledger.hold(held, now, opens)
    rows = ((e.channel, e.status, e.sent_at, e.next_at, e.error) for e in ledger.entries.values())
    limits = factory.limiters(channels, clock, sleep, history(rows, now))  # across runs
    reason = ledger.held(opens)
    out = [_delivery(m, "would_hold" if dry_run else "held", reason, secrets) for m in held]
    queued = interleaved(
        batches([m for m in chosen if ledger.due(m, now)], lambda m: parts.room(senders, m))
    )
    if not dry_run:  # the journal in batches: one fsync per batch (jobs/reminders/ledger.py)
        ledger.expect([b for batch in queued for b in batch])
    t0 = clock() if started is None else started

    def moment() -> dt.datetime:
        """Now on the run's clock: ``now`` plus the seconds since the run began (trial23:
        every send stamped with the run's start looked up to a minute older than it was, and
        the next run burst past DingTalk's 20 a minute)."""
        return now + dt.timedelta(seconds=max(clock() - t0, 0.0))

    silent: set[str] = set()  # channels that left a request unanswered this run
    behind = _behind(ledger, now)  # message -> its first part still owed: later parts wait
    for batch in queued:
        m = merged(batch)
        together = redact(m.subject, secrets) if len(batch) > 1 else ""
        if dry_run:
            out += [_delivery(b, "would_send", "", secrets, together) for b in batch]
            continue
        limiter = limits.get(m.channel)
        wait = m.channel in silent or any(_after(b.key, behind) for b in batch)
        if wait or (limiter is not None and not limiter.acquire(channels.max_wait_s)):
            at = moment()
            # a service that did not answer gets nothing more this run (trial23: 14 requests of
            # 10 s each into a silent bot, every one failed as maybe delivered); a part whose
            # earlier part waits waits too (trial23: part 12 an hour before part 5)
            quiet_for = 600.0 if m.channel in silent else 0.0  # ten minutes: then a retry
            ahead = max(limiter.resume_s() if limiter is not None else 0.0, quiet_for)
            resume = at + dt.timedelta(seconds=math.ceil(ahead))
            # the destination's own limit first (a part behind one refused "too many")
            blocked = limiter is not None and limiter.resume_s() > 0
            why = (
                "silent" if m.channel in silent else "carried" if blocked or not wait else "behind"
            )
            reason = carried_reason(settings.written_locale, m.channel, resume, why)
            for b in batch:
                ledger.carry(b, at, reason, resume)
                out.append(_delivery(b, "carried", reason, secrets))
                _owe(b.key, behind)
            continue
        at = moment()  # after the wait for a slot: when it goes (review25)
        for b in batch:
            ledger.begin(b, now, run_id)
        outcome = _send(senders, m, secrets)
        if hook:
            hook("sent", m.key)
        if limiter is not None and outcome.retry_after_s:
            limiter.back_off(outcome.retry_after_s)
        if not outcome.ok and outcome.error.startswith("unanswered:"):
            silent.add(m.channel)
        for b in batch:
            entry = ledger.finish(b, outcome, at)
            out.append(_delivery(b, entry.status, entry.error, secrets, together))
            if entry.status == "pending":  # to be retried: the parts after it wait for it
                _owe(b.key, behind)
        if hook:
            hook("recorded", m.key)
        level = logging.INFO if outcome.ok else logging.WARNING
        log.log(level, "%s %s via %s: %s %s", entry.status, m.key, m.channel,
                redact(m.recipient, secrets), entry.error)  # fmt: skip
    ledger.sync()  # the last batch's outcomes: one fsync
    judged = not any(wb[t].unusable for t in ("tasks", "people", "projects"))
    report = RemindReport(tuple(out), tuple(findings), tuple(failures), tuple(superseded), dry_run,
                          assignments.assignees(result) if judged else None)  # fmt: skip
    return report, ledger


def _part(key: str) -> tuple[str, int] | None:
    """(message key, part number) of a part's key ``KEY#3``; None for a whole message."""
    base = parts.base_of(key)
    return (base, int(key.rpartition(parts.SEP)[2])) if base is not None else None


def _behind(ledger: Ledger, now: dt.datetime) -> dict[str, int]:
    """Message -> the first of its parts still owed and not due yet (a retry, a carry): the
    parts after it wait for it (trial23: part 12 went an hour before part 5)."""
    out: dict[str, int] = {}
    stamp = now.strftime(STAMP)
    for key, e in ledger.entries.items():
        if e.status == "pending" and e.next_at > stamp and (p := _part(key)) is not None:
            out[p[0]] = min(out.get(p[0], p[1]), p[1])
    return out


def _owe(key: str, behind: dict[str, int]) -> None:
    if (p := _part(key)) is not None:
        behind[p[0]] = min(behind.get(p[0], p[1]), p[1])


def _after(key: str, behind: Mapping[str, int]) -> bool:
    """A part after one of its message still owed."""
    p = _part(key)
    return p is not None and p[0] in behind and p[1] > behind[p[0]]


def _send(senders: Mapping[str, Notifier], m: Message, secrets: list[str]) -> Outcome:
    """The channel's answer; a bug or missing channel becomes a retryable, redacted error."""
    sender = senders.get(m.channel)
    if sender is None:
        return Outcome(False, False, f"channel {m.channel!r} is not configured under [channels]")
    try:
        return sender.send(m)
    except Exception as exc:  # a channel must never stop the run or lose the other messages
        return Outcome(False, True, redact(f"{type(exc).__name__}: {exc}", secrets))


def _delivery(
    m: Message, status: str, error: str, secrets: list[str], together: str = ""
) -> Delivery:
    return Delivery(m.key, m.channel, redact(m.recipient, secrets), m.subject, status, error,
                    together)  # fmt: skip


def previous_run(runs: Any) -> dt.datetime | None:
    """When the latest earlier run that sends reminders began (``_runs``), or None."""
    times = [last_run_at(runs, kind) for kind in ("remind", "daily", "hourly")]
    return max((t for t in times if t is not None), default=None)
