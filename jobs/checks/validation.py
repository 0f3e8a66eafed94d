"""Every check of the workbook in one call, and the ``_checks`` tab they are written to.

``validate`` is pure (a Workbook in, findings out, in tab and cell order); the run around it
(one read, one write) is ``jobs.run.envelope.run("validate", …)``.
"""

from __future__ import annotations

from collections.abc import Callable

from jobs.checks.consistency import check_consistency
from jobs.checks.dispute_rules import check_disputes
from jobs.checks.raci import check_matrix, check_templates
from jobs.checks.references import check_references
from jobs.checks.retrospective_rules import check_retrospectives
from jobs.checks.task_rules import check_tasks
from jobs.checks.vanished import check_vanished
from jobs.reminders.people import id_findings
from jobs.workdays.calendar import overrides_from
from sheets_sync.finding import Finding
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
    check_tasks,
    check_retrospectives,
    check_disputes,
    id_findings,  # each platform's id in its own format (the person can be @-mentioned)
    check_vanished,  # rows the last run saw open, gone from the sheet (an older copy put back)
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
