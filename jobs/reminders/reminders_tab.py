"""The ``_reminders`` tab's codec: one ``Entry`` per idempotency key, decoded from the tab's rows
(text cells kept, times a spreadsheet turned into dates or serials back to ``STAMP`` text), as
the ledger (jobs/reminders/ledger.py) and the dashboard read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sheets_sync.bot_tab import BotTab, Rows

REMINDERS = BotTab("_reminders")
STAMP = "%Y-%m-%d %H:%M:%S"  # the ledger's times, sortable as text
FINAL = ("sent", "failed", "dead", "superseded")  # statuses with nothing left to do


@dataclass(frozen=True)
class Entry:
    """One row of ``_reminders``."""

    key: str
    status: str = "pending"
    channel: str = ""
    recipient: str = ""
    subject: str = ""
    attempts: int = 0
    first_at: str = ""
    last_at: str = ""
    sent_at: str = ""
    next_at: str = ""
    error: str = ""
    run_id: str = ""
    items: str = ""  # a part's (KEY#n) items as it went: jobs.notify.parts.said


def reminders_records(rows: Rows | None) -> list[dict[str, Any]]:
    """One record per idempotency key: status, channel, recipient, attempts, times, error."""
    return REMINDERS.decode(rows)


def entries_of(rows: Sequence[Sequence[Any]]) -> dict[str, Entry]:
    """The entries of a ``_reminders`` tab by key (rows without a key are not entries)."""
    return {str(rec["key"]): _entry(rec) for rec in REMINDERS.decode(rows) if rec.get("key")}


_TEXTS = frozenset(("key", "status", "channel", "recipient", "subject", "first_at", "last_at",
                    "sent_at", "next_at", "error", "run_id", "items"))  # fmt: skip


def _entry(rec: dict[str, Any]) -> Entry:
    """An entry from a ``_reminders`` record: blanks as "", times as STAMP text, attempts as a
    whole number (a cell nobody can read as one: 0). A text cell, nearly every one, is kept."""
    clean: dict[str, Any] = {}
    for k, v in rec.items():
        if k in _TEXTS:
            clean[k] = v if type(v) is str else "" if v is None else _text(v, k.endswith("_at"))
    attempts = rec.get("attempts")
    try:
        clean["attempts"] = int(float(attempts or 0))
    except (TypeError, ValueError):
        clean["attempts"] = 0
    return Entry(**clean)


def _text(v: Any, stamp: bool = False) -> str:
    """A cell as text; a time that a spreadsheet turned into a date or serial number, as STAMP."""
    if isinstance(v, dt.datetime):
        return v.strftime(STAMP)
    if stamp and isinstance(v, int | float) and not isinstance(v, bool):
        return (dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))).strftime(STAMP)
    return str(v)
