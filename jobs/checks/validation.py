"""Every check of the workbook in one call, and the ``_checks`` tab they are written to.

``validate`` is pure (a Workbook in, findings out, in tab and cell order); the run around it
(one read, one write) is ``jobs.run.envelope.run("validate", …)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from jobs.checks.consistency import check_consistency
from jobs.checks.raci import check_matrix, check_templates
from jobs.checks.references import check_references
from jobs.workdays.calendar import overrides_from
from sheets_sync.finding import Finding
from sheets_sync.schema import BOT_TABS
from sheets_sync.workbook import Workbook


def check_calendar(wb: Workbook) -> list[Finding]:
    """Working-hour text in the calendar tab (the SLA clock depends on it)."""
    return overrides_from(wb["calendar"])[1]


CHECKS: tuple[Callable[[Workbook], list[Finding]], ...] = (
    check_calendar,
    check_references,
    check_matrix,
    check_templates,
    check_consistency,
)


def _order(f: Finding, tabs: dict[str, int]) -> tuple[int, str, int, int]:
    letters = "".join(ch for ch in f.cell if ch.isalpha())
    digits = "".join(ch for ch in f.cell if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return tabs.get(f.tab, len(tabs)), f.tab, int(digits or 0), col


def validate(wb: Workbook) -> list[Finding]:
    """Parsing findings plus every business check, ordered by tab, row and column."""
    findings = list(wb.findings)
    for check in CHECKS:
        findings.extend(check(wb))
    tabs = {t.title: i for i, t in enumerate(wb.tables.values())}
    return sorted(findings, key=lambda f: _order(f, tabs))


def checks_rows(
    findings: Sequence[Finding], locale: str, link: Callable[[str, str], str], run_at: dt.datetime
) -> list[list[Any]]:
    """The ``_checks`` tab: a header, then one row per finding."""
    header = list(BOT_TABS["_checks"])
    stamp = run_at.strftime("%Y-%m-%d %H:%M")
    out: list[list[Any]] = [header]
    for f in findings:
        row = f.as_row(locale)
        row.update(run_at=stamp, link=link(f.tab, f.cell))
        out.append([row[k] for k in header])
    return out
