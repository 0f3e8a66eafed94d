"""The ``_checks`` tab: every finding of the last validation, with its cell and a link to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from sheets_sync.bot_tab import BotTab, Rows
from sheets_sync.finding import Finding

CHECKS = BotTab("_checks")


def checks_rows(
    findings: Sequence[Finding], locale: str, link: Callable[[str, str], str], run_at: dt.datetime
) -> list[list[Any]]:
    """The ``_checks`` tab: a header, then one row per finding."""
    stamp = run_at.strftime("%Y-%m-%d %H:%M")
    return CHECKS.encode(
        dict(f.as_row(locale), run_at=stamp, link=link(f.tab, f.cell)) for f in findings
    )


def checks_records(rows: Rows | None) -> list[dict[str, Any]]:
    """The findings of the last run as records (run_at, tab, cell, value, rule, …)."""
    return CHECKS.decode(rows)
