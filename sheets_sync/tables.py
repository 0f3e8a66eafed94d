"""The tabs of one read as mappings that do the work on first use: ``ParsedTables`` parses a
human table when it is first asked for, ``BotTabs`` hands over bot tabs as the backend has them.

Jobs ask for everything at once (``parse_workbook`` parses every table on threads). A dashboard
page asks for the four or five tables it draws; the others are parsed when a page needs them.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from config.schema import is_bot_tab
from sheets_sync.finding import Finding
from sheets_sync.on_demand import OnDemand
from sheets_sync.table import Table

Parsed = tuple[Table, Sequence[Finding]]

_paused = 0
_paused_lock = threading.Lock()
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while tabs are parsed: a large workbook is millions of new
    objects that all stay alive, and the collector would walk them again and again for nothing
    (a quarter of a second at 100,000 tasks). Nested and concurrent uses are counted."""
    global _paused, _was_enabled
    with _paused_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


class ParsedTables(Mapping[str, Table]):
    """Human tables by key in schema order; each parsed once, on first use, on any thread."""

    def __init__(
        self,
        order: Sequence[str],
        parsers: Mapping[str, Callable[[], Parsed]],
        ready: Mapping[str, Table],
        notes: Mapping[str, Sequence[Finding]],
    ) -> None:
        self._order = tuple(order)
        self._parsers = dict(parsers)
        self._notes = notes  # findings about the tab itself (ambiguous title, missing tab)
        self._parsed: OnDemand[str, Parsed] = OnDemand(self._parse)
        for key, table in ready.items():
            self._parsed.put(key, (table, ()))

    def _parse(self, key: str) -> Parsed:
        with collector_paused():
            parsed = self._parsers.pop(key)()  # the parser holds the raw rows: let it go
        return parsed

    def __getitem__(self, key: str) -> Table:
        if key not in self._order:
            raise KeyError(key)
        return self._parsed.get(key)[0]

    def __contains__(self, key: object) -> bool:
        return key in self._order  # Mapping's own would parse the table to answer

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def prefetch(self, keys: Iterable[str]) -> None:
        """Start parsing these tables on threads of their own (each at most once)."""
        self._parsed.start(k for k in keys if k in self._order and not self._parsed.started(k))

    def findings_of(self, key: str) -> tuple[Finding, ...]:
        """The parsing findings of one table (parses it, not the others)."""
        return (*self._notes.get(key, ()), *self._parsed.get(key)[1])

    def findings(self) -> tuple[Finding, ...]:
        """Every parsing finding in schema order (parses, in parallel, what is not parsed)."""
        self.prefetch(self._order)
        return tuple(
            f for key in self._order for f in (*self._notes.get(key, ()), *self._parsed.get(key)[1])
        )


class BotTabs(Mapping[str, Sequence[Sequence[Any]]]):
    """The bot tabs (titles starting with '_') of a raw read, handed over as the backend has
    them (an xlsx read decodes a sheet when it is first asked for)."""

    def __init__(self, raw: Mapping[str, Sequence[Sequence[Any]]]) -> None:
        self._raw = raw
        self._titles = tuple(t for t in raw if is_bot_tab(t))

    def __getitem__(self, title: str) -> Sequence[Sequence[Any]]:
        if title not in self._titles:
            raise KeyError(title)
        return self._raw[title]

    def __contains__(self, title: object) -> bool:
        return title in self._titles  # Mapping's own would decode the sheet to answer

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)
