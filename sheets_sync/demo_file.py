"""The demo workbook as a file people open: the rows of ``sheets_sync.demo`` laid out like the
starter workbook of ``collabsheet init`` (``sheets_sync.tab_layout``): frozen header with hints,
column widths, date / number formats and the same dropdowns (enums, yes/no, and department and
person ids fed from the 部门 / 人员 tabs), so the demo shows what a department's workbook gets.

Written with openpyxl's write-only mode (a demo of 100,000 tasks stays quick). Values are the
generated ones; yes/no cells are written as the dropdown offers them (是 / 否), which the reader
reads back as the same booleans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from config.defaults import TAB_TITLES
from config.schema import TABS
from sheets_sync.tab_layout import LAST_ROW, ColumnLayout, bool_text, columns
from sheets_sync.xlsx import plain_value, save_workbook
from sheets_sync.xlsx_layout import data_cell, header_cell, lay_out


def _value(ws: Any, col: ColumnLayout, value: Any, locale: str) -> Any:
    if isinstance(value, bool):
        return bool_text(value, locale)
    if isinstance(value, str | tuple):
        return plain_value(ws, value)
    return data_cell(ws, col, value)


def build_demo(tabs: Mapping[str, Sequence[Sequence[Any]]]) -> Any:
    """The demo's tabs (``generate``: title -> rows, row 0 the header) as a write-only openpyxl
    workbook with the starter's layout. Returns the workbook and its number of dropdowns."""
    keys = {title: key for key, title in TAB_TITLES.items()}
    first = next(iter(tabs.values()))[0]
    locale = "en" if first and first[0] == TABS[keys[next(iter(tabs))]].columns[0].key else "zh-CN"
    # validations and lists of ids reach LAST_ROW, or twice the rows of a larger tab
    reach = {title: max(LAST_ROW, 2 * len(rows)) for title, rows in tabs.items()}
    wb = openpyxl.Workbook(write_only=True)
    dropdowns = 0
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        layout = columns(TABS[keys[title]], dict(TAB_TITLES), locale)
        dropdowns += lay_out(ws, layout, reach)
        ws.append([header_cell(ws, col) for col in layout])
        for row in rows[1:]:
            ws.append([_value(ws, col, v, locale) for col, v in zip(layout, row, strict=True)])
    return wb, dropdowns


def write_demo(path: Path, tabs: Mapping[str, Sequence[Sequence[Any]]]) -> int:
    """Write the demo workbook to ``path`` atomically (a temp file beside it, then a rename,
    with the usual file mode); returns the number of dropdowns."""
    wb, dropdowns = build_demo(tabs)
    save_workbook(path, wb)
    return int(dropdowns)
