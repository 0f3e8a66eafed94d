"""The steps a run computes in a forked child beside its own (jobs/run/forked.py): pure, and
each sending back little. The checks and the cells' findings for delivery go beside the SLA;
the KPIs with the ``_metrics`` rows, and the ``_sla`` rows, beside the planning of the
messages. Each pair is of about the same length at 100,000 tasks (bench/daily.py), so neither
core waits long for the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from config.settings import Channels, KpiSettings
from jobs.cases.recurrence import Link
from jobs.cases.suggestions import Suggestion
from jobs.checks.validation import validate
from jobs.kpis.measures import KpiValue, metrics
from jobs.kpis.metrics_tab import metrics_rows
from jobs.reminders.destinations import sheet_findings
from jobs.run.tab_rows import Rows, sla_tab
from jobs.sla.status import SlaReport
from sheets_sync.finding import Finding
from sheets_sync.workbook import Workbook


def checked(
    wb: Workbook, raw: Mapping[str, Sequence[Sequence[Any]]], channels: Channels
) -> tuple[list[Finding], list[Finding]]:
    """The checks' findings (``validate``) and what the cells hold wrong for delivery
    (``sheet_findings``: a webhook typed into a cell, an unknown 通知群, a retired person)."""
    return validate(wb), sheet_findings(raw, wb, channels)


@dataclass(frozen=True)
class Measured:
    """The KPI values, the ``_metrics`` rows (its history and today's), and the ``_sla`` rows
    (in the workbook's language, and as the terminal shows them) when asked for."""

    values: list[KpiValue]
    metrics: Rows
    sla: Rows | None = None
    shown: Rows | None = None


def measured(
    wb: Workbook, sla: SlaReport, kpis: KpiSettings, today: dt.date,
    found: Sequence[Suggestion], linked: Sequence[Link],
    sla_rows: tuple[str, str, Callable[[str, str], str]] | None = None,
) -> Measured:  # fmt: skip
    """The KPIs and ``_metrics``; with ``sla_rows`` (the written locale, the terminal's, the
    backend's link), the ``_sla`` rows too."""
    values = metrics(wb, sla.result, kpis, today, found, linked)
    rows = metrics_rows(wb.bot.get("_metrics", []), values, today)
    if sla_rows is None:
        return Measured(values, rows)
    written, locale, link = sla_rows
    return Measured(values, rows, *sla_tab(sla, written, locale, link))
