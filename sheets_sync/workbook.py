"""The whole workbook as typed tables: find each tab by title, key or Chinese label, parse it.

A missing required tab stops the job (``TabMissingError``: without departments or tasks there
is nothing to check); everything wrong inside a tab is a finding.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from config.errors import TabMissingError
from config.settings import Settings
from sheets_sync.cell import header_form
from sheets_sync.finding import Finding
from sheets_sync.schema import HUMAN_TABS, TabSchema, is_bot_tab
from sheets_sync.table import Table, parse_tab

RawWorkbook = Mapping[str, Sequence[Sequence[Any]]]


@dataclass(frozen=True)
class Workbook:
    """Typed human tables by key, the raw bot tabs by title, and the parsing findings."""

    tables: Mapping[str, Table]
    bot: Mapping[str, Sequence[Sequence[Any]]]
    findings: tuple[Finding, ...]

    def __getitem__(self, key: str) -> Table:
        return self.tables[key]


def find_titles(schema: TabSchema, titles: Sequence[str], configured: str) -> list[str]:
    """The workbook's titles for a tab, best first: the configured title, then its key or label."""
    wanted = {header_form(configured), header_form(schema.key), header_form(schema.label)}
    found = [t for t in titles if header_form(t) in wanted]
    if configured in found:
        found.remove(configured)
        found.insert(0, configured)
    return found


_paused = 0
_paused_lock = threading.Lock()
_was_enabled = False


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
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


def parse_workbook(raw: RawWorkbook, settings: Settings) -> Workbook:
    """Parse every human tab; collect bot tabs as they are.

    Tabs are parsed on threads, each as soon as its rows arrive: a backend that reads sheets
    in parallel (xlsx) hands them over one by one, and the small ones are parsed while the
    large one is still being read. Findings keep the order of the schema."""
    titles = list(raw)
    found: dict[str, list[Finding]] = {schema.key: [] for schema in HUMAN_TABS}
    tables: dict[str, Table] = {}
    plan: list[tuple[TabSchema, str]] = []
    missing: list[str] = []
    for schema in HUMAN_TABS:
        configured = settings.tabs.get(schema.key, schema.label)
        candidates = find_titles(schema, titles, configured)
        title = candidates[0] if candidates else None
        for other in candidates[1:]:
            found[schema.key].append(
                Finding(title or configured, "A1", other, "tab.ambiguous", {"key": schema.key})
            )
        if title is not None:
            plan.append((schema, title))
            continue
        if schema.required:
            missing.append(f"{configured} ({schema.key})")
        else:
            headers = ", ".join(c.label for c in schema.columns if c.required)
            found[schema.key].append(
                Finding(configured, "A1", None, "tab.missing_optional", {"headers": headers})
            )
        tables[schema.key] = Table.empty(schema, configured)
    if missing:
        have = ", ".join(t for t in titles if not is_bot_tab(t)) or "none"
        raise TabMissingError(
            f"{settings.where}: required tab(s) {', '.join(missing)} not found "
            f"(tabs present: {have}); add the tab, or set its title under [tabs] in the config"
        )

    def parse(schema: TabSchema, title: str) -> tuple[Table, list[Finding]]:
        return parse_tab(schema, title, raw[title], settings.headers.get(schema.key))

    workers = max(len(plan), 1)
    with _collector_paused(), ThreadPoolExecutor(workers, thread_name_prefix="parse") as pool:
        started = [(schema, pool.submit(parse, schema, title)) for schema, title in plan]
        for schema, future in started:
            tables[schema.key], tab_findings = future.result()
            found[schema.key].extend(tab_findings)
    bot = {t: rows for t, rows in raw.items() if is_bot_tab(t)}
    findings = tuple(f for schema in HUMAN_TABS for f in found[schema.key])
    return Workbook({s.key: tables[s.key] for s in HUMAN_TABS}, bot, findings)
