"""The whole workbook as typed tables: find each tab by title, key or Chinese label, parse it.

A missing required tab stops the job (``TabMissingError``: without departments or tasks there
is nothing to check); everything wrong inside a tab is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from config.errors import TabMissingError
from config.schema import HUMAN_TABS, TabSchema, is_bot_tab
from config.spreadsheet import is_read_only
from config.workbook_settings import TabSettings
from sheets_sync.cell import header_form
from sheets_sync.finding import Finding, rule
from sheets_sync.table import Table, parse_tab
from sheets_sync.tables import BotTabs, ParsedTables

RawWorkbook = Mapping[str, Sequence[Sequence[Any]]]

rule(
    "workbook.checks_need_xlsx",
    "info",
    (
        "{tab} 不是 .xlsx：公式错误值（#N/A、#REF! …）和没有保存结果的公式无法检查，"
        "这些单元格按空值处理",
        "另存为 .xlsx 并把 [workbook] path 指向它，即可检查错误值和公式",
    ),
    (
        "{tab} is not an .xlsx: error values (#N/A, #REF!, …) and formulas without a stored "
        "result cannot be checked; such cells read as empty",
        "save it as .xlsx and point [workbook] path at it to have error values and formulas "
        "checked",
    ),
)  # the error-value scan reads the .xlsx XML (sheets_sync/error_cells.py)


@dataclass(frozen=True)
class Workbook:
    """Typed human tables by key, the raw bot tabs by title, and the parsing findings."""

    tables: Mapping[str, Table]
    bot: Mapping[str, Sequence[Sequence[Any]]]
    parse_findings: tuple[Finding, ...] | None = None  # None: ask the tables (ParsedTables)
    # a bot tab's records decoded once for this workbook (its readers: ``jobs.sla.sla_tab``);
    # a workbook with other bot tabs (``dataclasses.replace``) starts empty
    decoded: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getitem__(self, key: str) -> Table:
        return self.tables[key]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What parsing found, in schema order (parses the tables not parsed yet)."""
        if self.parse_findings is not None:
            return self.parse_findings
        return self.tables.findings() if isinstance(self.tables, ParsedTables) else ()

    def findings_of(self, key: str) -> tuple[Finding, ...]:
        """What parsing found in one table: a page that needs one table parses only it."""
        if self.parse_findings is None and isinstance(self.tables, ParsedTables):
            return self.tables.findings_of(key)
        title = self.tables[key].title
        return tuple(f for f in self.findings if f.tab == title)

    @property
    def unread(self) -> list[Finding]:
        """Why each tab that cannot be read (no header, a required column missing) was not:
        an error of every run that reads the workbook, whatever it writes."""
        return [f for t in self.tables.values() if t.unusable for f in t.problems]


# how Excel (任务进度 (2)), WPS (任务进度(2)), LibreOffice (任务进度_2) and people (副本, copy)
# name a sheet's copy
# (a number of one or two digits: 任务进度_2025, an archive, is no copy; review11)
_COPY = re.compile(
    r"^(?:copyof)?(.+?)[\s_-]*(?:\(\d{1,2}\)|_\d{1,2}|副本\d*|的副本|\(副本\)|copy\d*)?$", re.I
)


def copies(title: str, titles: Sequence[str]) -> list[str]:
    """The titles that read as a copy of ``title`` (a copy people may fill in by mistake)."""
    form = header_form(title)
    return [t for t in titles if t != title and header_form(t) != form
            and (m := _COPY.match(header_form(t))) and m.group(1) == form]  # fmt: skip


def find_titles(schema: TabSchema, titles: Sequence[str], configured: str) -> list[str]:
    """The workbook's titles for a tab, best first: the configured title, then its key or label."""
    wanted = {header_form(configured), header_form(schema.key), header_form(schema.label)}
    found = [t for t in titles if header_form(t) in wanted]
    if configured in found:
        found.remove(configured)
        found.insert(0, configured)
    return found


def parse_workbook(
    raw: RawWorkbook,
    settings: TabSettings,
    lazy: bool = False,
    bot_tabs: Iterable[str] | None = None,
    wait: bool = True,
) -> Workbook:
    """Find and parse every human tab; bot tabs are kept as they are.

    Tables are parsed on threads (a backend that decodes sheets on demand, xlsx, decodes them
    in parallel too); findings keep the order of the schema. With ``lazy`` a table is parsed
    when first asked for (``ParsedTables``) and a bad sheet raises then; without, everything is
    parsed before this returns. ``bot_tabs``: the bot tabs the caller reads, decoded beside the
    tables, the others only if asked for (a run reads four of the six: decoding the largest,
    ``_case_links``, for nothing was a tenth of the parse); None: every bot tab, decoded
    before this returns. ``wait`` False: the parsing is started and this returns at once (the
    tables and ``findings`` wait for it when asked for): the caller works on what is parsed
    while the largest tab is still decoding."""
    titles = list(raw)
    notes: dict[str, list[Finding]] = {schema.key: [] for schema in HUMAN_TABS}
    if settings.backend == "xlsx" and is_read_only(settings.path):  # once per workbook
        name = settings.path.name
        notes[HUMAN_TABS[0].key].append(Finding(name, "A1", None, "workbook.checks_need_xlsx"))
    empty: dict[str, Table] = {}
    parsers: dict[str, Callable[[], tuple[Table, list[Finding]]]] = {}
    missing: list[str] = []
    hints: list[str] = []  # [tabs] lines for a missing tab whose title another one holds
    chosen: dict[str, str] = {}  # key -> the title parsed
    for schema in HUMAN_TABS:
        configured = settings.tabs.get(schema.key, schema.label)
        candidates = find_titles(schema, titles, configured)
        title = candidates[0] if candidates else None
        for other in candidates[1:]:
            notes[schema.key].append(
                Finding(title or configured, "A1", other, "tab.ambiguous", {"key": schema.key})
            )
        if title is not None:
            notes[schema.key] += [
                Finding(t, "A1", t, "tab.copy", {"original": title})  # at the copy (trial18)
                for t in copies(title, titles)
            ]
            aliases = settings.headers.get(schema.key)
            parsers[schema.key] = partial(_parse, schema, title, raw, aliases, lazy)
            chosen[schema.key] = title
            continue
        if schema.required:
            missing.append(f"{configured} ({schema.key})")
            near = [t for t in titles if configured in t and t not in chosen.values()]
            hints += [f'{schema.key} = "{t}"' for t in near[:1]]  # 任务进度（2026） (trial22)
        else:
            headers = ", ".join(c.label for c in schema.columns if c.required)
            notes[schema.key].append(
                Finding(configured, "A1", None, "tab.missing_optional", {"headers": headers})
            )
        empty[schema.key] = Table.empty(schema, configured)
    if missing:
        human = [t for t in titles if not is_bot_tab(t)]
        have = ", ".join(human) or "none"
        hint = "、".join(hints)
        raise TabMissingError(
            f"{settings.where}：找不到必需的工作表 {'、'.join(missing)}（现有工作表："
            f"{'、'.join(human) or '无'}）；请添加该表，或在配置的 [tabs] 中设置它的名称"
            + (f"，例如 {hint}" if hint else ""),
            f"{settings.where}: required tab(s) {', '.join(missing)} not found "
            f"(tabs present: {have}); add the tab, or set its title under [tabs] in the config"
            + (f", e.g. {', '.join(hints)}" if hints else ""),
        )
    tables = ParsedTables([s.key for s in HUMAN_TABS], parsers, empty, notes)
    # a backend that decodes on demand is kept for its bot tabs; of a plain mapping only the
    # bot tabs are, so the human rows can go once parsed
    bot = BotTabs(raw if hasattr(raw, "release") else {t: raw[t] for t in raw if is_bot_tab(t)})
    if lazy:
        return Workbook(tables, bot)
    prefetch = getattr(raw, "prefetch", None)
    wanted = list(bot) if bot_tabs is None else [t for t in bot_tabs if t in bot]
    # queued first (the run waits for the tables), the largest sheet first: it takes longest
    size = getattr(raw, "size", None)
    order = list(tables)
    if size is not None:
        order.sort(key=lambda k: -size(chosen[k]) if k in chosen else 0)
    tables.prefetch(order)
    if prefetch is not None:  # bot tabs decoded beside the tables
        prefetch(wanted)
    if not wait:
        return Workbook(tables, bot if bot_tabs is not None else {t: bot[t] for t in bot})
    findings = tables.findings()
    return Workbook(tables, bot if bot_tabs is not None else {t: bot[t] for t in bot}, findings)


def _parse(
    schema: TabSchema,
    title: str,
    raw: RawWorkbook,
    aliases: Mapping[str, str] | None,
    forget: bool,
) -> tuple[Table, list[Finding]]:
    """Parse one tab; with ``forget`` the raw rows are let go once parsed (a lazy read keeps
    only the tables; jobs read the raw tabs again, e.g. for webhook addresses in cells)."""
    parsed = parse_tab(schema, title, raw[title], aliases)
    release = getattr(raw, "release", None) if forget else None
    if release is not None:  # a backend that decodes on demand (xlsx) can decode it again
        release(title)
    return parsed
