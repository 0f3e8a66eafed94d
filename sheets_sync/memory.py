"""In-memory backend: the fake for tests, and the model of what every backend must do."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from config.errors import BackendError
from sheets_sync.backend import Append, HeaderKeys, Rows, arrange, check_bot_titles, check_distinct
from sheets_sync.cell import is_blank_row


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
        self.append_together([(title, records, keys)])

    def append_together(self, appends: Sequence[Append]) -> None:
        """Every tab checked and its rows laid out before any is extended: all or none."""
        check_distinct(appends)
        for title, _records, _keys in appends:
            if title not in self.tabs:
                raise BackendError(f"tab {title!r} not found in the workbook; cannot append to it")
        laid = [(t, arrange(self.tabs[t][0] if self.tabs[t] else [], k, r, t))
                for t, r, k in appends]  # fmt: skip
        self.requests += 1
        for title, rows in laid:  # after the last row with a value (unchecked boxes have none)
            tab = self.tabs[title]
            end = next((i + 1 for i in range(len(tab) - 1, 0, -1) if not is_blank_row(tab[i])), 1)
            for i, row in enumerate(rows, end):
                if i == len(tab):
                    tab.append(row)
                else:  # a blank row: its boxes kept where the new row has no value
                    old = list(tab[i]) + [None] * (len(row) - len(tab[i]))
                    tab[i] = [o if v is None else v for o, v in zip(old, row, strict=False)]

    def link(self, title: str, cell: str) -> str:
        return f"{title}!{cell}"
