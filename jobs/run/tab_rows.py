"""The rows of ``_sla`` and ``_case_links`` a run writes, with the case counts they come from:
computed before anything is sent, so a fault here stops the run before a message goes out (a
daily run computes its ``_sla`` rows with the KPIs, beside the planning: jobs/run/beside.py).
``case_rows`` reads no task: the run computes it while the tasks tab is still decoding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from config.settings import Settings
from jobs.cases.case_links_tab import case_links_rows
from jobs.cases.recurrence import CaseStats, CaseSummary, Link, case_stats, summary
from jobs.cases.suggestions import Suggestion, accepted
from jobs.sla.sla_tab import sla_rows
from jobs.sla.status import SlaReport
from sheets_sync.workbook import Workbook

Rows = list[list[Any]]


@dataclass(frozen=True)
class CaseRows:
    """The ``_case_links`` rows and the case counts (``cases --stats`` prints ``stats``)."""

    rows: Rows
    accepted: int
    without_case: int
    cases: CaseSummary
    stats: tuple[CaseStats, ...]


def case_rows(
    wb: Workbook, found: Sequence[Suggestion], linked: Sequence[Link], now: dt.datetime,
    link: Callable[[str, str], str],
) -> CaseRows:  # fmt: skip
    """The ``_case_links`` tab and the case counts: from the cases, the retrospectives and the
    run's suggestions and links (no task, no SLA)."""
    rows = case_links_rows(wb, found, now, link)
    without = sum(1 for r in wb["retrospectives"].records() if not r["case_id"])
    stats = tuple(case_stats(wb, linked))
    cases = summary(stats)  # one definition: jobs.cases.recurrence
    return CaseRows(rows, len(accepted(found)), without, cases, stats)


@dataclass(frozen=True)
class TabRows:
    """The bot tabs' rows, the rows of ``_sla`` in the terminal's locale and the case
    counts."""

    tabs: dict[str, Rows]
    shown: Rows
    accepted: int = 0
    without_case: int = 0
    cases: CaseSummary | None = None
    stats: tuple[CaseStats, ...] = ()  # per library case (``cases --stats`` prints them)


def tab_rows(
    wb: Workbook, sla: SlaReport | None, settings: Settings, writes: Sequence[str],
    found: Sequence[Suggestion], linked: Sequence[Link], now: dt.datetime,
    link: Callable[[str, str], str], cased: CaseRows | None = None,
) -> TabRows:  # fmt: skip
    """The rows of the tabs ``writes`` names among ``_sla _case_links`` (see above);
    ``cased``: ``case_rows`` when the caller has computed it already."""
    tabs: dict[str, Rows] = {}
    shown: Rows = []  # the _sla rows the sla command prints, in its --locale
    if sla is not None and "_sla" in writes:
        tabs["_sla"], shown = sla_tab(sla, settings.written_locale, settings.locale, link)
    if "_case_links" not in writes:
        return TabRows(tabs, shown)
    got = cased if cased is not None else case_rows(wb, found, linked, now, link)
    tabs["_case_links"] = got.rows
    return TabRows(tabs, shown, got.accepted, got.without_case, got.cases, got.stats)


def sla_tab(
    sla: SlaReport, written: str, locale: str, link: Callable[[str, str], str]
) -> tuple[Rows, Rows]:
    """The ``_sla`` rows in the workbook's language (``written``), and as the ``sla`` command
    prints them, in the terminal's (``locale``: --locale)."""
    rows = sla_rows(sla.result, sla.calendar, written, link)
    return rows, rows if locale == written else sla_rows(sla.result, sla.calendar, locale, link)
