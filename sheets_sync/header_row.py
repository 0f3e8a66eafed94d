"""Where a tab's header row is: people put a title, a blank row or a note above it.

The first ``SCAN`` rows are looked at; the header is the row that names the most known
columns (keys, Chinese labels, configured aliases) and at least one required column. The
rows above it are skipped and named once (``header.rows_skipped``, info)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from config.schema import TabSchema
from sheets_sync.cell import header_form, is_blank
from sheets_sync.finding import Finding

SCAN = 10  # rows looked at for the header


def find_header(
    schema: TabSchema, raw: Sequence[Sequence[Any]], lookup: Mapping[str, str]
) -> int | None:
    """The 0-based index of the header row among the first ``SCAN`` rows, or None when no row
    names a required column (any column, for a tab without required columns)."""
    needed = {c.key for c in schema.columns if c.required} or {c.key for c in schema.columns}
    best, best_score = None, 0
    for i, row in enumerate(raw[:SCAN]):
        keys = {lookup.get(header_form(h)) for h in row if not is_blank(h)}
        keys.discard(None)
        if keys & needed and len(keys) > best_score:
            best, best_score = i, len(keys)
    return best


def has_content(raw: Sequence[Sequence[Any]]) -> bool:
    """Whether any of the first ``SCAN`` rows holds a value."""
    return any(not is_blank(v) for row in raw[:SCAN] for v in row)


def rows_skipped(title: str, raw: Sequence[Sequence[Any]], at: int) -> Finding:
    """The info finding naming the rows above the header (``at``: its 0-based index); its
    value is the first text found there (the title, usually)."""
    text = next((v for row in raw[:at] for v in row if not is_blank(v)), None)
    skipped = "1" if at == 1 else f"1–{at}"
    return Finding(title, "A1", text, "header.rows_skipped", {"row": at + 1, "skipped": skipped})
