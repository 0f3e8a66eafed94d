"""The steps a run computes in a forked child beside its own (jobs/run/forked.py): pure, and
each sending back little. The checks and the cells' findings for delivery go beside the SLA;
the KPIs with the ``_metrics`` rows, and the ``_sla`` rows, beside the planning of the
messages, each in a child of its own. At 100,000 tasks (bench/daily.py) the steps beside are
of about the length of the run's own, so neither waits long for the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from config.settings import Channels, KpiSettings
from jobs.cases.recurrence import Link
from jobs.cases.suggestions import Suggestion
from jobs.checks.validation import validate
from jobs.kpis.measures import KpiValue, metrics
from jobs.kpis.metrics_tab import metrics_rows
from jobs.reminders.destinations import sheet_findings
from jobs.run.forked import Forked
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
    """The KPI values, the ``_metrics`` rows (its history and today's), and when asked for the
    ``_sla`` rows in the workbook's language and as the terminal shows them (``sla_tab``)."""

    values: list[KpiValue]
    metrics: Rows
    sla: tuple[Rows, Rows] | None = None


def measured(
    wb: Workbook, result: pd.DataFrame, kpis: KpiSettings, today: dt.date,
    found: Sequence[Suggestion], linked: Sequence[Link],
) -> tuple[list[KpiValue], Rows]:  # fmt: skip
    """The KPI values and the ``_metrics`` rows: its history, and one row per KPI for today."""
    values = metrics(wb, result, kpis, today, found, linked)
    return values, metrics_rows(wb.bot.get("_metrics", []), values, today)


class Measuring:
    """The KPIs with the ``_metrics`` rows, and with ``tabled`` (the written locale, the
    terminal's, the backend's link) the ``_sla`` rows, each in a child process of its own: with
    the run's planning, three processes share the two cores, none waiting long for another.
    ``result()`` joins both (before any message is sent); ``close()`` ends what still runs."""

    def __init__(
        self, wb: Workbook, sla: SlaReport, kpis: KpiSettings, today: dt.date,
        found: Sequence[Suggestion], linked: Sequence[Link],
        tabled: tuple[str, str, Callable[[str, str], str]] | None, *, fork: bool,
    ) -> None:  # fmt: skip
        self._kpis = Forked(measured, wb, sla.result, kpis, today, found, linked, fork=fork)
        self._rows = Forked(sla_tab, sla, *tabled, fork=fork) if tabled is not None else None

    def result(self) -> Measured:
        values, rows = self._kpis.result()
        if self._rows is None:
            return Measured(values, rows)
        return Measured(values, rows, self._rows.result())

    def close(self) -> None:
        self._kpis.close()
        if self._rows is not None:
            self._rows.close()
