"""The daily and hourly runs: one read, every job, one write of the bot tabs, one ``_runs`` row.

daily:  validate → SLA → metrics → case links → reminders (everything due)
        → _checks _sla _metrics _case_links _reminders _runs
hourly: SLA → reminders (new level-3 escalations and retries only)     → _sla _reminders _runs

A run that raises is recorded by ``record_failure``: a ``failed`` row in ``_runs`` and a note to
the coordinators, so a broken night is seen in the morning rather than discovered in a week.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config.settings import Settings
from jobs.cases.notes import case_notes
from jobs.cases.suggestions import case_links_rows, suggestions
from jobs.checks.validation import checks_rows, validate
from jobs.kpis.measures import KpiValue, metrics, metrics_rows
from jobs.notify import Item, Message, Notifier, Section, factory, redact
from jobs.reminders.planning import to_coordinators
from jobs.run.delivery import Delivery, Hook, deliver
from jobs.run.log import Run, runs_rows
from jobs.sla.status import sla_of, sla_rows
from sheets_sync.backend import Backend
from sheets_sync.cell import EPOCH
from sheets_sync.finding import Finding, count
from sheets_sync.workbook import Workbook, parse_workbook

log = logging.getLogger("collabsheet.run")
KINDS = ("daily", "hourly")


@dataclass(frozen=True)
class RunReport:
    """What one run did: its ``_runs`` row, plus the details the CLI prints."""

    kind: str
    run_id: str
    started_at: dt.datetime
    outcome: str  # ok | errors (findings in the sheets or messages not delivered) | failed
    counts: dict[str, int]
    duration_s: float
    api_requests: int
    tabs: tuple[str, ...]  # the bot tabs written, in the one write
    findings: tuple[Finding, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    metrics: tuple[KpiValue, ...] = ()
    message: str = ""

    def summary(self) -> str:
        """One line for a log or a terminal."""
        c = self.counts
        parts = [f"{self.kind} run {self.run_id} at {self.started_at:%Y-%m-%d %H:%M}: "
                 f"{self.outcome}", f"{c.get('rows', 0)} rows"]  # fmt: skip
        if self.kind == "daily":
            parts.append(f"{c.get('errors', 0)} errors, {c.get('warnings', 0)} warnings")
        parts.append(
            f"SLA {c.get('at_risk', 0)} at risk, {c.get('breached', 0)} breached"
            f" ({c.get('escalated', 0)} at level 3)"
        )
        if self.kind == "daily":
            parts.append(f"{c.get('kpis', 0)} KPIs")
        parts.append(
            f"messages {c.get('sent', 0)} sent, {c.get('failed', 0)} failed, "
            f"{c.get('pending', 0) + c.get('carried', 0)} to retry"
        )
        parts.append(f"{self.api_requests} API requests, {self.duration_s:.2f} s")
        return "; ".join(parts)


def run_once(
    settings: Settings, backend: Backend, notifiers: Mapping[str, Notifier] | None,
    now: dt.datetime, *, kind: str = "daily", clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep, journal: Path | None = None,
    hook: Hook | None = None,
) -> RunReport:  # fmt: skip
    """One run of ``kind`` (see the module docstring); ``notifiers`` None: from the config."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    run = Run(kind, backend, now)
    daily = kind == "daily"
    raw = backend.read()
    wb = parse_workbook(raw, settings)
    tabs: dict[str, list[list[Any]]] = {}
    findings: list[Finding] = []
    if daily:
        findings = validate(wb)
        tabs["_checks"] = checks_rows(findings, settings, backend.link, now)
    sla = sla_of(wb, settings, now)
    seen = {(f.tab, f.cell, f.rule) for f in findings}
    findings += [f for f in sla.findings if (f.tab, f.cell, f.rule) not in seen]
    tabs["_sla"] = sla_rows(sla.result, sla.calendar, settings, backend.link)
    found = suggestions(wb) if daily else []
    values = metrics(wb, sla.result, settings, now.date(), found) if daily else []
    notes = None
    if daily:
        tabs["_metrics"] = metrics_rows(wb.bot.get("_metrics", []), values, now.date())
        tabs["_case_links"] = case_links_rows(wb, found, now, backend.link)
        notes = case_notes(wb, found, settings.locale, now.date(), backend.link)
    sent, ledger = deliver(
        settings, wb, raw, sla.result, sla.calendar, backend.link, now, run.run_id,
        hourly=not daily, notifiers=notifiers, clock=clock, sleep=sleep, journal=journal,
        hook=hook, notes=notes,
    )  # fmt: skip
    findings += sent.findings
    tabs["_reminders"] = ledger.rows()
    errors, warnings = count(findings)
    counts = {
        "rows": sum(len(t) for t in wb.tables.values()), "errors": errors, "warnings": warnings,
        **{s: int(n) for s, n in sla.counts.items()},
        "escalated": int(((sla.result["level"] >= 3) & (sla.result["status"] == "breached")).sum()),
        "kpis": sum(v.value is not None for v in values),
        **{s: sent.count(s) for s in ("sent", "pending", "carried", "failed", "dead")},
    }  # fmt: skip
    undelivered = counts["failed"] + counts["dead"] + counts["pending"]
    outcome = "errors" if errors or undelivered else "ok"
    message = "; ".join(f"{k}: {e}" for k, e in sent.failures)[:500]
    row = run.row(outcome, errors=errors + undelivered, warnings=warnings, rows=counts["rows"],
                  message=message)  # fmt: skip
    tabs["_runs"] = runs_rows(wb, row)
    backend.write(tabs)
    ledger.journal.clear()  # the sheet now holds everything the journal held
    return RunReport(
        kind, run.run_id, now, outcome, counts, round(run.elapsed, 3), row["api_requests"],
        tuple(tabs), tuple(findings), sent.deliveries, tuple(values), message,
    )  # fmt: skip


TEXT = {
    "zh-CN": ("【运行失败】{kind} {at}", "定时任务运行失败，请检查配置与表格后重新运行："),
    "en": ("Run failed: {kind} {at}", "A scheduled run failed; check the config and the sheets:"),
}


def record_failure(
    settings: Settings, backend: Backend, kind: str, now: dt.datetime, error: str,
    notifiers: Mapping[str, Notifier] | None = None,
) -> str:  # fmt: skip
    """Write a ``failed`` row to ``_runs`` and tell the coordinators; returns the redacted error.

    Best effort and never raising: the store may be the thing that is broken, so each step
    that fails is logged and the next is still tried (the outbox is the last resort)."""
    secrets = factory.secrets(settings.channels)
    text = redact(error, secrets)[:500]
    run = Run(kind, backend, now)
    wb: Workbook | None = None
    try:
        wb = parse_workbook(backend.read(), settings)
        backend.write({"_runs": run.rows(wb, "failed", errors=1, message=text)})
    except Exception as exc:  # the store is down: the coordinators must still hear of it
        log.error("could not record the failed %s run: %s", kind, redact(str(exc), secrets))
    subject, intro = TEXT["en" if settings.locale == "en" else "zh-CN"]
    subject = subject.format(kind=kind, at=f"{now:%Y-%m-%d %H:%M}")
    key = f"failure:{kind}:{run.run_id}"
    messages = [] if wb is None else to_coordinators(
        wb, settings, now, backend.link, key, subject, intro, [Item(text)]
    )  # fmt: skip
    if not messages:  # nobody to tell in the sheet (or no sheet): leave it in the outbox
        section = (Section(kind, (Item(text),)),)
        messages = [Message(key, "outbox", "coordinator@outbox.invalid", subject, intro, section,
                            level=2, locale=settings.locale)]  # fmt: skip
    senders = dict(notifiers if notifiers is not None else factory.notifiers(settings.channels))
    if "outbox" not in senders:  # always configured (config/channels.py), maybe not injected
        senders["outbox"] = factory.notifier(settings.channels.channels["outbox"])
    for m in messages:
        try:
            outcome = senders.get(m.channel, senders["outbox"]).send(m)
            error = "" if outcome.ok else outcome.error
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error and m.channel != "outbox":  # the note must not be lost: the outbox keeps it
            log.error("could not tell %s of the failed run (%s); left in the outbox",
                      redact(m.recipient, secrets), redact(error, secrets))  # fmt: skip
            try:
                senders["outbox"].send(m)
            except Exception as exc:
                log.error("could not write the outbox: %s", redact(str(exc), secrets))
    return text


def last_run_at(runs: Sequence[Sequence[Any]], kind: str) -> dt.datetime | None:
    """When the latest run of ``kind`` that did not fail started (local time), from ``_runs``."""
    if not runs:
        return None
    header = [str(h).strip() for h in runs[0]]
    if not {"job", "started_at", "outcome"} <= set(header):
        return None
    job, at, outcome = (header.index(c) for c in ("job", "started_at", "outcome"))
    latest: dt.datetime | None = None
    for row in runs[1:]:
        cells = list(row) + [None] * (len(header) - len(row))
        if str(cells[job]).strip() != kind or str(cells[outcome]).strip() == "failed":
            continue
        when = _moment(cells[at])
        if when is not None and (latest is None or when > latest):
            latest = when
    return latest


def _moment(v: Any) -> dt.datetime | None:
    """A ``started_at`` cell: text as written, a datetime (xlsx) or a serial number (Google)."""
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return (EPOCH + dt.timedelta(days=float(v))).replace(microsecond=0)
    try:
        return dt.datetime.fromisoformat(str(v).strip())
    except ValueError:
        return None
