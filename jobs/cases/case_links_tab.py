"""The ``_case_links`` tab: the library cases suggested for retrospective findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jobs.cases.suggestions import Suggestion
from sheets_sync.bot_tab import BotTab, Rows
from sheets_sync.workbook import Workbook

CASE_LINKS = BotTab("_case_links")


def case_links_rows(
    wb: Workbook, links: Sequence[Suggestion], run_at: dt.datetime, link: Any = None
) -> list[list[Any]]:
    """The ``_case_links`` tab: a header, then one row per suggestion (the tab is rewritten)."""
    titles = dict(zip(wb["cases"].column("case_id"), wb["cases"].column("title"), strict=True))
    title = wb["retrospectives"].title
    stamp = run_at.strftime("%Y-%m-%d %H:%M")
    rows = []
    for s in links:
        rows.append({
            "retro_id": s.retro_id, "finding_cell": s.cell, "case_id": s.case_id,
            "title": titles.get(s.case_id), "rank": s.rank, "score": s.score,
            "matched": ", ".join(s.words), "accepted": "yes" if s.accepted else "no",
            "run_at": stamp, "link": link(title, s.cell) if link else f"{title}!{s.cell}",
        })  # fmt: skip
    return CASE_LINKS.encode(rows)


def case_links_records(rows: Rows | None) -> list[dict[str, Any]]:
    """The last run's suggestions as records (retro_id, finding_cell, case_id, …, link)."""
    return CASE_LINKS.decode(rows)
