"""A bot tab's codec: records to rows under the tab's fixed header, and rows back to records.

Decoding goes by the header row as it is in the sheet (columns found by name, in any order;
a column added later reads as None; blank rows skipped), so a tab written by an older version
or re-sorted by a person still reads. Each domain wraps the tab it owns (``jobs.sla.sla_tab`` …);
nothing else decodes a bot tab's header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from config.schema import BOT_TABS

Rows = Sequence[Sequence[Any]]


def _blank(v: Any) -> bool:
    return v is None or v == ""


@dataclass(frozen=True)
class BotTab:
    """The codec of one bot tab (``_checks``, ``_sla``, ``_metrics`` …)."""

    title: str

    @property
    def header(self) -> list[str]:
        return list(BOT_TABS[self.title])

    def encode(self, records: Iterable[Mapping[str, Any]]) -> list[list[Any]]:
        """The whole tab: the header, then one row per record (missing keys are blank)."""
        header = self.header
        return [header, *([r.get(k) for k in header] for r in records)]

    def decode(self, rows: Rows | None) -> list[dict[str, Any]]:
        """Records keyed by the tab's own header; an absent or empty tab has none."""
        return [record for record, _ in self._pairs(rows)]

    def select(self, rows: Rows | None, keep: Callable[[dict[str, Any]], bool]) -> list[list[Any]]:
        """The tab as it is, with only the rows whose record ``keep`` accepts (header kept)."""
        if not rows:
            return []
        return [list(rows[0]), *(list(row) for record, row in self._pairs(rows) if keep(record))]

    def _pairs(self, rows: Rows | None) -> Iterator[tuple[dict[str, Any], Sequence[Any]]]:
        if not rows:
            return
        names = [str(h).strip() if h is not None else "" for h in rows[0]]
        where = {k: names.index(k) for k in self.header if k in names}
        for row in rows[1:]:
            if all(_blank(v) for v in row):
                continue
            yield {k: (row[j] if j < len(row) else None) for k, j in where.items()}, row

    def has(self, rows: Rows | None, *keys: str) -> bool:
        """Whether the tab's header row names every one of ``keys``."""
        names = {str(h).strip() for h in rows[0] if h is not None} if rows else set()
        return set(keys) <= names
