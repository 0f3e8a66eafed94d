"""``collabsheet weekly``: the weekly meeting pack (周例会材料). One read of the workbook; the
management pack and one per department written as Word, HTML and xlsx files into
``[weekly] folder``/WEEK/ (default: weekly/ beside the workbook) with an ``index.json`` the
dashboard's 周报 page reads; the heads, management and coordinators told through their channels,
each message recorded in the reminder ledger under ``weekly:WEEK:PACK:PERSON``: a second run in
the same ISO week rewrites the files and sends nothing again. One ``_runs`` row (job weekly).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.settings import Settings
from jobs.notify import Message, Notifier, Outcome, factory, parts, redact
from jobs.run import options
from jobs.run.command_text import LINES, say
from jobs.run.delivery import Delivery
from jobs.run.journal import journal_path
from jobs.run.lock import held
from jobs.run.options import EXIT_FINDINGS, EXIT_OK, Add, Progress, at_option, wait_option
from jobs.run.run_summary import UNDELIVERED
from jobs.run.text_table import table
from jobs.run.weekly_files import FORMATS, file_name, write_packs
from jobs.weekly.notice import dashboard_base, no_link
from sheets_sync.finding import Finding

READS = ("_runs", "_metrics", "_reminders", "_sla")


@dataclass(frozen=True)
class WeeklyReport:
    """What one weekly run wrote and sent."""

    week: str
    folder: Path
    packs: tuple[dict[str, Any], ...]  # key, name, title, files {format: file name}, counts
    deliveries: tuple[Delivery, ...]
    outcome: str  # ok | errors (a message not delivered)
    run_id: str
    dry_run: bool = False
    findings: tuple[Finding, ...] = ()  # people their channel cannot reach (no address)
    diverted: str = ""  # the results file was locked: the line naming it and the fallback

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.deliveries)

    @property
    def retry(self) -> bool:
        """Something a later run can still deliver (pending): the scheduler tries the week's
        run again for it; failed and dead messages are final (review12: it ran every hour
        for them, all week)."""
        return any(d.status.removeprefix("already ") == "pending" for d in self.deliveries)

    def summary(self, locale: str = "en") -> str:
        """One line for a log or a terminal: sent now, sent earlier this week, not delivered."""
        sent = self.count("sent")
        before = self.count("already sent")
        owed = sum(undelivered(d.status) for d in self.deliveries)
        where = {"week": self.week, "packs": len(self.packs), "folder": self.folder}
        if self.dry_run:
            return say(locale, "weekly.dry", n=self.count("would_send"), before=before, **where)
        state = say(locale, "weekly.owed" if owed else "weekly.ok")  # a locked file: its line
        return say(locale, "weekly.run", sent=sent, before=before, owed=owed, state=state, **where)


def undelivered(status: str) -> bool:
    """Not delivered, in this run or earlier this week: "already failed" is no "already sent"
    (trial12: a second run said 14 failed mails were sent, all delivered, and exited 0)."""
    return status.removeprefix("already ") in UNDELIVERED


def _send(sender: Notifier | None, m: Message, secrets: list[str]) -> Outcome:
    if sender is None:
        return Outcome(False, False, f"channel {m.channel!r} is not configured under [channels]")
    try:
        return sender.send(m)
    except Exception as exc:  # a channel must never stop the run or lose the other messages
        return Outcome(False, True, redact(f"{type(exc).__name__}: {exc}", secrets))


def weekly_run(
    settings: Settings, backend: Any, now: dt.datetime, *, dry_run: bool = False,
    notifiers: Mapping[str, Notifier] | None = None, journal: Path | None = None,
) -> WeeklyReport:  # fmt: skip
    """Build, write and announce the week's packs (see the module docstring)."""
    from jobs.cases.recurrence import case_stats, links
    from jobs.cases.suggestions import suggestions
    from jobs.kpis.measures import metrics
    from jobs.kpis.metrics_tab import metrics_records
    from jobs.reminders.ledger import Ledger
    from jobs.run.journal import FileJournal
    from jobs.run.mirror import Mirror
    from jobs.run.results import write_results
    from jobs.run.runs_tab import Run
    from jobs.sla.status import sla_of
    from jobs.weekly.agenda import items
    from jobs.weekly.notice import notices
    from jobs.weekly.pack import Names, packs, week_of
    from jobs.weekly.trend import kpi_lines
    from sheets_sync.workbook import parse_workbook

    log = Run("weekly", backend, now)
    wb = parse_workbook(backend.read(), settings, bot_tabs=READS)
    mirror = Mirror.open(settings, backend, dry_run)
    try:
        wb = dataclasses.replace(wb, bot=mirror.overlay(wb.bot, READS, now.date()))
        sla = sla_of(wb, settings.sla_section, now)
        found = suggestions(wb)
        linked = links(wb, found)  # once: the recurrence KPI and the cases that recurred
        values = metrics(wb, sla.result, settings.kpi_section, now.date(), found, linked)
        lines = kpi_lines(values, metrics_records(wb.bot.get("_metrics")), now.date())
        its = items(wb, sla.result, case_stats(wb, linked), now)
        depts = [
            r for r in wb["departments"].records() if r["dept_id"] and r["active"] is not False
        ]
        people, projects = wb["people"], wb["projects"]
        names = Names(
            {str(d["dept_id"]): str(d["name"] or d["dept_id"]) for d in depts},
            dict(zip(people.column("person_id"), people.column("name"), strict=True)),
            dict(zip(projects.column("project_id"), projects.column("name"), strict=True)),
        )
        week = week_of(now)[0]
        depts_ids = [str(d["dept_id"]) for d in depts]
        # a tab not read: said at the top of every pack and in the sections drawn from it
        # (trial26: 待裁决争议 本周无 with three escalated disputes in an unread tab)
        gone = {k: t.title for k, t in wb.tables.items() if t.unusable}
        made = packs(lines, its, names, now, settings.written_locale, depts_ids, gone)
        folder = settings.weekly.folder_for(settings.path) / week
        written = [] if dry_run else write_packs(folder, made, now)
        where = folder.resolve()  # a path the reader can open from anywhere on the machine
        files = {p.key: [str(where / file_name(p, f)) for f in FORMATS] for p in made}
        remind, survey = settings.remind_section, settings.survey
        messages, findings = notices(wb, remind, survey, now, backend.link, made, files)
        # a tab that cannot be read: its part of the packs is empty; said, as every run says
        # it (review20: the packs said 待裁决争议 0 项 and _runs 正常)
        unread = wb.unread
        findings = [*unread, *findings]
        channels = settings.channels
        secrets = factory.secrets(channels)
        ledger = Ledger.load(wb.bot.get("_reminders") or [],
                             FileJournal(None if dry_run else journal or journal_path(settings)),
                             channels, secrets, locale=settings.written_locale)  # fmt: skip
        senders = dict(notifiers if notifiers is not None else factory.notifiers(channels))
        statuses = {k: e.status for k, e in ledger.entries.items()}
        out: list[Delivery] = []
        for m in parts.expand(senders, messages, statuses):
            hidden = redact(m.recipient, secrets)
            if not ledger.due(m, now):  # sent this week already (or waiting for its retry)
                status = ledger.entries[m.key].status
                out.append(Delivery(m.key, m.channel, hidden, m.subject, f"already {status}"))
                continue
            if dry_run:
                out.append(Delivery(m.key, m.channel, hidden, m.subject, "would_send"))
                continue
            ledger.begin(m, now, log.run_id)
            entry = ledger.finish(m, _send(senders.get(m.channel), m, secrets), now)
            out.append(Delivery(m.key, m.channel, hidden, m.subject, entry.status, entry.error))
        bad = sum(undelivered(d.status) for d in out)
        outcome = "errors" if bad or unread else "ok"
        shown = written or [{"key": p.key, "name": p.name, "title": p.document.title,
                             "files": {f: file_name(p, f) for f in FORMATS},
                             "counts": dict(p.counts)} for p in made]  # fmt: skip
        report = WeeklyReport(week, folder, tuple(shown), tuple(out), outcome, log.run_id, dry_run,
                              tuple(findings))  # fmt: skip
        if not dry_run:
            read = sum(len(t) for t in wb.tables.values())
            note = report.summary(settings.written_locale)[:500]  # the workbook's people's
            row = log.row(outcome, errors=bad + len(unread), rows=read, message=note)
            tabs = {"_reminders": ledger.rows(now.date())}
            # as every run's: the database, the results file (locked: a fallback), the journal
            diverted = write_results(backend, mirror, ledger, wb, tabs, row, now)
            if diverted:
                report = dataclasses.replace(report, outcome="errors", diverted=diverted)
    finally:
        mirror.close()
    return report


def _status(status: str, locale: str) -> str:
    """A delivery's status as printed: 已发送, 本周已发送过 (already sent this week) …"""
    before = status.startswith("already ")
    status = status.removeprefix("already ")
    shown = say(locale, f"status.{status}") if f"status.{status}" in LINES else status
    if not before:
        return shown
    if status == "sent":
        return say(locale, "weekly.already_sent")
    return say(locale, "weekly.earlier", status=shown)


def cmd_weekly(args: argparse.Namespace, settings: Settings) -> int:
    from jobs.run.envelope import run
    from jobs.run.failure import raise_failed
    from sheets_sync import open_backend

    now = args.at or options.now(settings)
    with held(settings, "weekly", args.wait, getattr(args, "dry_run", False)):
        backend = open_backend(settings, Progress(args.quiet or args.json))
        try:
            report = run("weekly", settings, backend, now, dry_run=args.dry_run)
        except Exception as exc:  # as the scheduler does: in _runs and told to the coordinators
            raise_failed(settings, backend, "weekly", now, exc, args.dry_run)
    findings = [dict(f.as_row(settings.locale), link=backend.link(f.tab, f.cell))
                for f in report.findings]  # fmt: skip
    # exit 1 while a message is owed, someone cannot be reached (an error at their cell) or
    # the results file was locked (the line on stderr: merged by the next run)
    bad = report.outcome != "ok" or any(f.severity == "error" for f in report.findings)
    options.tell_diverted(report)
    if args.json:
        print(json.dumps(
            {"week": report.week, "folder": str(report.folder), "dry_run": report.dry_run,
             "packs": list(report.packs), "outcome": report.outcome, "diverted": report.diverted,
             "deliveries": [dataclasses.asdict(d) for d in report.deliveries],
             "findings": findings,
             "dashboard": dashboard_base(settings.survey)},
            ensure_ascii=False, indent=2, default=str,
        ))  # fmt: skip
        return EXIT_FINDINGS if bad else EXIT_OK
    print(report.summary(settings.locale))
    for p in report.packs:
        print(f"  {report.folder / p['files']['docx']}  {p['title']}")
    shown = [(_status(d.status, settings.locale), d.channel, d.recipient, d.subject)
             for d in report.deliveries]  # fmt: skip
    for line, d in zip(table(shown), report.deliveries, strict=True):
        print(f"  {line}")
        if d.error:  # a held or carried reason in the terminal's language
            print(f"                 {d.note(settings.locale)}")
    for f in findings:
        print(f"  {f['link']}: {f['message']} {f['fix']}")
    if dashboard_base(settings.survey) is None:  # the messages name the files: say why, once
        print(no_link(settings.survey, settings.locale))
    return EXIT_FINDINGS if bad else EXIT_OK


def register(add: Add) -> None:
    """Add ``weekly`` to the parser."""
    p = add(
        "weekly",
        cmd_weekly,
        "write the weekly meeting pack (周例会材料): one for management and one per department "
        "(KPIs against target with their trend, breached and escalated items, disputes awaiting "
        "a decision, retrospective actions due or overdue, recurring cases, the survey) as "
        ".docx, .html and .xlsx into [weekly] folder/WEEK/ (default: weekly/ beside the "
        "workbook), and tell the heads, management and coordinators through their channels; "
        "once per ISO week: a second run rewrites the files and sends nothing again "
        "(exit 1 while a message is not delivered)",
        'collabsheet weekly --at "2026-12-07 09:00" --dry-run',
    )
    at_option(p)
    p.add_argument(
        "--dry-run", action="store_true", help="show the packs and messages; write and send nothing"
    )
    wait_option(p)
