"""Reading what a run wrote through each bot tab's own codec (sheets_sync/bot_tab.py): the
column keys and the codes, whichever language the tab was written in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sheets_sync.bot_tab import BotTab
from sheets_sync.xlsx import XlsxBackend


def records(book: Path, title: str) -> list[dict[str, Any]]:
    """The records of bot tab ``title`` as the backend of ``book`` reads it (a workbook: its
    results file and any fallback beside it; a results file: that file)."""
    return BotTab(title).decode(XlsxBackend(book).read()[title])
