"""The one write that ends every run that writes: its bot tabs and its ``_runs`` row.

The same steps, in the same order, for the daily and other runs (``jobs.run.envelope``), the
weekly run and the survey rounds: the ledger database first (durable, the results file may be
what is broken), then the results file in one write (open in an office program: a dated
fallback beside it, read as the latest results and merged by the next run), then the reminder
journal cleared (the database and the results hold what it held).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from jobs.reminders.ledger import Ledger
from jobs.run.ledger_db import Seen
from jobs.run.mirror import Mirror
from jobs.run.runs_tab import runs_rows
from sheets_sync.backend import Backend
from sheets_sync.results_file import ResultsLockedError, locked_line
from sheets_sync.workbook import Workbook


def write_results(
    backend: Backend, mirror: Mirror, ledger: Ledger | None, wb: Workbook,
    tabs: dict[str, Any], run: Mapping[str, Any], now: dt.datetime,
    bot: Mapping[str, Any] | None = None, assignees: Seen | None = None,
) -> str:  # fmt: skip
    """Add the ``_runs`` row ``run`` to ``tabs`` and write them (see the module docstring);
    ``bot``: the bot tabs the run went on from (default ``wb.bot``: the run's union with the
    database); ``assignees``: when a run that announces new assignments began and what it saw
    (the database keeps it for the next such run). Returns the line naming the locked results
    file and its fallback, or ""."""
    bot = wb.bot if bot is None else bot
    tabs["_runs"] = runs_rows(dataclasses.replace(wb, bot=bot), dict(run))
    mirror.save(ledger, tabs, bot, now.date(), assignees)
    diverted = ""
    try:
        backend.write(tabs)
    except ResultsLockedError as exc:
        divert = getattr(backend, "divert", None)
        if divert is None:
            raise
        diverted = locked_line(exc.path, divert(tabs, now))
    if ledger is not None:
        ledger.journal.clear()
    return diverted
