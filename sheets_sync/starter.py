"""The starter workbook of ``collabsheet init``: empty tabs a department can fill in unaided.

Every human tab gets its header row (Chinese labels, or the English keys with ``en``: the two
header forms the reader accepts) frozen, column widths and date / number formats; a dropdown
(data validation) on every enum and yes/no column and on every column holding an id of
another tab (fed from that tab's id column, so a new department appears in the list at
once); a hint on each header (a cell note); one yellow example row; and a 说明 tab first.
The example rows pass ``validate`` without an error, so the first check of a new workbook is
clean. The layout (widths, formats, dropdowns, hints) is ``sheets_sync.tab_layout``, shared
with the demo workbook; openpyxl is used here, like the other local-workbook code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from config.errors import CollabsheetError
from config.phrases import language
from config.schema import HUMAN_TABS
from config.spreadsheet import default_bot_path
from config.tab_schema import Column, TabSchema
from sheets_sync.starter_content import examples, pick, readme
from sheets_sync.tab_layout import LAST_ROW, bool_text, columns, header, tab_titles
from sheets_sync.xlsx import save_workbook
from sheets_sync.xlsx_layout import lay_out, style_header
from sheets_sync.xlsx_package import EXAMPLE_RGB

__all__ = [
    "EXAMPLE_NOTE",
    "LAST_ROW",
    "README_TITLE",
    "build_starter",
    "example_value",
    "header",
    "tab_titles",
    "write_starter",
]
README_TITLE = {"zh-CN": "说明", "en": "How to use"}
_EXAMPLE_FILL = PatternFill("solid", fgColor=EXAMPLE_RGB)
EXAMPLE_NOTE = ("示例行：可改写或删除", "Example row: overwrite or delete it")  # on cell A2


@dataclass(frozen=True)
class StarterSummary:
    """What ``write_starter`` wrote: for the CLI's one line and for tests."""

    path: Path
    tabs: tuple[str, ...]
    dropdowns: int


def example_value(col: Column, value: Any, locale: str) -> Any:
    """An example value as it is written: enum key -> label (zh), bool -> 是/否 (zh)."""
    value = pick(value, locale)
    if col.type == "enum" and language(locale) != "en":
        return dict(col.choices).get(value, value)
    if col.type == "bool" and isinstance(value, bool):
        return bool_text(value, locale)
    return value


def _human_tab(
    ws: Worksheet, tab: TabSchema, titles: dict[str, str], example: dict[str, Any], locale: str
) -> int:
    """Header, hints, formats, widths, the example row and the validations of one tab
    (``sheets_sync.tab_layout``, shared with the demo workbook)."""
    layout = columns(tab, titles, locale)
    for j, (col, shown) in enumerate(zip(tab.columns, layout, strict=True), start=1):
        style_header(ws.cell(row=1, column=j, value=shown.header), shown)
        cell = ws.cell(row=2, column=j, value=example_value(col, example.get(col.key), locale))
        cell.fill = _EXAMPLE_FILL
        if shown.number_format:
            cell.number_format = shown.number_format
    ws.cell(row=2, column=1).comment = Comment(pick(EXAMPLE_NOTE, locale), "collabsheet")
    return lay_out(ws, layout)


def _readme_tab(ws: Worksheet, titles: dict[str, str], locale: str, results: str | None) -> None:
    for row in readme(titles, HUMAN_TABS, locale, results):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 10


def build_starter(locale: str, today: dt.date, results: str | None = None) -> tuple[Any, int]:
    """The starter workbook (an openpyxl Workbook) and its number of dropdowns; its example
    rows are dated around ``today`` (the caller's clock: jobs/run reads it)."""
    if locale not in README_TITLE:
        raise CollabsheetError(f"unknown locale {locale!r}: use zh-CN or en")
    titles = tab_titles(locale)
    rows = examples(today)
    wb = openpyxl.Workbook()
    first = wb.worksheets[0]
    first.title = README_TITLE[locale]
    _readme_tab(first, titles, locale, results)
    dropdowns = 0
    for tab in HUMAN_TABS:
        ws = wb.create_sheet(titles[tab.key])
        dropdowns += _human_tab(ws, tab, titles, rows[tab.key], locale)
    return wb, dropdowns


def write_starter(
    path: Path, locale: str = "zh-CN", force: bool = False, *, today: dt.date
) -> StarterSummary:
    """Write the starter workbook to ``path`` (.xlsx), atomically; an existing file is kept
    unless ``force``: it may be a department's filled-in workbook."""
    if path.suffix.lower() != ".xlsx":
        raise CollabsheetError(
            f"{path}: 请使用 .xlsx 文件名",
            f"{path}: the starter workbook is an .xlsx file, e.g. data/team.xlsx",
        )
    if path.exists() and not force:
        raise CollabsheetError(
            f"{path} 已存在，未覆盖（确认要覆盖请加 --force）",
            f"{path} exists; kept it (use --force to overwrite)",
        )
    wb, dropdowns = build_starter(locale, today, default_bot_path(path).name)
    save_workbook(path, wb)
    return StarterSummary(path, tuple(wb.sheetnames), dropdowns)
