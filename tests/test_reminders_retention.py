"""``_reminders`` keeps a month of dated messages (jobs/reminders/retention.py): a message of a
day more than ``KEEP_DAYS`` past with nothing left to do leaves the tab, the results database
keeps it, nothing is put back or sent again; keys without a day and unfinished messages stay."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from config.settings import load_settings
from jobs.reminders.reminders_tab import Entry
from jobs.reminders.retention import KEEP_DAYS, day_of, retired
from jobs.run.cli import main
from jobs.run.ledger_db import LedgerDb, ledger_path
from tests.support.configs import outbox_config
from tests.support.notifiers import Recorder
from tests.support.results import records

TODAY = dt.date(2027, 1, 5)
OLD = (TODAY - dt.timedelta(days=KEEP_DAYS + 1)).isoformat()
EDGE = (TODAY - dt.timedelta(days=KEEP_DAYS)).isoformat()


@pytest.mark.parametrize(
    ("key", "status", "gone"),
    [
        (f"digest:P001:{OLD}", "sent", True),
        (f"digest:D02:{OLD}#2", "sent", True),  # a part of a long digest
        (f"meeting:P007:{OLD}", "superseded", True),
        (f"failure:daily:{OLD}", "failed", True),
        (f"head:P003:{OLD}", "dead", True),
        (f"digest:P001:{EDGE}", "sent", False),  # KEEP_DAYS back: still kept
        (f"digest:P001:{OLD}", "pending", False),  # still to be sent
        (f"digest:P001:{OLD}", "held", False),
        ("escalation:response:T000001:3:P001", "sent", False),  # no day: never planned anew
        ("assigned:T000001:P004", "sent", False),
        ("weekly:2026-W48:pack:P001", "sent", False),
        ("survey:2026Q4:invite:P001", "sent", False),
        ("digest:P001:2026-13-45", "sent", False),  # not a day
    ],
)
def test_which_rows_leave_the_tab(key: str, status: str, gone: bool) -> None:
    assert retired(Entry(key, status), TODAY) is gone


def test_the_day_of_a_key() -> None:
    assert day_of("digest:P001:2026-11-27#3") == dt.date(2026, 11, 27)
    assert day_of("escalation:dispute:DS0006:3:P001") is None


def daily(config: Path, at: str) -> None:
    assert main(["run", "daily", "--config", str(config), "--at", at, "-q"]) in (0, 1)


def keys(book: Path) -> set[str]:
    return {str(r["key"]) for r in records(book, "_reminders")}


def test_a_month_later_the_old_days_leave_the_tab_and_stay_in_the_database(
    tmp_path: Path, demo_xlsx: Path, rec: Recorder
) -> None:
    path = outbox_config(tmp_path, demo_xlsx)
    daily(path, "2026-11-27 10:00")
    first = keys(demo_xlsx)
    dated = {k for k in first if day_of(k) == dt.date(2026, 11, 27)}
    undated = first - dated
    assert dated and undated  # the day's digests; escalations and assignments
    before = len(rec.sent)

    daily(path, "2027-01-05 10:00")  # 39 days later
    later = keys(demo_xlsx)
    assert not later & dated  # gone from the tab …
    assert undated <= later  # … unlike the keys without a day
    db = LedgerDb(ledger_path(load_settings(path)))
    try:
        assert dated <= set(db.entries())  # … and kept in the database
    finally:
        db.close()
    rules = {r["rule"] for r in records(demo_xlsx, "_checks")}
    assert "results.rebuilt" not in rules  # not taken for a damaged results file
    sent = [m.key for m in rec.sent]
    assert len(sent) == len(set(sent)) and not {m.key for m in rec.sent[before:]} & dated

    daily(path, "2027-01-05 10:05")  # the next run: not put back from the database
    assert not keys(demo_xlsx) & dated
    assert len([m.key for m in rec.sent]) == len(sent)


def test_without_the_database_an_old_tab_shrinks_and_sends_nothing_again(
    tmp_path: Path, demo_xlsx: Path, rec: Recorder
) -> None:
    """A results file written before this (every row kept) and no database (a new machine):
    the old days' rows go at the next write; the keys they held are never planned again."""
    path = outbox_config(tmp_path, demo_xlsx)
    daily(path, "2026-11-27 10:00")
    dated = {k for k in keys(demo_xlsx) if day_of(k) is not None}
    before = len(rec.sent)
    ledger_path(load_settings(path)).unlink()  # type: ignore[union-attr]
    daily(path, "2027-01-05 10:00")
    assert not keys(demo_xlsx) & dated
    assert not {m.key for m in rec.sent[before:]} & dated


@pytest.mark.parametrize("database", ["kept", "deleted"])
def test_a_run_dated_in_the_past_sends_nothing_again_and_puts_nothing_back(
    tmp_path: Path, demo_xlsx: Path, rec: Recorder, database: str
) -> None:
    """``--at`` a day whose rows left the tab: the month counts back from the latest day the
    ledger wrote, not from the run's date (review: 12 messages went again without the
    database, and the database put 91 rows back with a results.rebuilt warning)."""
    path = outbox_config(tmp_path, demo_xlsx)
    daily(path, "2026-11-27 10:00")
    daily(path, "2027-01-05 10:00")
    after = keys(demo_xlsx)
    before = len(rec.sent)
    if database == "deleted":
        ledger_path(load_settings(path)).unlink()  # type: ignore[union-attr]
    daily(path, "2026-11-27 10:30")
    assert not {m.key for m in rec.sent[before:] if day_of(m.key) == dt.date(2026, 11, 27)}
    assert not {k for k in keys(demo_xlsx) if day_of(k) == dt.date(2026, 11, 27)}
    assert keys(demo_xlsx) >= {k for k in after if day_of(k) is None}
    rules = {r["rule"] for r in records(demo_xlsx, "_checks")}
    assert "results.rebuilt" not in rules  # nothing was damaged
