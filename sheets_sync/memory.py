"""In-memory backend: the fake for tests, and the model of what every backend must do."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from config.errors import BackendError
from sheets_sync.backend import HeaderKeys, Rows, arrange, check_bot_titles


class MemoryBackend:
    """Tabs held in a dict; counts its batch calls like the Google backend counts requests."""

    def __init__(self, tabs: Mapping[str, Rows] | None = None) -> None:
        self.tabs: dict[str, list[list[Any]]] = {
            t: [list(r) for r in rows] for t, rows in (tabs or {}).items()
        }
        self.requests = 0

    def read(self) -> dict[str, list[list[Any]]]:
        self.requests += 1
        return copy.deepcopy(self.tabs)

    def write(self, tabs: Mapping[str, Rows]) -> None:
        check_bot_titles(tabs)
        self.requests += 1
        for title, rows in tabs.items():
            self.tabs[title] = [list(r) for r in rows]

    def append(self, title: str, records: Sequence[Mapping[str, Any]], keys: HeaderKeys) -> None:
        if title not in self.tabs:
            raise BackendError(f"tab {title!r} not found in the workbook; cannot append to it")
        self.requests += 1
        rows = self.tabs[title]
        rows.extend(arrange(rows[0] if rows else [], keys, records, title))

    def link(self, title: str, cell: str) -> str:
        return f"{title}!{cell}"
