"""What a run writes and what it reports: the kinds of ``jobs.run.envelope.run`` and the bot
tabs each writes (``WRITES``), and ``RunReport``, its ``_runs`` row plus what the CLI prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from jobs.cases.recurrence import CaseStats
from jobs.cases.suggestions import Suggestion
from jobs.kpis.measures import KpiValue
from jobs.reminders.silence import Silence
from jobs.run.delivery import Delivery
from jobs.run.run_summary import summary_line
from jobs.sla.status import SlaReport
from sheets_sync.finding import Finding

WRITES: dict[str, tuple[str, ...]] = {
    "validate": ("_checks",),
    "sla": ("_sla",),
    "metrics": ("_metrics",),
    "cases": ("_case_links",),
    "remind": ("_reminders",),
    "daily": ("_checks", "_sla", "_metrics", "_case_links", "_reminders"),
    "hourly": ("_sla", "_reminders"),
}
KINDS = tuple(WRITES)
DELIVERY = ("sent", "pending", "carried", "failed", "dead")  # held: RunReport.standing


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
    tabs: tuple[str, ...]  # the bot tabs written, in the one write (none in a dry run)
    findings: tuple[Finding, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    metrics: tuple[KpiValue, ...] = ()
    message: str = ""
    rows: dict[str, int] = field(default_factory=dict)  # rows read per table
    sla: SlaReport | None = None
    sla_tab: tuple[list[Any], ...] = ()  # the ``_sla`` tab as written (in --locale if given)
    links: tuple[Suggestion, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()  # failed / dead keys told to the coordinators
    superseded: tuple[str, ...] = ()
    dry_run: bool = False
    diverted: str = ""  # the results file was locked: the line naming it and the fallback
    standing: dict[str, int] = field(default_factory=dict)  # the ledger: pending, failed, …
    silence: Silence | None = None  # why nothing was sent (a run with reminders only)
    case_stats: tuple[CaseStats, ...] = ()  # per library case (a run writing _case_links)
    unread: tuple[str, ...] = ()  # human tabs not read (no header, a required column missing)

    @property
    def errors(self) -> int:
        return self.counts.get("errors", 0)

    @property
    def warnings(self) -> int:
        return self.counts.get("warnings", 0)

    def count(self, status: str) -> int:
        """Deliveries of this run with ``status`` (sent, pending, carried, failed, dead, …)."""
        return sum(d.status == status for d in self.deliveries)

    def summary(self, locale: str = "en") -> str:
        """One line for a log or a terminal (``jobs.run.run_summary.summary_line``)."""
        return summary_line(self, WRITES[self.kind], locale)
