"""The whole workbook as typed tables: find each tab by title, key or Chinese label, parse it.

A missing required tab stops the job (``TabMissingError``: without departments or tasks there
is nothing to check); everything wrong inside a tab is a finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def parse_workbook(raw: RawWorkbook, settings: Settings) -> Workbook:
    """Parse every human tab; collect bot tabs as they are."""
    titles = list(raw)
    tables: dict[str, Table] = {}
    findings: list[Finding] = []
    missing: list[str] = []
    for schema in HUMAN_TABS:
        configured = settings.tabs.get(schema.key, schema.label)
        candidates = find_titles(schema, titles, configured)
        title = candidates[0] if candidates else None
        for other in candidates[1:]:
            findings.append(
                Finding(title or configured, "A1", other, "tab.ambiguous", {"key": schema.key})
            )
        if title is None:
            if schema.required:
                missing.append(f"{configured} ({schema.key})")
            else:
                headers = ", ".join(c.label for c in schema.columns if c.required)
                findings.append(
                    Finding(configured, "A1", None, "tab.missing_optional", {"headers": headers})
                )
            tables[schema.key] = Table.empty(schema, configured)
            continue
        table, found = parse_tab(schema, title, raw[title], settings.headers.get(schema.key))
        tables[schema.key] = table
        findings.extend(found)
    if missing:
        have = ", ".join(t for t in titles if not is_bot_tab(t)) or "none"
        raise TabMissingError(
            f"{settings.where}: required tab(s) {', '.join(missing)} not found "
            f"(tabs present: {have}); add the tab, or set its title under [tabs] in the config"
        )
    bot = {t: rows for t, rows in raw.items() if is_bot_tab(t)}
    return Workbook(tables, bot, tuple(findings))
