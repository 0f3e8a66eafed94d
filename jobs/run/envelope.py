"""The one run envelope: open the ``_runs`` record, read once, parse, compute, write once.

Every command and the scheduler call ``run(kind, …)``; the kind says which bot tabs it writes:

=========  =========================================================
validate   ``_checks``
sla        ``_sla``
metrics    ``_metrics``
cases      ``_case_links``
remind     ``_reminders`` (``hourly=True``: only escalations and retries)
daily      ``_checks _sla _metrics _case_links _reminders``
hourly     ``_sla _reminders`` (new level-3 escalations, retries, held messages, new tasks)
weekly     ``_reminders`` and the meeting packs (``jobs.run.weekly_command``: its own report)
=========  =========================================================

Each run (but a dry run, which writes nothing) appends one row to ``_runs`` in the same write
(``jobs.run.results``, as the survey rounds do).
The domain packages only compute; this is where the backend is read and written and where
the notifiers are handed to the delivery loop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

from config.schema import is_bot_tab
from config.settings import Settings
from jobs.cases.notes import case_notes
from jobs.cases.recurrence import links, summary
from jobs.cases.suggestions import suggestions
from jobs.checks.checks_tab import checks_rows
from jobs.checks.vanished import check_vanished
from jobs.kpis.measures import KpiValue
from jobs.notify import Notifier
from jobs.reminders.silence import silence
from jobs.run.beside import Measuring, checked
from jobs.run.delivery import Delivery, Hook, deliver
from jobs.run.forked import Forked
from jobs.run.ledger_db import Seen
from jobs.run.mirror import Mirror
from jobs.run.results import write_results
from jobs.run.run_report import DELIVERY, KINDS, WRITES, RunReport
from jobs.run.run_summary import run_reason, undelivered, with_cases
from jobs.run.runs_tab import STAMP, Run
from jobs.run.tab_rows import case_rows, tab_rows
from jobs.sla.status import sla_of
from sheets_sync.backend import Backend
from sheets_sync.finding import Finding, count
from sheets_sync.tables import collector_paused
from sheets_sync.workbook import parse_workbook

if TYPE_CHECKING:
    from jobs.run.weekly_command import WeeklyReport

F = TypeVar("F", bound=Callable[..., Any])


def _unfreezing(func: F) -> F:
    """``gc.unfreeze()`` when the run ends, however it ends (see ``run``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        finally:
            gc.unfreeze()

    return cast(F, wrapper)


Kind = Literal["validate", "sla", "metrics", "cases", "remind", "daily", "hourly"]


@overload
def run(
    kind: Literal["weekly"], settings: Settings, backend: Backend, now: dt.datetime, *,
    notifiers: Mapping[str, Notifier] | None = None, dry_run: bool = False,
    journal: Path | None = None,
) -> WeeklyReport: ...  # fmt: skip
@overload
def run(
    kind: Kind, settings: Settings, backend: Backend, now: dt.datetime, *,
    notifiers: Mapping[str, Notifier] | None = None, hourly: bool = False,
    dry_run: bool = False, clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep, journal: Path | None = None,
    hook: Hook | None = None,
) -> RunReport: ...  # fmt: skip
@overload
def run(
    kind: str, settings: Settings, backend: Backend, now: dt.datetime, *,
    notifiers: Mapping[str, Notifier] | None = None, hourly: bool = False,
    dry_run: bool = False, clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep, journal: Path | None = None,
    hook: Hook | None = None,
) -> RunReport | WeeklyReport: ...  # fmt: skip
def run(
    kind: str, settings: Settings, backend: Backend, now: dt.datetime, *,
    notifiers: Mapping[str, Notifier] | None = None, hourly: bool = False,
    dry_run: bool = False, clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep, journal: Path | None = None,
    hook: Hook | None = None,
) -> RunReport | WeeklyReport:  # fmt: skip
    """One run of ``kind`` (see the module docstring); ``notifiers`` None: from the config.
    The CLI's run commands, ``weekly`` and the scheduler's runs call this; the survey rounds
    share its write (``jobs.run.results``), a failed run's record its ``_runs`` codec."""
    if kind == "weekly":  # the packs, their notices and one _runs row (its own report)
        from jobs.run.weekly_command import weekly_run

        if hourly or hook is not None:
            raise ValueError("a weekly run takes neither hourly nor hook")

        return weekly_run(settings, backend, now, dry_run=dry_run, notifiers=notifiers,
                          journal=journal)  # fmt: skip
    if kind not in WRITES:
        raise ValueError(f"kind must be one of {(*KINDS, 'weekly')}, not {kind!r}")
    return _tabs_run(kind, settings, backend, now, notifiers=notifiers, hourly=hourly,
                     dry_run=dry_run, clock=clock, sleep=sleep, journal=journal,
                     hook=hook)  # fmt: skip


@_unfreezing
def _tabs_run(
    kind: str, settings: Settings, backend: Backend, now: dt.datetime, *,
    notifiers: Mapping[str, Notifier] | None, hourly: bool, dry_run: bool,
    clock: Callable[[], float], sleep: Callable[[float], None], journal: Path | None,
    hook: Hook | None,
) -> RunReport:  # fmt: skip
    """A run writing the bot tabs ``WRITES[kind]`` (every kind but weekly)."""
    writes = WRITES[kind]
    started = clock()  # at ``now``: each message is stamped when it went (jobs/run/delivery.py)
    log = Run(kind, backend, now)
    raw = backend.read()
    timed = {"_sla", "_metrics", "_reminders"} & set(writes)
    # the bot tabs read: the run log, the last pauses, the KPI history and the reminder ledger
    reads = {"_runs", *(("_sla",) if timed else ()), *({"_metrics", "_reminders"} & timed)}
    # no collection while the workbook is read and parsed (millions of new objects that all
    # stay: a pass would walk them for nothing, holding the GIL the other threads wait for),
    # then frozen, below
    with collector_paused():
        wb = parse_workbook(raw, settings, bot_tabs=reads, wait=False)
        # while the largest tab is still decoding (on threads): the ledger database, the case
        # suggestions and links (they read neither tasks nor the bot tabs, and their two tables
        # are parsed by now, or parsed here), then the bot tabs read as their union with the
        # database (jobs/run/mirror.py: queued last); then every table parsed (findings in order)
        mirror = Mirror.open(settings, backend, dry_run)
        cased = bool({"_case_links", "_metrics"} & set(writes))
        found = suggestions(wb) if cased else []
        # once: the recurrence KPI, the case notes of the reminders and the case statistics
        linked = links(wb, found) if cased else []
        # what reads no task, too: the _case_links rows and the reminders' case notes
        case_tab, notes = None, None
        if "_case_links" in writes:
            case_tab = case_rows(wb, found, linked, now, backend.link)
        if "_case_links" in writes and "_reminders" in writes:  # the workbook's people's words
            notes = case_notes(wb, found, settings.written_locale, now.date(), backend.link,
                               linked)  # fmt: skip
        wb = dataclasses.replace(wb, bot=mirror.overlay(wb.bot, reads, now.date()))
        wb = dataclasses.replace(wb, parse_findings=wb.findings)
        # the parsed workbook (millions of objects at 100,000 tasks) lives until the run ends: kept
        # out of the collector's passes, which the compute steps' allocations would otherwise
        # trigger over and over (a quarter of their CPU time); unfrozen when the run returns
        gc.freeze()
    gone = check_vanished(wb) if "_sla" in writes and "_checks" not in writes else []
    if gone:  # rows the last run saw open are gone: this run lists them in _checks, as the next
        # daily run compares with this run's _sla (trial28: a row lost at 10:30, an hourly run
        # at 11:00, and no run named it); it counts them, not the sheet's standing errors
        writes = ("_checks", *writes)
    human = {t: raw[t] for t in raw if not is_bot_tab(t)}  # decoded already: no child decodes
    # the checks and the cells' findings in a child process beside the SLA, on a second core
    # (jobs/run/beside.py); a fault in either stops the run before a message goes out
    checking = Forked(checked, wb, human, settings.channels, fork=bool(timed)) \
        if "_checks" in writes else None  # fmt: skip
    try:
        sla = sla_of(wb, settings.sla_section, now) if timed else None
        listed, cells = checking.result() if checking is not None else ([], None)
    finally:
        if checking is not None:
            checking.close()
    findings: list[Finding] = list(gone or listed)
    # a tab that cannot be read (no header, a required column missing) is an error of every
    # run, not only of those writing _checks (trial17: `run hourly` and `sla` said 正常)
    findings += _unsaid(findings, wb.unread)
    findings += mirror.findings()
    if cells is not None and "_reminders" not in writes:  # as delivery finds them: `validate`
        findings += _unsaid(findings, cells)  # (trial18)
    tabs: dict[str, list[list[Any]]] = {}
    if sla is not None:
        findings += _unsaid(findings, sla.findings)
    deliveries: tuple[Delivery, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()
    superseded: tuple[str, ...] = ()
    ledger, quiet = None, None
    unread = tuple(t.title for t in wb.tables.values() if t.unusable)  # said in each line
    saw: Seen | None = None
    # the rows of _sla and _case_links, the KPIs and the _sla rows in child processes beside
    # the planning of the messages (jobs/run/beside.py): all before any message is sent
    # (`ready`), so a fault in them stops the run before one goes out
    measuring: Measuring | None = None
    values: list[KpiValue] = []
    try:
        if sla is not None and "_metrics" in writes:
            beside = "_sla" in writes or "_reminders" in writes  # else nothing to do meanwhile
            tabbed = (settings.written_locale, settings.locale, backend.link)
            measuring = Measuring(wb, sla, settings.kpi_section, now.date(), found, linked,
                                  tabbed if "_sla" in writes else None, fork=beside)  # fmt: skip
        got = tab_rows(wb, sla, settings, [w for w in writes if measuring is None or w != "_sla"],
                       found, linked, now, backend.link, case_tab)  # fmt: skip
        tabs.update(got.tabs)
        sla_shown = got.shown
        if sla is not None and "_reminders" in writes:
            sent, ledger = deliver(
                settings, wb, human, sla.result, sla.calendar, backend.link, now, log.run_id,
                hourly=hourly or kind == "hourly", dry_run=dry_run, notifiers=notifiers,
                clock=clock, sleep=sleep, journal=journal, hook=hook, notes=notes,
                seen=mirror.assignees, started=started, cells=cells,
                ready=measuring.result if measuring is not None else None,
            )  # fmt: skip
            deliveries, failures, superseded = sent.deliveries, sent.failures, sent.superseded
            if sent.assignees is not None:  # kept for the next announcing run, with its start
                saw = (now.strftime(STAMP), sent.assignees)
            statuses = [d.status for d in deliveries]
            quiet = silence(
                settings.remind_section, now, sla.calendar, statuses, ledger.entries.values(),
                hourly=hourly or kind == "hourly",
                unread=unread,
            )  # fmt: skip
            findings += sent.findings
            tabs["_reminders"] = ledger.rows(now.date())
        if measuring is not None:
            kpis = measuring.result()
            values, tabs["_metrics"] = kpis.values, kpis.metrics
            if kpis.sla is not None:
                tabs["_sla"], sla_shown = kpis.sla
    finally:
        if measuring is not None:
            measuring.close()
    if "_checks" in writes:  # with what planning the messages found (a webhook in a cell, a
        # person without an address): counted in the summary, so listed too (trial12)
        shown = [*listed, *_unsaid(listed, findings)] if gone else findings
        tabs["_checks"] = checks_rows(shown, settings.written_locale, backend.link, now)
    tabs = {t: tabs[t] for t in writes if t in tabs}  # in the order of WRITES
    errors, warnings = count(findings)
    rows = {key: len(t) for key, t in wb.tables.items()}
    counts = {"rows": sum(rows.values()), "errors": errors, "warnings": warnings}
    if sla is not None:
        result = sla.result
        counts.update({s: int(n) for s, n in sla.counts.items()})
        # at level 3 (management): breached that far, or a major / escalated dispute, at once
        # whatever its window says (trial11: a 重大 dispute sent to management went uncounted)
        counts["escalated"] = int((result["level"] >= 3).sum())
    counts["kpis"] = sum(v.value is not None for v in values)
    counts.update({s: sum(d.status == s for d in deliveries) for s in DELIVERY})
    # owed or lost from this run or an earlier one (failed and dead: told for a week)
    standing = ledger.standing(now - dt.timedelta(days=7)) if ledger is not None else {}
    owed = undelivered(standing)
    outcome = "errors" if errors or owed else "ok"
    lost = ledger.undelivered(now - dt.timedelta(days=7)) if ledger is not None else []
    written = settings.written_locale  # the workbook's people read _runs: [general] locale
    notes_ = [run_reason(errors, standing, written, lost, settings.channels.kind_of, unread,
                         messages=ledger is not None),
              *(f"{k}: {e}" for k, e in failures)]  # fmt: skip
    if "_case_links" in writes:
        counts["accepted"], counts["without_case"] = got.accepted, got.without_case
        cases = got.cases or summary([])
        counts.update(cases=cases.cases, recurring_cases=cases.recurring,
                      linked_retros=cases.linked, recurrences=cases.recurrences)  # fmt: skip
        if kind == "cases":
            notes_[0] = with_cases(notes_[0], written, accepted=counts["accepted"],
                                   without_case=counts["without_case"], linked=cases.linked,
                                   recurring=cases.recurring, cases=cases.cases)  # fmt: skip
    message = "; ".join(notes_)[:500]
    row = log.row(outcome, errors=errors + owed, warnings=warnings, rows=counts["rows"],
                  message=message)  # fmt: skip
    # the database, then the results file (locked: a fallback beside it), then the journal
    diverted = "" if dry_run else write_results(backend, mirror, ledger, wb, tabs, row, now,
                                                assignees=saw)  # fmt: skip
    if diverted:
        outcome = "errors"
    mirror.close()
    return RunReport(
        kind, log.run_id, now, outcome, counts, round(log.elapsed, 3), row["api_requests"],
        () if dry_run else tuple(tabs), tuple(findings), deliveries, tuple(values), message,
        rows, sla, tuple(sla_shown), tuple(found), failures, superseded, dry_run,
        diverted, standing, quiet, got.stats, unread,
    )  # fmt: skip


def _unsaid(findings: list[Finding], more: Iterable[Finding]) -> list[Finding]:
    """``more`` without what ``findings`` already says (the same tab, cell and rule)."""
    said = {(f.tab, f.cell, f.rule) for f in findings}
    return [f for f in more if (f.tab, f.cell, f.rule) not in said]
