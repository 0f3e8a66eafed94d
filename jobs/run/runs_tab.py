"""The ``_runs`` log: one row per job run (start, end, outcome, counts, duration, API requests).

A job opens a ``Run`` before its one read and asks it for the row just before its one write, so
the duration and the request count cover the whole run, the write included.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.backend import Backend
from sheets_sync.bot_tab import BotTab, Rows
from sheets_sync.cell import EPOCH
from sheets_sync.workbook import Workbook

STAMP = "%Y-%m-%d %H:%M:%S"
RUNS = BotTab("_runs")


def api_requests(backend: Backend, before: int) -> int:
    """Requests this run made: those counted since ``before``, plus the write that carries it."""
    return int(getattr(backend, "requests", before)) - before + 1


def runs_rows(wb: Workbook, run: dict[str, Any]) -> list[list[Any]]:
    """``_runs`` as it was, plus this run (the tab is a log: rows are never dropped)."""
    return RUNS.encode([*RUNS.decode(wb.bot.get("_runs")), run])


@dataclass
class Run:
    """One run of ``job`` as of ``now`` (local time) on ``backend``."""

    job: str
    backend: Backend
    now: dt.datetime
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    started: float = field(default_factory=time.perf_counter)
    before: int = 0

    def __post_init__(self) -> None:
        self.before = int(getattr(self.backend, "requests", 0))

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def row(
        self, outcome: str, *, errors: int = 0, warnings: int = 0, rows: int = 0,
        message: str = "",
    ) -> dict[str, Any]:  # fmt: skip
        """This run's ``_runs`` record (the message cut to 500 characters)."""
        duration, requests = self.elapsed, api_requests(self.backend, self.before)
        return {
            "run_id": self.run_id, "job": self.job, "started_at": self.now.strftime(STAMP),
            "ended_at": (self.now + dt.timedelta(seconds=duration)).strftime(STAMP),
            "outcome": outcome, "errors": errors, "warnings": warnings, "rows": rows,
            "duration_s": round(duration, 3), "api_requests": requests,
            "message": message[:500],
        }  # fmt: skip

    def rows(self, wb: Workbook, outcome: str, **counts: Any) -> list[list[Any]]:
        """The whole ``_runs`` tab with this run appended."""
        return runs_rows(wb, self.row(outcome, **counts))


def last_run_at(runs: Sequence[Sequence[Any]], kind: str) -> dt.datetime | None:
    """When the latest run of ``kind`` that did not fail started (local time), from ``_runs``."""
    if not RUNS.has(runs, "job", "started_at", "outcome"):
        return None
    latest: dt.datetime | None = None
    for r in RUNS.decode(runs):
        if str(r["job"]).strip() != kind or str(r["outcome"]).strip() == "failed":
            continue
        when = _moment(r["started_at"])
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


def runs_records(rows: Rows | None) -> list[dict[str, Any]]:
    """The run log as records (run_id, job, started_at, …, message), oldest first."""
    return RUNS.decode(rows)
