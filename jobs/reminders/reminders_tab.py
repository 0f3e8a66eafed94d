"""The ``_reminders`` tab: the message ledger as the dashboard reads it (the ledger writes it)."""

from __future__ import annotations

from typing import Any

from sheets_sync.bot_tab import BotTab, Rows

REMINDERS = BotTab("_reminders")


def reminders_records(rows: Rows | None) -> list[dict[str, Any]]:
    """One record per idempotency key: status, channel, recipient, attempts, times, error."""
    return REMINDERS.decode(rows)
